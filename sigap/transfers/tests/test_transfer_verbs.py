"""Transfer verbs: who may propose and decide, consent, numbering, persons, team and timeline."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sigap.cases import actions as case_actions
from sigap.cases.access import visible_cases, visible_persons
from sigap.cases.models import Case, CaseTeamMember, Person
from sigap.cases.tests.factories import make_case
from sigap.consent.models import Consent
from sigap.privacy.models import PersonRestriction
from sigap.transfers import actions
from sigap.transfers.access import visible_transfers
from sigap.transfers.models import Transfer
from sigap.transfers.tests.fixtures import shareable_case

pytestmark = pytest.mark.django_db


def propose(cast, case, receiver, **kw):
    return actions.propose_transfer(
        case, actor=kw.get("actor", cast.caseworker), to_organisation=receiver.org, reason="Keluarga pindah ke Mataram."
    )


def test_the_case_manager_proposes_with_the_minimum_for_the_receiver(cast, case, receiver):
    transfer = propose(cast, case, receiver)
    assert transfer.status == Transfer.Status.PROPOSED
    assert transfer.old_number == case.number
    assert transfer.forms == ["fisik"] and transfer.risk_level == "medium" and transfer.age_band == "13-17"
    assert case.timeline.filter(verb="transfer_proposed").exists()


def test_a_read_only_team_member_may_not_propose(cast, case, receiver):
    with pytest.raises(PermissionDenied):
        propose(cast, case, receiver, actor=cast.psychologist)


def test_a_transfer_without_consent_for_the_receiver_is_refused(cast, case, third_org):
    with pytest.raises(ValidationError) as error:
        actions.propose_transfer(case, actor=cast.caseworker, to_organisation=third_org, reason="Pindah.")
    assert error.value.code == "consent_required"
    assert not Transfer.objects.exists()


def test_no_reason_or_own_organisation_is_refused_and_only_one_waits(cast, case, receiver):
    with pytest.raises(ValidationError) as error:
        actions.propose_transfer(case, actor=cast.caseworker, to_organisation=cast.org, reason=" ")
    assert set(error.value.message_dict) == {"to_organisation", "reason"}
    propose(cast, case, receiver)
    with pytest.raises(ValidationError):
        propose(cast, case, receiver)


def test_before_accepting_the_receiver_sees_the_transfer_but_not_the_case(cast, case, receiver, third_supervisor):
    transfer = propose(cast, case, receiver)
    assert transfer in visible_transfers(receiver.supervisor)
    assert not visible_cases(receiver.supervisor).filter(pk=case.pk).exists()
    # Only supervisors decide: the receiving caseworker and a third organisation see nothing.
    assert transfer not in visible_transfers(receiver.caseworker)
    assert transfer not in visible_transfers(third_supervisor)


def test_only_a_supervisor_of_the_receiver_decides(cast, case, receiver, third_supervisor):
    transfer = propose(cast, case, receiver)
    for user in (cast.supervisor, cast.caseworker, receiver.caseworker, third_supervisor):
        with pytest.raises(PermissionDenied):
            actions.accept_transfer(transfer, actor=user, case_manager=receiver.caseworker)
        with pytest.raises(PermissionDenied):
            actions.decline_transfer(transfer, actor=user, comment="Tidak.")


def test_accepting_moves_ownership_renumbers_and_assigns(cast, case, receiver):
    old_number = case.number
    transfer = actions.accept_transfer(
        propose(cast, case, receiver), actor=receiver.supervisor, case_manager=receiver.caseworker
    )
    case.refresh_from_db()
    assert case.organisation == receiver.org and case.case_manager == receiver.caseworker
    assert case.number.startswith("5271-") and case.number.endswith("-00001")
    assert transfer.old_number == old_number and transfer.new_number == case.number
    assert not CaseTeamMember.objects.filter(case=case).exists()
    assert set(transfer.former_staff.all()) == {cast.caseworker, cast.psychologist, cast.supervisor}
    event = case.timeline.get(verb="transfer_accepted")
    assert event.details["old_number"] == old_number and event.details["new_number"] == case.number
    assert old_number in event.summary
    # The receiving side now works on the case; the old organisation no longer sees it.
    assert visible_cases(receiver.caseworker).filter(pk=case.pk).exists()
    assert not visible_cases(cast.caseworker).filter(pk=case.pk).exists()
    assert not visible_cases(cast.supervisor).filter(pk=case.pk).exists()
    # The next case of the receiver gets the next number.
    other = make_case(receiver.org, receiver.caseworker)
    assert other.number.endswith("-00002")


def test_the_case_manager_must_work_for_the_receiver(cast, case, receiver):
    transfer = propose(cast, case, receiver)
    with pytest.raises(ValidationError) as error:
        actions.accept_transfer(transfer, actor=receiver.supervisor, case_manager=cast.caseworker)
    assert "case_manager" in error.value.message_dict
    with pytest.raises(ValidationError):
        actions.accept_transfer(transfer, actor=receiver.supervisor, case_manager=receiver.psychologist)
    assert Case.objects.get(pk=case.pk).organisation == cast.org


def test_consent_withdrawn_after_the_proposal_stops_the_acceptance(cast, case, receiver):
    transfer = propose(cast, case, receiver)
    Consent.objects.filter(case=case).update(withdrawn_on="2026-01-01")
    with pytest.raises(ValidationError) as error:
        actions.accept_transfer(transfer, actor=receiver.supervisor, case_manager=receiver.caseworker)
    assert error.value.code == "consent_required"
    assert Transfer.objects.get(pk=transfer.pk).status == Transfer.Status.PROPOSED


def test_persons_only_on_this_case_move_to_the_receiver(cast, case, receiver, mother):
    client = case.victims.get().person
    perpetrator = case.perpetrators.get().person
    transfer = actions.accept_transfer(
        propose(cast, case, receiver), actor=receiver.supervisor, case_manager=receiver.caseworker
    )
    assert (transfer.persons_moved, transfer.persons_copied) == (3, 0)
    for person in (client, perpetrator, mother):
        person.refresh_from_db()
        assert person.organisation == receiver.org
    assert client in visible_persons(receiver.caseworker)
    assert client not in visible_persons(cast.caseworker)


def test_a_person_on_another_case_of_the_old_organisation_is_copied(cast, case, receiver, mother):
    client = case.victims.get().person
    sibling_case = make_case(cast.org, cast.caseworker, victim=client)
    PersonRestriction.objects.create(person=client, reason="Pembatasan (sintetis)", restricted_by=cast.dpo)
    transfer = actions.accept_transfer(
        propose(cast, case, receiver), actor=receiver.supervisor, case_manager=receiver.caseworker
    )
    assert (transfer.persons_moved, transfer.persons_copied) == (2, 1)
    client.refresh_from_db()
    assert client.organisation == cast.org  # the old organisation keeps its person for its other case
    assert sibling_case.victims.get().person == client
    copy = case.victims.get().person
    assert copy.pk != client.pk and copy.organisation == receiver.org
    assert (copy.full_name, copy.date_of_birth, copy.nik) == (client.full_name, client.date_of_birth, client.nik)
    assert Consent.objects.get(case=case).person == copy  # the consent follows the case's client
    assert PersonRestriction.objects.filter(person=copy, lifted_at__isnull=True).exists()
    assert copy in visible_persons(receiver.caseworker) and client not in visible_persons(receiver.caseworker)
    assert Person.objects.filter(full_name=client.full_name).count() == 2


def test_declining_keeps_the_case_and_needs_a_reason(cast, case, receiver):
    transfer = propose(cast, case, receiver)
    with pytest.raises(ValidationError):
        actions.decline_transfer(transfer, actor=receiver.supervisor, comment="")
    transfer = actions.decline_transfer(transfer, actor=receiver.supervisor, comment="Kapasitas penuh.")
    assert transfer.status == Transfer.Status.DECLINED
    assert Case.objects.get(pk=case.pk).organisation == cast.org
    assert case.timeline.filter(verb="transfer_declined").exists()
    with pytest.raises(ValidationError):
        actions.accept_transfer(transfer, actor=receiver.supervisor, case_manager=receiver.caseworker)
    # A new proposal is possible after a decline.
    propose(cast, case, receiver)


def test_the_sending_side_withdraws_a_waiting_proposal(cast, case, receiver):
    transfer = propose(cast, case, receiver)
    with pytest.raises(PermissionDenied):
        actions.withdraw_transfer(transfer, actor=cast.psychologist)
    transfer = actions.withdraw_transfer(transfer, actor=cast.caseworker)
    assert transfer.status == Transfer.Status.WITHDRAWN
    assert case.timeline.filter(verb="transfer_withdrawn").exists()


def test_after_the_transfer_the_old_staff_keep_the_transfer_record(cast, case, receiver, third_supervisor):
    from conftest import make_user

    other_supervisor = make_user("supervisor2@test.sigap.invalid", "Another Supervisor", cast.org, "supervisor")
    transfer = actions.accept_transfer(
        propose(cast, case, receiver), actor=receiver.supervisor, case_manager=receiver.caseworker
    )
    for user in (cast.caseworker, cast.psychologist, cast.supervisor, receiver.caseworker, receiver.supervisor):
        assert transfer in visible_transfers(user), user
    # Need to know: a colleague, a supervisor of another team, the admin, another organisation.
    for user in (cast.caseworker2, other_supervisor, cast.org_admin, third_supervisor):
        assert transfer not in visible_transfers(user), user


def test_an_unassigned_case_leaves_its_record_with_every_supervisor(cast, mother, receiver):
    from conftest import make_user

    other_supervisor = make_user("supervisor2@test.sigap.invalid", "Another Supervisor", cast.org, "supervisor")
    case = shareable_case(cast, mother)
    Case.objects.filter(pk=case.pk).update(case_manager=None)
    case.refresh_from_db()
    transfer = actions.propose_transfer(case, actor=cast.supervisor, to_organisation=receiver.org, reason="Pindah.")
    transfer = actions.accept_transfer(transfer, actor=receiver.supervisor, case_manager=receiver.caseworker)
    assert {cast.supervisor, other_supervisor} <= set(transfer.former_staff.all())


def test_a_closed_case_cannot_be_transferred(cast, case, receiver):
    Case.objects.filter(pk=case.pk).update(stage="closed")
    case.refresh_from_db()
    with pytest.raises(PermissionDenied):
        propose(cast, case, receiver)
    assert case_actions  # the case verbs stay importable beside the transfer verbs


def test_the_kept_record_holds_the_old_organisations_work_and_restricted_notes_stay_restricted(cast, case, receiver):
    from sigap.cases.models import Note
    from sigap.transfers.records import kept_records

    case_actions.add_note(case, actor=cast.caseworker, body="Catatan biasa")
    case_actions.add_note(case, actor=cast.psychologist, body="Catatan terbatas", visibility=Note.Visibility.RESTRICTED)
    case_actions.record_screening(case, actor=cast.caseworker, summary="Skrining awal", risk_level="medium")
    transfer = actions.accept_transfer(
        propose(cast, case, receiver), actor=receiver.supervisor, case_manager=receiver.caseworker
    )
    case.refresh_from_db()
    case_actions.add_note(case, actor=receiver.caseworker, body="Catatan penerima")
    by_caseworker = kept_records(transfer, cast.caseworker)
    assert [n.body for n in by_caseworker.notes] == ["Catatan biasa"]
    assert [a.summary for a in by_caseworker.assessments] == ["Skrining awal"]
    assert {"opened", "transfer_proposed"} <= {e.verb for e in by_caseworker.events}
    assert "transfer_accepted" not in {e.verb for e in by_caseworker.events}  # written by the receiver
    assert {n.body for n in kept_records(transfer, cast.supervisor).notes} == {"Catatan biasa", "Catatan terbatas"}
    assert {n.body for n in kept_records(transfer, cast.psychologist).notes} == {"Catatan biasa", "Catatan terbatas"}


def test_a_person_with_a_data_protection_request_at_the_old_organisation_is_copied(cast, case, receiver):
    from sigap.privacy.tests.factories import receive

    client = case.victims.get().person
    request = receive(cast, person=client)
    transfer = actions.accept_transfer(
        propose(cast, case, receiver), actor=receiver.supervisor, case_manager=receiver.caseworker
    )
    assert transfer.persons_copied == 1
    request.refresh_from_db()
    assert request.person == client and Person.objects.get(pk=client.pk).organisation == cast.org


def test_a_copied_clients_digital_safety_plan_follows_the_case(cast, case, receiver):
    from sigap.online.actions import save_safety_plan
    from sigap.online.models import SafetyPlan

    client = case.victims.get().person
    make_case(cast.org, cast.caseworker, victim=client)
    save_safety_plan(case, actor=cast.caseworker, person=client, items={"two_step": ("done", "Sudah (sintetis)")})
    actions.accept_transfer(propose(cast, case, receiver), actor=receiver.supervisor, case_manager=receiver.caseworker)
    copy = case.victims.get().person
    assert copy.pk != client.pk
    assert SafetyPlan.objects.get(case=case).person == copy


def test_a_proposal_waiting_when_the_case_closed_cannot_be_accepted(cast, case, receiver):
    transfer = propose(cast, case, receiver)
    Case.objects.filter(pk=case.pk).update(stage="closed")
    with pytest.raises(ValidationError):
        actions.accept_transfer(transfer, actor=receiver.supervisor, case_manager=receiver.caseworker)
    case.refresh_from_db()
    assert case.organisation == cast.org
