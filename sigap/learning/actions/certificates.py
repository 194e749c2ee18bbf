"""Certificate verbs: issued by the programme's rule or by a trainer with a reason, and revoked."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.actions import record
from sigap.learning import access
from sigap.learning.actions.common import add_months, require, require_manage
from sigap.learning.certification import eligibility
from sigap.learning.models import (
    Certificate,
    Participant,
    TrainingEvent,
)
from sigap.notifications.models import Kind


def _new_certificate(
    participant: Participant, *, actor: User | None, issued_on: date | None, reason: str
) -> Certificate:
    programme = participant.event.programme
    issued = issued_on or timezone.localdate()
    earlier = (
        Certificate.objects.filter(
            programme=programme, holder=participant.user, revoked_at__isnull=True, renewed_by__isnull=True
        )
        .order_by("-issued_on")
        .first()
        if participant.user_id
        else None
    )
    certificate = Certificate.objects.create(
        renews=earlier,
        programme=programme,
        event=participant.event,
        participant=participant,
        holder=participant.user,
        holder_name=participant.full_name,
        issued_on=issued,
        valid_until=add_months(issued, programme.validity_months) if programme.validity_months else None,
        issued_by=actor,
        manual_reason=reason,
    )
    record(
        "learning.certificate_issue",
        actor=actor,
        obj=certificate,
        organisation=participant.event.organisation,
        automatic=not reason,
    )
    _tell_holder(certificate, Kind.CERTIFICATE_ISSUED, actor=actor)
    return certificate


def _tell_holder(certificate: Certificate, kind: str, *, actor: User | None) -> None:
    """The holder with an account is told, in the app and by email as they chose (in their language,
    the email handed to the worker once the transaction commits)."""
    from django.conf import settings
    from django.urls import reverse

    from sigap.notifications.actions import notify

    site = settings.SIGAP_SITE_URL.rstrip("/")
    notify(
        [certificate.holder],
        kind,
        actor=actor,
        target=certificate,
        url=certificate.get_absolute_url(),
        context={
            "programme": certificate.programme.title,
            "code": certificate.code,
            "verify": site + reverse("verify_certificate", args=[certificate.code]),
        },
        dedupe_key=f"{kind}:{certificate.pk}",
    )


def certify_if_eligible(
    participant: Participant, *, actor: User | None, issued_on: date | None = None
) -> Certificate | None:
    if Certificate.objects.filter(participant=participant).exists():
        return None
    if not eligibility(participant).eligible:
        return None
    return _new_certificate(participant, actor=actor, issued_on=issued_on, reason="")


@transaction.atomic
def certify_event(event: TrainingEvent, *, actor: User, issued_on: date | None = None) -> int:
    """Issue the certificates the programme's rule grants and that are not issued yet, except the actor's
    own (another trainer or facilitator certifies them)."""
    require_manage(actor, event)
    made = 0
    participants = event.participants.filter(certificate__isnull=True).exclude(user=actor)  # nobody certifies themself
    for participant in participants.select_related("event__programme"):
        made += certify_if_eligible(participant, actor=actor, issued_on=issued_on) is not None
    return made


@transaction.atomic
def issue_certificate(
    participant: Participant, *, actor: User, reason: str, request: HttpRequest | None = None
) -> Certificate:
    """A trainer issues a certificate outside the rule, giving the reason — never to themself."""
    require_manage(actor, participant.event)
    require(
        participant.user_id != actor.pk,
        _("You cannot issue your own certificate: ask another trainer or facilitator."),
    )
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": _("Give a reason of at least 10 characters.")})
    if Certificate.objects.filter(participant=participant).exists():
        raise ValidationError(_("This participant already has a certificate."))
    return _new_certificate(participant, actor=actor, issued_on=None, reason=reason.strip())


@transaction.atomic
def revoke_certificate(
    certificate: Certificate, *, actor: User, reason: str, request: HttpRequest | None = None
) -> Certificate:
    require(access.can_manage_certificate(actor, certificate), _("Only the programme's trainers can revoke it."))
    if certificate.revoked_at is not None:
        raise ValidationError(_("This certificate is already revoked."))
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": _("Give a reason of at least 10 characters.")})
    certificate.revoked_at, certificate.revoked_by, certificate.revoke_reason = timezone.now(), actor, reason.strip()
    certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason", "updated_at"])
    record(
        "learning.certificate_revoke",
        actor=actor,
        obj=certificate,
        organisation=certificate.programme.organisation,
        request=request,
        reason=certificate.revoke_reason,
    )
    _tell_holder(certificate, Kind.CERTIFICATE_REVOKED, actor=actor)
    return certificate
