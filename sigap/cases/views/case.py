"""The case page and its own small forms: stage steps, tasks, overview, team, case manager, timeline.

Every view loads the case through ``get_case_for_user`` (404 outside the user's need-to-know) and
changes it only through a verb. Other areas render their own sections into the page; their extra
context comes from their registered sections (``sigap.cases.extensions``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.accounts.models import User
from sigap.accounts.picker import person_field
from sigap.audit.access import AccessAction, log_access
from sigap.cases import actions, deadlines, extensions
from sigap.cases.access import (
    BreakGlassAvailable,
    can_approve,
    can_edit_case,
    can_see_access_log,
    get_case_for_user,
    visible_cases,
)
from sigap.cases.codes import TPKSOffence
from sigap.cases.forms.case import AssignForm, OverviewForm, TaskDoneForm, TeamMemberForm
from sigap.cases.models import Case, CasePerpetrator, CaseTask, CaseTeamMember, CaseVictim, Stage, TaskKind
from sigap.cases.views.access_log import break_glass_offer
from sigap.cases.workflow import STAGE_ORDER, TRANSITIONS, available_transitions
from sigap.lib.forms import add_errors
from sigap.lib.http import SignedInRequest
from sigap.lib.models import attach

TIMELINE_ON_PAGE = 10
TIMELINE_PAGE_SIZE = 25

# The forward steps a button on the case page may take; closing and reopening have their own screens
# (they need a reason, a checklist, a supervisor), linked from the same stage area.
FORWARD_STEPS = ("start_assessment", "start_planning", "start_implementation", "start_follow_up")


def step_label(transition: str) -> str:
    """Every stage button says the same thing, the stage it moves the case to: "Move to stage 3:
    Case planning". (Not "Start the assessment", which the assessment section says for starting one.)"""
    target = Stage(TRANSITIONS[transition].target)
    return _("Move to stage %(number)s: %(stage)s") % {
        "number": STAGE_ORDER.index(target) + 1,
        "stage": target.label,
    }


TIMELINE_LABELS: dict[str, Promise] = {
    "opened": gettext_lazy("Case registered"),
    "assigned": gettext_lazy("Case manager assigned"),
    "risk_rated": gettext_lazy("Risk level changed"),
    "forms_changed": gettext_lazy("Forms of violence changed"),
    "task_done": gettext_lazy("Task done"),
    "stage_changed": gettext_lazy("Stage changed"),
    "team_member_added": gettext_lazy("Added to the case team"),
    "team_member_removed": gettext_lazy("Removed from the case team"),
    "person_updated": gettext_lazy("Person's details corrected"),
    "screening_recorded": gettext_lazy("Initial risk screening recorded"),
    "screening_form_saved": gettext_lazy("Screening answers saved"),
    "assessment_started": gettext_lazy("Assessment started"),
    "assessment_saved": gettext_lazy("Assessment saved"),
    "assessment_completed": gettext_lazy("Assessment completed"),
    "plan_created": gettext_lazy("Case plan started"),
    "plan_saved": gettext_lazy("Case plan saved"),
    "plan_submitted": gettext_lazy("Case plan submitted for approval"),
    "plan_approved": gettext_lazy("Case plan approved"),
    "plan_returned": gettext_lazy("Case plan returned"),
    "plan_action_status": gettext_lazy("Plan action updated"),
    "service_recorded": gettext_lazy("Service recorded"),
    "follow_up_recorded": gettext_lazy("Follow-up recorded"),
    "note_added": gettext_lazy("Note added"),
    "note_edited": gettext_lazy("Note changed"),
    "note_corrected": gettext_lazy("Note corrected"),
    "attachment_added": gettext_lazy("Attachment added"),
    "closure_requested": gettext_lazy("Closure requested"),
    "closure_approved": gettext_lazy("Closure approved"),
    "closure_returned": gettext_lazy("Closure returned"),
    "reopened": gettext_lazy("Case reopened"),
    "attachment_destroyed": gettext_lazy("File destroyed"),
}


@dataclass
class Step:
    value: str
    label: Any
    state: str  # "done", "current" or "todo"


@dataclass
class TaskRow:
    task: CaseTask
    state: str  # see deadlines.task_state

    @property
    def manual(self) -> bool:
        return deadlines.is_manual(self.task.kind)

    @property
    def met_by(self) -> Any:
        return deadlines.MET_BY_EVENT.get(self.task.kind)


def stage_steps(case: Case) -> list[Step]:
    current = STAGE_ORDER.index(Stage(case.stage))
    return [
        Step(stage.value, stage.label, "done" if i < current else "current" if i == current else "todo")
        for i, stage in enumerate(STAGE_ORDER)
    ]


def next_steps(case: Case) -> list[tuple[str, Any, Any]]:
    """(transition, button label, reason it is blocked or None) for the forward steps from here."""
    return [
        (name, step_label(name), blocked)
        for name, blocked in available_transitions(case).items()
        if name in FORWARD_STEPS
    ]


def next_open_task(rows: list[TaskRow]) -> TaskRow | None:
    """The deadline the overview card shows: the earliest open one (``task_rows`` puts it first)."""
    return rows[0] if rows and rows[0].state != "done" else None


def task_rows(case: Case, now: datetime | None = None) -> list[TaskRow]:
    """Open tasks first (earliest due first), then the done ones, newest first."""
    now = now or timezone.now()
    rows = [TaskRow(task, deadlines.task_state(task, now)) for task in case.tasks.all()]
    open_rows = sorted((r for r in rows if r.state != "done"), key=lambda r: r.task.due_at)
    done_rows = sorted((r for r in rows if r.state == "done"), key=lambda r: r.task.done_at, reverse=True)  # type: ignore[arg-type, return-value]
    return open_rows + done_rows


def timeline_label(verb: str) -> Any:
    return extensions.timeline_label(verb)


def timeline_row(event: Any, task_notes: dict[str, str] | None = None) -> tuple[Any, Any, str]:
    """(event, label, detail): the detail is the event's summary unless it only repeats the label.

    A summary is written in the language of whoever acted, so the repeat is checked in every language.
    A task done shows the note of what was done, which is kept (encrypted) on the task, not the event.
    """
    label = timeline_label(event.verb)
    summary = event.summary or ""
    if summary:
        repeats = set()
        for code in [None, *(code for code, _name in settings.LANGUAGES)]:  # None: the source string
            with translation.override(code):
                repeats.add(str(label))
        if summary in repeats:
            summary = ""
    note = (task_notes or {}).get(str((event.details or {}).get("task_id", ""))) if event.verb == "task_done" else ""
    if note:
        summary = f"{summary} · {note}" if summary else note
    return event, label, summary


def timeline_rows(events: list[Any], tasks: list[CaseTask] | None = None) -> list[tuple[Any, Any, str]]:
    """The rows of ``events``; the notes of done tasks come from ``tasks`` when the caller has them
    (the case page prefetches them), else from one query when a task-done event is among them."""
    ids = {str(e.details.get("task_id")) for e in events if e.verb == "task_done" and e.details.get("task_id")}
    if tasks is None and ids:
        tasks = list(CaseTask.objects.filter(pk__in=ids).only("pk", "note"))
    notes = {str(task.pk): task.note for task in tasks or [] if str(task.pk) in ids}
    return [timeline_row(event, notes) for event in events]


def _load_for_page(case: Case) -> Case:
    """Everything the page shows about the case itself, in a fixed number of queries."""
    case = Case.objects.select_related(
        "organisation", "case_manager", "created_by", "reporter", "incident_regency"
    ).get(pk=case.pk)
    prefetch_related_objects(
        [case],
        "violence_forms",
        "tasks",
        Prefetch("victims", queryset=CaseVictim.objects.select_related("person").order_by("-is_primary", "created_at")),
        Prefetch("perpetrators", queryset=CasePerpetrator.objects.select_related("person").order_by("created_at")),
        Prefetch("team", queryset=CaseTeamMember.objects.select_related("user").order_by("user__full_name")),
    )
    return case


def _timeline(case: Case, limit: int) -> tuple[list[Any], bool]:
    events = list(case.timeline.select_related("actor").order_by("-at", "-id")[: limit + 1])
    return events[:limit], len(events) > limit


def case_page_context(request: SignedInRequest, case: Case) -> dict[str, Any]:
    user: Any = request.user
    can_edit = can_edit_case(user, case) and not case.is_closed
    approve = can_approve(user, case)
    events, more_events = _timeline(case, TIMELINE_ON_PAGE)
    manages_team = case.case_manager_id == user.pk or approve
    can_assign = approve or (case.case_manager_id is None and case.created_by_id == user.pk)
    tasks = task_rows(case)
    victims = list(case.victims.all())  # prefetched, the main client first
    context: dict[str, Any] = {
        "case": case,
        "user": user,
        "can_edit": can_edit,
        "can_approve": approve,
        "overview_client": victims[0].person if victims else None,
        "overview_next_task": next_open_task(tasks),
        "overview_tpks": [TPKSOffence(v).label for v in case.tpks_offences if v in TPKSOffence.values],
        "steps": stage_steps(case),
        "stage_number": STAGE_ORDER.index(Stage(case.stage)) + 1,
        "stage_count": len(STAGE_ORDER),
        "next_steps": next_steps(case) if can_edit else [],
        "tasks": tasks,
        "timeline_events": timeline_rows(events, list(case.tasks.all())),
        "more_timeline": more_events,
        "manages_team": manages_team and not case.is_closed,
        "team_form": TeamMemberForm(case=case) if manages_team and not case.is_closed else None,
        "can_assign": can_assign and not case.is_closed,
        "assign_form": AssignForm(case=case) if can_assign and not case.is_closed else None,
        "can_see_access_log": can_see_access_log(user, case),
    }
    context["case_sections"] = extensions.sections()
    context["overview_items"] = extensions.overview_items()
    context.update(extensions.section_context(request, case))
    context["section_menu"] = extensions.section_menu(context)
    return context


@require_GET
def case_detail(request: SignedInRequest, pk: UUID) -> HttpResponse:
    try:
        loaded = get_case_for_user(request.user, pk)
    except BreakGlassAvailable as offer:
        return break_glass_offer(request, offer.case)
    case = _load_for_page(loaded)
    attach(case, break_glass_until=getattr(loaded, "break_glass_until", None))
    log_access(user=request.user, obj=case, action=AccessAction.VIEW_CASE, request=request)
    return render(request, "cases/case_detail.html", case_page_context(request, case))


def _run(request: SignedInRequest, case: Case, change: Any, success: str) -> HttpResponse:
    """Run one verb from a button on the case page, then show the page with the outcome."""
    try:
        change()
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, success)
    return redirect(case)


@require_POST
def case_advance(request: SignedInRequest, pk: UUID, transition: str) -> HttpResponse:
    if transition not in FORWARD_STEPS:
        raise Http404
    case = get_case_for_user(request.user, pk, need="edit")
    return _run(
        request,
        case,
        lambda: actions.advance(case, transition, actor=request.user),
        _("The case moved to the next stage."),
    )


@require_http_methods(["GET", "POST"])
def task_done(request: SignedInRequest, pk: UUID, kind: str) -> HttpResponse:
    """Confirm a manual task done, with a note of what was done. A deadline met by an event has no
    form: the page says which event meets it (and a POST is refused with 400)."""
    if kind not in TaskKind.values:
        raise Http404
    case = get_case_for_user(request.user, pk, need="edit")
    if case.is_closed:
        messages.error(request, _("This case is closed. Reopen it first."))
        return redirect(case)
    posted = request.method == "POST"
    context: dict[str, Any] = {
        "case": case,
        "kind_label": TaskKind(kind).label,
        "task": case.tasks.filter(kind=kind, done_at__isnull=True).order_by("due_at").first(),
        "met_by": deadlines.MET_BY_EVENT.get(kind),
        "form": None,
    }
    if not deadlines.is_manual(kind):
        return render(request, "cases/task_done.html", context, status=400 if posted else 200)
    form = context["form"] = TaskDoneForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            actions.complete_task(case, kind, actor=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The task is marked done."))
            return redirect(case)
    return render(request, "cases/task_done.html", context, status=400 if posted else 200)


def overview_edit(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """Re-rate the risk and correct the forms of violence, refusing to overwrite a newer save."""
    case = get_case_for_user(request.user, pk, need="edit")
    prefetch_related_objects([case], "violence_forms")
    form = OverviewForm(request.POST if request.method == "POST" else None, case=case)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                _save_overview(case, form, request.user)
            except actions.ConflictError as error:
                form.add_error(None, error.messages)
                status = 409
                case.refresh_from_db()
                prefetch_related_objects([case], "violence_forms")
                # The next save is a deliberate choice over the newer values shown on the page.
                data = cast(QueryDict, form.data).copy()
                data["version"] = str(case.version)
                form.data = data
            except ValidationError as error:
                add_errors(form, error, {"forms": "violence_forms"})
            else:
                messages.success(request, _("The case overview was saved."))
                return redirect(case)
    return render(
        request,
        "cases/case_overview_form.html",
        {"case": case, "form": form, "conflict": status == 409},
        status=status,
    )


def _save_overview(case: Case, form: OverviewForm, actor: User) -> None:
    data = form.cleaned_data
    version = data["version"]
    with transaction.atomic():
        if form.risk_changed:
            actions.rate_risk(
                case, actor=actor, risk_level=data["risk_level"], reason=data["risk_reason"], expected_version=version
            )
            version = case.version
        if form.forms_changed:
            actions.set_forms(case, actor=actor, forms=data["violence_forms"], expected_version=version)


@require_POST
def team_add(request: SignedInRequest, pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    form = TeamMemberForm(request.POST, case=case)
    if not form.is_valid():
        if person_field(form, "user").has_choices_to_show():
            return _choose_person(request, case, form, "cases:team_add")
        for text in (error for errors in form.errors.values() for error in errors):
            messages.error(request, str(text))
        return redirect(case)
    user = form.cleaned_data["user"]
    return _run(
        request,
        case,
        lambda: actions.add_team_member(case, actor=request.user, user=user, access=form.cleaned_data["access"]),
        _("%(name)s was added to the case team.") % {"name": user.full_name},
    )


@require_POST
def team_remove(request: SignedInRequest, pk: UUID, user_pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    member = get_object_or_404(CaseTeamMember.objects.select_related("user"), case=case, user_id=user_pk)
    return _run(
        request,
        case,
        lambda: actions.remove_team_member(case, actor=request.user, user=member.user),
        _("%(name)s was removed from the case team.") % {"name": member.user.full_name},
    )


@require_POST
def assign(request: SignedInRequest, pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    form = AssignForm(request.POST, case=case)
    if not form.is_valid():
        if person_field(form, "case_manager").has_choices_to_show():
            return _choose_person(request, case, form, "cases:assign")
        messages.error(request, _("Choose a caseworker or supervisor of this organisation."))
        return redirect(case)
    manager = form.cleaned_data["case_manager"]
    response = _run(
        request,
        case,
        lambda: actions.assign_case(case, actor=request.user, case_manager=manager),
        _("%(name)s now manages this case.") % {"name": manager.full_name},
    )
    case.refresh_from_db(fields=["case_manager"])
    if case.case_manager_id == manager.pk:
        for warning in extensions.assignment_warnings(manager):
            messages.warning(request, warning)
    # Somebody who loses sight of the case by assigning it (an intake officer) goes to a new intake.
    if not _still_visible(request.user, case):
        return redirect("cases:new")
    return response


def _choose_person(request: SignedInRequest, case: Case, form: Any, action: str) -> HttpResponse:
    """Several colleagues match what was typed (without JavaScript): the form again, with the matches."""
    return render(request, "cases/choose_person.html", {"case": case, "form": form, "action": action}, status=200)


def _still_visible(user: Any, case: Case) -> bool:
    return visible_cases(user).filter(pk=case.pk).exists()


@require_GET
def timeline_page(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """The whole timeline of a case, newest first, page by page."""
    case = get_case_for_user(request.user, pk)
    events = case.timeline.select_related("actor").order_by("-at", "-id")
    page = Paginator(events, TIMELINE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = timeline_rows(list(page.object_list))
    return render(request, "cases/case_timeline.html", {"case": case, "page": page, "rows": rows})
