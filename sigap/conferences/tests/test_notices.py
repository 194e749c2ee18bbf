"""Conference invitations notify the invited user, or the invited organisation's supervisors."""

from __future__ import annotations

import pytest

from sigap.conferences import actions
from sigap.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


def test_an_invited_organisation_hears_through_its_supervisors(cast, conference, receiver):
    notices = list(Notification.objects.filter(kind=Kind.CONFERENCE_INVITATION))
    assert [n.recipient for n in notices] == [receiver.supervisor]
    assert notices[0].url == conference.get_absolute_url()
    assert notices[0].title == f"You are invited to a case conference on case {conference.case.number}"


def test_an_invited_user_hears_and_an_outsider_gets_nothing(cast, conference, receiver):
    Notification.objects.all().delete()
    actions.invite(conference, actor=cast.caseworker, user=receiver.psychologist)
    actions.invite(conference, actor=cast.caseworker, name="Bu RT Contoh", outside_organisation="RT 03")
    assert [n.recipient for n in Notification.objects.filter(kind=Kind.CONFERENCE_INVITATION)] == [
        receiver.psychologist
    ]
