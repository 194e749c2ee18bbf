"""The evidence register and its chain of custody (a sexual image is never stored)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.cases.actions import add_attachment, timeline
from sigap.cases.models import Case
from sigap.lib.storage import files_follow_transaction
from sigap.online.actions.common import (
    Errors,
    check_text,
    check_url,
    raise_errors,
    require_change,
)
from sigap.online.models import (
    CustodyTransfer,
    Evidence,
    EvidenceKind,
    OnlineIncident,
    Platform,
    SexualContent,
    evidence_file_refusal,
)

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
    data.description = check_text(data.description, "description", errors, required=_("Describe the item."))
    data.url = check_url(data.url, "url", errors, required=data.kind == EvidenceKind.URL)
    if data.platform and data.platform not in Platform.values:
        errors["platform"] = [_("Choose the platform.")]
    data.police_hash = (data.police_hash or "").strip()
    if data.kind == EvidenceKind.POLICE_HASH and not data.police_hash:
        errors["police_hash"] = [_("Give the hash value the police provided.")]
    if len(data.police_hash) > 200:
        errors["police_hash"] = [_("At most %(max)d characters.") % {"max": 200}]
    data.chat_text = check_text(data.chat_text, "chat_text", errors)
    if data.kind == EvidenceKind.CHAT_EXPORT and not data.chat_text and data.upload is None:
        errors["chat_text"] = [_("Paste the chat export as text.")]
    data.captured_by = (data.captured_by or "").strip()[:200]
    if data.captured_at is not None and data.captured_at > timezone.now() + timedelta(minutes=5):
        errors["captured_at"] = [_("The time cannot be in the future.")]
    if data.incident is not None and data.incident.case_id != case.pk:
        errors["incident"] = [_("Choose an incident of this case.")]
    raise_errors(errors)


def record_evidence(case: Case, *, actor: User, data: EvidenceInput) -> Evidence:
    """Record an evidence item; a file (context only) is stored encrypted as a case attachment with its
    SHA-256. Every check runs before anything is written, so a refused item leaves no row and no file."""
    require_change(actor, case)
    validate_evidence(case, data)
    with files_follow_transaction():  # if the database part fails, the encrypted blob goes too
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


@transaction.atomic
def record_custody(
    evidence: Evidence, *, actor: User, handed_to: str, handed_at: datetime | None, reference: str = ""
) -> CustodyTransfer:
    """One step of the chain of custody: the item (or the device holding it) went to somebody."""
    case = evidence.case
    require_change(actor, case)
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
    raise_errors(errors)
    assert handed_at is not None  # noqa: S101  (checked above)
    transfer = CustodyTransfer.objects.create(
        evidence=evidence, handed_to=handed_to, handed_at=handed_at, reference=reference, recorded_by=actor
    )
    timeline(
        case, "online_custody_recorded", actor=actor, summary=evidence.get_kind_display(), evidence=str(evidence.pk)
    )
    return transfer
