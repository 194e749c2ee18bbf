"""Takedown and report requests, their progress, and the reminder for quiet ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.cases.actions import timeline
from sigap.cases.models import Case
from sigap.notifications.actions import notify
from sigap.notifications.models import Kind
from sigap.online.actions.common import (
    Errors,
    check_text,
    check_url,
    raise_errors,
    require_change,
)
from sigap.online.models import (
    RESOLVED_STATUSES,
    WAITING_STATUSES,
    Channel,
    OffenderAccount,
    OnlineIncident,
    Platform,
    Takedown,
    TakedownReminder,
    TakedownStatus,
)

# --- Takedown and report requests -----------------------------------------------------------


@dataclass
class TakedownInput:
    platform: str
    channel: str
    url: str = ""
    account: OffenderAccount | None = None
    incident: OnlineIncident | None = None
    status: str = TakedownStatus.DRAFT
    submitted_at: datetime | None = None
    reference: str = ""
    notes: str = ""


def _check_status_dates(status: str, submitted_at: datetime | None, errors: Errors) -> None:
    if status not in TakedownStatus.values:
        errors["status"] = [_("Choose the status.")]
    if submitted_at is not None and submitted_at > timezone.now() + timedelta(minutes=5):
        errors["submitted_at"] = [_("The time cannot be in the future.")]


@transaction.atomic
def create_takedown(case: Case, *, actor: User, data: TakedownInput) -> Takedown:
    """Record a request to remove content or an account (or a report of it) through one channel."""
    require_change(actor, case)
    errors: Errors = {}
    data.url = check_url(data.url, "url", errors)
    if not data.url and data.account is None:
        errors["url"] = [_("Give the address (URL) or choose the offender's account.")]
    if data.account is not None and data.account.incident.case_id != case.pk:
        errors["account"] = [_("Choose an account of this case.")]
    if data.incident is not None and data.incident.case_id != case.pk:
        errors["incident"] = [_("Choose an incident of this case.")]
    if data.platform not in Platform.values:
        errors["platform"] = [_("Choose the platform.")]
    if data.channel not in Channel.values:
        errors["channel"] = [_("Choose where the request goes.")]
    _check_status_dates(data.status, data.submitted_at, errors)
    if data.status in RESOLVED_STATUSES:
        errors["status"] = [_("Record the request first; its outcome is recorded when it comes.")]
    data.reference = (data.reference or "").strip()[:100]
    data.notes = check_text(data.notes, "notes", errors)
    raise_errors(errors)
    now = timezone.now()
    submitted_at = data.submitted_at
    if data.status != TakedownStatus.DRAFT and submitted_at is None:
        submitted_at = now
    if data.status == TakedownStatus.DRAFT:
        submitted_at = None
    values = {**data.__dict__, "submitted_at": submitted_at}
    takedown = Takedown.objects.create(case=case, created_by=actor, last_activity_at=now, **values)
    timeline(
        case,
        "online_takedown_created",
        actor=actor,
        summary=f"{takedown.get_channel_display()} · {takedown.get_status_display()}",
        takedown=str(takedown.pk),
        channel=takedown.channel,
        status=takedown.status,
    )
    return takedown


@transaction.atomic
def update_takedown(
    takedown: Takedown,
    *,
    actor: User,
    status: str,
    at: datetime | None = None,
    reference: str | None = None,
    notes: str | None = None,
) -> Takedown:
    """Record progress: submitted, acknowledged, removed, refused or no response (``at``: when; now by default)."""
    case = takedown.case
    require_change(actor, case)
    takedown = Takedown.objects.select_for_update().get(pk=takedown.pk)
    errors: Errors = {}
    now = timezone.now()
    at = at or now
    _check_status_dates(status, None, errors)
    if at > now + timedelta(minutes=5):
        errors["at"] = [_("The time cannot be in the future.")]
    if status == TakedownStatus.DRAFT and takedown.status != TakedownStatus.DRAFT:
        errors["status"] = [_("A request that was sent cannot become a draft again.")]
    if takedown.submitted_at and status in RESOLVED_STATUSES and at < takedown.submitted_at:
        errors["at"] = [_("The outcome cannot be before the request was submitted.")]
    raise_errors(errors)
    old = takedown.status
    takedown.status = status
    if status != TakedownStatus.DRAFT and takedown.submitted_at is None:
        takedown.submitted_at = at
    takedown.resolved_at = at if status in RESOLVED_STATUSES else None
    if reference is not None and reference.strip():
        takedown.reference = reference.strip()[:100]
    if notes is not None and notes.strip():
        takedown.notes = check_text(notes, "notes", {})
    takedown.last_activity_at = now
    takedown.save()
    TakedownReminder.objects.filter(takedown=takedown, done_at__isnull=True).update(done_at=now, updated_at=now)
    timeline(
        case,
        "online_takedown_status",
        actor=actor,
        summary=f"{takedown.get_channel_display()} · {takedown.get_status_display()}",
        takedown=str(takedown.pk),
        old=old,
        new=status,
    )
    return takedown


def remind_stale_takedowns(now: datetime | None = None) -> int:
    """A reminder (timeline event, "My work" item and a ``takedown_reminder`` notification to the case
    manager) for each request still waiting with no progress for ``SIGAP_TAKEDOWN_REMINDER_DAYS``. Safe
    to run twice: one reminder per request and period of silence (a unique constraint), one notification
    per reminder (its dedupe key); returns how many were made."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.SIGAP_TAKEDOWN_REMINDER_DAYS)
    quiet = (
        Takedown.objects.filter(status__in=WAITING_STATUSES, last_activity_at__lte=cutoff)
        .exclude(case__stage="closed")
        .select_related("case__organisation", "case__case_manager")
        .order_by("last_activity_at")
    )
    made = 0
    for takedown in quiet.iterator(chunk_size=200):
        with transaction.atomic():
            reminder, created = TakedownReminder.objects.get_or_create(
                takedown=takedown, quiet_since=takedown.last_activity_at
            )
            if created:
                days = (now - takedown.last_activity_at).days
                case = takedown.case
                timeline(
                    case,
                    "online_takedown_reminder",
                    actor=None,
                    summary=_("%(channel)s · no progress for %(days)d days")
                    % {"channel": takedown.get_channel_display(), "days": days},
                    takedown=str(takedown.pk),
                    days=days,
                )
                # Only the case number and the count: the wording may be emailed.
                notify(
                    [case.case_manager],
                    Kind.TAKEDOWN_REMINDER,
                    case=case,
                    target=takedown,
                    url=reverse("online:takedown", kwargs={"pk": case.pk, "takedown_pk": takedown.pk}),
                    context={"days": days},
                    dedupe_key=f"takedown_reminder:{reminder.pk}",
                )
                made += 1
    return made
