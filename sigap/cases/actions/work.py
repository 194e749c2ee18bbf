"""Verbs for the work on a case: assessment, case plan and its approval, services, follow-up,
closure and reopening (BRIEF §2 stages 2–6). Same rules as the other verbs: acting user by keyword,
permission first, one transaction, a timeline event for every change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.accounts.models import User
from sigap.cases import deadlines
from sigap.cases.access import can_approve, can_edit_case
from sigap.cases.actions import (
    ConflictError,
    _require_edit,
    bump_version,
    mediation_refusal,
    move_stage,
    rate_risk,
    timeline,
)
from sigap.cases.codes import AssessmentDomain, ClientType, ClosureReason, Priority, RiskLevel, ServiceType
from sigap.cases.models import (
    Assessment,
    AssessmentEntry,
    Case,
    CasePlan,
    Closure,
    FollowUp,
    PlanAction,
    PlanGoal,
    ServiceDelivery,
    Stage,
    TaskKind,
)
from sigap.organisations.models import Membership, Organisation

__all__ = [
    "CLOSURE_CHECKLIST",
    "ActionInput",
    "GoalInput",
    "approve_closure",
    "approve_plan",
    "assessment_domains",
    "checklist_items_for",
    "complete_assessment",
    "create_plan",
    "current_plan",
    "record_follow_up",
    "record_screening",
    "record_service",
    "reopen_case",
    "request_closure",
    "return_closure",
    "return_plan",
    "save_assessment",
    "save_plan",
    "start_assessment_record",
    "submit_plan",
    "update_action_status",
]


def _bump(obj: Model, expected: int | None) -> None:
    bump_version(obj, expected)  # type: ignore[arg-type]  # works for any model with a ``version`` field


def _risk_follows(case: Case, *, actor: User, risk_level: str, reason: str) -> None:
    """The case risk follows a new rating (assessment, follow-up); unchanged levels leave it alone."""
    if risk_level and risk_level != case.risk_level:
        rate_risk(case, actor=actor, risk_level=risk_level, reason=reason)


# --- Assessment -----------------------------------------------------------------------------


def assessment_domains(case: Case) -> list[tuple[str, Any]]:
    """The domains assessed on this case: best interests only for a child."""
    return [
        (value, label)
        for value, label in AssessmentDomain.choices
        if value != AssessmentDomain.BEST_INTERESTS or case.client_type == ClientType.CHILD
    ]


@transaction.atomic
def record_screening(case: Case, *, actor: User, summary: str, risk_level: str, risk_reason: str = "") -> Assessment:
    """The initial risk screening at intake (identification or early assessment stage)."""
    _require_edit(actor, case)
    if case.stage not in {Stage.IDENTIFICATION, Stage.ASSESSMENT}:
        raise ValidationError(_("The initial screening is recorded at intake, before planning."), code="stage")
    errors: dict[str, list[str]] = {}
    if not summary.strip():
        errors["summary"] = [_("Summarise what the screening found.")]
    if risk_level not in RiskLevel.values:
        errors["risk_level"] = [_("Choose a risk level.")]
    elif risk_level != case.risk_level and not risk_reason.strip():
        errors["risk_reason"] = [_("Say why the risk level changes.")]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    screening = Assessment.objects.create(
        case=case,
        kind=Assessment.Kind.SCREENING,
        summary=summary,
        risk_level=risk_level,
        risk_reason=risk_reason,
        completed_at=now,
        completed_by=actor,
        created_by=actor,
    )
    _risk_follows(case, actor=actor, risk_level=risk_level, reason=risk_reason)
    timeline(
        case,
        "screening_recorded",
        actor=actor,
        summary=_("Initial risk screening: %(risk)s") % {"risk": screening.get_risk_level_display()},
        assessment=str(screening.pk),
        risk=risk_level,
    )
    return screening


@transaction.atomic
def start_assessment_record(case: Case, *, actor: User) -> Assessment:
    """Open a comprehensive assessment draft; a case still in identification moves to assessment."""
    _require_edit(actor, case)
    if case.assessments.filter(kind=Assessment.Kind.COMPREHENSIVE, completed_at__isnull=True).exists():
        raise ValidationError(_("An assessment is already in progress on this case."), code="open_assessment")
    if case.stage == Stage.IDENTIFICATION:
        move_stage(case, "start_assessment", actor=actor)
    assessment = Assessment.objects.create(
        case=case,
        kind=Assessment.Kind.COMPREHENSIVE,
        risk_level=case.risk_level,
        created_by=actor,
    )
    timeline(case, "assessment_started", actor=actor, summary=_("Assessment started"), assessment=str(assessment.pk))
    return assessment


def _require_open_assessment(assessment: Assessment) -> None:
    if assessment.is_completed:
        raise ValidationError(_("This assessment is completed and can no longer be changed."), code="completed")


@transaction.atomic
def save_assessment(
    assessment: Assessment,
    *,
    actor: User,
    summary: str,
    risk_level: str,
    risk_reason: str,
    entries: Mapping[str, Mapping[str, str]],
    expected_version: int | None = None,
) -> Assessment:
    """Save the draft: summary, proposed risk level, and per domain findings, needs and priority."""
    case = assessment.case
    _require_edit(actor, case)
    _require_open_assessment(assessment)
    domains = dict(assessment_domains(case))
    errors: dict[str, list[str]] = {}
    if set(entries) - set(domains):
        errors["entries"] = [_("The best-interests domain is assessed for children only.")]
    if risk_level and risk_level not in RiskLevel.values:
        errors["risk_level"] = [_("Choose a risk level.")]
    if any(values.get("priority") and values["priority"] not in Priority.values for values in entries.values()):
        errors["entries"] = [_("Unknown priority.")]
    if errors:
        raise ValidationError(errors)
    _bump(assessment, expected_version)
    assessment.summary = summary
    assessment.risk_level = risk_level
    assessment.risk_reason = risk_reason
    assessment.save(update_fields=["summary", "risk_level", "risk_reason", "updated_at"])
    existing = {entry.domain: entry for entry in assessment.entries.all()}
    for domain in domains:
        values = entries.get(domain, {})
        findings, needs, priority = values.get("findings", ""), values.get("needs", ""), values.get("priority", "")
        entry = existing.get(domain)
        if not (findings.strip() or needs.strip() or priority):
            if entry is not None:
                entry.delete()
            continue
        if entry is None:
            entry = AssessmentEntry(assessment=assessment, domain=domain)
        entry.findings, entry.needs, entry.priority = findings, needs, priority
        entry.save()
    timeline(case, "assessment_saved", actor=actor, summary=_("Assessment saved"), assessment=str(assessment.pk))
    return assessment


@transaction.atomic
def complete_assessment(assessment: Assessment, *, actor: User, expected_version: int | None = None) -> Assessment:
    """Complete the assessment: the case risk follows it, the assessment deadline is met, and a case
    in the assessment stage moves on to planning."""
    case = assessment.case
    _require_edit(actor, case)
    _require_open_assessment(assessment)
    entries = list(assessment.entries.all())
    errors: list[str] = []
    if not assessment.summary.strip():
        errors.append(_("Write a summary of the assessment."))
    if not assessment.risk_level:
        errors.append(_("Rate the risk."))
    elif assessment.risk_level != case.risk_level and not assessment.risk_reason.strip():
        errors.append(_("Say why the risk level changes."))
    if not any(entry.findings.strip() for entry in entries):
        errors.append(_("Record the findings of at least one domain."))
    if case.client_type == ClientType.CHILD and not any(
        entry.domain == AssessmentDomain.BEST_INTERESTS and entry.findings.strip() for entry in entries
    ):
        errors.append(_("Record the best-interests considerations for this child."))
    if errors:
        raise ValidationError(errors, code="incomplete")
    _bump(assessment, expected_version)
    assessment.completed_at = timezone.now()
    assessment.completed_by = actor
    assessment.save(update_fields=["completed_at", "completed_by", "updated_at"])
    _risk_follows(case, actor=actor, risk_level=assessment.risk_level, reason=assessment.risk_reason)
    deadlines.complete_tasks(case, TaskKind.ASSESSMENT, by=actor)
    deadlines.refresh_next_due(case)
    timeline(
        case,
        "assessment_completed",
        actor=actor,
        summary=_("Assessment completed"),
        assessment=str(assessment.pk),
        risk=assessment.risk_level,
    )
    if case.stage == Stage.ASSESSMENT:
        move_stage(case, "start_planning", actor=actor)
    return assessment


# --- Case plan ------------------------------------------------------------------------------


@dataclass
class ActionInput:
    """One action of a plan goal as the form or the API sends it."""

    service_type: str
    description: str = ""
    responsible_organisation: Organisation | None = None
    responsible_user: User | None = None
    due_date: date | None = None
    status: str = PlanAction.Status.PLANNED


@dataclass
class GoalInput:
    text: str
    actions: list[ActionInput] = field(default_factory=list)


def current_plan(case: Case) -> CasePlan | None:
    """The approved plan being carried out, if any."""
    return case.plans.filter(status=CasePlan.Status.APPROVED).first()


def _require_editable_plan(plan: CasePlan) -> None:
    if not plan.is_editable:
        raise ValidationError(
            _("This version of the plan is %(status)s and cannot be changed.") % {"status": plan.get_status_display()},
            code="read_only",
        )


@transaction.atomic
def create_plan(case: Case, *, actor: User) -> CasePlan:
    """Start a new plan version. A revision copies the approved plan; the approved one stays in
    force until the new version is approved. A case still in assessment moves to planning."""
    _require_edit(actor, case)
    if case.stage == Stage.IDENTIFICATION:
        raise ValidationError(_("Complete the comprehensive assessment before planning."), code="stage")
    pending = case.plans.exclude(status__in=[CasePlan.Status.APPROVED, CasePlan.Status.SUPERSEDED]).first()
    if pending is not None:
        raise ValidationError(
            _("Version %(number)s of the plan is not yet approved: work on that one.") % {"number": pending.number},
            code="pending_plan",
        )
    if case.stage == Stage.ASSESSMENT:
        move_stage(case, "start_planning", actor=actor)
    number = (case.plans.aggregate(n=Max("number"))["n"] or 0) + 1
    plan = CasePlan.objects.create(case=case, number=number, created_by=actor)
    approved = current_plan(case)
    if approved is not None:
        for goal in approved.goals.prefetch_related("actions"):
            copy = PlanGoal.objects.create(plan=plan, text=goal.text, order=goal.order)
            PlanAction.objects.bulk_create(
                [
                    PlanAction(
                        goal=copy,
                        service_type=action.service_type,
                        description=action.description,
                        responsible_organisation_id=action.responsible_organisation_id,
                        responsible_user_id=action.responsible_user_id,
                        due_date=action.due_date,
                        status=action.status,
                    )
                    for action in goal.actions.all()
                ]
            )
    timeline(
        case,
        "plan_created",
        actor=actor,
        summary=_("Case plan version %(number)s started") % {"number": number},
        plan=str(plan.pk),
        number=number,
        revises=str(approved.pk) if approved else None,
    )
    return plan


def _validate_goals(case: Case, goals: Sequence[GoalInput]) -> None:
    errors: list[str] = []
    refusal = mediation_refusal(case)
    staff = set(
        Membership.objects.filter(is_active=True, organisation=case.organisation).values_list("user_id", flat=True)
    )
    for number, goal in enumerate(goals, start=1):
        if not goal.text.strip():
            errors.append(_("Goal %(number)s: describe the goal.") % {"number": number})
        for action in goal.actions:
            if action.service_type not in ServiceType.values:
                errors.append(_("Goal %(number)s: choose a service for every action.") % {"number": number})
            elif action.service_type == ServiceType.MEDIASI and refusal:
                errors.append(refusal)
            if action.responsible_organisation is None and action.responsible_user is None:
                errors.append(
                    _("Goal %(number)s: name the responsible organisation or person of every action.")
                    % {"number": number}
                )
            if action.status not in PlanAction.Status.values:
                errors.append(_("Unknown action status."))
            user = action.responsible_user
            if (
                user is not None
                and user.pk not in staff
                and not (
                    action.responsible_organisation is not None
                    and Membership.objects.filter(
                        user=user, organisation=action.responsible_organisation, is_active=True
                    ).exists()
                )
            ):
                errors.append(
                    _("Goal %(number)s: the responsible person must work for this organisation or the one named.")
                    % {"number": number}
                )
    if errors:
        raise ValidationError(list(dict.fromkeys(errors)))


@transaction.atomic
def save_plan(
    plan: CasePlan, *, actor: User, goals: Sequence[GoalInput], expected_version: int | None = None
) -> CasePlan:
    """Replace the draft's goals and actions with the ones given (in order)."""
    case = plan.case
    _require_edit(actor, case)
    _require_editable_plan(plan)
    _validate_goals(case, goals)
    _bump(plan, expected_version)
    plan.goals.all().delete()
    for order, goal in enumerate(goals):
        saved = PlanGoal.objects.create(plan=plan, text=goal.text, order=order)
        PlanAction.objects.bulk_create(
            [
                PlanAction(
                    goal=saved,
                    service_type=a.service_type,
                    description=a.description,
                    responsible_organisation=a.responsible_organisation,
                    responsible_user=a.responsible_user,
                    due_date=a.due_date,
                    status=a.status,
                )
                for a in goal.actions
            ]
        )
    timeline(
        case,
        "plan_saved",
        actor=actor,
        summary=_("Case plan version %(number)s saved") % {"number": plan.number},
        plan=str(plan.pk),
    )
    return plan


def _require_open_case(case: Case) -> None:
    if case.is_closed:
        raise ValidationError(_("This case is closed. Reopen it first."), code="closed")


def _require_decider(actor: User, case: Case, submitted_by_id: Any) -> None:
    """Plans and closures are decided by a supervisor of the case, never by whoever asked."""
    if not can_approve(actor, case):
        raise PermissionDenied(_("Only a supervisor of this case may decide."))
    if submitted_by_id == actor.pk:
        raise PermissionDenied(_("You asked for this yourself: another supervisor must decide."))


@transaction.atomic
def submit_plan(plan: CasePlan, *, actor: User, expected_version: int | None = None) -> CasePlan:
    """Send the plan to the supervisor: it needs at least one goal, and every goal an action."""
    case = plan.case
    _require_edit(actor, case)
    _require_editable_plan(plan)
    goals = list(plan.goals.prefetch_related("actions"))
    if not goals:
        raise ValidationError(_("Add at least one goal with an action before submitting."), code="empty")
    errors = [
        _("Goal %(number)s has no action yet.") % {"number": number}
        for number, goal in enumerate(goals, start=1)
        if not goal.actions.all()
    ]
    refusal = mediation_refusal(case)
    if refusal and any(a.service_type == ServiceType.MEDIASI for g in goals for a in g.actions.all()):
        errors.append(refusal)
    if errors:
        raise ValidationError(errors, code="incomplete")
    _bump(plan, expected_version)
    plan.status = CasePlan.Status.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.submitted_by = actor
    plan.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    timeline(
        case,
        "plan_submitted",
        actor=actor,
        summary=_("Case plan version %(number)s submitted for approval") % {"number": plan.number},
        plan=str(plan.pk),
    )
    return plan


def _require_submitted(plan: CasePlan) -> None:
    if plan.status != CasePlan.Status.SUBMITTED:
        raise ValidationError(_("This version of the plan is not waiting for approval."), code="not_submitted")


@transaction.atomic
def approve_plan(plan: CasePlan, *, actor: User, comment: str = "", expected_version: int | None = None) -> CasePlan:
    """A supervisor approves: the plan becomes read-only, replaces the previous approved version,
    meets the plan deadline, and a case in planning moves on to implementation."""
    case = plan.case
    _require_decider(actor, case, plan.submitted_by_id)
    _require_open_case(case)
    _require_submitted(plan)
    refusal = mediation_refusal(case)
    if refusal and PlanAction.objects.filter(goal__plan=plan, service_type=ServiceType.MEDIASI).exists():
        raise ValidationError(refusal, code="mediation_refused")
    _bump(plan, expected_version)
    now = timezone.now()
    case.plans.filter(status=CasePlan.Status.APPROVED).update(status=CasePlan.Status.SUPERSEDED, updated_at=now)
    plan.status = CasePlan.Status.APPROVED
    plan.decided_at = now
    plan.decided_by = actor
    plan.decision_comment = comment
    plan.save(update_fields=["status", "decided_at", "decided_by", "decision_comment", "updated_at"])
    deadlines.complete_tasks(case, TaskKind.PLAN_APPROVAL, by=actor)
    deadlines.refresh_next_due(case)
    timeline(
        case,
        "plan_approved",
        actor=actor,
        summary=_("Case plan version %(number)s approved") % {"number": plan.number},
        plan=str(plan.pk),
    )
    if case.stage == Stage.PLANNING:
        move_stage(case, "start_implementation", actor=actor)
    return plan


@transaction.atomic
def return_plan(plan: CasePlan, *, actor: User, comment: str, expected_version: int | None = None) -> CasePlan:
    """A supervisor sends the plan back with comments; the case manager changes and resubmits it."""
    case = plan.case
    _require_decider(actor, case, plan.submitted_by_id)
    _require_open_case(case)
    _require_submitted(plan)
    if not comment.strip():
        raise ValidationError({"comment": [_("Say what needs to change.")]})
    _bump(plan, expected_version)
    plan.status = CasePlan.Status.RETURNED
    plan.decided_at = timezone.now()
    plan.decided_by = actor
    plan.decision_comment = comment
    plan.save(update_fields=["status", "decided_at", "decided_by", "decision_comment", "updated_at"])
    timeline(
        case,
        "plan_returned",
        actor=actor,
        summary=_("Case plan version %(number)s returned: %(comment)s") % {"number": plan.number, "comment": comment},
        plan=str(plan.pk),
    )
    return plan


@transaction.atomic
def update_action_status(
    action: PlanAction, *, actor: User, status: str, expected_status: str | None = None
) -> PlanAction:
    """Record progress on an action of the approved plan (its content stays as approved).

    ``expected_status`` is the status the user saw: if somebody changed it since, nothing is
    overwritten.
    """
    plan = action.goal.plan
    case = plan.case
    _require_edit(actor, case)
    if plan.status != CasePlan.Status.APPROVED:
        raise ValidationError(_("Progress is recorded on the approved plan."), code="not_approved")
    if status not in PlanAction.Status.values:
        raise ValidationError({"status": [_("Unknown action status.")]})
    rows = PlanAction.objects.filter(pk=action.pk)
    if expected_status is not None:
        rows = rows.filter(status=expected_status)
    if not rows.update(status=status, updated_at=timezone.now()):
        raise ConflictError(
            _("Somebody else changed this record while you were editing it. Reload the page to see their changes."),
            code="conflict",
        )
    previous, action.status = action.status, status
    timeline(
        case,
        "plan_action_status",
        actor=actor,
        summary=f"{action.get_service_type_display()}: {action.get_status_display()}",
        action=str(action.pk),
        previous=previous,
        status=status,
    )
    return action


# --- Services -------------------------------------------------------------------------------


@transaction.atomic
def record_service(
    case: Case,
    *,
    actor: User,
    service_type: str,
    delivered_on: date,
    provider_organisation: Organisation | None = None,
    provider_name: str = "",
    plan_action: PlanAction | None = None,
    outcome: str = "",
) -> ServiceDelivery:
    """A service delivered to the client: by the own unit or another organisation (on Sigap or not).

    Mediation is refused on sexual-violence cases unless every perpetrator is a child (TPKS).
    """
    _require_edit(actor, case)
    errors: dict[str, list[str]] = {}
    if service_type not in ServiceType.values:
        errors["service_type"] = [_("Choose a service.")]
    elif service_type == ServiceType.MEDIASI:
        refusal = mediation_refusal(case)
        if refusal:
            errors["service_type"] = [refusal]
    if delivered_on > timezone.localdate():
        errors["delivered_on"] = [_("The date cannot be in the future.")]
    if (provider_organisation is None) == (not provider_name.strip()):
        errors["provider_name"] = [_("Name either an organisation or a provider not on Sigap.")]
    if (
        plan_action is not None
        and not PlanAction.objects.filter(
            pk=plan_action.pk, goal__plan__case=case, goal__plan__status=CasePlan.Status.APPROVED
        ).exists()
    ):
        errors["plan_action"] = [_("Choose an action of this case's approved plan.")]
    if errors:
        raise ValidationError(errors)
    service = ServiceDelivery.objects.create(
        case=case,
        service_type=service_type,
        delivered_on=delivered_on,
        provider_organisation=provider_organisation,
        provider_name=provider_name.strip() if provider_organisation is None else "",
        plan_action=plan_action,
        outcome=outcome,
        recorded_by=actor,
    )
    timeline(
        case,
        "service_recorded",
        actor=actor,
        summary=str(service.get_service_type_display()),
        service=str(service.pk),
        service_type=service_type,
        on=delivered_on.isoformat(),
    )
    return service


# --- Follow-up ------------------------------------------------------------------------------


def follow_up_due(case: Case, on: date) -> datetime:
    """A follow-up planned for a day is due at 09:00 that day, in the organisation's time zone."""
    return datetime.combine(on, time(9, 0), tzinfo=ZoneInfo(case.organisation.time_zone))


@transaction.atomic
def record_follow_up(
    case: Case,
    *,
    actor: User,
    held_on: date,
    method: str,
    risk_level: str,
    progress: str = "",
    goal_progress: Mapping[str, str] | None = None,
    new_risks: str = "",
    next_date: date | None = None,
) -> FollowUp:
    """A visit or call: progress overall and per goal, risk now, and when the next one is due.

    The open follow-up deadline is met and the next one scheduled (``next_date`` or the cadence of
    the risk level). A changed risk level re-rates the case, with the new risks as the reason.
    """
    _require_edit(actor, case)
    if case.stage not in {Stage.IMPLEMENTATION, Stage.FOLLOW_UP}:
        raise ValidationError(_("Follow-ups are recorded once the plan is being carried out."), code="stage")
    plan = current_plan(case)
    goal_ids = {str(pk) for pk in plan.goals.values_list("pk", flat=True)} if plan else set()
    progress_by_goal = {str(k): v.strip() for k, v in (goal_progress or {}).items() if v and v.strip()}
    errors: dict[str, list[str]] = {}
    if method not in FollowUp.Method.values:
        errors["method"] = [_("Choose how the follow-up was done.")]
    if risk_level not in RiskLevel.values:
        errors["risk_level"] = [_("Choose a risk level.")]
    elif risk_level != case.risk_level and not new_risks.strip():
        errors["new_risks"] = [_("Describe what changed the risk level.")]
    if held_on > timezone.localdate():
        errors["held_on"] = [_("The date cannot be in the future.")]
    if next_date is not None and next_date <= held_on:
        errors["next_date"] = [_("The next follow-up must come after this one.")]
    if set(progress_by_goal) - goal_ids:
        errors["goal_progress"] = [_("Progress can be recorded only on goals of the approved plan.")]
    if not (progress.strip() or progress_by_goal):
        errors["progress"] = [_("Describe the progress.")]
    if errors:
        raise ValidationError(errors)
    follow_up = FollowUp.objects.create(
        case=case,
        held_on=held_on,
        method=method,
        progress=progress,
        goal_progress=progress_by_goal,
        new_risks=new_risks,
        risk_level=risk_level,
        next_date=next_date,
        recorded_by=actor,
    )
    _risk_follows(case, actor=actor, risk_level=risk_level, reason=new_risks)
    deadlines.complete_tasks(case, TaskKind.FOLLOW_UP, by=actor)
    task = deadlines.schedule_follow_up(case, due=follow_up_due(case, next_date) if next_date else None)
    deadlines.refresh_next_due(case)
    timeline(
        case,
        "follow_up_recorded",
        actor=actor,
        summary=_("Follow-up (%(method)s); next due %(due)s")
        % {"method": follow_up.get_method_display(), "due": timezone.localtime(task.due_at).date().isoformat()},
        follow_up=str(follow_up.pk),
        risk=risk_level,
        next_due=task.due_at.isoformat(),
    )
    return follow_up


# --- Closure and reopening ------------------------------------------------------------------

CLOSURE_CHECKLIST: list[tuple[str, Any]] = [
    ("goals_reviewed", gettext_lazy("The plan's goals were reviewed")),
    ("client_informed", gettext_lazy("The client (for a child, also the parent or guardian) was told of the closure")),
    ("referrals_closed", gettext_lazy("Open referrals are closed or handed over")),
    ("safety_checked", gettext_lazy("Safety was checked again: no immediate danger remains")),
    ("records_complete", gettext_lazy("The case record is complete (services, follow-ups, notes)")),
]

# Items that cannot be done for some reasons: nobody to inform after a death or when unreachable.
_NOT_POSSIBLE: dict[str, set[str]] = {
    ClosureReason.DIED: {"client_informed", "safety_checked"},
    ClosureReason.MOVED_UNREACHABLE: {"client_informed"},
}

_DETAIL_REQUIRED = {ClosureReason.OTHER, ClosureReason.TRANSFERRED}


def checklist_items_for(case: Case, reason: str) -> list[tuple[str, Any, bool]]:
    """(key, label, required) for each checklist item, given the case and the closure reason.

    Reviewing goals is only required when the case ever had an approved plan.
    """
    had_plan = case.plans.filter(status__in=[CasePlan.Status.APPROVED, CasePlan.Status.SUPERSEDED]).exists()
    optional = set(_NOT_POSSIBLE.get(reason, set()))
    if not had_plan:
        optional.add("goals_reviewed")
    return [(key, label, key not in optional) for key, label in CLOSURE_CHECKLIST]


@transaction.atomic
def request_closure(
    case: Case, *, actor: User, reason: str, reason_detail: str = "", checklist: Mapping[str, bool]
) -> Closure:
    """Ask a supervisor to close the case, with the reason and the closure checklist confirmed."""
    _require_edit(actor, case)
    if case.closures.filter(status=Closure.Status.PENDING).exists():
        raise ValidationError(_("A closure request is already waiting for approval."), code="pending")
    errors: dict[str, list[str]] = {}
    if reason not in ClosureReason.values:
        errors["reason"] = [_("Choose the reason for closing.")]
    elif reason in _DETAIL_REQUIRED and not reason_detail.strip():
        errors["reason_detail"] = [_("Give the details of this reason.")]
    items = checklist_items_for(case, reason)
    missing = [str(label) for key, label, required in items if required and not checklist.get(key)]
    if missing:
        errors["checklist"] = [_("Confirm: %(item)s.") % {"item": item} for item in missing]
    if errors:
        raise ValidationError(errors)
    closure = Closure.objects.create(
        case=case,
        reason=reason,
        reason_detail=reason_detail,
        checklist={key: bool(checklist.get(key)) for key, _label, _required in items},
        requested_by=actor,
    )
    timeline(
        case,
        "closure_requested",
        actor=actor,
        summary=str(closure.get_reason_display()),
        closure=str(closure.pk),
        reason=reason,
    )
    return closure


def _decide_closure(closure: Closure, *, actor: User, status: str, comment: str) -> None:
    """Move a pending request to its decision once, even when two supervisors press at once."""
    _require_decider(actor, closure.case, closure.requested_by_id)
    _require_open_case(closure.case)
    if closure.status != Closure.Status.PENDING:
        raise ValidationError(_("This closure request is not waiting for approval."), code="not_pending")
    now = timezone.now()
    updated = Closure.objects.filter(pk=closure.pk, status=Closure.Status.PENDING).update(
        status=status, decided_at=now, decided_by=actor, decision_comment=comment, updated_at=now
    )
    if not updated:
        raise ConflictError(_("Somebody else decided this request in the meantime."), code="conflict")
    closure.status, closure.decided_at, closure.decided_by, closure.decision_comment = status, now, actor, comment


@transaction.atomic
def approve_closure(closure: Closure, *, actor: User, comment: str = "") -> Closure:
    """A supervisor approves the closure; the case closes and its open deadlines with it."""
    case = closure.case
    _decide_closure(closure, actor=actor, status=Closure.Status.APPROVED, comment=comment)
    now = timezone.now()
    case.tasks.filter(done_at__isnull=True).update(
        done_at=now, done_by=actor, note=_("Closed with the case"), updated_at=now
    )
    timeline(
        case,
        "closure_approved",
        actor=actor,
        summary=str(closure.get_reason_display()),
        closure=str(closure.pk),
    )
    move_stage(case, "close", actor=actor)
    return closure


@transaction.atomic
def return_closure(closure: Closure, *, actor: User, comment: str) -> Closure:
    """A supervisor sends the closure request back; the case stays open."""
    if not comment.strip():
        raise ValidationError({"comment": [_("Say why the case should stay open.")]})
    _decide_closure(closure, actor=actor, status=Closure.Status.RETURNED, comment=comment)
    timeline(
        closure.case,
        "closure_returned",
        actor=actor,
        summary=_("Closure returned: %(comment)s") % {"comment": comment},
        closure=str(closure.pk),
    )
    return closure


@transaction.atomic
def reopen_case(case: Case, *, actor: User, reason: str) -> Case:
    """Reopen a closed case (back to follow-up, with a follow-up deadline); the reason is kept."""
    if not (can_edit_case(actor, case) or can_approve(actor, case)):
        raise PermissionDenied(_("You may not change this case."))
    if not case.is_closed:
        raise ValidationError(_("This case is not closed."), code="not_closed")
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the case is reopened.")]})
    now = timezone.now()
    Closure.objects.filter(case=case, status=Closure.Status.APPROVED, reopened_at__isnull=True).update(
        status=Closure.Status.REOPENED, reopened_at=now, reopened_by=actor, reopen_reason=reason, updated_at=now
    )
    timeline(case, "reopened", actor=actor, summary=reason, reason=reason)
    move_stage(case, "reopen", actor=actor)
    return case
