"""Case plan verbs: versions, goals and actions, submission and a supervisor's decision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.cases import deadlines
from sigap.cases.actions import (
    ConflictError,
    mediation_refusal,
    move_stage,
    notices,
    require_edit,
    timeline,
)
from sigap.cases.actions.common import bump, require_decider, require_open_case
from sigap.cases.codes import AssessmentDomain, Priority, ServiceType
from sigap.cases.models import (
    Assessment,
    AssessmentEntry,
    Case,
    CasePlan,
    PlanAction,
    PlanGoal,
    Stage,
    TaskKind,
)
from sigap.history.actions import ChangeSet, record_changes
from sigap.history.tracking import plan_snapshot, snapshot
from sigap.organisations.models import Membership, Organisation

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
    need: AssessmentEntry | None = None  # the assessment need the goal answers


@dataclass
class PlanReview:
    """What the supervisor deciding on a plan sees beside it: the assessment it answers and the
    needs no goal of the plan answers yet."""

    assessment: Assessment | None
    uncovered: list[AssessmentEntry]


_PRIORITY_ORDER: dict[str, int] = {str(value): n for n, value in enumerate(Priority.values)}
_DOMAIN_ORDER = {value: n for n, value in enumerate(AssessmentDomain.values)}


def latest_assessment(case: Case) -> Assessment | None:
    """The most recently completed comprehensive assessment: the one a plan answers."""
    return (
        case.assessments.filter(kind=Assessment.Kind.COMPREHENSIVE, completed_at__isnull=False)
        .select_related("completed_by")
        .order_by("-completed_at")
        .first()
    )


def assessment_needs(assessment: Assessment | None) -> list[AssessmentEntry]:
    """The needs an assessment found, most urgent first (priority, then the domains' order)."""
    if assessment is None:
        return []
    entries = [entry for entry in assessment.entries.all() if entry.needs.strip()]
    return sorted(
        entries, key=lambda e: (_PRIORITY_ORDER.get(e.priority, len(_PRIORITY_ORDER)), _DOMAIN_ORDER[e.domain])
    )


def plan_review(plan: CasePlan) -> PlanReview:
    """The latest assessment and its needs that no goal of ``plan`` answers (three queries)."""
    assessment = latest_assessment(plan.case)
    covered = set(plan.goals.exclude(need=None).values_list("need_id", flat=True))
    return PlanReview(assessment, [entry for entry in assessment_needs(assessment) if entry.pk not in covered])


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
def create_plan(case: Case, *, actor: User, propose_from_needs: bool = True) -> CasePlan:
    """Start a new plan version. A revision copies the approved plan; the approved one stays in
    force until the new version is approved. A case still in assessment moves to planning.

    ``propose_from_needs``: start with one goal per need of the assessment not yet answered (the
    worker's "Start the case plan"); off when the plan is started to hold something already agreed
    (a case conference's actions), whose supervisor still sees the needs no goal answers."""
    require_edit(actor, case)
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
    now = timezone.now()
    number = (case.plans.aggregate(n=Max("number"))["n"] or 0) + 1
    plan = CasePlan.objects.create(case=case, number=number, created_by=actor)
    approved = current_plan(case)
    covered: set[Any] = set()
    order = 0
    if approved is not None:
        for goal in approved.goals.prefetch_related("actions"):
            copy = PlanGoal.objects.create(plan=plan, text=goal.text, order=goal.order, need_id=goal.need_id)
            covered.add(goal.need_id)
            order = max(order, goal.order + 1)
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
    # Without retyping: one goal proposed per need of the latest assessment not answered yet, the
    # most urgent first; the worker rewords them and adds the actions. A revision copies the plan in
    # force and adds only the needs of an assessment completed since that plan was approved.
    assessment = latest_assessment(case)
    completed = assessment.completed_at if assessment is not None else None
    if approved is not None and completed is not None and completed <= (approved.decided_at or now):
        assessment = None
    proposed = (
        [entry for entry in assessment_needs(assessment) if entry.pk not in covered] if propose_from_needs else []
    )
    PlanGoal.objects.bulk_create(
        [PlanGoal(plan=plan, text=entry.needs, order=order + n, need=entry) for n, entry in enumerate(proposed)]
    )
    timeline(
        case,
        "plan_created",
        actor=actor,
        summary=_("Case plan version %(number)s started") % {"number": number},
        plan=str(plan.pk),
        number=number,
        revises=str(approved.pk) if approved else None,
        proposed_goals=len(proposed),
    )
    return plan


def _validate_goals(case: Case, goals: Sequence[GoalInput]) -> None:
    errors: list[str] = []
    refusal = mediation_refusal(case)
    staff = set(
        Membership.objects.filter(is_active=True, organisation=case.organisation).values_list("user_id", flat=True)
    )
    needs = set(AssessmentEntry.objects.filter(assessment__case=case).values_list("pk", flat=True))
    for number, goal in enumerate(goals, start=1):
        if goal.need is not None and goal.need.pk not in needs:
            errors.append(_("Goal %(number)s: the need it answers is not from this case.") % {"number": number})
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
    require_edit(actor, case)
    _require_editable_plan(plan)
    _validate_goals(case, goals)
    bump(plan, expected_version)
    before = plan_snapshot(plan)
    plan.goals.all().delete()
    for order, goal in enumerate(goals):
        saved = PlanGoal.objects.create(plan=plan, text=goal.text, order=order, need=goal.need)
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
    record_changes(actor=actor, instance=plan, before=before, after=plan_snapshot(plan))
    timeline(
        case,
        "plan_saved",
        actor=actor,
        summary=_("Case plan version %(number)s saved") % {"number": plan.number},
        plan=str(plan.pk),
    )
    return plan


@transaction.atomic
def submit_plan(plan: CasePlan, *, actor: User, expected_version: int | None = None) -> CasePlan:
    """Send the plan to the supervisor: it needs at least one goal, and every goal an action."""
    case = plan.case
    require_edit(actor, case)
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
    bump(plan, expected_version)
    before = snapshot(plan, ["status"])
    plan.status = CasePlan.Status.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.submitted_by = actor
    plan.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    record_changes(actor=actor, instance=plan, before=before)
    event = timeline(
        case,
        "plan_submitted",
        actor=actor,
        summary=_("Case plan version %(number)s submitted for approval") % {"number": plan.number},
        plan=str(plan.pk),
    )
    notices.approval_requested(plan, actor=actor, event=event)
    return plan


def _require_submitted(plan: CasePlan) -> None:
    if plan.status != CasePlan.Status.SUBMITTED:
        raise ValidationError(_("This version of the plan is not waiting for approval."), code="not_submitted")


@transaction.atomic
def approve_plan(plan: CasePlan, *, actor: User, comment: str = "", expected_version: int | None = None) -> CasePlan:
    """A supervisor approves: the plan becomes read-only, replaces the previous approved version,
    meets the plan deadline, and a case in planning moves on to implementation."""
    case = plan.case
    require_decider(actor, case, plan.submitted_by_id)
    require_open_case(case)
    _require_submitted(plan)
    refusal = mediation_refusal(case)
    if refusal and PlanAction.objects.filter(goal__plan=plan, service_type=ServiceType.MEDIASI).exists():
        raise ValidationError(refusal, code="mediation_refused")
    bump(plan, expected_version)
    now = timezone.now()
    changes = ChangeSet(actor=actor)
    for old in case.plans.filter(status=CasePlan.Status.APPROVED):
        changes.add(old, {"status": old.status}, {"status": CasePlan.Status.SUPERSEDED})
    case.plans.filter(status=CasePlan.Status.APPROVED).update(status=CasePlan.Status.SUPERSEDED, updated_at=now)
    before = snapshot(plan, ["status", "decision_comment"])
    plan.status = CasePlan.Status.APPROVED
    plan.decided_at = now
    plan.decided_by = actor
    plan.decision_comment = comment
    plan.save(update_fields=["status", "decided_at", "decided_by", "decision_comment", "updated_at"])
    changes.add(plan, before, snapshot(plan, before))
    changes.save()
    deadlines.complete_tasks(case, TaskKind.PLAN_APPROVAL, by=actor)
    deadlines.refresh_next_due(case)
    event = timeline(
        case,
        "plan_approved",
        actor=actor,
        summary=_("Case plan version %(number)s approved") % {"number": plan.number},
        plan=str(plan.pk),
    )
    notices.approval_decided(plan, actor=actor, approved=True, event=event)
    if case.stage == Stage.PLANNING:
        move_stage(case, "start_implementation", actor=actor)
    return plan


@transaction.atomic
def return_plan(plan: CasePlan, *, actor: User, comment: str, expected_version: int | None = None) -> CasePlan:
    """A supervisor sends the plan back with comments; the case manager changes and resubmits it."""
    case = plan.case
    require_decider(actor, case, plan.submitted_by_id)
    require_open_case(case)
    _require_submitted(plan)
    if not comment.strip():
        raise ValidationError({"comment": [_("Say what needs to change.")]})
    bump(plan, expected_version)
    before = snapshot(plan, ["status", "decision_comment"])
    plan.status = CasePlan.Status.RETURNED
    plan.decided_at = timezone.now()
    plan.decided_by = actor
    plan.decision_comment = comment
    plan.save(update_fields=["status", "decided_at", "decided_by", "decision_comment", "updated_at"])
    record_changes(actor=actor, instance=plan, before=before)
    event = timeline(
        case,
        "plan_returned",
        actor=actor,
        summary=_("Case plan version %(number)s returned: %(comment)s") % {"number": plan.number, "comment": comment},
        plan=str(plan.pk),
    )
    notices.approval_decided(plan, actor=actor, approved=False, event=event)
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
    require_edit(actor, case)
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
    record_changes(actor=actor, instance=action, before={"status": previous}, case_id=case.pk)
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
