"""Who may see and act on referrals: one queryset filter and one object getter, for screens and API.

- **Sender side**: whoever may see the case sees its referrals (``visible_cases``); whoever may edit
  the case sends, cancels, prints the letter of, and records the answers of a partner not on Sigap.
- **Receiver side**: staff of the receiving organisation who work with cases (capability
  ``view_cases``: caseworkers, supervisors, psychologists, legal aid) see the referrals sent to it,
  accept or decline them and record the services delivered. While a referral is active they see
  the sections of the case the sender chose, and nothing else: never the case page
  (``sigap.cases.access`` stays owner-only).
- Everybody else gets 404. The referral report (aggregates) is for holders of ``view_aggregates``
  in the sending or receiving organisation.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case as SqlCase
from django.db.models import DateTimeField, F, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from sigap.accounts.access import organisation_ids
from sigap.cases.access import can_edit_case, can_view_case, visible_cases
from sigap.cases.models import Case
from sigap.consent.models import Assent, SharingPurpose
from sigap.consent.sharing import consent_covers, consent_in_force, sharing_decision
from sigap.lib.access import get_or_404, is_signed_in
from sigap.organisations.models import Organisation, OrganisationKind
from sigap.organisations.roles import Capability
from sigap.referrals.models import Referral, Status, Urgency


def receiving_organisation_ids(user: Any) -> set[Any]:
    """Organisations whose incoming referrals the user works on."""
    if not is_signed_in(user):
        return set()
    return organisation_ids(user, Capability.VIEW_CASES)


def report_organisation_ids(user: Any) -> set[Any]:
    """Organisations whose referral figures (aggregates only) the user sees."""
    if not is_signed_in(user):
        return set()
    return organisation_ids(user, Capability.VIEW_AGGREGATES)


def _with_relations(qs: QuerySet[Referral]) -> QuerySet[Referral]:
    return qs.select_related("case", "from_organisation", "to_organisation", "service", "sent_by")


def sent_referrals(user: Any) -> QuerySet[Referral]:
    """Referrals of the cases the user may see (the outbox)."""
    return _with_relations(Referral.objects.filter(case__in=visible_cases(user)))


def received_referrals(user: Any) -> QuerySet[Referral]:
    """Referrals sent to the organisations the user receives for (the inbox)."""
    orgs = receiving_organisation_ids(user)
    if not orgs:
        return Referral.objects.none()
    return _with_relations(Referral.objects.filter(to_organisation_id__in=orgs, is_external=False))


def inbox_order(qs: QuerySet[Referral]) -> QuerySet[Referral]:
    """Referrals waiting for an answer first, emergencies then urgent ones then routine, each by due
    time; then the others, newest first."""
    waiting = Q(status=Status.SENT)
    rank = SqlCase(
        When(waiting & Q(urgency=Urgency.EMERGENCY), then=Value(0)),
        When(waiting & Q(urgency=Urgency.URGENT), then=Value(1)),
        When(waiting, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    due = SqlCase(When(waiting, then=F("due_at")), default=Value(None), output_field=DateTimeField())
    return qs.annotate(inbox_rank=rank, inbox_due=due).order_by("inbox_rank", "inbox_due", "-sent_at", "id")


def referrals_waiting_for(user: Any) -> QuerySet[Referral]:
    """New referrals to the user's organisations still waiting for an answer (My work), the most
    urgent first; no case data."""
    orgs = receiving_organisation_ids(user)
    if not orgs:
        return Referral.objects.none()
    waiting = Referral.objects.filter(to_organisation_id__in=orgs, is_external=False, status=Status.SENT)
    return inbox_order(waiting.select_related("from_organisation", "to_organisation", "service"))


def visible_referrals(user: Any) -> QuerySet[Referral]:
    """Every referral the user may open: sent from their cases or received by their organisation."""
    if not is_signed_in(user):
        return Referral.objects.none()
    rule = Q(case__in=visible_cases(user))
    orgs = receiving_organisation_ids(user)
    if orgs:
        rule |= Q(to_organisation_id__in=orgs, is_external=False)
    return _with_relations(Referral.objects.filter(rule))


def is_sender(user: Any, referral: Referral) -> bool:
    return can_view_case(user, referral.case)


def is_receiver(user: Any, referral: Referral) -> bool:
    return not referral.is_external and referral.to_organisation_id in receiving_organisation_ids(user)


def can_manage_as_sender(user: Any, referral: Referral) -> bool:
    """Send, cancel, print the letter, and answer for a partner not on Sigap: the case's editors."""
    return can_edit_case(user, referral.case) and not referral.case.is_closed


def can_answer(user: Any, referral: Referral) -> bool:
    """Accept, decline, record services, complete: the receiver; for a partner not on Sigap, the sender."""
    if referral.is_external:
        if referral.case.is_closed:
            # Like a receiver on Sigap, the sender still records the partner's services and outcome
            # of a referral accepted before the case closed.
            return referral.status == Status.ACCEPTED and can_edit_case(user, referral.case)
        return can_manage_as_sender(user, referral)
    return is_receiver(user, referral)


def sharing_still_allowed(referral: Referral) -> bool:
    """Whether the consent (or the approved decision to share without it) still covers the receiver:
    a withdrawn consent hides the shared sections from then on."""
    if referral.to_organisation is None:
        return False
    decision = sharing_decision(
        referral.case, None, purpose=SharingPurpose.REFERRAL, organisation=referral.to_organisation
    )
    return decision.allowed


def receives_shared_sections(user: Any, referral: Referral) -> bool:
    """The receiver's staff, while the referral is active (the sender has the case itself). Once the
    case was transferred to the receiving organisation, the case's own access rules apply there:
    its staff off the case read nothing of it through the referral."""
    return (
        referral.is_active
        and referral.to_organisation_id != referral.case.organisation_id
        and is_receiver(user, referral)
        and not is_sender(user, referral)
    )


def sees_shared_sections(user: Any, referral: Referral) -> bool:
    """The receiver reads the shared sections while the referral is active and sharing is still allowed."""
    return receives_shared_sections(user, referral) and sharing_still_allowed(referral)


def external_sharing_basis(case: Case, kind: str) -> str:
    """A partner not in the directory can only be covered by consent to share with its kind of
    organisation (a supervisor's decision to share without consent names an organisation on record)."""
    label = OrganisationKind(kind).label
    for victim in case.victims.select_related("person"):
        consent = consent_in_force(case, victim.person)
        probe = Organisation(kind=kind, name="")
        if (
            consent is None
            or consent.assent == Assent.REFUSED
            or not consent_covers(consent, purpose=SharingPurpose.REFERRAL, organisation=probe)
        ):
            raise ValidationError(
                _(
                    "The consent of %(client)s does not cover sharing with a %(kind)s. Record a consent that "
                    "covers it, or refer to an organisation in the directory (a supervisor may approve "
                    "sharing without consent with an organisation on record)."
                )
                % {"client": victim.person.full_name, "kind": label},
                code="consent_required",
            )
    return "consent"


def letter_sharing_allowed(referral: Referral) -> bool:
    """Whether the client's consent (or the approved decision) still covers the partner not on Sigap
    the letter goes to: by its organisation when it is in the directory, otherwise by its kind."""
    if referral.to_organisation is not None:
        return sharing_still_allowed(referral)
    try:
        external_sharing_basis(referral.case, referral.external_kind)
    except (ValidationError, ValueError):
        return False
    return True


def can_print_letter(user: Any, referral: Referral) -> bool:
    """The letter carries the shared sections to a partner not on Sigap: only while the referral is
    active and the client's consent still covers the partner (the case's editors print it)."""
    return (
        referral.is_external
        and referral.is_active
        and can_manage_as_sender(user, referral)
        and letter_sharing_allowed(referral)
    )


NEEDS = {"view": None, "manage": can_manage_as_sender, "answer": can_answer, "letter": can_print_letter}


def get_referral_for_user(user: Any, pk: UUID | str, *, need: str = "view") -> Referral:
    """The referral, or 404 when the user may not see it; 403 when ``need`` ("manage", "answer") is not met."""
    if need not in NEEDS:
        raise ValueError(f"unknown need {need!r}")
    referral = get_or_404(visible_referrals(user).select_related("case__organisation"), pk=pk)
    check = NEEDS[need]
    if check is not None and not check(user, referral):
        raise PermissionDenied
    return referral
