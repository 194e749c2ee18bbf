"""The case data of the "My work" home page: the user's cases by stage and their deadlines, the
approvals waiting for a supervisor, cases to assign and caseloads, an intake officer's registrations.

The home page (``sigap.home``), the daily digest (``sigap.notifications.digest``) and the demo read
the same queries here, so they never disagree. Everything starts from
:func:`sigap.cases.access.visible_cases` and runs a fixed number of queries however many cases there
are; :func:`label_rows` labels a page of cases for the case list too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Case as SqlCase
from django.db.models import Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone

from sigap.accounts.access import active_memberships, has_capability
from sigap.audit.access import AccessAction
from sigap.audit.models import AccessLog
from sigap.cases.access import approvable_rule, visible_cases
from sigap.cases.codes import RiskLevel, ViolenceForm
from sigap.cases.deadlines import due_soon_limit
from sigap.cases.models import Case, CasePlan, CaseTask, Closure, Stage, TaskKind
from sigap.cases.workflow import STAGE_ORDER
from sigap.lib.access import is_signed_in
from sigap.lib.dates import format_date, format_datetime
from sigap.lib.models import attach
from sigap.organisations.models import Membership
from sigap.organisations.roles import Capability, Role

CASE_MANAGER_ROLES = [Role.CASEWORKER, Role.SUPERVISOR]
MY_CASES_LIMIT = 200
UNASSIGNED_LIMIT = 20  # the oldest first; the case list shows the rest
TASK_WINDOW_DAYS = 7
TASKS_LIMIT = 50
NOTICE_DAYS = 14  # break-glass openings of the user's cases shown on My work
NOTICES_SHOWN = 10


def due_state(due: datetime | None, now: datetime) -> str:
    """'overdue' (red), 'due_soon' (amber) or '' for a deadline."""
    if due is None:
        return ""
    if due < now:
        return "overdue"
    if due <= due_soon_limit(now):
        return "due_soon"
    return ""


def _labels(choices: Any) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def label_rows(cases: list[Case], now: datetime) -> None:
    """Give each case its labels and deadline state once, in the active language.

    ``get_FOO_display`` in a template translates every choice of the field on each call; on a page
    of 25 cases that is most of the rendering time.
    """
    stages, risks, forms = _labels(Stage.choices), _labels(RiskLevel.choices), _labels(ViolenceForm.choices)
    for case in cases:
        attach(
            case,
            due_state=due_state(case.next_due_at, now),
            registered_label=format_date(case.registered_at),
            due_label=format_datetime(case.next_due_at),
            stage_label=stages.get(case.stage, case.stage),
            risk_label=risks.get(case.risk_level, case.risk_level),
        )
        if "violence_forms" in getattr(case, "_prefetched_objects_cache", {}):
            labels = [forms.get(f.form, f.form) for f in case.violence_forms.all()]
            attach(case, form_labels=", ".join(labels))


# --- Approvals waiting ----------------------------------------------------------------------


@dataclass
class ApprovalsWaiting:
    """Plans and closure requests a supervisor may decide, oldest first (never their own)."""

    plans: QuerySet[CasePlan]
    closures: QuerySet[Closure]

    def count(self) -> int:
        return self.plans.count() + self.closures.count()


def approvals_waiting_for(user: Any) -> ApprovalsWaiting:
    """For "My work": what waits for this supervisor's decision. Each item has ``case`` loaded and
    links to its page with ``reverse("cases:plan"|"cases:closure", ...)`` (see ``approval_url``)."""
    rule = approvable_rule(user)
    if rule is None:
        return ApprovalsWaiting(plans=CasePlan.objects.none(), closures=Closure.objects.none())
    plans = (
        CasePlan.objects.filter(rule, status=CasePlan.Status.SUBMITTED)
        .exclude(case__stage=Stage.CLOSED)
        .exclude(submitted_by=user)
        .select_related("case", "submitted_by")
        .order_by("submitted_at")
    )
    closures = (
        Closure.objects.filter(rule, status=Closure.Status.PENDING)
        .exclude(case__stage=Stage.CLOSED)
        .exclude(requested_by=user)
        .select_related("case", "requested_by")
        .order_by("created_at")
    )
    return ApprovalsWaiting(plans=plans, closures=closures)


def approval_url(item: CasePlan | Closure) -> str:
    if isinstance(item, CasePlan):
        return reverse("cases:plan", args=[item.case_id, item.pk])
    return reverse("cases:closure", args=[item.case_id, item.pk])


# --- My work --------------------------------------------------------------------------------


@dataclass
class StageGroup:
    stage: str
    label: Any
    cases: list[Case]


@dataclass
class Caseload:
    user_id: Any
    name: str
    organisation: Any
    active: int = 0
    overdue: int = 0
    due_week: int = 0  # open cases whose next deadline is in the coming seven days
    over_threshold: bool = False


@dataclass
class MyWork:
    """What the home page shows a person who works on cases; empty parts are left out."""

    stage_groups: list[StageGroup] = field(default_factory=list)
    my_case_count: int = 0
    tasks: list[CaseTask] = field(default_factory=list)
    approvals: list[Any] = field(default_factory=list)
    unassigned: list[Case] = field(default_factory=list)
    more_unassigned: bool = False
    caseloads: list[Caseload] = field(default_factory=list)
    threshold: int = 25
    registrations: list[Case] = field(default_factory=list)
    can_manage: bool = False
    can_supervise: bool = False
    can_register: bool = False

    @property
    def works_on_cases(self) -> bool:
        return self.can_manage or self.can_supervise or self.can_register


def my_work(user: Any, *, now: datetime | None = None) -> MyWork:
    now = now or timezone.now()
    work = MyWork(
        can_manage=has_capability(user, Capability.MANAGE_CASES),
        can_supervise=has_capability(user, Capability.SUPERVISE),
        can_register=has_capability(user, Capability.REGISTER_CASES),
        threshold=settings.SIGAP_CASELOAD_THRESHOLD,
    )
    if work.can_manage:
        _my_cases(user, work, now)
    if work.can_supervise:
        _supervision(user, work, now)
    elif work.can_register and not work.can_manage:
        _registrations(user, work)
    return work


def _open(qs: Any) -> Any:
    return qs.exclude(stage=Stage.CLOSED)


def my_cases_by_stage(user: Any, work: MyWork, now: datetime) -> QuerySet[Case]:
    """The user's own open cases by stage, overdue first in each (each case once). One query."""
    mine = _open(visible_cases(user).filter(case_manager=user))
    cases = list(mine.order_by(F("next_due_at").asc(nulls_last=True), "-registered_at")[:MY_CASES_LIMIT])
    label_rows(cases, now)
    by_stage: dict[str, list[Case]] = {}
    for case in cases:
        by_stage.setdefault(case.stage, []).append(case)
    work.stage_groups = [
        StageGroup(stage, Stage(stage).label, by_stage[stage]) for stage in STAGE_ORDER if stage in by_stage
    ]
    work.my_case_count = len(cases)
    return mine


def _my_cases(user: Any, work: MyWork, now: datetime) -> None:
    """The user's own open cases by stage (overdue first in each) and their deadlines for a week."""
    mine = my_cases_by_stage(user, work, now)
    tasks = (
        CaseTask.objects.filter(
            case__in=mine.values("pk"), done_at__isnull=True, due_at__lte=now + timedelta(days=TASK_WINDOW_DAYS)
        )
        .select_related("case")
        .order_by("due_at")[:TASKS_LIMIT]
    )
    work.tasks = list(tasks)
    kinds = _labels(TaskKind.choices)
    for task in work.tasks:
        attach(task, due_state=due_state(task.due_at, now), kind_label=kinds.get(task.kind, task.kind))


def approvals_waiting(user: Any) -> list[Any]:
    """Submitted plans and pending closures the user decides, oldest first, each with its link."""
    waiting = approvals_waiting_for(user)
    items: list[Any] = []
    for plan in waiting.plans:
        attach(plan, kind="plan", waiting_since=plan.submitted_at or plan.updated_at)
        items.append(plan)
    for closure in waiting.closures:
        attach(closure, kind="closure", waiting_since=closure.created_at)
        items.append(closure)
    for item in items:
        item.url = approval_url(item)
    items.sort(key=lambda item: item.waiting_since)
    return items


def _supervision(user: Any, work: MyWork, now: datetime) -> None:
    """Approvals waiting, cases to assign, and each supervised worker's caseload and overdue count."""
    work.approvals = approvals_waiting(user)
    work.unassigned = list(unassigned_cases(user)[: UNASSIGNED_LIMIT + 1])
    work.more_unassigned = len(work.unassigned) > UNASSIGNED_LIMIT
    work.unassigned = work.unassigned[:UNASSIGNED_LIMIT]
    label_rows(work.unassigned, now)
    work.caseloads = team_caseloads(user, now, work.threshold)


def team_caseloads(user: Any, now: datetime, threshold: int) -> list[Caseload]:
    """Each worker the user supervises: open cases, overdue ones and those due within seven days;
    the ones over the threshold first, then the most overdue. Two queries."""
    supervising = [m.pk for m in active_memberships(user) if m.can(Capability.SUPERVISE)]
    supervisees = (
        Membership.objects.filter(supervisor_id__in=supervising, is_active=True)
        .select_related("user", "organisation")
        .order_by("user__full_name", "user_id")
    )
    loads: dict[tuple[Any, Any], Caseload] = {}
    for membership in supervisees:
        key = (membership.user_id, membership.organisation_id)
        loads.setdefault(key, Caseload(membership.user_id, membership.user.full_name, membership.organisation))
    if loads:
        counts = caseload_counts({k[0] for k in loads}, {k[1] for k in loads}, now)
        for row in counts:
            load = loads.get((row["case_manager_id"], row["organisation_id"]))
            if load is not None:
                load.active, load.overdue, load.due_week = row["active"], row["overdue"], row["due_week"]
    for load in loads.values():
        load.over_threshold = load.active > threshold
    return sorted(loads.values(), key=lambda load: (not load.over_threshold, -load.overdue, load.name))


def unassigned_cases(user: Any) -> QuerySet[Case]:
    """Open cases nobody manages yet that the user sees, oldest first. The partial index
    ``case_open_unassigned_idx`` holds only these, so the oldest are found without walking the
    organisation's closed and assigned cases (most of them)."""
    return _open(visible_cases(user).filter(case_manager__isnull=True)).order_by("registered_at")


def caseload_counts(managers: Any, organisations: Any, now: datetime) -> QuerySet[Case, dict[str, Any]]:
    """Open and overdue cases per case manager and organisation, read from the partial index
    ``case_open_manager_due_idx`` alone (open cases only; organisation, manager and deadline):
    it counts ``*`` and ``next_due_at``, not ``id``, so PostgreSQL needs no row of the table
    (an index-only scan: 18 ms instead of 93–259 ms for 43,000 open cases)."""
    return (
        _open(Case.objects.filter(case_manager_id__in=managers, organisation_id__in=organisations))
        .order_by()
        .values("case_manager_id", "organisation_id")
        .annotate(
            active=Count("*"),
            overdue=Count("next_due_at", filter=Q(next_due_at__lt=now)),
            due_week=Count(
                "next_due_at",
                filter=Q(next_due_at__gte=now, next_due_at__lt=now + timedelta(days=TASK_WINDOW_DAYS)),
            ),
        )
    )


def _registrations(user: Any, work: MyWork) -> None:
    work.registrations = recent_registrations(user)


def recent_registrations(user: Any, limit: int = 20) -> list[Case]:
    """An intake officer's latest registrations: open ones they still see, the rest by number only."""
    orgs = [m.organisation_id for m in active_memberships(user)]
    registrations = list(
        Case.objects.filter(created_by=user, organisation_id__in=orgs)
        .select_related("case_manager")
        .order_by("-registered_at")[:limit]
    )
    for case in registrations:
        # Once assigned, the case is the case manager's: the intake officer no longer opens it.
        attach(case, still_visible=case.case_manager_id is None)
    return registrations


# --- Today: what to do now and this week ---------------------------------------------------

DO_NOW_LIMIT = 5  # a handful: the rest is one tap away (the case list, by risk)
THIS_WEEK_LIMIT = 5
RISK_RANK = SqlCase(
    When(risk_level=RiskLevel.HIGH, then=Value(0)),
    When(risk_level=RiskLevel.MEDIUM, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def end_of_today(now: datetime) -> datetime:
    """Midnight at the end of today in the active time zone (the organisation's, see core.middleware)."""
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)


@dataclass
class DueCases:
    """One row per case (never one per deadline: a case with three open tasks is listed once),
    with the case's open deadlines in the window as ``case.due_tasks``."""

    cases: list[Case]
    total: int


def my_cases_due(
    user: Any, *, now: datetime, after: datetime | None, before: datetime, limit: int, by_risk: bool
) -> DueCases:
    """The user's open cases whose next deadline falls before ``before`` (and from ``after``):
    highest risk first and then the earliest deadline (``by_risk``), or by deadline alone.
    Three queries however many cases: the page, its tasks, the total."""
    mine = _open(visible_cases(user).filter(case_manager=user, next_due_at__lt=before))
    if after is not None:
        mine = mine.filter(next_due_at__gte=after)
    order = [RISK_RANK, "next_due_at"] if by_risk else ["next_due_at", RISK_RANK]
    tasks = CaseTask.objects.filter(done_at__isnull=True, due_at__lt=before).order_by("due_at")
    cases = list(mine.order_by(*order, "pk").prefetch_related(Prefetch("tasks", tasks, to_attr="due_tasks"))[:limit])
    label_rows(cases, now)
    kinds = _labels(TaskKind.choices)
    for case in cases:
        for task in case.due_tasks:
            attach(task, due_state=due_state(task.due_at, now), kind_label=kinds.get(task.kind, task.kind))
    return DueCases(cases=cases, total=mine.count())


def do_now(user: Any, now: datetime) -> DueCases:
    """Overdue and due before tonight, the highest risk first."""
    return my_cases_due(user, now=now, after=None, before=end_of_today(now), limit=DO_NOW_LIMIT, by_risk=True)


def this_week(user: Any, now: datetime) -> DueCases:
    """Due from tomorrow to seven days from now (the cases already in "do now" are not repeated)."""
    return my_cases_due(
        user,
        now=now,
        after=end_of_today(now),
        before=now + timedelta(days=TASK_WINDOW_DAYS),
        limit=THIS_WEEK_LIMIT,
        by_risk=False,
    )


def break_glass_notices(user: Any) -> list[AccessLog]:
    """Recent break-glass openings of the cases the user manages (for My work). One query."""
    if not is_signed_in(user):
        return []
    since = timezone.now() - timedelta(days=NOTICE_DAYS)
    managed = Case.objects.filter(case_manager=user).values("pk")
    return list(
        AccessLog.objects.filter(action=AccessAction.BREAK_GLASS, case_id__in=managed, time__gte=since)
        .select_related("user", "organisation")
        .order_by("-time", "-id")[:NOTICES_SHOWN]
    )
