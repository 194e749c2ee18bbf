"""Deadlines from the risk level and the TPKS police report (docs/cases.md), and how they show."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation

from sigap.cases import actions, deadlines
from sigap.cases.models import CaseTask, ResponseTime, TaskKind
from sigap.cases.tests.factories import (
    case_in_stage,
    closure_requested_for,
    complete_assessment_of,
    make_case,
)

pytestmark = pytest.mark.django_db


def due(case, kind) -> timedelta:
    """How long after registration the open task of ``kind`` is due."""
    return case.tasks.get(kind=kind).due_at - case.registered_at


def test_high_risk_needs_first_contact_within_24_hours(cast):
    case = make_case(cast.org, cast.caseworker, risk_level="high")
    assert due(case, TaskKind.FIRST_CONTACT) == timedelta(hours=24)
    assert due(case, TaskKind.ASSESSMENT) == timedelta(days=3)
    assert due(case, TaskKind.PLAN_APPROVAL) == timedelta(days=7)


def test_low_risk_allows_a_week_for_first_contact(cast):
    case = make_case(cast.org, cast.caseworker, risk_level="low")
    assert due(case, TaskKind.FIRST_CONTACT) == timedelta(days=7)
    assert due(case, TaskKind.PLAN_APPROVAL) == timedelta(days=30)


def test_sexual_violence_must_be_reported_to_police_within_72_hours(cast):
    case = make_case(cast.org, cast.caseworker, forms=["seksual"])
    assert due(case, TaskKind.POLICE_REPORT) == timedelta(hours=72)


def test_other_violence_has_no_police_report_task(cast):
    case = make_case(cast.org, cast.caseworker, forms=["fisik", "psikis"])
    assert not case.tasks.filter(kind=TaskKind.POLICE_REPORT).exists()


def test_adding_sexual_violence_later_starts_the_72_hours_from_intake(cast):
    case = make_case(cast.org, cast.caseworker, forms=["fisik"])
    actions.set_forms(case, actor=cast.caseworker, forms=["fisik", "seksual"])
    assert due(case, TaskKind.POLICE_REPORT) == timedelta(hours=72)


def test_re_rating_the_risk_moves_the_open_due_dates(cast):
    case = make_case(cast.org, cast.caseworker, risk_level="low")
    actions.rate_risk(case, actor=cast.caseworker, risk_level="high", reason="Threats repeated")
    assert due(case, TaskKind.FIRST_CONTACT) == timedelta(hours=24)
    assert due(case, TaskKind.ASSESSMENT) == timedelta(days=3)
    case.refresh_from_db()
    assert case.next_due_at == case.registered_at + timedelta(hours=24)


def test_re_rating_leaves_done_tasks_alone(cast):
    case = make_case(cast.org, cast.caseworker, risk_level="low")
    actions.complete_task(case, TaskKind.FIRST_CONTACT, actor=cast.caseworker, note="Called the mother")
    done_task = case.tasks.get(kind=TaskKind.FIRST_CONTACT)
    actions.rate_risk(case, actor=cast.caseworker, risk_level="high", reason="Threats repeated")
    assert case.tasks.get(kind=TaskKind.FIRST_CONTACT).due_at == done_task.due_at


def test_response_times_come_from_the_admin_table(cast):
    ResponseTime.objects.filter(risk_level="medium").update(first_contact_hours=48)
    case = make_case(cast.org, cast.caseworker, risk_level="medium")
    assert due(case, TaskKind.FIRST_CONTACT) == timedelta(hours=48)


def test_task_state_is_overdue_due_soon_open_or_done(cast, case, settings):
    settings.SIGAP_DUE_SOON_HOURS = 48
    now = timezone.now()
    task = CaseTask(case=case, kind=TaskKind.FOLLOW_UP, due_at=now - timedelta(minutes=1))
    assert deadlines.task_state(task, now) == "overdue"
    task.due_at = now + timedelta(hours=47)
    assert deadlines.task_state(task, now) == "due_soon"
    task.due_at = now + timedelta(hours=49)
    assert deadlines.task_state(task, now) == "open"
    task.done_at = now
    assert deadlines.task_state(task, now) == "done"


def test_completing_a_task_moves_the_next_due_date(cast):
    case = make_case(cast.org, cast.caseworker, risk_level="high")
    actions.complete_task(case, TaskKind.FIRST_CONTACT, actor=cast.caseworker, note="Called the mother")
    case.refresh_from_db()
    assert case.next_due_at == case.registered_at + timedelta(days=3)
    assert case.tasks.get(kind=TaskKind.FIRST_CONTACT).note == "Called the mother"


# --- Who closes a deadline: the event it follows, or the caseworker for a manual task ------------


@pytest.mark.parametrize("kind", [TaskKind.ASSESSMENT, TaskKind.PLAN_APPROVAL, TaskKind.FOLLOW_UP])
def test_a_deadline_that_follows_an_event_cannot_be_marked_done_by_hand(cast, kind):
    case = case_in_stage(cast.org, cast.caseworker, cast.supervisor, "follow_up") if kind == "follow_up" else None
    case = case or make_case(cast.org, cast.caseworker, risk_level="high")
    case.tasks.filter(kind=kind).update(due_at=timezone.now() - timedelta(days=1))
    deadlines.refresh_next_due(case)
    events = case.timeline.count()
    with pytest.raises(ValidationError) as raised:
        actions.complete_task(case, kind, actor=cast.caseworker, note="Done, trust me")
    assert raised.value.code == "event_driven"
    task = case.tasks.get(kind=kind, done_at__isnull=True)
    assert deadlines.task_state(task) == "overdue"
    assert task.note == ""
    assert case.timeline.count() == events


def test_plan_approval_stays_overdue_on_a_case_with_no_plan(cast):
    case = make_case(cast.org, cast.caseworker, risk_level="high")
    case.tasks.filter(kind=TaskKind.PLAN_APPROVAL).update(due_at=timezone.now() - timedelta(hours=1))
    deadlines.refresh_next_due(case)
    with translation.override("en"), pytest.raises(ValidationError, match="approves the case plan"):
        actions.complete_task(case, TaskKind.PLAN_APPROVAL, actor=cast.supervisor, note="Approved")
    case.refresh_from_db()
    assert case.next_due_at is not None and case.next_due_at < timezone.now()


@pytest.mark.parametrize("note", ["", "   "])
def test_a_manual_task_needs_a_note_of_what_was_done(cast, note):
    case = make_case(cast.org, cast.caseworker, forms=["seksual"])
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        actions.complete_task(case, TaskKind.POLICE_REPORT, actor=cast.caseworker, note=note)
    assert raised.value.message_dict == {"note": ["Say briefly what was done."]}
    assert case.tasks.get(kind=TaskKind.POLICE_REPORT).done_at is None
    assert not case.timeline.filter(verb="task_done").exists()


def test_a_manual_task_done_keeps_its_note_encrypted_and_on_the_timeline(cast):
    case = make_case(cast.org, cast.caseworker, forms=["seksual"])
    actions.complete_task(case, TaskKind.POLICE_REPORT, actor=cast.caseworker, note="  Report made at Polres, LP/123  ")
    task = case.tasks.get(kind=TaskKind.POLICE_REPORT)
    assert (task.done_by, task.note) == (cast.caseworker, "Report made at Polres, LP/123")
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM cases_casetask WHERE id = %s", [task.pk.hex])
        (stored,) = cursor.fetchone()
    assert "Polres" not in stored
    event = case.timeline.get(verb="task_done")
    assert event.details == {"task": "police_report", "task_id": str(task.pk)}
    assert "Polres" not in event.summary


def test_a_note_of_what_was_done_has_a_length_limit(cast):
    case = make_case(cast.org, cast.caseworker)
    with pytest.raises(ValidationError) as raised:
        actions.complete_task(case, TaskKind.FIRST_CONTACT, actor=cast.caseworker, note="x" * 1001)
    assert "note" in raised.value.message_dict
    assert case.tasks.get(kind=TaskKind.FIRST_CONTACT).done_at is None


def test_the_assessment_deadline_closes_when_the_assessment_is_completed(cast):
    case = make_case(cast.org, cast.caseworker)
    actions.advance(case, "start_assessment", actor=cast.caseworker)
    assert case.tasks.get(kind=TaskKind.ASSESSMENT).done_at is None
    complete_assessment_of(case, cast.caseworker)
    task = case.tasks.get(kind=TaskKind.ASSESSMENT)
    assert task.done_at is not None and task.done_by == cast.caseworker


def test_the_plan_deadline_closes_only_when_a_supervisor_approves_the_plan(cast):
    case = make_case(cast.org, cast.caseworker)
    complete_assessment_of(case, cast.caseworker)
    plan = actions.create_plan(case, actor=cast.caseworker)
    goal = actions.GoalInput(
        text="Aman.", actions=[actions.ActionInput(service_type="psikologis", responsible_organisation=cast.org)]
    )
    actions.save_plan(plan, actor=cast.caseworker, goals=[goal])
    actions.submit_plan(plan, actor=cast.caseworker)
    assert case.tasks.get(kind=TaskKind.PLAN_APPROVAL).done_at is None  # submitted is not approved
    actions.approve_plan(plan, actor=cast.supervisor)
    task = case.tasks.get(kind=TaskKind.PLAN_APPROVAL)
    assert task.done_at is not None and task.done_by == cast.supervisor


def test_the_follow_up_deadline_closes_when_the_follow_up_is_recorded(cast):
    case = case_in_stage(cast.org, cast.caseworker, cast.supervisor, "follow_up")
    first = case.tasks.get(kind=TaskKind.FOLLOW_UP, done_at__isnull=True)
    actions.record_follow_up(
        case,
        actor=cast.caseworker,
        held_on=timezone.localdate(),
        method="phone",
        risk_level=case.risk_level,
        progress="Anak bersekolah lagi.",
    )
    first.refresh_from_db()
    assert first.done_at is not None and first.done_by == cast.caseworker
    assert case.tasks.filter(kind=TaskKind.FOLLOW_UP, done_at__isnull=True).count() == 1  # the next one


def test_closure_closes_every_open_deadline(cast):
    case = case_in_stage(cast.org, cast.caseworker, cast.supervisor, "follow_up", forms=["seksual"])
    closure = closure_requested_for(case, cast.caseworker)
    assert case.tasks.filter(done_at__isnull=True).exists()  # first contact, police report
    actions.approve_closure(closure, actor=cast.supervisor)
    assert not case.tasks.filter(done_at__isnull=True).exists()
    case.refresh_from_db()
    assert case.next_due_at is None
