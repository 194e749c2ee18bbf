"""Transfer notifications: the receiving supervisors hear of a proposal, the proposer of the answer,
the new case manager of the case; case numbers and organisation names only."""

from __future__ import annotations

import pytest

from sigap.notifications.models import Kind, Notification
from sigap.transfers import actions

pytestmark = pytest.mark.django_db


def told(kind: str) -> dict:
    return {n.recipient: n for n in Notification.objects.filter(kind=kind).select_related("recipient")}


def propose(cast, case):
    return actions.propose_transfer(
        case, actor=cast.caseworker, to_organisation=cast.other_org, reason="Pindah domisili."
    )


def test_a_proposal_tells_the_receiving_supervisors_with_the_old_number(cast, case, receiver):
    transfer = propose(cast, case)
    (notice,) = told(Kind.TRANSFER_PROPOSED).values()
    assert notice.recipient == receiver.supervisor and notice.url == transfer.get_absolute_url()
    assert notice.title == f"{cast.org.name} proposes to transfer case {case.number}"
    assert case.victims.get().person.full_name not in notice.title


def test_accepting_tells_the_proposer_and_the_new_case_manager(cast, case, receiver):
    old_number = case.number
    transfer = propose(cast, case)
    actions.accept_transfer(transfer, actor=receiver.supervisor, case_manager=receiver.caseworker)
    (decided,) = told(Kind.TRANSFER_DECIDED).values()
    assert decided.recipient == cast.caseworker
    assert decided.title == f"{cast.other_org.name} accepted the transfer of case {old_number}"
    assigned = told(Kind.CASE_ASSIGNED)[receiver.caseworker]
    assert assigned.url == case.get_absolute_url()


def test_declining_tells_the_proposer(cast, case, receiver):
    Notification.objects.all().delete()
    transfer = propose(cast, case)
    actions.decline_transfer(transfer, actor=receiver.supervisor, comment="Di luar wilayah kami.")
    (decided,) = told(Kind.TRANSFER_DECIDED).values()
    assert decided.recipient == cast.caseworker and "declined" in decided.title
    assert not told(Kind.CASE_ASSIGNED)
