"""Online-abuse verbs: record incidents, offender accounts, evidence and its custody, takedown
requests and their progress, the digital safety plan; and the reminder for quiet takedown requests.

Each takes the acting user by keyword, checks permission (editors of an open case), validates with a
translated message per field, runs in one transaction and writes a case timeline event (which writes
the audit event too). Timeline events never carry the free text, addresses or handles.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.actions import record
from sigap.cases import deadlines
from sigap.cases.actions import add_attachment, timeline
from sigap.cases.codes import ClientType
from sigap.cases.models import Case, Person, TaskKind
from sigap.history.actions import record_changes
from sigap.history.tracking import snapshot
from sigap.lib import crypto
from sigap.notifications.actions import notify
from sigap.notifications.models import Kind
from sigap.online.access import can_change, can_edit_guidance
from sigap.online.models import (
    RESOLVED_STATUSES,
    WAITING_STATUSES,
    Channel,
    CustodyTransfer,
    Demand,
    Evidence,
    EvidenceKind,
    Guidance,
    HarmType,
    Known,
    OffenderAccount,
    OnlineIncident,
    Platform,
    SafetyItem,
    SafetyPlan,
    SafetyPlanItem,
    SafetyStatus,
    SexualContent,
    Takedown,
    TakedownReminder,
    TakedownStatus,
    evidence_file_refusal,
)

logger = logging.getLogger(__name__)

Errors = dict[str, list[str]]
TEXT_MAX = 20_000


def _require_change(actor: User, case: Case) -> None:
    if case.is_closed:
        raise ValidationError(_("This case is closed. Reopen it first."), code="closed")
    if not can_change(actor, case):
        raise PermissionDenied(_("You may not change this case."))


def _raise(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _check_url(value: str, name: str, errors: Errors, *, required: bool = False) -> str:
    value = (value or "").strip()
    if not value:
        if required:
            errors[name] = [_("Give the address (URL).")]
        return ""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        errors[name] = [_("Give a full address starting with http:// or https://.")]
    if len(value) > 1000:
        errors[name] = [_("The address can be at most 1000 characters.")]
    return value


def _check_choices(values: list[str], allowed: list[str], name: str, errors: Errors, message: str) -> list[str]:
    values = list(dict.fromkeys(values or []))
    if set(values) - set(allowed):
        errors[name] = [_("Unknown value.")]
    elif not values and message:
        errors[name] = [message]
    return values


def _check_text(value: str, name: str, errors: Errors, *, required: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        errors[name] = [required]
    elif len(value) > TEXT_MAX:
        errors[name] = [_("At most %(max)d characters.") % {"max": TEXT_MAX}]
    return value


# --- Incidents --------------------------------------------------------------------------------


@dataclass
class IncidentInput:
    """The online incident profile (issue #6, item 1)."""

    harm_types: list[str]
    platforms: list[str]
    first_contact_on: date | None = None
    last_contact_on: date | None = None
    demands: list[str] = field(default_factory=list)
    amount_demanded: Decimal | None = None
    amount_paid: Decimal | None = None
    images_shared: bool = False
    images_shared_where: str = ""
    description: str = ""


def _validate_incident(data: IncidentInput) -> Errors:
    errors: Errors = {}
    data.harm_types = _check_choices(
        data.harm_types, HarmType.values, "harm_types", errors, _("Choose at least one kind of harm.")
    )
    data.platforms = _check_choices(
        data.platforms, Platform.values, "platforms", errors, _("Choose at least one platform.")
    )
    data.demands = _check_choices(data.demands, Demand.values, "demands", errors, "")
    today = timezone.localdate()
    for name in ("first_contact_on", "last_contact_on"):
        value = getattr(data, name)
        if value is not None and value > today:
            errors[name] = [_("The date cannot be in the future.")]
    if data.first_contact_on and data.last_contact_on and data.last_contact_on < data.first_contact_on:
        errors["last_contact_on"] = [_("The last contact cannot be before the first.")]
    for name in ("amount_demanded", "amount_paid"):
        value = getattr(data, name)
        if value is not None and value < 0:
            errors[name] = [_("The amount cannot be negative.")]
    data.images_shared_where = _check_text(data.images_shared_where, "images_shared_where", errors)
    if data.images_shared and not data.images_shared_where:
        errors["images_shared_where"] = [
            _("Say where the images were shared (platform, group, site) — not the images.")
        ]
    data.description = _check_text(data.description, "description", errors)
    return errors


def needs_police_report(case: Case, incident: OnlineIncident) -> bool:
    """A child victim of online sexual abuse: the TPKS report to police (3×24 hours) applies."""
    return case.client_type == ClientType.CHILD and incident.is_sexual


INCIDENT_FIELDS = [f.name for f in fields(IncidentInput)]


def incident_input(incident: OnlineIncident) -> IncidentInput:
    """The incident's current values, as a verb takes them (the start of an edit)."""
    return IncidentInput(**{name: getattr(incident, name) for name in INCIDENT_FIELDS})


def _police_report_if_due(case: Case, incident: OnlineIncident, actor: User) -> None:
    """Create the case's TPKS police-report task when this incident makes it due and it is missing."""
    if not needs_police_report(case, incident):
        return
    had_task = case.tasks.filter(kind=TaskKind.POLICE_REPORT).exists()
    deadlines.ensure_police_report_task(case)
    deadlines.refresh_next_due(case)
    if not had_task:
        record("online.police_report_task_created", actor=actor, obj=case, organisation=case.organisation)


@transaction.atomic
def record_incident(case: Case, *, actor: User, data: IncidentInput) -> OnlineIncident:
    """Record an online incident on a case. For a child victim of online sexual abuse the case gets the
    police-report task (``ensure_police_report_task``), like a case whose forms include sexual violence."""
    _require_change(actor, case)
    _raise(_validate_incident(data))
    incident = OnlineIncident.objects.create(case=case, recorded_by=actor, **data.__dict__)
    timeline(
        case,
        "online_incident_recorded",
        actor=actor,
        summary=", ".join(incident.harm_labels()),
        incident=str(incident.pk),
        harm_types=incident.harm_types,
        platforms=incident.platforms,
    )
    _police_report_if_due(case, incident, actor)
    return incident


@transaction.atomic
def update_incident(incident: OnlineIncident, *, actor: User, data: IncidentInput) -> OnlineIncident:
    """Change a recorded incident (every field of ``data``; start from :func:`incident_input`). Validated
    exactly as :func:`record_incident`; the changed fields go to the field history (the description and
    where images were shared encrypted there too) and the case timeline names them, never their values.
    A harm type that makes the police-report task due creates it, as on record. Nothing changed: no-op."""
    case = incident.case
    _require_change(actor, case)
    _raise(_validate_incident(data))
    incident = OnlineIncident.objects.select_for_update().get(pk=incident.pk)
    before = snapshot(incident, INCIDENT_FIELDS)
    for name in INCIDENT_FIELDS:
        setattr(incident, name, getattr(data, name))
    changes = record_changes(actor=actor, instance=incident, before=before)
    if not changes:
        return incident
    incident.save()
    changed = sorted({change.field for change in changes})
    timeline(
        case,
        "online_incident_changed",
        actor=actor,
        summary=", ".join(incident.harm_labels()),
        incident=str(incident.pk),
        fields=changed,
        harm_types=incident.harm_types,
        platforms=incident.platforms,
    )
    _police_report_if_due(case, incident, actor)
    return incident


@transaction.atomic
def add_offender_account(
    incident: OnlineIncident, *, actor: User, platform: str, handle: str, profile_url: str = "", known_to_victim: str
) -> OffenderAccount:
    case = incident.case
    _require_change(actor, case)
    errors: Errors = {}
    if platform not in Platform.values:
        errors["platform"] = [_("Choose the platform.")]
    handle = _check_text(handle, "handle", errors, required=_("Give the account name or number."))
    if len(handle) > 200:
        errors["handle"] = [_("At most %(max)d characters.") % {"max": 200}]
    profile_url = _check_url(profile_url, "profile_url", errors)
    if known_to_victim not in Known.values:
        errors["known_to_victim"] = [_("Say whether the victim knows the account holder.")]
    _raise(errors)
    account = OffenderAccount.objects.create(
        incident=incident, platform=platform, handle=handle, profile_url=profile_url, known_to_victim=known_to_victim
    )
    timeline(case, "online_account_added", actor=actor, summary=account.get_platform_display(), account=str(account.pk))
    return account


# --- Evidence ---------------------------------------------------------------------------------


@dataclass
class EvidenceInput:
    """One evidence item; ``upload`` is an optional file of context (never a sexual image)."""

    kind: str
    description: str
    sexual_content: str = SexualContent.NONE
    url: str = ""
    platform: str = ""
    incident: OnlineIncident | None = None
    no_sexual_image_confirmed: bool = False
    police_hash: str = ""
    chat_text: str = ""
    captured_at: datetime | None = None
    captured_by: str = ""
    upload: File | None = None


def validate_evidence(case: Case, data: EvidenceInput) -> None:
    """Refuse an evidence item that breaks docs/online.md (a file with a sexual image first of all)."""
    errors: Errors = {}
    if data.sexual_content not in SexualContent.values:
        errors["sexual_content"] = [_("Say whether the item shows a sexual image.")]
    else:
        refusal = evidence_file_refusal(data.sexual_content, data.upload is not None, data.no_sexual_image_confirmed)
        if refusal:
            errors["file"] = [refusal]
    if data.kind not in EvidenceKind.values:
        errors["kind"] = [_("Choose the kind of evidence.")]
    data.description = _check_text(data.description, "description", errors, required=_("Describe the item."))
    data.url = _check_url(data.url, "url", errors, required=data.kind == EvidenceKind.URL)
    if data.platform and data.platform not in Platform.values:
        errors["platform"] = [_("Choose the platform.")]
    data.police_hash = (data.police_hash or "").strip()
    if data.kind == EvidenceKind.POLICE_HASH and not data.police_hash:
        errors["police_hash"] = [_("Give the hash value the police provided.")]
    if len(data.police_hash) > 200:
        errors["police_hash"] = [_("At most %(max)d characters.") % {"max": 200}]
    data.chat_text = _check_text(data.chat_text, "chat_text", errors)
    if data.kind == EvidenceKind.CHAT_EXPORT and not data.chat_text and data.upload is None:
        errors["chat_text"] = [_("Paste the chat export as text.")]
    data.captured_by = (data.captured_by or "").strip()[:200]
    if data.captured_at is not None and data.captured_at > timezone.now() + timedelta(minutes=5):
        errors["captured_at"] = [_("The time cannot be in the future.")]
    if data.incident is not None and data.incident.case_id != case.pk:
        errors["incident"] = [_("Choose an incident of this case.")]
    _raise(errors)


def record_evidence(case: Case, *, actor: User, data: EvidenceInput) -> Evidence:
    """Record an evidence item; a file (context only) is stored encrypted as a case attachment with its
    SHA-256. Every check runs before anything is written, so a refused item leaves no row and no file."""
    _require_change(actor, case)
    validate_evidence(case, data)
    stored: list[str] = []
    try:
        with transaction.atomic():
            attachment = None
            if data.upload is not None:
                title = _("Evidence: %(kind)s") % {"kind": EvidenceKind(data.kind).label}
                try:
                    attachment = add_attachment(
                        case,
                        actor=actor,
                        title=title,
                        upload=data.upload,
                        no_sexual_image_confirmed=data.no_sexual_image_confirmed,
                    )
                except ValidationError as error:
                    raise ValidationError({"file": error.messages}) from error
                stored.append(attachment.storage_name)
            values = {k: v for k, v in data.__dict__.items() if k != "upload"}
            evidence = Evidence(case=case, recorded_by=actor, attachment=attachment, **values)
            evidence.save()
            timeline(
                case,
                "online_evidence_recorded",
                actor=actor,
                summary=evidence.get_kind_display(),
                evidence=str(evidence.pk),
                kind=evidence.kind,
                has_file=attachment is not None,
            )
            return evidence
    except BaseException:
        for name in stored:  # the database part failed: the encrypted blob goes too
            crypto.delete_encrypted(name)
        raise


@transaction.atomic
def record_custody(
    evidence: Evidence, *, actor: User, handed_to: str, handed_at: datetime | None, reference: str = ""
) -> CustodyTransfer:
    """One step of the chain of custody: the item (or the device holding it) went to somebody."""
    case = evidence.case
    _require_change(actor, case)
    errors: Errors = {}
    handed_to = (handed_to or "").strip()
    if not handed_to:
        errors["handed_to"] = [_("Say who received it (name and unit).")]
    elif len(handed_to) > 200:
        errors["handed_to"] = [_("At most %(max)d characters.") % {"max": 200}]
    if handed_at is None:
        errors["handed_at"] = [_("Give the date and time of the handover.")]
    elif handed_at > timezone.now() + timedelta(minutes=5):
        errors["handed_at"] = [_("The time cannot be in the future.")]
    reference = (reference or "").strip()
    if len(reference) > 100:
        errors["reference"] = [_("At most %(max)d characters.") % {"max": 100}]
    _raise(errors)
    assert handed_at is not None  # noqa: S101  (checked above)
    transfer = CustodyTransfer.objects.create(
        evidence=evidence, handed_to=handed_to, handed_at=handed_at, reference=reference, recorded_by=actor
    )
    timeline(
        case, "online_custody_recorded", actor=actor, summary=evidence.get_kind_display(), evidence=str(evidence.pk)
    )
    return transfer


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
    _require_change(actor, case)
    errors: Errors = {}
    data.url = _check_url(data.url, "url", errors)
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
    data.notes = _check_text(data.notes, "notes", errors)
    _raise(errors)
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
    _require_change(actor, case)
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
    _raise(errors)
    old = takedown.status
    takedown.status = status
    if status != TakedownStatus.DRAFT and takedown.submitted_at is None:
        takedown.submitted_at = at
    takedown.resolved_at = at if status in RESOLVED_STATUSES else None
    if reference is not None and reference.strip():
        takedown.reference = reference.strip()[:100]
    if notes is not None and notes.strip():
        takedown.notes = _check_text(notes, "notes", {})
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


# --- Digital safety plan ---------------------------------------------------------------------


@transaction.atomic
def save_safety_plan(case: Case, *, actor: User, person: Person, items: dict[str, tuple[str, str]]) -> SafetyPlan:
    """Save a client's digital safety plan: ``items`` maps each checklist point to (status, notes)."""
    _require_change(actor, case)
    errors: Errors = {}
    if not case.victims.filter(person=person).exists():
        errors["person"] = [_("Choose a client (victim) of this case.")]
    for key, (status, notes) in items.items():
        if key not in SafetyItem.values:
            errors[key] = [_("Unknown value.")]
        elif status not in SafetyStatus.values:
            errors[f"{key}_status"] = [_("Choose the status.")]
        elif len(notes or "") > 2000:
            errors[f"{key}_notes"] = [_("At most %(max)d characters.") % {"max": 2000}]
    _raise(errors)
    plan, _created = SafetyPlan.objects.get_or_create(case=case, person=person, defaults={"updated_by": actor})
    plan.updated_by = actor
    plan.save(update_fields=["updated_by", "updated_at"])
    existing = {item.item: item for item in plan.items.all()}
    for key, (status, notes) in items.items():
        row = existing.get(key) or SafetyPlanItem(plan=plan, item=key)
        row.status, row.notes = status, (notes or "").strip()
        row.save()
    done = sum(1 for status, _notes in items.values() if status == SafetyStatus.DONE)
    timeline(
        case, "online_safety_plan_saved", actor=actor, summary=f"{done}/{len(SafetyItem.values)}", plan=str(plan.pk)
    )
    return plan


# --- First-aid guidance ------------------------------------------------------------------------


@transaction.atomic
def update_guidance(
    guidance: Guidance, *, actor: User, title_id: str, body_id: str, title_en: str, body_en: str
) -> Guidance:
    """Change a first-aid panel (national admins; the same panel is shown in every organisation)."""
    if not can_edit_guidance(actor):
        raise PermissionDenied(_("Only a national admin may change the first-aid guidance."))
    errors: Errors = {}
    values = {"title_id": title_id, "body_id": body_id, "title_en": title_en, "body_en": body_en}
    for name, value in values.items():
        values[name] = (value or "").strip()
        if not values[name]:
            errors[name] = [_("This field is required.")]
        elif name.startswith("title") and len(values[name]) > 200:
            errors[name] = [_("At most %(max)d characters.") % {"max": 200}]
        elif len(values[name]) > 5000:
            errors[name] = [_("At most %(max)d characters.") % {"max": 5000}]
    _raise(errors)
    changed = sorted(name for name, value in values.items() if getattr(guidance, name) != value)
    for name, value in values.items():
        setattr(guidance, name, value)
    guidance.save()
    record("online.guidance_changed", actor=actor, obj=guidance, changed=changed)
    return guidance
