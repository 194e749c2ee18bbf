"""Who may see and run case conferences: one queryset filter and the object checks.

- Whoever may see the case sees its conferences; whoever may change the case (its team) organises
  them: schedules, invites, records minutes and actions, adds the actions to the plan.
- A Sigap user invited by name sees the conference record.
- An invited organisation's case staff (capability ``view_cases``: caseworkers, supervisors,
  psychologists, legal aid) see the conference record, but not when the organisation is the case's
  own (colleagues there are invited by name or join the case team).
- A participant from another organisation sees the conference only while the client's consent (or
  an approved decision to share without it) covers a case conference with that organisation
  (``sharing_decision``, checked again on every read, as referrals do): a withdrawn consent takes it
  away at once (``_shared_participations``).
- Participants never see the case page: what of the case they may see is what the case's owner
  shared with their organisation through an active referral (``shared_referrals``), read on the
  referral's page while the client's consent still covers it.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet

from sigap.accounts.access import organisation_ids
from sigap.cases.access import can_edit_case, can_view_case, visible_cases
from sigap.cases.models import Case, CaseVictim
from sigap.conferences.models import Conference, ConferenceAction, Invitation
from sigap.consent.models import Assent, Consent, SharingOverride, SharingPurpose
from sigap.consent.sharing import consent_covers
from sigap.lib.access import get_or_404, is_signed_in
from sigap.organisations.models import Organisation
from sigap.organisations.roles import Capability
from sigap.referrals.access import received_referrals, sees_shared_sections
from sigap.referrals.models import ACTIVE, Referral


def participating_organisation_ids(user: Any) -> set[Any]:
    """Organisations whose invitations the user may follow (their case staff)."""
    return organisation_ids(user, Capability.VIEW_CASES)


def _invitations_of(user: Any) -> QuerySet[Invitation]:
    """The invitations through which the user follows a conference of another organisation's case.
    Invitations count through an organisation the user still works for. The organiser's own
    organisation (``Conference.organisation``) counts only while it owns the case: after a transfer
    the old organisation loses the conference as it loses the case. An invitation of one person by
    name is theirs alone, not their whole organisation's."""
    by_name = Q(user_id=user.pk, organisation_id__in=organisation_ids(user)) & (
        Q(organisation_id=F("conference__case__organisation_id")) | ~Q(organisation_id=F("conference__organisation_id"))
    )
    by_organisation = (
        Q(user__isnull=True, organisation_id__in=participating_organisation_ids(user))
        & ~Q(organisation_id=F("conference__case__organisation_id"))
        & ~Q(organisation_id=F("conference__organisation_id"))
    )
    return Invitation.objects.filter(by_name | by_organisation)


def conference_sharing_allowed(pairs: set[tuple[Any, Any]]) -> set[tuple[Any, Any]]:
    """The (case id, organisation id) pairs for which ``sharing_decision`` allows a case conference,
    decided together in four queries however many pairs: every client (victim) of the case needs a
    consent in force covering the organisation (the child's assent not refused) or an approved
    decision to share without it with that organisation. Same rule as ``sigap.consent.sharing``."""
    if not pairs:
        return set()
    case_ids = {case_id for case_id, _org in pairs}
    org_ids = {org_id for _case, org_id in pairs}
    clients: dict[Any, set[Any]] = {}
    for case_id, person_id in CaseVictim.objects.filter(case_id__in=case_ids).values_list("case_id", "person_id"):
        clients.setdefault(case_id, set()).add(person_id)
    consents = {
        (consent.case_id, consent.person_id): consent
        for consent in Consent.objects.filter(case_id__in=case_ids, is_current=True, withdrawn_on__isnull=True)
        .select_related("person")
        .prefetch_related("share_organisations")
    }
    overrides = set(
        SharingOverride.objects.filter(
            case_id__in=case_ids,
            organisation_id__in=org_ids,
            purpose=SharingPurpose.CASE_CONFERENCE,
            status=SharingOverride.Status.APPROVED,
        ).values_list("case_id", "person_id", "organisation_id")
    )
    organisations = {org.pk: org for org in Organisation.objects.filter(pk__in=org_ids)}
    allowed = set()
    for case_id, org_id in pairs:
        organisation = organisations.get(org_id)
        persons = clients.get(case_id)
        if organisation is None or not persons:
            continue
        if all(
            _client_allowed(consents.get((case_id, person_id)), organisation)
            or (case_id, person_id, org_id) in overrides
            for person_id in persons
        ):
            allowed.add((case_id, org_id))
    return allowed


def _client_allowed(consent: Consent | None, organisation: Organisation) -> bool:
    return (
        consent is not None
        and consent.assent != Assent.REFUSED
        and consent_covers(consent, purpose=SharingPurpose.CASE_CONFERENCE, organisation=organisation)
    )


def _shared_participations(user: Any) -> set[Any]:
    """The conferences the user follows through an invitation for which sharing is still allowed:
    a fixed number of queries however many conferences (invitations through the case's own
    organisation need no consent)."""
    rows = list(
        _invitations_of(user).values_list(
            "conference_id", "conference__case_id", "organisation_id", "conference__case__organisation_id"
        )
    )
    pairs = {(case_id, org_id) for _pk, case_id, org_id, owner_id in rows if org_id != owner_id}
    allowed = conference_sharing_allowed(pairs)
    return {pk for pk, case_id, org_id, owner_id in rows if org_id == owner_id or (case_id, org_id) in allowed}


def visible_conferences(user: Any) -> QuerySet[Conference]:
    if not is_signed_in(user) or not organisation_ids(user):
        return Conference.objects.none()
    return Conference.objects.filter(
        Q(case__in=visible_cases(user).values("pk")) | Q(pk__in=_shared_participations(user))
    )


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
    return qs.filter(Q(responsible_user_id=user.pk) | Q(responsible_organisation_id__in=organisation_ids(user)))


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
    conference = get_or_404(
        visible_conferences(user).select_related(
            "case", "case__organisation", "organisation", "created_by", "minutes_by"
        ),
        pk=pk,
    )
    if need != "view" and not CONFERENCE_VERBS[need](user, conference):
        raise PermissionDenied
    return conference
