"""Closing a case (reason, checklist, a supervisor's approval) and reopening it with a reason."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sigap.cases import actions
from sigap.cases.codes import ClosureReason
from sigap.cases.models import CaseTask, Closure, Stage, TaskKind
from sigap.cases.mywork import approvals_waiting_for
from sigap.cases.tests.factories import case_in_stage

pytestmark = pytest.mark.django_db

ALL_CHECKED = {
    "goals_reviewed": True,
    "client_informed": True,
    "referrals_closed": True,
    "safety_checked": True,
    "records_complete": True,
}


@pytest.fixture
def following(cast):
    return case_in_stage(cast.org, cast.caseworker, cast.supervisor, "follow_up")


def request_url(case) -> str:
    return reverse("cases:closure_request", args=[case.pk])


def decide_url(closure) -> str:
    return reverse("cases:closure_decide", args=[closure.case_id, closure.pk])


def checklist_post(**overrides) -> dict:
    data = {f"check_{key}": "on" for key in ALL_CHECKED}
    data.update({"reason": "goals_met", "reason_detail": ""})
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_closing_needs_a_supervisors_approval(cast, following, client):
    client.force_login(cast.caseworker)
    assert client.get(request_url(following)).status_code == 200
    response = client.post(request_url(following), checklist_post())
    assert response.status_code == 302
    closure = following.closures.get()
    following.refresh_from_db()
    assert closure.status == Closure.Status.PENDING
    assert following.stage == Stage.FOLLOW_UP  # still open until approved
    assert client.post(decide_url(closure), {"decision": "approve"}).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.approve_closure(closure, actor=cast.caseworker)

    assert list(approvals_waiting_for(cast.supervisor).closures) == [closure]
    client.force_login(cast.supervisor)
    assert "Approve and close the case" in client.get(reverse("cases:closure", args=[following.pk, closure.pk])).text
    response = client.post(decide_url(closure), {"decision": "approve", "comment": "Tujuan tercapai."})
    assert response.status_code == 302
    following.refresh_from_db()
    closure.refresh_from_db()
    assert closure.status == Closure.Status.APPROVED
    assert closure.decided_by == cast.supervisor
    assert following.stage == Stage.CLOSED
    assert following.closed_at is not None
    assert following.next_due_at is None
    assert not CaseTask.objects.filter(case=following, done_at__isnull=True).exists()
    assert {"closure_requested", "closure_approved"} <= set(following.timeline.values_list("verb", flat=True))


def test_every_checklist_item_must_be_confirmed(cast, following, client):
    client.force_login(cast.caseworker)
    response = client.post(request_url(following), checklist_post(check_safety_checked=None))
    assert response.status_code == 400
    assert "Confirm: Safety was checked again" in response.text
    assert not following.closures.exists()


@pytest.mark.parametrize("reason", [ClosureReason.DIED, ClosureReason.MOVED_UNREACHABLE])
def test_the_client_need_not_be_informed_when_they_died_or_cannot_be_reached(cast, following, reason):
    checklist = {**ALL_CHECKED, "client_informed": False}
    if reason == ClosureReason.DIED:
        checklist["safety_checked"] = False
    closure = actions.request_closure(following, actor=cast.caseworker, reason=reason, checklist=checklist)
    assert closure.checklist["client_informed"] is False


def test_goals_need_no_review_on_a_case_that_never_had_a_plan(cast, case):
    checklist = {**ALL_CHECKED, "goals_reviewed": False}
    closure = actions.request_closure(case, actor=cast.caseworker, reason="declined", checklist=checklist)
    assert closure.status == Closure.Status.PENDING


def test_other_and_transferred_need_details(cast, following):
    with pytest.raises(ValidationError) as error:
        actions.request_closure(following, actor=cast.caseworker, reason="other", checklist=ALL_CHECKED)
    assert "reason_detail" in error.value.message_dict


def test_one_closure_request_at_a_time(cast, following, client):
    actions.request_closure(following, actor=cast.caseworker, reason="goals_met", checklist=ALL_CHECKED)
    with pytest.raises(ValidationError):
        actions.request_closure(following, actor=cast.caseworker, reason="goals_met", checklist=ALL_CHECKED)
    client.force_login(cast.caseworker)
    assert "A closure request is already waiting for approval." in client.get(request_url(following)).text


def test_supervisor_returns_a_closure_with_a_comment_and_the_case_stays_open(cast, following, client):
    closure = actions.request_closure(following, actor=cast.caseworker, reason="goals_met", checklist=ALL_CHECKED)
    client.force_login(cast.supervisor)
    response = client.post(decide_url(closure), {"decision": "return"})
    assert response.status_code == 400
    client.post(decide_url(closure), {"decision": "return", "comment": "Pantau satu bulan lagi."})
    closure.refresh_from_db()
    following.refresh_from_db()
    assert closure.status == Closure.Status.RETURNED
    assert closure.decision_comment == "Pantau satu bulan lagi."
    assert following.stage == Stage.FOLLOW_UP
    assert "Pantau satu bulan lagi." in client.get(following.get_absolute_url()).text


def test_a_supervisor_cannot_approve_a_closure_they_asked_for(cast, following):
    closure = actions.request_closure(following, actor=cast.supervisor, reason="goals_met", checklist=ALL_CHECKED)
    with pytest.raises(PermissionDenied):
        actions.approve_closure(closure, actor=cast.supervisor)
    assert approvals_waiting_for(cast.supervisor).count() == 0


def test_a_closure_is_decided_once(cast, following):
    closure = actions.request_closure(following, actor=cast.caseworker, reason="goals_met", checklist=ALL_CHECKED)
    stale = Closure.objects.get(pk=closure.pk)
    actions.return_closure(closure, actor=cast.supervisor, comment="Belum.")
    with pytest.raises(ValidationError):
        actions.approve_closure(stale, actor=cast.supervisor)


# --- Reopening ------------------------------------------------------------------------------


def closed_case(cast, case):
    closure = actions.request_closure(case, actor=cast.caseworker, reason="goals_met", checklist=ALL_CHECKED)
    actions.approve_closure(closure, actor=cast.supervisor)
    case.refresh_from_db()
    return case, closure


def test_caseworker_reopens_a_closed_case_with_a_reason_and_a_follow_up_is_due(cast, following, client):
    case, closure = closed_case(cast, following)
    client.force_login(cast.caseworker)
    assert "Reopen the case" in client.get(case.get_absolute_url()).text
    response = client.post(reverse("cases:reopen", args=[case.pk]), {"reason": ""})
    assert response.status_code == 400
    response = client.post(reverse("cases:reopen", args=[case.pk]), {"reason": "Pelaku kembali mengancam."})
    assert response.status_code == 302
    case.refresh_from_db()
    closure.refresh_from_db()
    assert case.stage == Stage.FOLLOW_UP
    assert case.closed_at is None
    assert closure.status == Closure.Status.REOPENED
    assert closure.reopen_reason == "Pelaku kembali mengancam."
    assert closure.reopened_by == cast.caseworker
    assert CaseTask.objects.filter(case=case, kind=TaskKind.FOLLOW_UP, done_at__isnull=True).count() == 1
    assert case.next_due_at is not None
    # Closing again needs a new request and approval.
    actions.request_closure(case, actor=cast.caseworker, reason="goals_met", checklist=ALL_CHECKED)
    with pytest.raises(ValidationError):
        actions.move_stage(case, "close", actor=cast.caseworker)


def test_a_closed_case_cannot_be_changed_until_reopened(cast, following):
    case, _closure = closed_case(cast, following)
    with pytest.raises(ValidationError):
        actions.record_follow_up(
            case, actor=cast.caseworker, held_on=case.closed_at.date(), method="phone", progress="x", risk_level="low"
        )


# --- Denied ---------------------------------------------------------------------------------


def test_caseworker_of_another_organisation_gets_404(cast, following, client):
    closure = actions.request_closure(following, actor=cast.caseworker, reason="goals_met", checklist=ALL_CHECKED)
    client.force_login(cast.other_caseworker)
    assert client.get(request_url(following)).status_code == 404
    assert client.get(reverse("cases:closure", args=[following.pk, closure.pk])).status_code == 404
    assert client.post(decide_url(closure), {"decision": "approve"}).status_code == 404
    assert client.post(reverse("cases:reopen", args=[following.pk]), {"reason": "x"}).status_code == 404


def test_read_only_team_member_gets_403_on_closing_and_reopening(cast, following, client):
    actions.add_team_member(following, actor=cast.caseworker, user=cast.caseworker2, access="read")
    client.force_login(cast.caseworker2)
    assert client.post(request_url(following), checklist_post()).status_code == 403
    case, _closure = closed_case(cast, following)
    assert client.post(reverse("cases:reopen", args=[case.pk]), {"reason": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.reopen_case(case, actor=cast.caseworker2, reason="x")
    case.refresh_from_db()
    assert case.stage == Stage.CLOSED
