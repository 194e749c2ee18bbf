"""The conference page's person boxes (invite a person, responsible person of an action): typed,
with matches only from the organisations taking part, for whoever may organise the conference."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sigap.conferences.models import Invitation
from sigap.conferences.tests.test_conference_screens import login

pytestmark = pytest.mark.django_db


def people_url(conference, purpose: str) -> str:
    return reverse("conferences:people", args=[conference.pk, purpose])


def test_the_boxes_offer_the_staff_of_the_organisations_taking_part_only(client, cast, conference, receiver):
    login(client, cast.caseworker)
    page = client.get(conference.get_absolute_url()).text
    assert '<select name="user"' not in page and '<select name="responsible_user"' not in page
    invite = client.post(people_url(conference, "invite"), {"user": "receiving"}).text
    assert receiver.supervisor.full_name in invite
    action = client.post(people_url(conference, "action"), {"responsible_user": "caseworker two"}).text
    assert cast.caseworker2.full_name in action
    outsider = client.post(people_url(conference, "invite"), {"user": "third"}).text
    assert "Third Supervisor" not in outsider
    assert client.post(people_url(conference, "nothing"), {"user": "te"}).status_code == 404


def test_who_may_not_organise_gets_no_matches(client, cast, conference, third_supervisor):
    for user in (third_supervisor, cast.other_org_admin):
        login(client, user)
        assert client.post(people_url(conference, "invite"), {"user": "test"}).status_code == 404


def test_inviting_a_person_by_typing_their_email(client, cast, conference, receiver):
    login(client, cast.caseworker)
    response = client.post(reverse("conferences:invite", args=[conference.pk]), {"user": receiver.supervisor.email})
    assert response.status_code == 302
    assert Invitation.objects.filter(conference=conference, user=receiver.supervisor).exists()
