"""Transfer loose ends: a proposal still waiting is withdrawn when the case's closure is approved, and
an accepted transfer settles the case's active referrals to the organisation that took it over."""

from __future__ import annotations

import pytest

from sigap.cases import actions as case_actions
from sigap.cases.closure_hooks import open_items_by_kind
from sigap.cases.tests.factories import closure_requested_for
from sigap.notifications.models import Kind, Notification
from sigap.transfers import actions
from sigap.transfers.models import Transfer

pytestmark = pytest.mark.django_db


def propose(cast, case, receiver):
    return actions.propose_transfer(
        case, actor=cast.caseworker, to_organisation=receiver.org, reason="Keluarga pindah (sintetis)."
    )


def test_the_closure_screens_list_a_waiting_transfer(cast, case, receiver):
    propose(cast, case, receiver)
    found = {key: items for key, _title, items in open_items_by_kind(case)}
    assert len(found["transfers"]) == 1
    assert "withdrawn" in found["transfers"][0].on_closure


def test_approving_the_closure_withdraws_a_waiting_transfer_and_tells_the_receiver(cast, case, receiver):
    transfer = propose(cast, case, receiver)
    closure = closure_requested_for(case, cast.caseworker)
    case_actions.approve_closure(closure, actor=cast.supervisor)
    transfer.refresh_from_db()
    case.refresh_from_db()
    assert case.is_closed
    assert transfer.status == Transfer.Status.WITHDRAWN and transfer.decided_by == cast.supervisor
    event = case.timeline.get(verb="transfer_withdrawn")
    assert event.details.get("case_closed") is True
    notice = Notification.objects.get(recipient=receiver.supervisor, kind=Kind.TRANSFER_DECIDED)
    assert notice.params["variant"] == "withdrawn"
    assert "withdrew" in notice.title


def test_accepting_cancels_the_case_referrals_to_the_receiving_organisation(cast, case, receiver):
    from sigap.referrals.actions import accept_referral
    from sigap.referrals.models import Status
    from sigap.referrals.tests.factories import make_referral

    accepted = make_referral(case, cast.caseworker, to=receiver.org)
    accept_referral(accepted, actor=receiver.caseworker)
    waiting = make_referral(case, cast.caseworker, to=receiver.org)
    transfer = propose(cast, case, receiver)
    actions.accept_transfer(transfer, actor=receiver.supervisor, case_manager=receiver.caseworker)
    for referral in (accepted, waiting):
        referral.refresh_from_db()
        assert referral.status == Status.CANCELLED
        assert referral.cancel_reason == "The organisation took over the case (transfer accepted)."
    assert case.timeline.filter(verb="referral_cancelled").count() == 2
