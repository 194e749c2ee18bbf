"""The six stages as a guarded state machine: a step happens only when its condition is met.

The records that open each guard (assessment, plan, service, closure) are written directly here so
that the guards are tested on their own; their verbs have their own tests.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from sigap.cases import actions
from sigap.cases.models import Assessment, CasePlan, Closure, ServiceDelivery, Stage, TimelineEvent
from sigap.cases.workflow import available_transitions, check_transition

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # The guards' messages are asserted in English; Indonesian is the default language.
    with translation.override("en"):
        yield


def complete_assessment(case, user, kind=Assessment.Kind.COMPREHENSIVE):
    return Assessment.objects.create(
        case=case, kind=kind, created_by=user, completed_at=timezone.now(), completed_by=user
    )


def plan(case, user, status):
    return CasePlan.objects.create(case=case, number=case.plans.count() + 1, status=status, created_by=user)


def deliver_service(case, user):
    return ServiceDelivery.objects.create(
        case=case, service_type="kesehatan", delivered_on=timezone.localdate(), recorded_by=user
    )


def advance(case, name, user):
    return actions.advance(case, name, actor=user)


def test_a_registered_case_can_start_the_assessment(cast, case):
    assert available_transitions(case)["start_assessment"] is None
    advance(case, "start_assessment", cast.caseworker)
    case.refresh_from_db()
    assert case.stage == Stage.ASSESSMENT


def test_no_planning_before_the_comprehensive_assessment_is_completed(cast, case):
    advance(case, "start_assessment", cast.caseworker)
    complete_assessment(case, cast.caseworker, kind=Assessment.Kind.SCREENING)
    with pytest.raises(ValidationError, match="Complete the comprehensive assessment"):
        advance(case, "start_planning", cast.caseworker)
    Assessment.objects.create(case=case, kind=Assessment.Kind.COMPREHENSIVE, created_by=cast.caseworker)
    assert "comprehensive" in str(check_transition(case, "start_planning"))
    complete_assessment(case, cast.caseworker)
    advance(case, "start_planning", cast.caseworker)
    assert case.stage == Stage.PLANNING


def test_the_plan_is_carried_out_only_once_a_supervisor_approved_it(cast, case):
    advance(case, "start_assessment", cast.caseworker)
    complete_assessment(case, cast.caseworker)
    advance(case, "start_planning", cast.caseworker)
    plan(case, cast.caseworker, CasePlan.Status.SUBMITTED)
    with pytest.raises(ValidationError, match="supervisor must approve"):
        advance(case, "start_implementation", cast.caseworker)
    plan(case, cast.caseworker, CasePlan.Status.APPROVED)
    advance(case, "start_implementation", cast.caseworker)
    assert case.stage == Stage.IMPLEMENTATION


def test_follow_up_needs_a_service_delivered(cast, case):
    advance(case, "start_assessment", cast.caseworker)
    complete_assessment(case, cast.caseworker)
    advance(case, "start_planning", cast.caseworker)
    plan(case, cast.caseworker, CasePlan.Status.APPROVED)
    advance(case, "start_implementation", cast.caseworker)
    with pytest.raises(ValidationError, match="at least one service"):
        advance(case, "start_follow_up", cast.caseworker)
    deliver_service(case, cast.caseworker)
    advance(case, "start_follow_up", cast.caseworker)
    assert case.stage == Stage.FOLLOW_UP


def test_a_stage_cannot_be_skipped(cast, case):
    complete_assessment(case, cast.caseworker)
    with pytest.raises(ValidationError, match="not possible in the stage"):
        advance(case, "start_planning", cast.caseworker)
    case.refresh_from_db()
    assert case.stage == Stage.IDENTIFICATION


def test_closing_needs_an_approved_closure(cast, case):
    blocked = check_transition(case, "close")
    assert "supervisor's approval" in str(blocked)
    Closure.objects.create(
        case=case, reason="declined", requested_by=cast.caseworker, status=Closure.Status.PENDING, checklist={}
    )
    assert check_transition(case, "close") is not None
    Closure.objects.filter(case=case).update(status=Closure.Status.APPROVED)
    assert check_transition(case, "close") is None


def test_closing_and_reopening_are_not_generic_steps(cast, case):
    with pytest.raises(ValueError, match="request_closure"):
        advance(case, "close", cast.caseworker)


def test_a_colleague_without_edit_access_cannot_move_the_case(cast, case):
    actions.add_team_member(case, actor=cast.caseworker, user=cast.psychologist, access="read")
    with pytest.raises(PermissionDenied):
        advance(case, "start_assessment", cast.psychologist)
    case.refresh_from_db()
    assert case.stage == Stage.IDENTIFICATION


def test_a_closed_case_does_not_move(cast, case):
    case.stage = Stage.CLOSED
    case.save(update_fields=["stage"])
    with pytest.raises(ValidationError, match="closed"):
        advance(case, "start_assessment", cast.caseworker)


def test_every_step_is_on_the_timeline_and_raises_the_version(cast, case):
    version = case.version
    advance(case, "start_assessment", cast.caseworker)
    case.refresh_from_db()
    assert case.version == version + 1
    event = TimelineEvent.objects.filter(case=case, verb="stage_changed").get()
    assert event.details == {"previous": "identification", "stage": "assessment"}
    assert event.actor == cast.caseworker


def test_available_steps_say_why_they_are_blocked(cast, case):
    advance(case, "start_assessment", cast.caseworker)
    steps = available_transitions(case)
    assert set(steps) == {"start_planning", "close"}
    assert "comprehensive assessment" in str(steps["start_planning"])
