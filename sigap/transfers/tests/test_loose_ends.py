"""Transfer loose ends: a proposal still waiting is withdrawn when the case's closure is approved, and
an accepted transfer settles the case's active referrals to the organisation that took it over."""

from __future__ import annotations

import pytest
from django.urls import reverse

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


def test_a_double_submitted_proposal_gets_the_message_not_a_500(client, cast, case, receiver, monkeypatch):
    """Both requests passed the "already waiting" check: the database constraint decides, and the
    second one gets the translated message (the form's error on the page, 400 in the API)."""
    from django.core.exceptions import ValidationError

    propose(cast, case, receiver)
    monkeypatch.setattr(actions, "_already_waiting", lambda case: False)
    with pytest.raises(ValidationError) as error:
        propose(cast, case, receiver)
    assert error.value.code == "pending"
    client.force_login(cast.caseworker)
    body = {"case": str(case.pk), "to_organisation": str(receiver.org.pk), "reason": "Pindah (sintetis)."}
    response = client.post("/api/v1/transfers/", body, content_type="application/json")
    assert response.status_code == 400
    assert "already waiting" in str(response.json())
    page = client.post(
        reverse("transfers:propose", args=[case.pk]), {"to_organisation": receiver.org.pk, "reason": "Pindah."}
    )
    assert page.status_code in (200, 400) and b"already waiting" in page.content
    assert Transfer.objects.filter(case=case).count() == 1


def test_withdrawing_a_decided_transfer_gets_the_message_not_a_500(client, cast, case, receiver):
    transfer = propose(cast, case, receiver)
    actions.decline_transfer(transfer, actor=receiver.supervisor, comment="Tidak ada kapasitas (sintetis).")
    client.force_login(cast.caseworker)
    page = client.post(reverse("transfers:withdraw", args=[transfer.pk]))
    assert page.status_code == 400 and b"already Declined" in page.content
    response = client.post(f"/api/v1/transfers/{transfer.pk}/withdraw/")
    assert response.status_code == 400 and "already Declined" in str(response.json())
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.DECLINED


def test_a_withdrawal_racing_a_decision_gets_the_message(client, cast, case, receiver, monkeypatch):
    """The page's check passed while the proposal waited; the decision came first."""
    from sigap.transfers import views

    transfer = propose(cast, case, receiver)
    real = views.get_transfer_for_user

    def decided_meanwhile(*args, **kwargs):
        found = real(*args, **kwargs)
        actions.decline_transfer(transfer, actor=receiver.supervisor, comment="Tidak ada kapasitas (sintetis).")
        return found

    monkeypatch.setattr(views, "get_transfer_for_user", decided_meanwhile)
    client.force_login(cast.caseworker)
    page = client.post(reverse("transfers:withdraw", args=[transfer.pk]))
    assert page.status_code == 400 and b"already Declined" in page.content


def test_after_declining_the_receiver_keeps_only_the_record_of_the_decline(client, cast, case, receiver):
    reason = "Keluarga pindah ke Mataram karena ancaman (sintetis)."
    transfer = actions.propose_transfer(case, actor=cast.caseworker, to_organisation=receiver.org, reason=reason)
    client.force_login(receiver.supervisor)
    assert reason.encode() in client.get(transfer.get_absolute_url()).content
    actions.decline_transfer(transfer, actor=receiver.supervisor, comment="Kapasitas penuh (sintetis).")
    page = client.get(transfer.get_absolute_url())
    assert page.status_code == 200
    for kept in (transfer.old_number, "Kapasitas penuh (sintetis)."):
        assert kept.encode() in page.content
    for hidden in (reason, "Physical", "13-17"):
        assert hidden.encode() not in page.content
    for data in (
        client.get(f"/api/v1/transfers/{transfer.pk}/").json(),
        client.get("/api/v1/transfers/").json()["results"][0],
    ):
        assert data["old_number"] == transfer.old_number and data["decision_comment"] == "Kapasitas penuh (sintetis)."
        assert data["reason"] == "" and data["forms"] == [] and data["age_band"] == ""
        assert data["decided_at"]
    # The sending side still sees everything.
    client.force_login(cast.caseworker)
    assert client.get(f"/api/v1/transfers/{transfer.pk}/").json()["reason"] == reason
    assert reason.encode() in client.get(transfer.get_absolute_url()).content
