"""After a transfer, the old organisation loses the case's conferences like it loses the case: its
colleagues invited by name, and the old organisation invited as such, get 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import make_user
from sigap.conferences import actions
from sigap.conferences.access import visible_conferences
from sigap.consent.actions import record_consent
from sigap.consent.tests.factories import consent_input
from sigap.organisations.roles import Role
from sigap.transfers import actions as transfer_actions

pytestmark = pytest.mark.django_db


def transfer_to_receiver(cast, case, receiver):
    transfer = transfer_actions.propose_transfer(
        case, actor=cast.caseworker, to_organisation=receiver.org, reason="Keluarga pindah."
    )
    return transfer_actions.accept_transfer(transfer, actor=receiver.supervisor, case_manager=receiver.caseworker)


def test_a_colleague_of_the_old_organisation_invited_by_name_gets_404_after_the_transfer(
    client, cast, case, conference, receiver
):
    actions.invite(conference, actor=cast.caseworker, user=cast.legal_aid)
    assert conference in visible_conferences(cast.legal_aid)
    transfer_to_receiver(cast, case, receiver)
    conference.refresh_from_db()
    actions.record_minutes(conference, actor=receiver.caseworker, minutes="Notulen penerima (sintetis)")
    client.force_login(cast.legal_aid)
    assert client.get(conference.get_absolute_url()).status_code == 404
    assert client.get(reverse("api:conference-detail", args=[conference.pk])).status_code == 404
    assert b"Notulen penerima" not in client.get(reverse("conferences:list")).content
    assert not visible_conferences(cast.legal_aid).exists()


def test_the_old_organisation_invited_as_an_organisation_gets_404_after_the_transfer(
    client, cast, case, conference, receiver
):
    actions.invite(conference, actor=cast.caseworker, organisation=cast.org)
    transfer_to_receiver(cast, case, receiver)
    for user in (cast.caseworker, cast.supervisor, cast.legal_aid, cast.psychologist):
        assert not visible_conferences(user).exists(), user
        client.force_login(user)
        assert client.get(conference.get_absolute_url()).status_code == 404


def test_the_new_owner_and_other_invited_organisations_still_see_the_conference(
    client, cast, case, conference, receiver, third_org, third_supervisor
):
    transfer_to_receiver(cast, case, receiver)
    assert conference in visible_conferences(receiver.caseworker)
    client.force_login(receiver.caseworker)
    assert client.get(conference.get_absolute_url()).status_code == 200


def test_a_colleague_of_a_person_invited_by_name_gets_404(client, cast, case, mother, third_org, third_supervisor):
    colleague = make_user("third.caseworker@test.sigap.invalid", "Third Caseworker", third_org, Role.CASEWORKER)
    record_consent(
        case,
        actor=cast.caseworker,
        person=case.victims.get().person,
        data=consent_input(mother, share_organisations=[third_org]),
    )
    conference = actions.schedule_conference(
        case, actor=cast.caseworker, title="Rapat (sintetis)", scheduled_at=case.created_at
    )
    actions.invite(conference, actor=cast.caseworker, user=third_supervisor)
    assert conference in visible_conferences(third_supervisor)
    client.force_login(colleague)
    assert client.get(conference.get_absolute_url()).status_code == 404
