"""The process indicators equal plain computations over cases, tasks, plans and closures."""

from __future__ import annotations

import statistics
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from sigap.cases import actions
from sigap.cases.models import Case, CasePlan, CaseTask, Closure
from sigap.cases.tests.factories import case_in_stage, closure_requested_for, make_case
from sigap.statistics.indicators import first_contact_rate, process_indicators, reopen_rate
from sigap.statistics.queries import Period, Scope
from sigap.statistics.refresh import refresh_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def worked(cast: Any) -> list[Case]:
    today = timezone.localdate()
    cases = [
        make_case(cast.org, cast.caseworker, incident_date=today - timedelta(days=days), risk_level=risk)
        for days, risk in [(3, "high"), (10, "medium"), (40, "low"), (1, "high")]
    ]
    actions.complete_task(cases[0], "first_contact", actor=cast.caseworker, note="Ditelepon (sintetis).")
    planned = case_in_stage(cast.org, cast.caseworker, cast.supervisor, "follow_up")
    closed = case_in_stage(cast.org, cast.caseworker, cast.supervisor, "follow_up")
    actions.approve_closure(closure_requested_for(closed, cast.caseworker), actor=cast.supervisor)
    reopened = case_in_stage(cast.org, cast.caseworker, cast.supervisor, "follow_up")
    actions.approve_closure(closure_requested_for(reopened, cast.caseworker, "declined"), actor=cast.supervisor)
    actions.reopen_case(Case.objects.get(pk=reopened.pk), actor=cast.supervisor, reason="Risiko baru (sintetis).")
    refresh_all()
    return [*cases, planned, closed, reopened]


def test_indicators_of_the_organisation_equal_plain_computations(cast, worked):
    scope = Scope.of_organisation(cast.org.pk)
    found = process_indicators(scope, Period.year(timezone.localdate().year))
    cases = Case.objects.filter(organisation=cast.org)

    zone = ZoneInfo(cast.org.time_zone)  # the registration day in the organisation's own zone
    days = [(c.registered_at.astimezone(zone).date() - c.incident_date).days for c in cases if c.incident_date]
    assert found.incident_to_report_days.count == len(days)
    assert found.incident_to_report_days.median == statistics.median(days)
    assert found.report_to_registration_days is None  # no separate report date is recorded

    first_plan = {}
    for plan in CasePlan.objects.filter(case__organisation=cast.org, status="approved"):
        first_plan[plan.case_id] = min(first_plan.get(plan.case_id, plan.decided_at), plan.decided_at)
    plan_days = [(at - Case.objects.get(pk=pk).registered_at).days for pk, at in first_plan.items()]
    assert found.days_to_approved_plan.count == len(plan_days)
    assert found.days_to_approved_plan.median == statistics.median(plan_days)

    now = timezone.now()
    for risk in ("high", "medium", "low"):
        on_time = late = 0
        for case in cases.filter(risk_level=risk):
            task = CaseTask.objects.filter(case=case, kind="first_contact").order_by("due_at").first()
            if task is None:
                continue
            if task.done_at is not None:
                on_time += task.done_at <= task.due_at
                late += task.done_at > task.due_at
            elif task.due_at < now:
                late += 1
        table = found.first_contact_by_risk
        assert (table.count(risk, "true"), table.count(risk, "false")) == (on_time, late), risk
    assert first_contact_rate(found.first_contact_by_risk, "high") == 1.0

    closed = cases.filter(stage="closed")
    reasons = {c.closures.filter(status=Closure.Status.APPROVED).latest("decided_at").reason for c in closed}
    assert {k.code for k in found.closure_reasons.rows if found.closure_reasons.count(k.code)} == reasons
    durations = [(c.closed_at - c.registered_at).days for c in closed]
    assert found.case_duration_days.count == len(durations)

    reopened = cases.filter(closures__reopened_at__isnull=False).distinct().count()
    assert found.reopened.count("true") == reopened == 1
    assert reopen_rate(found.reopened) == round(1 / cases.count(), 3)

    open_per_worker = cases.exclude(stage="closed").filter(case_manager=cast.caseworker).count()
    assert found.caseload is not None
    assert found.caseload.largest == open_per_worker and found.caseload.workers == 1
    assert found.caseload.above_threshold == 0


def test_outside_the_organisation_small_indicators_are_hidden(cast, worked):
    scope = Scope.of_province(cast.org.province_id, verified_only=False)
    found = process_indicators(scope, Period.year(timezone.localdate().year))
    assert found.caseload is None  # per-worker figures stay inside the organisation
    assert found.days_to_approved_plan.hidden and found.days_to_approved_plan.median is None
    assert found.reopened.count("true") is None
