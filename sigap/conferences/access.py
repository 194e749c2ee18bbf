"""Who may see and run case conferences: one queryset filter and the object checks.

- Whoever may see the case sees its conferences; whoever may change the case (its team) organises
  them: schedules, invites, records minutes and actions, adds the actions to the plan.
- A Sigap user invited by name sees the conference record.
- An invited organisation's case staff (capability ``view_cases``: caseworkers, supervisors,
  psychologists, legal aid) see the conference record, but not when the organisation is the case's
  own (colleagues there are invited by name or join the case team).
- Participants never see the case page: what of the case they may see is what the case's owner
  shared with their organisation through an active referral (``shared_referrals``), read on the
  referral's page while the client's consent still covers it.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404

from sigap.accounts.access import active_memberships
from sigap.cases.access import can_edit_case, can_view_case, member_organisation_ids, visible_cases
from sigap.cases.models import Case
from sigap.conferences.models import Conference, ConferenceAction, Invitation
from sigap.organisations.roles import Capability
from sigap.referrals.access import received_referrals, sees_shared_sections
from sigap.referrals.models import ACTIVE, Referral


def participating_organisation_ids(user: Any) -> set[Any]:
    """Organisations whose invitations the user may follow (their case staff)."""
    return {m.organisation_id for m in active_memberships(user) if m.can(Capability.VIEW_CASES)}


def _invited(user: Any) -> Q:
    """Invitations count through an organisation the user still works for. The organiser's own
    organisation (``Conference.organisation``) counts only while it owns the case: after a transfer
    the old organisation loses the conference as it loses the case. An invitation of one person by
    name is theirs alone, not their whole organisation's."""
    by_name = Invitation.objects.filter(
        Q(organisation_id=OuterRef("case__organisation_id")) | ~Q(organisation_id=OuterRef("organisation_id")),
        conference=OuterRef("pk"),
        user_id=user.pk,
        organisation_id__in=member_organisation_ids(user),
    )
    by_organisation = (
        Invitation.objects.filter(
            conference=OuterRef("pk"), user__isnull=True, organisation_id__in=participating_organisation_ids(user)
        )
        .exclude(organisation_id=OuterRef("case__organisation_id"))
        .exclude(organisation_id=OuterRef("organisation_id"))
    )
    return Q(Exists(by_name)) | Q(Exists(by_organisation))


def visible_conferences(user: Any) -> QuerySet[Conference]:
    if not getattr(user, "is_authenticated", False) or not member_organisation_ids(user):
        return Conference.objects.none()
    return Conference.objects.filter(Q(case__in=visible_cases(user).values("pk")) | _invited(user))


def can_organise(user: Any, conference: Conference) -> bool:
    """The case's team runs its conferences (open cases only)."""
    return conference.status != Conference.Status.CANCELLED and can_organise_for(user, conference.case)


def can_organise_for(user: Any, case: Case) -> bool:
    return not case.is_closed and can_edit_case(user, case)


def is_participant(user: Any, conference: Conference) -> bool:
    """Seen through an invitation only (not through the case)."""
    return not can_view_case(user, conference.case)


def actions_for(user: Any, conference: Conference) -> QuerySet[ConferenceAction]:
    """All actions for the case's side; a participant sees the actions their organisation or they own."""
    qs = conference.actions.select_related("responsible_organisation", "responsible_user").order_by(
        F("due_date").asc(nulls_last=True), "created_at"
    )
    if not is_participant(user, conference):
        return qs
    return qs.filter(Q(responsible_user_id=user.pk) | Q(responsible_organisation_id__in=member_organisation_ids(user)))


def shared_referrals(user: Any, case: Case) -> list[Referral]:
    """The active referrals of ``case`` to the user's organisation whose shared sections the user may
    read now (consent still covering them): a participant's window on the case."""
    referrals = received_referrals(user).filter(case=case, status__in=ACTIVE).order_by("-sent_at")
    return [referral for referral in referrals if sees_shared_sections(user, referral)]


def shared_case_sections(user: Any, case: Case) -> set[str]:
    """The parts of ``case`` a conference participant from another organisation may see."""
    return {section for referral in shared_referrals(user, case) for section in referral.sections}


CONFERENCE_VERBS = {"organise": can_organise}


def get_conference_for_user(user: Any, pk: UUID | str, need: str = "view") -> Conference:
    """The conference, or 404 when the user may not see it; ``need="organise"`` adds a 403 check."""
    try:
        conference = (
            visible_conferences(user)
            .select_related("case", "case__organisation", "organisation", "created_by", "minutes_by")
            .get(pk=pk)
        )
    except (Conference.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc
    if need != "view" and not CONFERENCE_VERBS[need](user, conference):
        raise PermissionDenied
    return conference
