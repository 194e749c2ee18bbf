"""Deadlines on a case (docs/cases.md): computed from the risk level and kept as CaseTask rows.

Response times come from the ResponseTime table (admin-editable defaults per risk level). The TPKS
police-report task is due 3×24 hours after intake whenever the forms include sexual violence.
Overdue = due in the past and not done; due soon = due within SIGAP_DUE_SOON_HOURS.

Who closes a deadline: a deadline that follows an event in Sigap (assessment completed, plan
approved, follow-up recorded) is met only by the verb that records that event, and closure meets
every open one; only the manual tasks (first contact, police report) are marked done by hand, with
a note of what was done (``actions.complete_task``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Min
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sigap.cases.codes import RiskLevel, ViolenceForm
from sigap.cases.models import Case, CaseTask, ResponseTime, TaskKind

POLICE_REPORT_HOURS = 72

# Done by hand, with a note: nothing else in Sigap records them.
MANUAL_TASKS = frozenset({TaskKind.FIRST_CONTACT, TaskKind.POLICE_REPORT})

# Met by an event only; what the case page and the API say about it.
MET_BY_EVENT: dict[str, Promise] = {
    TaskKind.ASSESSMENT: _("This deadline is met when the comprehensive assessment is completed."),
    TaskKind.PLAN_APPROVAL: _("This deadline is met when a supervisor approves the case plan."),
    TaskKind.FOLLOW_UP: _("This deadline is met when the follow-up is recorded."),
}

_FALLBACK = {
    RiskLevel.HIGH: (24, 3, 7, 7),
    RiskLevel.MEDIUM: (72, 7, 14, 14),
    RiskLevel.LOW: (168, 14, 30, 30),
}


def response_time(risk_level: str) -> tuple[int, int, int, int]:
    """(first contact hours, assessment days, plan days, follow-up days) for a risk level."""
    row = ResponseTime.objects.filter(risk_level=risk_level).first()
    if row is None:
        return _FALLBACK[RiskLevel(risk_level)]
    return row.first_contact_hours, row.assessment_days, row.plan_days, row.follow_up_days


def _stage_due_dates(case: Case) -> dict[str, datetime]:
    hours, assessment_days, plan_days, _follow = response_time(case.risk_level)
    start = case.registered_at
    return {
        TaskKind.FIRST_CONTACT: start + timedelta(hours=hours),
        TaskKind.ASSESSMENT: start + timedelta(days=assessment_days),
        TaskKind.PLAN_APPROVAL: start + timedelta(days=plan_days),
    }


def create_intake_tasks(case: Case, forms: list[str]) -> None:
    tasks = [CaseTask(case=case, kind=kind, due_at=due) for kind, due in _stage_due_dates(case).items()]
    if ViolenceForm.SEKSUAL in forms:
        tasks.append(
            CaseTask(
                case=case, kind=TaskKind.POLICE_REPORT, due_at=case.registered_at + timedelta(hours=POLICE_REPORT_HOURS)
            )
        )
    CaseTask.objects.bulk_create(tasks)


def ensure_police_report_task(case: Case) -> None:
    """Forms changed to include sexual violence: the 3×24 h clock runs from intake."""
    if not case.tasks.filter(kind=TaskKind.POLICE_REPORT).exists():
        CaseTask.objects.create(
            case=case, kind=TaskKind.POLICE_REPORT, due_at=case.registered_at + timedelta(hours=POLICE_REPORT_HOURS)
        )


def reschedule_for_risk(case: Case) -> None:
    """A new risk level moves the open stage deadlines (counted from registration)."""
    for kind, due in _stage_due_dates(case).items():
        case.tasks.filter(kind=kind, done_at__isnull=True).update(due_at=due, updated_at=timezone.now())


def is_manual(kind: str) -> bool:
    return kind in MANUAL_TASKS


def complete_tasks(case: Case, kind: str, *, by: object, when: datetime | None = None) -> int:
    """Meet the open deadlines of ``kind`` (called by the verb that records the event)."""
    return case.tasks.filter(kind=kind, done_at__isnull=True).update(
        done_at=when or timezone.now(), done_by=by, updated_at=timezone.now()
    )


def schedule_follow_up(case: Case, *, due: datetime | None = None) -> CaseTask:
    """Close any open follow-up task and open the next one (default: the risk level's cadence)."""
    if due is None:
        _h, _a, _p, follow_days = response_time(case.risk_level)
        due = timezone.now() + timedelta(days=follow_days)
    return CaseTask.objects.create(case=case, kind=TaskKind.FOLLOW_UP, due_at=due)


def refresh_next_due(case: Case) -> None:
    """Keep Case.next_due_at (the earliest open deadline) in step, for fast overdue lists."""
    next_due = case.tasks.filter(done_at__isnull=True).aggregate(m=Min("due_at"))["m"]
    if case.is_closed:
        next_due = None
    Case.objects.filter(pk=case.pk).update(next_due_at=next_due)
    case.next_due_at = next_due


def due_soon_limit(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + timedelta(hours=settings.SIGAP_DUE_SOON_HOURS)


def task_state(task: CaseTask, now: datetime | None = None) -> str:
    """'done', 'overdue' (red), 'due_soon' (amber) or 'open'."""
    now = now or timezone.now()
    if task.done_at is not None:
        return "done"
    if task.due_at < now:
        return "overdue"
    if task.due_at <= due_soon_limit(now):
        return "due_soon"
    return "open"
