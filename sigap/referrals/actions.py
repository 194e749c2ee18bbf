"""Referral verbs. Each checks permission, runs in one transaction, changes the referral and writes
its case timeline event and audit event (``sigap.cases.actions.timeline``).

Notifications (sigap.notifications) hook in at the points marked "Notify:", with one
``transaction.on_commit`` call each: sent (to the receiver), accepted / declined (to the sender),
expired (to the sender).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.access import AccessAction, log_access
from sigap.cases.access import can_approve, can_edit_case
from sigap.cases.actions import mediation_refusal, require_open, timeline
from sigap.cases.codes import RiskLevel, ServiceType
from sigap.cases.models import Case, ServiceDelivery, TimelineEvent
from sigap.consent.models import SharingPurpose
from sigap.consent.sharing import require_sharing_allowed
from sigap.directory.models import Service
from sigap.notifications.models import Kind
from sigap.organisations.models import Membership, Organisation, OrganisationKind
from sigap.referrals import notices
from sigap.referrals.access import (
    can_answer,
    can_manage_as_sender,
    can_print_letter,
    external_sharing_basis,
    receiving_organisation_ids,
)
from sigap.referrals.models import Referral, Section, Status, Urgency

REASON_MAX = 4000


def response_hours(risk_level: str) -> int:
    """Hours the receiver has to answer, by the case's risk level (settings, from the environment)."""
    hours: dict[str, int] = {
        RiskLevel.HIGH: settings.SIGAP_REFERRAL_DUE_HOURS_HIGH,
        RiskLevel.MEDIUM: settings.SIGAP_REFERRAL_DUE_HOURS_MEDIUM,
        RiskLevel.LOW: settings.SIGAP_REFERRAL_DUE_HOURS_LOW,
    }
    return hours.get(risk_level, settings.SIGAP_REFERRAL_DUE_HOURS_MEDIUM)


def due_hours(risk_level: str, urgency: str) -> int:
    """Hours the receiver has to answer: by the risk level, shortened for an urgent or emergency
    referral to the urgency's time when that is shorter (settings, from the environment)."""
    hours = response_hours(risk_level)
    caps: dict[str, int] = {
        Urgency.URGENT: settings.SIGAP_REFERRAL_DUE_HOURS_URGENT,
        Urgency.EMERGENCY: settings.SIGAP_REFERRAL_DUE_HOURS_EMERGENCY,
    }
    return min(hours, caps[urgency]) if urgency in caps else hours


def is_on_sigap(organisation: Organisation) -> bool:
    """An organisation whose staff use Sigap (it has active members) answers referrals itself."""
    return organisation.is_active and Membership.objects.filter(organisation=organisation, is_active=True).exists()


@dataclass
class ReferralInput:
    """What the sender chooses: a directory service (or a partner not on Sigap), what is needed,
    which sections of the case to share, why, and how urgent."""

    service_type: str
    sections: Iterable[str]
    reason: str = ""
    urgency: str = Urgency.ROUTINE
    service: Service | None = None
    external_name: str = ""
    external_contact: str = ""
    external_kind: str = ""


def _validate(case: Case, data: ReferralInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    sections = list(data.sections)
    named = bool(data.external_name.strip())
    if (data.service is None) == (not named):
        errors["service"] = [_("Choose a service from the directory, or name a partner not on Sigap.")]
    elif data.service is not None:
        if not (data.service.is_active and data.service.organisation.is_active):
            errors["service"] = [_("This service is no longer in the directory.")]
        elif not data.service.accepting_referrals:
            errors["service"] = [_("This service is not accepting referrals at the moment.")]
        elif data.service.organisation_id == case.organisation_id:
            errors["service"] = [_("A referral goes to another organisation; this service is your own.")]
    elif data.external_kind not in OrganisationKind.values:
        errors["external_kind"] = [_("Say what kind of organisation the partner is.")]
    if data.service_type not in ServiceType.values:
        errors["service_type"] = [_("Choose the service needed.")]
    elif data.service_type == ServiceType.MEDIASI and mediation_refusal(case):
        errors["service_type"] = [str(mediation_refusal(case))]
    if not sections or any(code not in Section.values for code in sections):
        errors["sections"] = [_("Choose at least one section of the case to share.")]
    if data.urgency not in Urgency.values:
        errors["urgency"] = [_("Choose the urgency.")]
    if not data.reason.strip():
        errors["reason"] = [_("Say why you refer the client and what they need.")]
    elif len(data.reason) > REASON_MAX:
        errors["reason"] = [_("Keep the reason under %(n)d characters.") % {"n": REASON_MAX}]
    return errors


@transaction.atomic
def send_referral(case: Case, *, actor: User, data: ReferralInput, request: HttpRequest | None = None) -> Referral:
    """Refer the case's client. Whoever may edit the case; sharing must be allowed by consent or by a
    supervisor's approved decision to share without it, otherwise nothing is saved."""
    if not can_edit_case(actor, case):
        raise PermissionDenied(_("You may not change this case."))
    require_open(case)
    errors = _validate(case, data)
    if errors:
        raise ValidationError(errors)
    to_org = data.service.organisation if data.service is not None else None
    override = None
    if to_org is not None:
        decision = require_sharing_allowed(case, None, purpose=SharingPurpose.REFERRAL, organisation=to_org)
        basis, override = decision.basis, decision.override
    else:
        basis = external_sharing_basis(case, data.external_kind)
    now = timezone.now()
    referral = Referral.objects.create(
        case=case,
        from_organisation=case.organisation,
        service=data.service,
        to_organisation=to_org,
        external_name="" if to_org else data.external_name.strip(),
        external_contact="" if to_org else data.external_contact.strip(),
        external_kind="" if to_org else data.external_kind,
        is_external=to_org is None or not is_on_sigap(to_org),
        service_type=data.service_type,
        sections=[code for code in Section.values if code in set(data.sections)],
        reason=data.reason.strip(),
        urgency=data.urgency,
        risk_level=case.risk_level,
        sharing_basis=basis,
        sharing_override=override,
        sent_by=actor,
        sent_at=now,
        due_at=now + timedelta(hours=due_hours(case.risk_level, data.urgency)),
    )
    event = _event(referral, "referral_sent", actor, _("Referral to %(to)s") % {"to": referral.receiver_name},
                   sections=referral.sections, basis=basis, due=referral.due_at.isoformat())  # fmt: skip
    notices.referral_sent(referral, actor=actor, event=event)
    return referral


def _event(referral: Referral, verb: str, actor: User | None, summary: str, **details: object) -> TimelineEvent:
    return timeline(
        referral.case,
        verb,
        actor=actor,
        summary=summary,
        referral=str(referral.pk),
        to=str(referral.to_organisation_id or ""),
        status=referral.status,
        **details,
    )


def _move(referral: Referral, status: str) -> None:
    """Refuse a change the referral's status does not allow (a translated message, nothing saved)."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if not locked.can_become(status):
        raise ValidationError(
            _("This referral is %(status)s; it cannot become %(new)s.")
            % {"status": locked.get_status_display(), "new": Status(status).label},
            code="transition",
        )
    referral.status = status


def _require_answer(actor: User, referral: Referral) -> None:
    if not can_answer(actor, referral):
        raise PermissionDenied(_("Only the receiving organisation answers this referral."))


@transaction.atomic
def accept_referral(referral: Referral, *, actor: User) -> Referral:
    """The receiver takes the client on (for a partner not on Sigap, the sender records its answer)."""
    _require_answer(actor, referral)
    _move(referral, Status.ACCEPTED)
    referral.accepted_at = timezone.now()
    referral.answered_by = actor
    referral.save(update_fields=["status", "accepted_at", "answered_by", "updated_at"])
    event = _event(referral, "referral_accepted", actor, _("Accepted by %(to)s") % {"to": referral.receiver_name})
    notices.referral_answered(referral, actor=actor, event=event, kind=Kind.REFERRAL_ACCEPTED)
    return referral


@transaction.atomic
def decline_referral(referral: Referral, *, actor: User, reason: str) -> Referral:
    _require_answer(actor, referral)
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the referral is declined.")]})
    _move(referral, Status.DECLINED)
    referral.declined_at = timezone.now()
    referral.answered_by = actor
    referral.decline_reason = reason.strip()
    referral.save(update_fields=["status", "declined_at", "answered_by", "decline_reason", "updated_at"])
    event = _event(referral, "referral_declined", actor, _("Declined by %(to)s") % {"to": referral.receiver_name})
    notices.referral_answered(referral, actor=actor, event=event, kind=Kind.REFERRAL_DECLINED)
    return referral


@transaction.atomic
def complete_referral(referral: Referral, *, actor: User, outcome: str) -> Referral:
    """The receiver reports back: the service is done, with its outcome."""
    _require_answer(actor, referral)
    if not outcome.strip():
        raise ValidationError({"outcome": [_("Describe the outcome for the referring caseworker.")]})
    _move(referral, Status.COMPLETED)
    referral.completed_at = timezone.now()
    referral.outcome = outcome.strip()
    referral.save(update_fields=["status", "completed_at", "outcome", "updated_at"])
    _event(referral, "referral_completed", actor, _("Completed by %(to)s") % {"to": referral.receiver_name})
    return referral


@transaction.atomic
def cancel_referral(referral: Referral, *, actor: User, reason: str) -> Referral:
    """The sender withdraws the referral; the receiver no longer sees the shared sections."""
    if not can_manage_as_sender(actor, referral):
        raise PermissionDenied(_("Only whoever may change the case cancels its referral."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the referral is cancelled.")]})
    return _cancel(referral, actor=actor, reason=reason.strip())


def _cancel(referral: Referral, *, actor: User, reason: str, **details: object) -> Referral:
    _move(referral, Status.CANCELLED)
    referral.closed_at = timezone.now()
    referral.closed_by = actor
    referral.cancel_reason = reason
    referral.save(update_fields=["status", "closed_at", "closed_by", "cancel_reason", "updated_at"])
    summary = _("Referral to %(to)s cancelled") % {"to": referral.receiver_name}
    event = _event(referral, "referral_cancelled", actor, summary, **details)
    notices.referral_cancelled(referral, actor=actor, event=event)
    return referral


@transaction.atomic
def cancel_on_case_closure(case: Case, *, actor: User) -> list[Referral]:
    """When a supervisor approves the case's closure: referrals still waiting for an answer are
    cancelled ("case closed"); accepted ones stay so the receiver can complete them.

    Called by ``approve_closure`` (through ``sigap.cases.closure_hooks``), which has already checked
    that the actor decides this closure; the case is still open at that point."""
    if not (can_approve(actor, case) or can_edit_case(actor, case)):
        raise PermissionDenied(_("You may not change this case."))
    cancelled = []
    waiting = case.referrals.filter(status=Status.SENT).select_related("to_organisation", "case__case_manager")
    for referral in waiting.order_by("sent_at"):
        cancelled.append(_cancel(referral, actor=actor, reason=_("The case was closed."), case_closed=True))
    return cancelled


@transaction.atomic
def cancel_on_transfer(case: Case, *, organisation: Organisation, actor: User, transfer: object) -> list[Referral]:
    """When ``organisation`` takes the case over (a transfer it accepted), the case's referrals to it
    that are still active (sent or accepted) are cancelled, "the organisation took over the case":
    it now holds the case itself, so they would only sit in its inbox. Cancelled rather than completed,
    because nobody reported an outcome; the services it recorded stay on the case.

    Called by ``accept_transfer`` inside its transaction; ``actor`` works at ``organisation``."""
    if organisation.pk not in receiving_organisation_ids(actor):
        raise PermissionDenied(_("You may not change this case."))
    active = case.referrals.filter(
        to_organisation=organisation, is_external=False, status__in=[Status.SENT, Status.ACCEPTED]
    ).select_related("to_organisation", "from_organisation", "case__case_manager")
    reason = _("The organisation took over the case (transfer accepted).")
    return [
        _cancel(referral, actor=actor, reason=reason, transfer=str(getattr(transfer, "pk", "")))
        for referral in active.order_by("sent_at")
    ]


@transaction.atomic
def record_referral_service(
    referral: Referral, *, actor: User, service_type: str, delivered_on: date, outcome: str = ""
) -> ServiceDelivery:
    """A service the receiver delivered: it appears among the services of the referring case."""
    _require_answer(actor, referral)
    # The row is locked and read again: a cancellation or completion meanwhile wins.
    if Referral.objects.select_for_update().get(pk=referral.pk).status != Status.ACCEPTED:
        raise ValidationError(_("Services are recorded on an accepted referral."), code="transition")
    errors: dict[str, list[str]] = {}
    case = referral.case
    if service_type not in ServiceType.values:
        errors["service_type"] = [_("Choose a service.")]
    elif service_type == ServiceType.MEDIASI and mediation_refusal(case):
        errors["service_type"] = [str(mediation_refusal(case))]
    if delivered_on > timezone.localdate():
        errors["delivered_on"] = [_("The date cannot be in the future.")]
    if delivered_on < timezone.localdate(referral.sent_at):
        errors["delivered_on"] = [_("The date cannot be before the referral was sent.")]
    if errors:
        raise ValidationError(errors)
    service = ServiceDelivery.objects.create(
        case=case,
        service_type=service_type,
        delivered_on=delivered_on,
        provider_organisation=referral.to_organisation,
        provider_name="" if referral.to_organisation_id else referral.external_name,
        outcome=outcome.strip(),
        recorded_by=actor,
        referral=referral,
    )
    _event(
        referral,
        "referral_service_recorded",
        actor,
        str(service.get_service_type_display()),
        service=str(service.pk),
        service_type=service_type,
        on=delivered_on.isoformat(),
    )
    return service


def expire_overdue(now: datetime | None = None) -> int:
    """Expire referrals still unanswered after their due time. Safe to run twice: each row is claimed
    by a conditional update, so a referral expires (and gets its timeline event) once."""
    now = now or timezone.now()
    expired = 0
    overdue = Referral.objects.filter(status=Status.SENT, due_at__lt=now).values_list("pk", flat=True)
    for pk in list(overdue[:1000]):
        with transaction.atomic():
            claimed = Referral.objects.filter(pk=pk, status=Status.SENT).update(
                status=Status.EXPIRED, closed_at=now, updated_at=now
            )
            if not claimed:
                continue
            referral = Referral.objects.select_related("case__organisation", "to_organisation").get(pk=pk)
            event = _event(
                referral, "referral_expired", None, _("No answer from %(to)s in time") % {"to": referral.receiver_name}
            )
            notices.referral_answered(referral, actor=None, event=event, kind=Kind.REFERRAL_OVERDUE)
            expired += 1
    return expired


def letter_pdf(referral: Referral, *, actor: User, request: HttpRequest | None = None) -> bytes:
    """The referral letter for a partner not on Sigap (PDF made on the server); the access log notes it."""
    from sigap.referrals.letter import render_letter

    if not can_print_letter(actor, referral):
        raise PermissionDenied
    pdf = render_letter(referral, printed_by=actor)
    log_access(user=actor, obj=referral, action=AccessAction.PRINT, request=request)
    return pdf
