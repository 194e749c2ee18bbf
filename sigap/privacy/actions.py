"""Data-protection verbs: data subjects' requests, restrictions, the breach register, exports.

Each verb takes the acting user by keyword, checks they are the data protection officer of the
record's organisation (exports: that they may export the person), runs in one transaction and
writes an audit event. Audit events name no person: requests and persons appear by a short id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.access import log_access
from sigap.audit.actions import record
from sigap.audit.models import AccessAction
from sigap.cases.access import cases_of_person
from sigap.cases.models import Case, Person
from sigap.organisations.models import Organisation
from sigap.privacy import retention
from sigap.privacy.access import dpo_organisation_ids
from sigap.privacy.export import encrypted_zip, export_data, export_files, new_passphrase, package_name
from sigap.privacy.models import (
    BREACH_FIELDS,
    AnonymisedCase,
    Breach,
    DataCategory,
    PersonRestriction,
    SubjectRequest,
)

Status = SubjectRequest.Status
Kind = SubjectRequest.Kind


def _require_dpo(actor: User, organisation_id: Any) -> None:
    if organisation_id not in dpo_organisation_ids(actor):
        raise PermissionDenied(_("Only the data protection officer of this organisation may do this."))


def _check_person(person: Person | None, organisation_id: Any) -> None:
    if person is not None and person.organisation_id != organisation_id:
        raise ValidationError({"person": _("This person was not recorded by the request's organisation.")})


# --- Data subjects' requests ----------------------------------------------------------------


def request_due_at(received_at: datetime) -> datetime:
    return received_at + timedelta(hours=settings.SIGAP_SUBJECT_REQUEST_HOURS)


def receive_request(
    *,
    actor: User,
    organisation: Organisation,
    kind: str,
    requester: str,
    details: str = "",
    received_at: datetime | None = None,
    person: Person | None = None,
    request: HttpRequest | None = None,
) -> SubjectRequest:
    """Register a request; the answer is due ``SIGAP_SUBJECT_REQUEST_HOURS`` after it was received."""
    _require_dpo(actor, organisation.pk)
    _check_person(person, organisation.pk)
    received_at = received_at or timezone.now()
    if received_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"received_at": _("The request cannot have been received in the future.")})
    subject_request = SubjectRequest(
        organisation=organisation,
        kind=kind,
        requester=requester.strip(),
        details=details.strip(),
        received_at=received_at,
        due_at=request_due_at(received_at),
        person=person,
        created_by=actor,
    )
    subject_request.full_clean()
    with transaction.atomic():
        subject_request.save()
        record(
            "privacy.request_received",
            actor=actor,
            obj=subject_request,
            organisation=organisation,
            request=request,
            kind=kind,
            due_at=subject_request.due_at.isoformat(),
        )
    return subject_request


def _locked(subject_request: SubjectRequest, actor: User, allowed: set[str]) -> SubjectRequest:
    _require_dpo(actor, subject_request.organisation_id)
    locked = (
        SubjectRequest.objects.select_for_update(of=("self",))
        .select_related("organisation", "person")
        .get(pk=subject_request.pk)
    )
    if locked.status not in allowed:
        raise ValidationError(
            _("This request is already %(status)s.") % {"status": str(locked.get_status_display()).lower()}
        )
    return locked


def link_person(
    subject_request: SubjectRequest, *, actor: User, person: Person | None, request: HttpRequest | None = None
) -> SubjectRequest:
    with transaction.atomic():
        locked = _locked(subject_request, actor, {Status.RECEIVED, Status.IN_PROGRESS})
        _check_person(person, locked.organisation_id)
        locked.person = person
        locked.save(update_fields=["person", "updated_at"])
        record(
            "privacy.request_person_linked",
            actor=actor,
            obj=locked,
            organisation=locked.organisation,
            request=request,
            person=str(person.pk) if person else None,
        )
    return locked


def start_request(
    subject_request: SubjectRequest, *, actor: User, request: HttpRequest | None = None
) -> SubjectRequest:
    with transaction.atomic():
        locked = _locked(subject_request, actor, {Status.RECEIVED})
        locked.status = Status.IN_PROGRESS
        locked.handled_by = actor
        locked.save(update_fields=["status", "handled_by", "updated_at"])
        record("privacy.request_started", actor=actor, obj=locked, organisation=locked.organisation, request=request)
    return locked


def _erase(person: Person, actor: User) -> int:
    """Anonymise ``person`` and the cases they appear in (all past retention: checked by the caller)."""
    cases = Case.objects.filter(cases_of_person(person.pk)).exclude(pk__in=AnonymisedCase.objects.values("case_id"))
    count = 0
    for case in cases.distinct().select_related("organisation"):
        retention.anonymise_case(case, actor=actor)
        count += 1
    person.refresh_from_db()
    if person.full_name != retention.anonymous_label(person):
        retention.anonymise_person(person)
    return count


def _restrict(person: Person, actor: User, subject_request: SubjectRequest | None, reason: str) -> PersonRestriction:
    active = PersonRestriction.objects.filter(person=person, lifted_at__isnull=True).first()
    if active is not None:
        return active
    return PersonRestriction.objects.create(person=person, request=subject_request, reason=reason, restricted_by=actor)


def complete_request(
    subject_request: SubjectRequest, *, actor: User, notes: str = "", request: HttpRequest | None = None
) -> SubjectRequest:
    """Complete a request. An erasure is refused while a case still holds the person's record (an open
    case, or one closed less than the retention period ago); a restriction marks the person."""
    with transaction.atomic():
        locked = _locked(subject_request, actor, {Status.RECEIVED, Status.IN_PROGRESS})
        details: dict[str, Any] = {"kind": locked.kind}
        if locked.kind in {Kind.ERASURE, Kind.RESTRICTION} and locked.person is None:
            raise ValidationError(_("Link the person this request is about first."))
        if locked.kind == Kind.ERASURE:
            assert locked.person is not None  # noqa: S101 - checked just above
            holds = retention.legal_holds(locked.person)
            if holds:
                raise ValidationError([hold.message for hold in holds])
            details["cases_anonymised"] = _erase(locked.person, actor)
        elif locked.kind == Kind.RESTRICTION:
            assert locked.person is not None  # noqa: S101 - checked just above
            restriction = _restrict(locked.person, actor, locked, notes.strip())
            details["restriction"] = str(restriction.pk)
        locked.status = Status.COMPLETED
        locked.handled_by = locked.handled_by or actor
        locked.decision_notes = notes.strip()
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "handled_by", "decision_notes", "decided_at", "updated_at"])
        record(
            "privacy.request_completed",
            actor=actor,
            obj=locked,
            organisation=locked.organisation,
            request=request,
            **details,
        )
    return locked


def refuse_request(
    subject_request: SubjectRequest, *, actor: User, reason: str, request: HttpRequest | None = None
) -> SubjectRequest:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for refusing; the person is told it.")})
    with transaction.atomic():
        locked = _locked(subject_request, actor, {Status.RECEIVED, Status.IN_PROGRESS})
        locked.status = Status.REFUSED
        locked.handled_by = locked.handled_by or actor
        locked.refusal_reason = reason.strip()
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "handled_by", "refusal_reason", "decided_at", "updated_at"])
        record(
            "privacy.request_refused",
            actor=actor,
            obj=locked,
            organisation=locked.organisation,
            request=request,
            kind=locked.kind,
        )
    return locked


def lift_restriction(
    restriction: PersonRestriction, *, actor: User, request: HttpRequest | None = None
) -> PersonRestriction:
    with transaction.atomic():
        locked = (
            PersonRestriction.objects.select_for_update(of=("self",))
            .select_related("person__organisation")
            .get(pk=restriction.pk)
        )
        _require_dpo(actor, locked.person.organisation_id)
        if locked.lifted_at is not None:
            raise ValidationError(_("This restriction was already lifted."))
        locked.lifted_at = timezone.now()
        locked.lifted_by = actor
        locked.save(update_fields=["lifted_at", "lifted_by", "updated_at"])
        record(
            "privacy.restriction_lifted",
            actor=actor,
            obj=locked.person,
            organisation=locked.person.organisation,
            request=request,
        )
    return locked


# --- Breach register ------------------------------------------------------------------------


def _clean_breach(breach: Breach) -> None:
    unknown = [c for c in breach.data_categories if c not in DataCategory.values]
    if unknown:
        raise ValidationError({"data_categories": _("Unknown category: %(name)s") % {"name": unknown[0]}})
    if breach.discovered_at and breach.discovered_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"discovered_at": _("A breach cannot be discovered in the future.")})
    breach.full_clean()


def record_breach(
    *, actor: User, organisation: Organisation, values: dict[str, Any], request: HttpRequest | None = None
) -> Breach:
    """Enter a breach in the register; notification is due 3×24 hours after its discovery."""
    _require_dpo(actor, organisation.pk)
    breach = Breach(organisation=organisation, recorded_by=actor)
    for name in BREACH_FIELDS:
        if name in values:
            setattr(breach, name, values[name])
    _clean_breach(breach)
    with transaction.atomic():
        breach.save()
        record(
            "privacy.breach_recorded",
            actor=actor,
            obj=breach,
            organisation=organisation,
            request=request,
            notification_due_at=breach.notification_due_at.isoformat(),
        )
    return breach


def update_breach(
    breach: Breach,
    *,
    actor: User,
    values: dict[str, Any],
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Breach:
    _require_dpo(actor, breach.organisation_id)
    with transaction.atomic():
        locked = Breach.objects.select_for_update().get(pk=breach.pk)
        if expected_version is not None and locked.version != expected_version:
            raise ValidationError(
                _("Somebody else changed this breach record; reload it and try again."), code="conflict"
            )
        changed = [n for n in BREACH_FIELDS if n in values and getattr(locked, n) != values[n]]
        for name in changed:
            setattr(locked, name, values[name])
        _clean_breach(locked)
        locked.version += 1
        locked.save()
        record(
            "privacy.breach_updated",
            actor=actor,
            obj=locked,
            organisation=breach.organisation,
            request=request,
            fields=changed,
        )
    return locked


def mark_breach_notified(
    breach: Breach,
    *,
    actor: User,
    authority_at: datetime | None = None,
    subjects_at: datetime | None = None,
    request: HttpRequest | None = None,
) -> Breach:
    """Record when the supervisory body and/or the people affected were notified in writing."""
    _require_dpo(actor, breach.organisation_id)
    if authority_at is None and subjects_at is None:
        raise ValidationError(_("Give when the supervisory body or the people affected were notified."))
    now = timezone.now() + timedelta(minutes=5)
    for name, value in [("authority_notified_at", authority_at), ("subjects_notified_at", subjects_at)]:
        if value is not None and (value > now or value < breach.discovered_at):
            raise ValidationError({name: _("The notification time must be between the discovery and now.")})
    with transaction.atomic():
        locked = Breach.objects.select_for_update().get(pk=breach.pk)
        if authority_at is not None:
            locked.authority_notified_at = authority_at
        if subjects_at is not None:
            locked.subjects_notified_at = subjects_at
        locked.version += 1
        locked.save()
        record(
            "privacy.breach_notified",
            actor=actor,
            obj=locked,
            organisation=locked.organisation,
            request=request,
            authority=authority_at is not None,
            subjects=subjects_at is not None,
            on_time=locked.is_notified
            and max(locked.authority_notified_at or now, locked.subjects_notified_at or now)
            <= locked.notification_due_at,
        )
    return locked


# --- Exports of a person's data -------------------------------------------------------------


@dataclass
class Package:
    file_name: str
    content: bytes
    passphrase: str


def export_person(
    person: Person, *, actor: User, cases: Any, request: HttpRequest | None = None, delivered_as: str = "json"
) -> dict[str, Any]:
    """The person's data for ``actor`` (access checked by the caller), logged as "person.exported"."""
    data = export_data(person, user=actor, cases=cases)
    with transaction.atomic():
        log_access(user=actor, obj=person, action=AccessAction.EXPORT, request=request)
        record(
            "person.exported",
            actor=actor,
            obj=person,
            organisation=person.organisation,
            request=request,
            format=delivered_as,
            cases=len(data["cases"]),
        )
    return data


def export_person_package(person: Person, *, actor: User, cases: Any, request: HttpRequest | None = None) -> Package:
    """The JSON and PDF files in an AES-256 ZIP, with a one-time passphrase that is never stored."""
    data = export_person(person, actor=actor, cases=cases, request=request, delivered_as="encrypted_zip")
    passphrase = new_passphrase()
    content = encrypted_zip(export_files(person, data), passphrase)
    return Package(file_name=f"{package_name(person)}.zip", content=content, passphrase=passphrase)
