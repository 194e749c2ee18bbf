"""Implementation verbs: services delivered and follow-ups."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.cases import deadlines
from sigap.cases.actions import (
    mediation_refusal,
    require_edit,
    timeline,
)
from sigap.cases.actions.common import risk_follows
from sigap.cases.actions.planning import current_plan
from sigap.cases.codes import RiskLevel, ServiceType
from sigap.cases.models import (
    Case,
    CasePlan,
    FollowUp,
    PlanAction,
    ServiceDelivery,
    Stage,
    TaskKind,
)
from sigap.lib.dates import format_date
from sigap.organisations.models import Organisation

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
    require_edit(actor, case)
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
    require_edit(actor, case)
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
    risk_follows(case, actor=actor, risk_level=risk_level, reason=new_risks)
    deadlines.complete_tasks(case, TaskKind.FOLLOW_UP, by=actor)
    task = deadlines.schedule_follow_up(case, due=follow_up_due(case, next_date) if next_date else None)
    deadlines.refresh_next_due(case)
    timeline(
        case,
        "follow_up_recorded",
        actor=actor,
        summary=_("Follow-up (%(method)s); next due %(due)s")
        % {"method": follow_up.get_method_display(), "due": format_date(task.due_at)},
        follow_up=str(follow_up.pk),
        risk=risk_level,
        next_due=task.due_at.isoformat(),
    )
    return follow_up
