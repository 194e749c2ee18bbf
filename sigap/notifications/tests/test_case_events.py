"""The case verbs tell the right people: assignment, approval requested and decided; never the actor."""

from __future__ import annotations

import pytest

from sigap.cases import actions
from sigap.cases.access import approvers_of, can_approve
from sigap.cases.tests.factories import (
    CLOSURE_CHECKLIST,
    case_in_stage,
    complete_assessment_of,
    make_case,
)
from sigap.core.models import OutboundEmail
from sigap.notifications.models import Kind, Notification
from sigap.notifications.tests.conftest import VICTIM
from sigap.organisations.models import Membership
from sigap.organisations.roles import Role

pytestmark = pytest.mark.django_db


def told(kind: str) -> dict:
    return {n.recipient: n for n in Notification.objects.filter(kind=kind).select_related("recipient")}


def submitted_plan(case, caseworker):
    plan = actions.create_plan(case, actor=caseworker)
    goal = actions.GoalInput(
        text="Anak merasa aman.",
        actions=[actions.ActionInput(service_type="psikologis", responsible_organisation=case.organisation)],
    )
    actions.save_plan(plan, actor=caseworker, goals=[goal])
    return actions.submit_plan(plan, actor=caseworker)


def test_a_supervisor_assigning_a_case_notifies_the_new_case_manager(cast):
    case = make_case(cast.org, cast.intake_officer, case_manager=None)
    actions.assign_case(case, actor=cast.supervisor, case_manager=cast.caseworker)
    (notification,) = told(Kind.CASE_ASSIGNED).values()
    assert notification.recipient == cast.caseworker and notification.actor == cast.supervisor
    assert notification.title == f"Case {case.number} was assigned to you"
    assert notification.url == case.get_absolute_url()


def test_nobody_is_notified_when_a_supervisor_assigns_a_case_to_themselves(cast):
    case = make_case(cast.org, cast.intake_officer, case_manager=None)
    actions.assign_case(case, actor=cast.supervisor, case_manager=cast.supervisor)
    assert not Notification.objects.exists()


def test_registering_a_case_for_another_case_manager_notifies_them_but_not_for_oneself(cast):
    make_case(cast.org, cast.caseworker)  # the caseworker manages their own case
    assert not Notification.objects.exists()
    case = make_case(cast.org, cast.intake_officer, case_manager=cast.caseworker2)
    assert told(Kind.CASE_ASSIGNED)[cast.caseworker2].case == case


def test_submitting_a_plan_asks_the_supervisors_who_can_approve_it(cast):
    case = make_case(cast.org, cast.caseworker, victim_values={"full_name": VICTIM})
    complete_assessment_of(case, cast.caseworker)
    other_supervisor = cast.caseworker2  # a supervisor who does not supervise this caseworker
    Membership.objects.filter(user=other_supervisor).update(role=Role.SUPERVISOR)
    plan = submitted_plan(case, cast.caseworker)
    recipients = told(Kind.APPROVAL_REQUESTED)
    assert set(recipients) == {cast.supervisor}
    assert not can_approve(other_supervisor, case)
    notification = recipients[cast.supervisor]
    assert notification.actor == cast.caseworker
    assert notification.url == f"/cases/{case.pk}/plans/{plan.pk}/"
    assert notification.title == f"Case plan version 1 of case {case.number} waits for your approval"
    email = OutboundEmail.objects.get()
    assert VICTIM not in email.subject + email.body


def test_the_approvers_are_exactly_the_users_can_approve_accepts(cast):
    unassigned = make_case(cast.org, cast.intake_officer, case_manager=None)
    mine = make_case(cast.org, cast.caseworker)
    own = make_case(cast.org, cast.supervisor)
    everyone = [cast.supervisor, cast.caseworker, cast.caseworker2, cast.org_admin, cast.other_caseworker]
    for case in (unassigned, mine, own):
        assert set(approvers_of(case)) == {user for user in everyone if can_approve(user, case)}


def test_approving_and_returning_a_plan_notify_the_case_manager_not_the_supervisor(cast):
    case = make_case(cast.org, cast.caseworker)
    complete_assessment_of(case, cast.caseworker)
    plan = submitted_plan(case, cast.caseworker)
    actions.return_plan(plan, actor=cast.supervisor, comment="Tambahkan tujuan (sintetis).")
    (returned,) = told(Kind.APPROVAL_DECIDED).values()
    assert returned.recipient == cast.caseworker
    assert returned.title == f"Case plan version 1 of case {case.number} was returned"
    assert "sintetis" not in returned.title
    actions.submit_plan(plan, actor=cast.caseworker)
    actions.approve_plan(plan, actor=cast.supervisor)
    decided = Notification.objects.filter(kind=Kind.APPROVAL_DECIDED).order_by("created_at")
    assert [n.recipient for n in decided] == [cast.caseworker, cast.caseworker]
    assert decided[1].title == f"Case plan version 1 of case {case.number} was approved"
    # Resubmitting asked again: one request per submission.
    assert Notification.objects.filter(kind=Kind.APPROVAL_REQUESTED, recipient=cast.supervisor).count() == 2


def test_a_closure_request_and_its_decisions_notify_the_supervisor_then_the_case_manager(cast):
    case = case_in_stage(cast.org, cast.caseworker, cast.supervisor, "follow_up")
    Notification.objects.all().delete()
    closure = actions.request_closure(case, actor=cast.caseworker, reason="goals_met", checklist=CLOSURE_CHECKLIST)
    (asked,) = told(Kind.APPROVAL_REQUESTED).values()
    assert asked.recipient == cast.supervisor
    assert asked.title == f"The closure of case {case.number} waits for your approval"
    assert asked.url == f"/cases/{case.pk}/closure/{closure.pk}/"
    actions.return_closure(closure, actor=cast.supervisor, comment="Belum (sintetis).")
    closure = actions.request_closure(case, actor=cast.caseworker, reason="goals_met", checklist=CLOSURE_CHECKLIST)
    actions.approve_closure(closure, actor=cast.supervisor)
    titles = [n.title for n in Notification.objects.filter(kind=Kind.APPROVAL_DECIDED).order_by("created_at")]
    assert titles == [
        f"The closure of case {case.number} was returned",
        f"The closure of case {case.number} was approved",
    ]
    assert not Notification.objects.filter(recipient=cast.supervisor, kind=Kind.APPROVAL_DECIDED).exists()
