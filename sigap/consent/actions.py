"""Consent verbs: record and withdraw consent; ask for, approve and refuse sharing without it.

Each takes the acting user by keyword, checks permission, runs in one transaction and writes a case
timeline event (``sigap.cases.actions.timeline``, which writes the audit event too). Nothing here
edits or deletes a consent: a withdrawal is recorded on it, and a new consent supersedes the old.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.cases.access import can_edit_case
from sigap.cases.actions import add_attachment, require_open, timeline
from sigap.cases.actions.common import require_decider
from sigap.cases.codes import ClientType
from sigap.cases.models import Attachment, Case, Person
from sigap.consent.models import (
    Assent,
    Consent,
    GivenBy,
    GuardianRelationship,
    Method,
    OverrideGround,
    SharingOverride,
    SharingPurpose,
)
from sigap.consent.sharing import sharing_decision
from sigap.lib.storage import files_follow_transaction
from sigap.organisations.models import Organisation, OrganisationKind

Errors = dict[str, list[str]]


@dataclass
class ConsentInput:
    """What the consent form collects (docs/cases.md: who, to what, how, when)."""

    given_by: str
    method: str
    given_on: date
    explained: bool
    guardian: Person | None = None
    guardian_relationship: str = ""
    assent: str = ""
    assent_note: str = ""
    services: bool = False
    police_report: bool = False
    photos: bool = False
    share_organisations: list[Organisation] = field(default_factory=list)
    share_kinds: list[str] = field(default_factory=list)
    witness_name: str = ""
    scanned_form: File | None = None  # a new upload, stored as a case attachment
    scanned_attachment: Attachment | None = None  # or an attachment of the case uploaded before (the API)
    no_sexual_image_confirmed: bool = False  # for a new scan on an online-abuse case, as for every file there


# --- Who the client is ------------------------------------------------------------------------


def is_child_client(case: Case, person: Person, on: date | None = None) -> bool:
    """Under 18 on the day; with no birth date, the case's client type decides."""
    child = person.is_child(on)
    return case.client_type == ClientType.CHILD if child is None else child


def assent_required(person: Person, on: date | None = None) -> bool:
    """A child of ``SIGAP_ASSENT_AGE`` (12) or older must be asked for their own assent."""
    age = person.age(on)
    return age is not None and age < 18 and age >= settings.SIGAP_ASSENT_AGE


def is_client(case: Case, person: Person) -> bool:
    return case.victims.filter(person=person).exists()


def is_perpetrator(case: Case, person: Person) -> bool:
    return case.perpetrators.filter(person=person).exists()


def _require_editor(actor: User, case: Case) -> None:
    if not can_edit_case(actor, case):
        raise PermissionDenied(_("You may not change this case."))


def _raise(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


# --- Recording consent --------------------------------------------------------------------------


def _check_giver(case: Case, person: Person, data: ConsentInput, child: bool, errors: Errors) -> None:
    if data.given_by not in GivenBy.values:
        errors["given_by"] = [_("Say who gave consent.")]
        return
    if data.given_by == GivenBy.CLIENT:
        if child:
            errors["given_by"] = [
                _(
                    "A child's consent is given by a parent or guardian who is not an alleged perpetrator, with the "
                    "child's own assent. If no guardian can safely consent, ask a supervisor to approve sharing "
                    "without consent."
                )
            ]
        return
    guardian = data.guardian
    if guardian is None:
        errors["guardian"] = [_("Choose the parent or guardian who consents.")]
    elif guardian.pk == person.pk:
        errors["guardian"] = [_("The client cannot be their own guardian.")]
    elif guardian.organisation_id != case.organisation_id:
        errors["guardian"] = [_("Choose a person recorded by this organisation.")]
    elif is_perpetrator(case, guardian):
        errors["guardian"] = [
            _("%(name)s is an alleged perpetrator in this case and cannot consent for the client.")
            % {"name": guardian.full_name}
        ]
    if data.guardian_relationship not in GuardianRelationship.values:
        errors["guardian_relationship"] = [_("Say how the guardian is related to the client.")]


def _check_assent(person: Person, data: ConsentInput, child: bool, errors: Errors) -> None:
    if not child:
        return
    if data.assent not in {Assent.GIVEN, Assent.REFUSED, Assent.NOT_SOUGHT}:
        errors["assent"] = [_("Record the child's assent: given, refused, or not sought with the reason.")]
    elif data.assent == Assent.NOT_SOUGHT and assent_required(person, data.given_on):
        errors["assent"] = [
            _("Ask the child for their assent: a child of %(age)d or older must be asked.")
            % {"age": settings.SIGAP_ASSENT_AGE}
        ]
    elif data.assent == Assent.NOT_SOUGHT and not data.assent_note.strip():
        errors["assent_note"] = [_("Say why the child's assent was not sought.")]


def _check_scope_and_method(data: ConsentInput, errors: Errors) -> None:
    if not data.explained:
        errors["explained"] = [
            _(
                "Confirm that the services, their risks and benefits, how the information is used and who it is "
                "shared with, and the limits of confidentiality were explained."
            )
        ]
    if not (data.services or data.police_report or data.photos or data.share_organisations or data.share_kinds):
        errors["scope"] = [_("Choose at least one thing that was consented to.")]
    if set(data.share_kinds) - set(OrganisationKind.values):
        errors["share_kinds"] = [_("Unknown kind of organisation.")]
    if data.method not in Method.values:
        errors["method"] = [_("Say how consent was given.")]
    elif data.method == Method.VERBAL_WITNESSED and not data.witness_name.strip():
        errors["witness_name"] = [_("Name the witness of verbal consent.")]
    if data.scanned_attachment is not None and data.scanned_form is not None:
        errors["scanned_form"] = [_("Give either a new scan or an attachment of the case, not both.")]
    if data.given_on is None or data.given_on > timezone.localdate():
        errors["given_on"] = [_("Give the date consent was given (not in the future).")]


def validate_consent(case: Case, person: Person, data: ConsentInput) -> None:
    """Refuse a consent that does not follow the consent rules (docs/cases.md), with a translated reason per field."""
    errors: Errors = {}
    if not is_client(case, person):
        raise ValidationError({"person": [_("Choose a client (victim) of this case.")]})
    child = is_child_client(case, person, data.given_on)
    _check_giver(case, person, data, child, errors)
    _check_assent(person, data, child, errors)
    _check_scope_and_method(data, errors)
    if data.scanned_attachment is not None and data.scanned_attachment.case_id != case.pk:
        errors["scanned_attachment"] = [_("Choose an attachment of this case.")]
    _raise(errors)


@files_follow_transaction()
def record_consent(case: Case, *, actor: User, person: Person, data: ConsentInput) -> Consent:
    """Record what the client (or their guardian) consented to; it supersedes their previous consent."""
    _require_editor(actor, case)
    require_open(case)
    validate_consent(case, person, data)
    child = is_child_client(case, person, data.given_on)
    guardian = data.guardian if data.given_by == GivenBy.GUARDIAN else None
    scan = data.scanned_attachment
    if data.scanned_form is not None:
        try:
            # Stored like every attachment of the case: encrypted, its SHA-256 recorded.
            scan = add_attachment(
                case,
                actor=actor,
                title=_("Consent form (scan)"),
                upload=data.scanned_form,
                no_sexual_image_confirmed=data.no_sexual_image_confirmed,
            )
        except ValidationError as error:
            raise ValidationError({"scanned_form": error.messages}) from error
    previous = Consent.objects.select_for_update().filter(case=case, person=person, is_current=True).first()
    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current", "updated_at"])
    consent = Consent.objects.create(
        case=case,
        person=person,
        given_by=data.given_by,
        guardian=guardian,
        guardian_relationship=data.guardian_relationship if guardian else "",
        assent=data.assent if child else Assent.NOT_APPLICABLE,
        assent_note=data.assent_note.strip() if child else "",
        explained=data.explained,
        services=data.services,
        police_report=data.police_report,
        photos=data.photos,
        share_kinds=sorted(set(data.share_kinds)),
        method=data.method,
        witness_name=data.witness_name.strip() if data.method == Method.VERBAL_WITNESSED else "",
        given_on=data.given_on,
        recorded_by=actor,
        scanned_form=scan,
    )
    consent.share_organisations.set(data.share_organisations)
    if previous is not None:
        Consent.objects.filter(pk=previous.pk).update(superseded_by=consent)
    timeline(
        case,
        "consent_recorded",
        actor=actor,
        summary=", ".join(consent.scope_labels()),
        consent=str(consent.pk),
        person=str(person.pk),
        given_by=consent.given_by,
        assent=consent.assent,
        supersedes=str(previous.pk) if previous else None,
    )
    return consent


@transaction.atomic
def withdraw_consent(consent: Consent, *, actor: User, withdrawn_on: date, withdrawn_by: str, reason: str) -> Consent:
    """Record that consent was withdrawn. The record stays; sharing it allowed stops being allowed.

    Allowed on a closed case too: withdrawing consent is the client's right at any time.
    """
    case = consent.case
    _require_editor(actor, case)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if not consent.in_force:
        raise ValidationError(_("This consent is no longer in force: it was withdrawn or replaced."), code="stale")
    errors: Errors = {}
    if withdrawn_by not in GivenBy.values:
        errors["withdrawn_by"] = [_("Say who withdrew consent.")]
    elif withdrawn_by == GivenBy.GUARDIAN and consent.given_by != GivenBy.GUARDIAN:
        errors["withdrawn_by"] = [_("The client gave this consent; only the client can withdraw it.")]
    if not (reason or "").strip():
        errors["reason"] = [_("Say why consent was withdrawn.")]
    if withdrawn_on is None or withdrawn_on > timezone.localdate() or withdrawn_on < consent.given_on:
        errors["withdrawn_on"] = [_("Give the date of withdrawal: not in the future, nor before consent was given.")]
    _raise(errors)
    consent.withdrawn_on = withdrawn_on
    consent.withdrawn_by = withdrawn_by
    consent.withdrawal_reason = reason.strip()
    consent.withdrawal_recorded_by = actor
    consent.save(
        update_fields=["withdrawn_on", "withdrawn_by", "withdrawal_reason", "withdrawal_recorded_by", "updated_at"]
    )
    timeline(
        case,
        "consent_withdrawn",
        actor=actor,
        summary=consent.withdrawal_reason,
        consent=str(consent.pk),
        person=str(consent.person_id),
        withdrawn_by=withdrawn_by,
    )
    return consent


# --- Sharing without consent --------------------------------------------------------------------


def _check_override(
    case: Case, person: Person, purpose: str, organisation: Organisation | None, ground: str, explanation: str
) -> None:
    errors: Errors = {}
    if purpose not in SharingPurpose.values:
        errors["purpose"] = [_("Choose the purpose of sharing.")]
    elif organisation is None and purpose != SharingPurpose.POLICE_REPORT:
        errors["organisation"] = [_("Choose the organisation the information would go to.")]
    if organisation is not None and organisation.pk == case.organisation_id:
        errors["organisation"] = [_("Sharing within the organisation that owns the case needs no override.")]
    if ground not in OverrideGround.values:
        errors["ground"] = [_("Choose the ground for sharing without consent.")]
    elif ground == OverrideGround.BEST_INTERESTS and not is_child_client(case, person):
        errors["ground"] = [_("Best interests is a ground for children; for an adult choose a legal duty or danger.")]
    if not explanation.strip():
        errors["explanation"] = [_("Explain why sharing without consent is needed.")]
    _raise(errors)


@transaction.atomic
def request_override(
    case: Case,
    *,
    actor: User,
    person: Person,
    purpose: str,
    organisation: Organisation | None,
    ground: str,
    explanation: str,
) -> SharingOverride:
    """A caseworker documents why the client's data must be shared without consent; a supervisor decides."""
    _require_editor(actor, case)
    require_open(case)
    if not is_client(case, person):
        raise ValidationError({"person": [_("Choose a client (victim) of this case.")]})
    _check_override(case, person, purpose, organisation, ground, explanation)
    if sharing_decision(case, person, purpose=purpose, organisation=organisation).allowed:
        raise ValidationError(_("Consent or an approved decision already covers this sharing."), code="covered")
    if SharingOverride.objects.filter(
        case=case,
        person=person,
        purpose=purpose,
        organisation=organisation,
        status=SharingOverride.Status.PENDING,
    ).exists():
        raise ValidationError(_("The same request is already waiting for a supervisor."), code="duplicate")
    override = SharingOverride.objects.create(
        case=case,
        person=person,
        purpose=purpose,
        organisation=organisation,
        ground=ground,
        explanation=explanation.strip(),
        requested_by=actor,
    )
    timeline(
        case,
        "sharing_override_requested",
        actor=actor,
        summary=str(override.get_purpose_display()),
        override=str(override.pk),
        person=str(person.pk),
        purpose=purpose,
        ground=ground,
        share_with=str(organisation.pk) if organisation else None,
    )
    return override


def _decide(override: SharingOverride, *, actor: User, status: str, comment: str) -> SharingOverride:
    case = override.case
    require_decider(actor, case, override.requested_by_id)
    override = SharingOverride.objects.select_for_update().get(pk=override.pk)
    if override.status != SharingOverride.Status.PENDING:
        raise ValidationError(_("This request was already decided."), code="decided")
    override.status = status
    override.decided_by = actor
    override.decided_at = timezone.now()
    override.decision_comment = comment.strip()
    override.save(update_fields=["status", "decided_by", "decided_at", "decision_comment", "updated_at"])
    verb = "approved" if status == SharingOverride.Status.APPROVED else "rejected"
    timeline(
        case,
        f"sharing_override_{verb}",
        actor=actor,
        summary=override.decision_comment or str(override.get_purpose_display()),
        override=str(override.pk),
    )
    return override


@transaction.atomic
def approve_override(override: SharingOverride, *, actor: User, comment: str = "") -> SharingOverride:
    """A supervisor of the case (never the one who asked) approves sharing without consent."""
    return _decide(override, actor=actor, status=SharingOverride.Status.APPROVED, comment=comment)


@transaction.atomic
def reject_override(override: SharingOverride, *, actor: User, comment: str) -> SharingOverride:
    """A supervisor refuses, saying why (``comment`` required)."""
    if not (comment or "").strip():
        raise ValidationError({"comment": [_("Say why the request is refused.")]})
    return _decide(override, actor=actor, status=SharingOverride.Status.REJECTED, comment=comment)
