"""The sharing check: may a client's data leave the owner organisation for this purpose?

Anything that sends personal data to another organisation (a referral, a transfer, a case
conference, an export, the report to police) calls :func:`require_sharing_allowed` first. Sharing
is allowed when the client's consent in force covers it (the organisation by name or by kind, or
the police report), or when a supervisor approved sharing without consent for exactly this
purpose and organisation (``SharingOverride``). Inside the owner organisation nothing leaves, so
nothing is checked.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from sigap.cases.models import Case, Person
from sigap.consent.models import Assent, Consent, SharingOverride, SharingPurpose
from sigap.lib.dates import format_date
from sigap.organisations.models import Organisation


@dataclass(frozen=True)
class SharingDecision:
    """The outcome of the check; ``reason`` says why, in the user's language."""

    allowed: bool
    basis: str  # "own_organisation", "consent" or "override"; "" when not allowed
    reason: str
    consent: Consent | None = None
    override: SharingOverride | None = None

    @property
    def needs_override(self) -> bool:
        """Not covered: sharing needs a supervisor-approved decision (or a new consent)."""
        return not self.allowed


def consent_in_force(case: Case, person: Person) -> Consent | None:
    """The client's latest consent on the case, unless it was withdrawn."""
    return (
        Consent.objects.filter(case=case, person=person, is_current=True, withdrawn_on__isnull=True)
        .prefetch_related("share_organisations")
        .first()
    )


def consent_covers(consent: Consent, *, purpose: str, organisation: Organisation | None) -> bool:
    """Whether the consent's scope includes this sharing (the child's refusal is checked apart)."""
    if purpose == SharingPurpose.POLICE_REPORT and consent.police_report:
        return True
    if organisation is None:
        return False
    named = any(org.pk == organisation.pk for org in consent.share_organisations.all())
    return named or organisation.kind in consent.share_kinds


def approved_override(
    case: Case, person: Person, *, purpose: str, organisation: Organisation | None
) -> SharingOverride | None:
    overrides = SharingOverride.objects.filter(
        case=case, person=person, purpose=purpose, status=SharingOverride.Status.APPROVED
    ).select_related("decided_by")
    if organisation is None:
        overrides = overrides.filter(organisation__isnull=True)
    elif purpose == SharingPurpose.POLICE_REPORT:  # approved for "the police" covers a named police unit
        overrides = overrides.filter(Q(organisation=organisation) | Q(organisation__isnull=True))
    else:
        overrides = overrides.filter(organisation=organisation)
    return overrides.order_by("-decided_at").first()


def _validate_request(purpose: str, organisation: Organisation | None) -> None:
    if purpose not in SharingPurpose.values:
        raise ValueError(f"unknown sharing purpose {purpose!r}")
    if organisation is None and purpose != SharingPurpose.POLICE_REPORT:
        raise ValueError("name the organisation the data would go to")


def _decide_for(case: Case, person: Person, purpose: str, organisation: Organisation | None) -> SharingDecision:
    consent = consent_in_force(case, person)
    refused_assent = consent is not None and consent.assent == Assent.REFUSED
    if (
        consent is not None
        and not refused_assent
        and consent_covers(consent, purpose=purpose, organisation=organisation)
    ):
        reason = _("Covered by the consent given on %(date)s.") % {"date": format_date(consent.given_on)}
        return SharingDecision(True, "consent", reason, consent=consent)
    override = approved_override(case, person, purpose=purpose, organisation=organisation)
    if override is not None:
        reason = _("A supervisor approved sharing without consent (%(ground)s).") % {
            "ground": override.get_ground_display()
        }
        return SharingDecision(True, "override", reason, consent=consent, override=override)
    what = {
        "client": person.full_name,
        "purpose": SharingPurpose(purpose).label,
        "organisation": str(organisation) if organisation is not None else _("the police"),
    }
    if consent is None:
        reason = _(
            "%(client)s has no consent in force. Record their consent, or ask a supervisor to approve sharing "
            "without it."
        )
    elif refused_assent:
        reason = _(
            "%(client)s did not agree (the child's assent was refused). Sharing needs a supervisor's approved "
            "decision in the child's best interests."
        )
    else:
        reason = _(
            "The consent of %(client)s does not cover this: %(purpose)s, %(organisation)s. Record a new consent, "
            "or ask a supervisor to approve sharing without it."
        )
    return SharingDecision(False, "", reason % what, consent=consent)


def sharing_decision(
    case: Case, person: Person | None, *, purpose: str, organisation: Organisation | None
) -> SharingDecision:
    """May ``person``'s data on ``case`` go to ``organisation`` for ``purpose``?

    ``person=None`` checks every client (victim) of the case and is allowed only when each one is;
    ``organisation`` may be None only for the police report. Allowed inside the owner organisation.
    """
    _validate_request(purpose, organisation)
    if organisation is not None and organisation.pk == case.organisation_id:
        return SharingDecision(
            True, "own_organisation", _("The data stays within the organisation that owns the case.")
        )
    persons = [person] if person is not None else [v.person for v in case.victims.select_related("person")]
    decision = SharingDecision(False, "", _("The case has no client to share about."))
    for client in persons:
        decision = _decide_for(case, client, purpose, organisation)
        if not decision.allowed:
            return decision
    return decision


def require_sharing_allowed(
    case: Case, person: Person | None, *, purpose: str, organisation: Organisation | None
) -> SharingDecision:
    """:func:`sharing_decision`, raising a translated ``ValidationError`` (code ``consent_required``)
    unless the sharing is allowed. Call it inside the transaction that shares."""
    decision = sharing_decision(case, person, purpose=purpose, organisation=organisation)
    if not decision.allowed:
        raise ValidationError(decision.reason, code="consent_required")
    return decision
