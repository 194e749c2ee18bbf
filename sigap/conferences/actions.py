"""Case conference verbs. Each checks permission, runs in one transaction and writes the case
timeline (and so the audit log).

An invitation notifies the invited Sigap user, or the invited organisation's supervisors (else its
case staff): ``notices.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.cases.actions import mediation_refusal, timeline
from sigap.cases.actions.planning import ActionInput, GoalInput, create_plan, save_plan
from sigap.cases.codes import ServiceType
from sigap.cases.models import Case, CasePlan
from sigap.conferences import notices
from sigap.conferences.access import can_organise, can_organise_for
from sigap.conferences.models import Conference, ConferenceAction, Invitation
from sigap.consent.models import SharingPurpose
from sigap.consent.sharing import require_sharing_allowed
from sigap.lib.dates import format_date
from sigap.organisations.models import Membership, Organisation


def _require_organiser(actor: User, conference: Conference) -> None:
    if not can_organise(actor, conference):
        raise PermissionDenied(_("Only the case team may change this conference."))


def _validate_schedule(title: str, scheduled_at: datetime | None) -> None:
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Give the conference a title.")]
    if scheduled_at is None:
        errors["scheduled_at"] = [_("Choose the date and time.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def schedule_conference(
    case: Case, *, actor: User, title: str, scheduled_at: datetime, location: str = "", agenda: str = ""
) -> Conference:
    """The case team schedules a conference about the case."""
    if not can_organise_for(actor, case):
        raise PermissionDenied(_("Only the case team may organise a conference on this case."))
    _validate_schedule(title, scheduled_at)
    conference = Conference.objects.create(
        case=case,
        organisation=case.organisation,
        title=title.strip(),
        scheduled_at=scheduled_at,
        location=location.strip(),
        agenda=agenda.strip(),
        created_by=actor,
    )
    timeline(
        case,
        "conference_scheduled",
        actor=actor,
        summary=conference.title,
        conference=str(conference.pk),
        at=scheduled_at.isoformat(),
    )
    return conference


@transaction.atomic
def update_conference(
    conference: Conference, *, actor: User, title: str, scheduled_at: datetime, location: str = "", agenda: str = ""
) -> Conference:
    """Change the title, time, place or agenda of a conference that has not been held."""
    _require_organiser(actor, conference)
    if conference.status != Conference.Status.SCHEDULED:
        raise ValidationError(_("Only a scheduled conference can be changed."), code="not_scheduled")
    _validate_schedule(title, scheduled_at)
    before = (conference.title, conference.scheduled_at, conference.location, conference.agenda)
    conference.title, conference.scheduled_at = title.strip(), scheduled_at
    conference.location, conference.agenda = location.strip(), agenda.strip()
    if before == (conference.title, conference.scheduled_at, conference.location, conference.agenda):
        return conference
    conference.save(update_fields=["title", "scheduled_at", "location", "agenda", "updated_at"])
    timeline(
        conference.case,
        "conference_changed",
        actor=actor,
        summary=conference.title,
        conference=str(conference.pk),
        at=scheduled_at.isoformat(),
    )
    return conference


def _check_user_invitation(conference: Conference, user: User, organisation: Organisation | None) -> Organisation:
    memberships = Membership.objects.filter(user=user, is_active=True, organisation__is_active=True)
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    memberships = memberships.select_related("organisation").order_by("created_at")
    # A colleague who also works elsewhere is invited as a colleague: nothing leaves the organisation.
    membership = memberships.filter(organisation_id=conference.case.organisation_id).first() or memberships.first()
    if membership is None:
        raise ValidationError({"user": [_("This person does not work for the organisation named.")]})
    if conference.invitations.filter(user=user).exists():
        raise ValidationError({"user": [_("This person is already invited.")]})
    return membership.organisation


@transaction.atomic
def invite(
    conference: Conference,
    *,
    actor: User,
    organisation: Organisation | None = None,
    user: User | None = None,
    name: str = "",
    outside_organisation: str = "",
    role: str = "",
) -> Invitation:
    """Invite an organisation, a Sigap user (of the organisation named, if any) or a person outside
    Sigap (name, their organisation, role). Anyone from another organisation on Sigap sees the
    conference record, so the client's consent (or an approved decision to share without it) must
    cover a case conference with that organisation. People outside Sigap are listed for the minutes;
    nothing is sent to them through Sigap."""
    _require_organiser(actor, conference)
    case = conference.case
    if user is not None:
        organisation = _check_user_invitation(conference, user, organisation)
    elif organisation is not None:
        if conference.invitations.filter(organisation=organisation, user__isnull=True).exists():
            raise ValidationError({"organisation": [_("This organisation is already invited.")]})
    elif not name.strip():
        raise ValidationError({"name": [_("Choose an organisation or a person, or write the name of the person.")]})
    if organisation is not None and organisation.pk != case.organisation_id:
        require_sharing_allowed(case, None, purpose=SharingPurpose.CASE_CONFERENCE, organisation=organisation)
    outside = user is None and organisation is None
    invitation = Invitation.objects.create(
        conference=conference,
        organisation=organisation,
        user=user,
        name=name.strip() if outside else "",
        outside_organisation=outside_organisation.strip() if outside else "",
        role=role.strip(),
        invited_by=actor,
    )
    event = timeline(
        case,
        "conference_invited",
        actor=actor,
        summary=str(user.full_name if user else organisation.name if organisation else name.strip()),
        conference=str(conference.pk),
        invited_organisation=str(organisation.pk) if organisation else None,
        invited_user=str(user.pk) if user else None,
    )
    notices.invited(invitation, actor=actor, event=event)
    return invitation


@transaction.atomic
def record_minutes(conference: Conference, *, actor: User, minutes: str, decisions: str = "") -> Conference:
    """Write (or rewrite) the minutes and decisions; the conference counts as held."""
    _require_organiser(actor, conference)
    if not minutes.strip():
        raise ValidationError({"minutes": [_("Write the minutes of the conference.")]})
    if conference.scheduled_at > timezone.now():
        raise ValidationError(_("The conference has not taken place yet."), code="not_yet")
    conference.minutes = minutes.strip()
    conference.decisions = decisions.strip()
    conference.status = Conference.Status.HELD
    conference.minutes_by = actor
    conference.minutes_at = timezone.now()
    conference.save(update_fields=["minutes", "decisions", "status", "minutes_by", "minutes_at", "updated_at"])
    timeline(
        conference.case, "conference_minutes", actor=actor, summary=conference.title, conference=str(conference.pk)
    )
    return conference


@transaction.atomic
def cancel_conference(conference: Conference, *, actor: User) -> Conference:
    _require_organiser(actor, conference)
    if conference.status == Conference.Status.HELD:
        raise ValidationError(_("A conference that took place cannot be cancelled."), code="held")
    conference.status = Conference.Status.CANCELLED
    conference.save(update_fields=["status", "updated_at"])
    timeline(
        conference.case, "conference_cancelled", actor=actor, summary=conference.title, conference=str(conference.pk)
    )
    return conference


@dataclass
class ActionData:
    service_type: str
    description: str = ""
    responsible_organisation: Organisation | None = None
    responsible_user: User | None = None
    due_date: date | None = None


def responsible_organisations(conference: Conference) -> list[Organisation]:
    """Who may own an action: the case's organisation and the invited organisations."""
    ids = {conference.case.organisation_id}
    ids |= set(conference.invitations.exclude(organisation__isnull=True).values_list("organisation_id", flat=True))
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def _validate_action(conference: Conference, data: ActionData) -> None:
    errors: dict[str, list[str]] = {}
    if data.service_type not in ServiceType.values:
        errors["service_type"] = [_("Choose a service.")]
    elif data.service_type == ServiceType.MEDIASI and (refusal := mediation_refusal(conference.case)):
        errors["service_type"] = [refusal]
    allowed = {org.pk for org in responsible_organisations(conference)}
    org, user = data.responsible_organisation, data.responsible_user
    if org is None and user is None:
        errors["responsible_organisation"] = [_("Name the responsible organisation or person.")]
    elif org is not None and org.pk not in allowed:
        errors["responsible_organisation"] = [_("Only the case's organisation or an invited one can own an action.")]
    if user is not None:
        orgs = [org.pk] if org is not None else list(allowed)
        if not Membership.objects.filter(user=user, organisation_id__in=orgs, is_active=True).exists():
            errors["responsible_user"] = [_("The responsible person must work for the organisation named.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_action(conference: Conference, *, actor: User, data: ActionData) -> ConferenceAction:
    """Record an action agreed at the conference, with its owner."""
    _require_organiser(actor, conference)
    _validate_action(conference, data)
    org = data.responsible_organisation
    if org is None and data.responsible_user is not None:
        membership = Membership.objects.filter(
            user=data.responsible_user,
            is_active=True,
            organisation_id__in=[o.pk for o in responsible_organisations(conference)],
        ).first()
        org = membership.organisation if membership is not None else None
    action = ConferenceAction.objects.create(
        conference=conference,
        service_type=data.service_type,
        description=data.description.strip(),
        responsible_organisation=org,
        responsible_user=data.responsible_user,
        due_date=data.due_date,
        created_by=actor,
    )
    timeline(
        conference.case,
        "conference_action_added",
        actor=actor,
        summary=str(action.get_service_type_display()),
        conference=str(conference.pk),
        action=str(action.pk),
    )
    return action


def _goal_inputs(plan: CasePlan) -> list[GoalInput]:
    """The draft's goals and actions as they are, to save them again with the new goal added."""
    return [
        GoalInput(
            text=goal.text,
            actions=[
                ActionInput(
                    service_type=a.service_type,
                    description=a.description,
                    responsible_organisation=a.responsible_organisation,
                    responsible_user=a.responsible_user,
                    due_date=a.due_date,
                    status=a.status,
                )
                for a in goal.actions.select_related("responsible_organisation", "responsible_user")
            ],
            need=goal.need,  # a goal proposed from an assessment need keeps answering it
        )
        for goal in plan.goals.select_related("need").order_by("order", "created_at")
    ]


@transaction.atomic
def adopt_actions(conference: Conference, *, actor: User) -> CasePlan:
    """Add the conference's actions not yet in the plan as one new goal of the case plan.

    Approved plans are read-only: the actions go into the draft being worked on, or into a new draft
    version (which copies the approved plan). The supervisor approves it as any plan; the approved
    version stays in force until then.
    """
    _require_organiser(actor, conference)
    case = conference.case
    pending = list(
        conference.actions.filter(adopted_at__isnull=True).select_related(
            "responsible_organisation", "responsible_user"
        )
    )
    if not pending:
        raise ValidationError(_("Every action of this conference is already in the plan."), code="nothing")
    if case.plans.filter(status=CasePlan.Status.SUBMITTED).exists():
        raise ValidationError(
            _("A plan version is waiting for approval: add the actions after the supervisor's decision."),
            code="plan_submitted",
        )
    plan = case.plans.filter(status__in=[CasePlan.Status.DRAFT, CasePlan.Status.RETURNED]).first()
    if plan is None:
        plan = create_plan(case, actor=actor, propose_from_needs=False)  # the conference's agreement
    goals = _goal_inputs(plan)
    date_label = format_date(conference.scheduled_at)
    goals.append(
        GoalInput(
            text=_("Agreed at the case conference of %(date)s: %(title)s")
            % {"date": date_label, "title": conference.title},
            actions=[
                ActionInput(
                    service_type=a.service_type,
                    description=a.description,
                    responsible_organisation=a.responsible_organisation,
                    responsible_user=a.responsible_user,
                    due_date=a.due_date,
                )
                for a in pending
            ],
        )
    )
    save_plan(plan, actor=actor, goals=goals)
    new_goal = plan.goals.order_by("-order").first()
    made = list(new_goal.actions.order_by("created_at", "pk")) if new_goal is not None else []
    now = timezone.now()
    for action in pending:
        match = next(
            (
                p
                for p in made
                if (p.service_type, p.description, p.responsible_organisation_id, p.responsible_user_id, p.due_date)
                == (
                    action.service_type,
                    action.description,
                    action.responsible_organisation_id,
                    action.responsible_user_id,
                    action.due_date,
                )
            ),
            None,
        )
        if match is not None:
            made.remove(match)
        action.adopted_at, action.plan, action.plan_action = now, plan, match
        action.save(update_fields=["adopted_at", "plan", "plan_action", "updated_at"])
    timeline(
        case,
        "conference_actions_adopted",
        actor=actor,
        summary=_("%(count)s actions added to plan version %(number)s")
        % {"count": len(pending), "number": plan.number},
        conference=str(conference.pk),
        plan=str(plan.pk),
    )
    return plan
