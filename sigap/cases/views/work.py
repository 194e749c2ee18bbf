"""Screens for the work on a case: screening and assessment, the case plan and its approval,
services, follow-ups, closure and reopening; the case page sections' context; a supervisor's
approvals waiting. Thin: cases load through ``get_case_for_user`` and the verbs do the work.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sigap.cases import actions, deadlines
from sigap.cases.access import can_approve, can_edit_case, get_case_for_user
from sigap.cases.actions import guided as guided_actions
from sigap.cases.closure_hooks import open_items
from sigap.cases.forms.work import (
    ActionStatusForm,
    AssessmentForm,
    ClosureRequestForm,
    DecisionForm,
    FollowUpForm,
    PlanForm,
    ReopenForm,
    ScreeningForm,
    ServiceForm,
    VersionForm,
)
from sigap.cases.models import (
    Assessment,
    Case,
    CasePlan,
    Closure,
    PlanAction,
    PlanGoal,
    Stage,
    TaskKind,
)
from sigap.cases.views import guided
from sigap.cases.workflow import check_transition
from sigap.lib.forms import add_errors
from sigap.lib.http import SignedInRequest
from sigap.lib.models import attach


def _on_case(case: Case, section: str) -> HttpResponseRedirect:
    """Back to the case page, at the section (its id on the page: assessment, plan, follow-ups ...)."""
    return redirect(f"{case.get_absolute_url()}#{section.replace('_', '-')}")


def _status(error: ValidationError) -> int:
    return 409 if isinstance(error, actions.ConflictError) else 400


def _refused(request: SignedInRequest, error: ValidationError) -> None:
    """A verb's refusal on a page without a form: a message at the top of the next page."""
    for message in error.messages:
        messages.error(request, message)


def _invalid_status(form: BaseForm, status: int = 200) -> int:
    if status != 200:
        return status
    return 400 if form.is_bound and form.errors else 200


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- Screening and assessment ---------------------------------------------------------------


def screening(request: SignedInRequest, pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk, need="edit")
    version = guided_actions.published_version(guided_actions.SCREENING_FORM)
    if version is not None:
        return guided.screening_page(request, case, version)
    form = ScreeningForm(request.POST or None, case=case)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_screening(case, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
            status = _status(error)
        else:
            messages.success(request, _("The initial screening was recorded."))
            return _on_case(case, "assessment")
    return render(
        request, "cases/assessment_screening.html", {"case": case, "form": form}, status=_invalid_status(form, status)
    )


@require_POST
def assessment_start(request: SignedInRequest, pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk, need="edit")
    try:
        assessment = guided_actions.start_assessment(case, actor=request.user)
    except ValidationError as error:
        _refused(request, error)
        return _on_case(case, "assessment")
    return redirect("cases:assessment", pk=case.pk, assessment_id=assessment.pk)


def assessment(request: SignedInRequest, pk: UUID, assessment_id: UUID) -> HttpResponse:
    """A comprehensive assessment: the form while it is open and the user may edit, else the record."""
    case = get_case_for_user(request.user, pk, need="edit" if request.method == "POST" else "view")
    records = case.assessments.filter(kind=Assessment.Kind.COMPREHENSIVE).select_related(
        "form_response__version__definition", "completed_by"
    )
    record = get_object_or_404(records, pk=assessment_id)
    editable = not record.is_completed and not case.is_closed and can_edit_case(request.user, case)
    if request.method == "POST" and not editable:
        messages.error(request, _("This assessment is completed and can no longer be changed."))
        return redirect("cases:assessment", pk=case.pk, assessment_id=record.pk)
    if record.form_response_id is not None:
        return guided.assessment_page(request, case, record, editable=editable)
    form = AssessmentForm(request.POST or None, assessment=record) if editable else None
    status = 200
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.save_assessment(
                record,
                actor=request.user,
                summary=data["summary"],
                risk_level=data["risk_level"],
                risk_reason=data["risk_reason"],
                entries=form.entries(),
                expected_version=data["version"],
            )
            if "complete" in request.POST:
                actions.complete_assessment(record, actor=request.user, expected_version=record.version)
                messages.success(request, _("The assessment was completed."))
                return _on_case(case, "assessment")
        except ValidationError as error:
            add_errors(form, error)
            status = _status(error)
            if not isinstance(error, actions.ConflictError):
                # Saved, then completing failed: the form goes on from the saved version.
                data = request.POST.copy()
                data["version"] = str(Assessment.objects.get(pk=record.pk).version)
                form.data = data
        else:
            messages.success(request, _("The assessment was saved."))
            return redirect("cases:assessment", pk=case.pk, assessment_id=record.pk)
    entries = {e.domain: e for e in record.entries.all()}
    return render(
        request,
        "cases/assessment_form.html" if form is not None else "cases/assessment_detail.html",
        {
            "case": case,
            "assessment": record,
            "form": form,
            "entries": [(label, entries.get(domain)) for domain, label in actions.assessment_domains(case)],
        },
        status=_invalid_status(form, status) if form is not None else 200,
    )


# --- Case plan ------------------------------------------------------------------------------


def _plan(case: Case, plan_id: UUID) -> CasePlan:
    return get_object_or_404(case.plans, pk=plan_id)


@require_POST
def plan_create(request: SignedInRequest, pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk, need="edit")
    try:
        plan = actions.create_plan(case, actor=request.user)
    except ValidationError as error:
        _refused(request, error)
        return _on_case(case, "plan")
    return redirect("cases:plan_edit", pk=case.pk, plan_id=plan.pk)


def _plan_page(
    request: SignedInRequest, case: Case, plan: CasePlan, *, decision: DecisionForm | None = None, status: int = 200
) -> HttpResponse:
    goals = list(
        plan.goals.select_related("need").prefetch_related(
            "actions__responsible_organisation", "actions__responsible_user"
        )
    )
    user = request.user
    may_edit = can_edit_case(user, case) and not case.is_closed
    may_decide = (
        plan.status == CasePlan.Status.SUBMITTED
        and not case.is_closed
        and can_approve(user, case)
        and plan.submitted_by_id != user.pk
    )
    return render(
        request,
        "cases/plan_detail.html",
        {
            "case": case,
            "plan": plan,
            "goals": goals,
            "may_edit": may_edit and plan.is_editable,
            "may_update_status": may_edit and plan.status == CasePlan.Status.APPROVED,
            "may_decide": may_decide,
            # Only a supervisor needs telling that somebody else must decide their own submission.
            "own_submission": plan.status == CasePlan.Status.SUBMITTED
            and plan.submitted_by_id == user.pk
            and can_approve(user, case),
            "decision": decision or DecisionForm(initial={"version": plan.version}),
            "review": actions.plan_review(plan) if may_decide else None,
            "status_choices": PlanAction.Status.choices,
        },
        status=status,
    )


@require_GET
def plan_detail(request: SignedInRequest, pk: UUID, plan_id: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    return _plan_page(request, case, _plan(case, plan_id))


def plan_edit(request: SignedInRequest, pk: UUID, plan_id: UUID) -> HttpResponse:
    """Goals and actions of a draft on one page; "add" buttons bring blank blocks without saving."""
    case = get_case_for_user(request.user, pk, need="edit")
    plan = _plan(case, plan_id)
    if not plan.is_editable or case.is_closed:
        messages.error(request, _("This version of the plan cannot be changed."))
        return redirect("cases:plan", pk=case.pk, plan_id=plan.pk)
    if request.method != "POST":
        return render(request, "cases/plan_form.html", {"case": case, "plan": plan, "form": PlanForm(plan)})
    add = request.POST.get("add", "")
    form = PlanForm(plan, request.POST, add=add)
    status = 400
    if add:
        return render(request, "cases/plan_form.html", {"case": case, "plan": plan, "form": form})
    if form.is_valid():
        try:
            actions.save_plan(
                plan,
                actor=request.user,
                goals=form.goals(),
                expected_version=_int(request.POST.get("version")),
            )
            if "submit" in request.POST:
                actions.submit_plan(plan, actor=request.user, expected_version=plan.version)
                messages.success(request, _("The plan was sent to the supervisor for approval."))
            else:
                messages.success(request, _("The plan was saved."))
            return redirect("cases:plan", pk=case.pk, plan_id=plan.pk)
        except ValidationError as error:
            form.add_errors(error.messages)
            status = _status(error)
            if not isinstance(error, actions.ConflictError):
                plan.refresh_from_db()
                form.version = plan.version
    return render(request, "cases/plan_form.html", {"case": case, "plan": plan, "form": form}, status=status)


@require_POST
def plan_submit(request: SignedInRequest, pk: UUID, plan_id: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk, need="edit")
    plan = _plan(case, plan_id)
    form = VersionForm(request.POST)
    try:
        actions.submit_plan(
            plan,
            actor=request.user,
            expected_version=form.cleaned_data["version"] if form.is_valid() else None,
        )
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The plan was sent to the supervisor for approval."))
    return redirect("cases:plan", pk=case.pk, plan_id=plan.pk)


@require_POST
def plan_decide(request: SignedInRequest, pk: UUID, plan_id: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk, need="approve")
    plan = _plan(case, plan_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, case, plan, decision=form, status=400)
    data = form.cleaned_data
    try:
        if data["decision"] == DecisionForm.APPROVE:
            actions.approve_plan(plan, actor=request.user, comment=data["comment"], expected_version=data["version"])
            messages.success(request, _("The plan was approved."))
        else:
            actions.return_plan(plan, actor=request.user, comment=data["comment"], expected_version=data["version"])
            messages.success(request, _("The plan was returned with your comments."))
    except ValidationError as error:
        add_errors(form, error)
        plan.refresh_from_db()
        return _plan_page(request, case, plan, decision=form, status=_status(error))
    return _on_case(case, "plan")


@require_POST
def plan_action_status(request: SignedInRequest, pk: UUID, action_id: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk, need="edit")
    action = get_object_or_404(PlanAction.objects.select_related("goal__plan"), pk=action_id, goal__plan__case=case)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        try:
            actions.update_action_status(
                action,
                actor=request.user,
                status=form.cleaned_data["status"],
                expected_status=form.cleaned_data["expected"],
            )
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("The action's status was updated."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect("cases:plan", pk=case.pk, plan_id=action.goal.plan_id)


# --- Services and follow-ups ----------------------------------------------------------------


def service_new(request: SignedInRequest, pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk, need="edit")
    form = ServiceForm(request.POST or None, case=case, plan=actions.current_plan(case))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_service(case, actor=request.user, **form.verb_arguments())
        except ValidationError as error:
            add_errors(form, error)
            status = _status(error)
        else:
            messages.success(request, _("The service was recorded."))
            return _on_case(case, "services")
    return render(
        request,
        "cases/service_form.html",
        {"case": case, "form": form, "mediation_refusal": actions.mediation_refusal(case)},
        status=_invalid_status(form, status),
    )


def follow_up_new(request: SignedInRequest, pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk, need="edit")
    blocked = None
    if case.stage not in {Stage.IMPLEMENTATION, Stage.FOLLOW_UP}:
        blocked = _("Follow-ups are recorded once the plan is being carried out.")
    cadence = deadlines.response_time(case.risk_level)[3]
    form = FollowUpForm(request.POST or None, case=case, plan=actions.current_plan(case), cadence_days=cadence)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_follow_up(case, actor=request.user, **form.verb_arguments())
        except ValidationError as error:
            add_errors(form, error)
            status = _status(error)
        else:
            messages.success(request, _("The follow-up was recorded."))
            return _on_case(case, "follow_ups")
    return render(
        request,
        "cases/follow_up_form.html",
        {"case": case, "form": form, "blocked": blocked},
        status=_invalid_status(form, status),
    )


# --- Closure and reopening ------------------------------------------------------------------


def closure_request(request: SignedInRequest, pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk, need="edit")
    pending = case.closures.filter(status=Closure.Status.PENDING).first()
    form = ClosureRequestForm(request.POST or None, case=case)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            actions.request_closure(
                case,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                reason_detail=form.cleaned_data["reason_detail"],
                checklist=form.checklist(),
            )
        except ValidationError as error:
            add_errors(form, error, {"checklist": None})
            status = _status(error)
        else:
            messages.success(request, _("The closure request was sent to the supervisor."))
            return _on_case(case, "closure")
    return render(
        request,
        "cases/closure_form.html",
        {"case": case, "form": form, "pending": pending, "open_items": [] if pending else open_items(case)},
        status=_invalid_status(form, status),
    )


def _closure_page(
    request: SignedInRequest, case: Case, closure: Closure, *, decision: DecisionForm | None = None, status: int = 200
) -> HttpResponse:
    labels = dict((key, label) for key, label in actions.CLOSURE_CHECKLIST)
    may_decide = (
        closure.status == Closure.Status.PENDING
        and not case.is_closed
        and can_approve(request.user, case)
        and closure.requested_by_id != request.user.pk
    )
    return render(
        request,
        "cases/closure_detail.html",
        {
            "case": case,
            "closure": closure,
            "checklist": [(labels.get(key, key), done) for key, done in closure.checklist.items()],
            "may_decide": may_decide,
            "own_request": closure.status == Closure.Status.PENDING
            and closure.requested_by_id == request.user.pk
            and can_approve(request.user, case),
            "decision": decision or DecisionForm(),
            "open_items": open_items(case) if closure.status == Closure.Status.PENDING and not case.is_closed else [],
        },
        status=status,
    )


@require_GET
def closure_detail(request: SignedInRequest, pk: UUID, closure_id: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    return _closure_page(request, case, get_object_or_404(case.closures, pk=closure_id))


@require_POST
def closure_decide(request: SignedInRequest, pk: UUID, closure_id: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk, need="approve")
    closure = get_object_or_404(case.closures, pk=closure_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _closure_page(request, case, closure, decision=form, status=400)
    data = form.cleaned_data
    try:
        if data["decision"] == DecisionForm.APPROVE:
            actions.approve_closure(closure, actor=request.user, comment=data["comment"])
            messages.success(request, _("The case is closed."))
        else:
            actions.return_closure(closure, actor=request.user, comment=data["comment"])
            messages.success(request, _("The closure request was returned with your comments."))
    except ValidationError as error:
        add_errors(form, error)
        closure.refresh_from_db()
        return _closure_page(request, case, closure, decision=form, status=_status(error))
    return _on_case(case, "closure")


def reopen(request: SignedInRequest, pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    if not (can_edit_case(request.user, case) or can_approve(request.user, case)):
        raise PermissionDenied
    form = ReopenForm(request.POST or None)
    if not case.is_closed:
        messages.info(request, _("This case is not closed."))
        return redirect(case)
    if request.method == "POST" and form.is_valid():
        try:
            actions.reopen_case(case, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The case was reopened and a follow-up is due."))
            return _on_case(case, "closure")
    return render(request, "cases/closure_reopen.html", {"case": case, "form": form}, status=_invalid_status(form))


# --- Case page sections ---------------------------------------------------------------------


def assessment_section(request: SignedInRequest, case: Case) -> dict[str, Any]:
    records = list(case.assessments.select_related("created_by", "completed_by"))
    comprehensive = [a for a in records if a.kind == Assessment.Kind.COMPREHENSIVE]
    open_assessment = next((a for a in comprehensive if not a.is_completed), None)
    return {
        "assessment_screenings": [a for a in records if a.kind == Assessment.Kind.SCREENING],
        "assessment_records": comprehensive,
        "assessment_open": open_assessment,
        "assessment_may_screen": case.stage in {Stage.IDENTIFICATION, Stage.ASSESSMENT},
        "assessment_may_start": open_assessment is None and not case.is_closed,
    }


def _plan_blocked(case: Case, pending: CasePlan | None) -> str | None:
    """Why a new plan version cannot be started now (None when it can)."""
    if case.is_closed:
        return None
    if pending is not None:
        return _("Version %(number)s of the plan is not yet approved: work on that one.") % {"number": pending.number}
    if case.stage == Stage.IDENTIFICATION:
        return _("Complete the comprehensive assessment before planning.")
    if case.stage == Stage.ASSESSMENT:
        blocked = check_transition(case, "start_planning")
        return str(blocked) if blocked else None
    return None


def plan_section(request: SignedInRequest, case: Case) -> dict[str, Any]:
    versions = list(case.plans.select_related("submitted_by", "decided_by"))
    current = next((p for p in versions if p.status == CasePlan.Status.APPROVED), None)
    pending = next(
        (p for p in versions if p.status not in {CasePlan.Status.APPROVED, CasePlan.Status.SUPERSEDED}), None
    )
    goals: list[PlanGoal] = []
    if current is not None:
        goals = list(current.goals.prefetch_related("actions"))
    return {
        "plan_versions": versions,
        "plan_current": current,
        "plan_goals": goals,
        "plan_pending": pending,
        "plan_blocked": _plan_blocked(case, pending),
    }


def services_section(request: SignedInRequest, case: Case) -> dict[str, Any]:
    return {
        "services_list": list(case.services.select_related("provider_organisation", "plan_action", "recorded_by")),
        "services_mediation_refusal": actions.mediation_refusal(case),
    }


def follow_ups_section(request: SignedInRequest, case: Case) -> dict[str, Any]:
    follow_ups = list(case.follow_ups.select_related("recorded_by"))
    goal_texts = {str(pk): text for pk, text in PlanGoal.objects.filter(plan__case=case).values_list("pk", "text")}
    for follow_up in follow_ups:
        attach(
            follow_up,
            goal_items=[(goal_texts.get(goal_id, "?"), text) for goal_id, text in follow_up.goal_progress.items()],
        )
    next_task = case.tasks.filter(kind=TaskKind.FOLLOW_UP, done_at__isnull=True).order_by("due_at").first()
    return {
        "follow_ups_list": follow_ups,
        "follow_ups_next": next_task,
        "follow_ups_next_state": deadlines.task_state(next_task) if next_task else "",
        "follow_ups_allowed": case.stage in {Stage.IMPLEMENTATION, Stage.FOLLOW_UP},
    }


def closure_section(request: SignedInRequest, case: Case) -> dict[str, Any]:
    closures = list(case.closures.select_related("requested_by", "decided_by", "reopened_by"))
    pending = next((c for c in closures if c.status == Closure.Status.PENDING), None)
    user = request.user
    return {
        "closure_list": closures,
        "closure_pending": pending,
        "closure_may_decide": pending is not None and can_approve(user, case) and pending.requested_by_id != user.pk,
        "closure_may_reopen": case.is_closed and (can_edit_case(user, case) or can_approve(user, case)),
    }
