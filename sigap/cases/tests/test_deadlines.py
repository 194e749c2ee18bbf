"""Deadlines from the risk level and the TPKS police report (docs/cases.md), and how they show."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sigap.cases import actions, deadlines
from sigap.cases.models import CaseTask, ResponseTime, TaskKind
from sigap.cases.tests.factories import make_case

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
    actions.complete_task(case, TaskKind.FIRST_CONTACT, actor=cast.caseworker)
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
