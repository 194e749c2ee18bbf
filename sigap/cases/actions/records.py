"""Verbs for the case record: notes, encrypted attachments, and the printed summary.

Restricted notes are read only by their author and by people who may read restricted notes in the
owner organisation (psychologists/counsellors and supervisors). Nobody else may learn that they
exist: they get no timeline event (which everybody on the case sees), only an audit event, and the
lists, counts and summaries leave them out.
"""

from __future__ import annotations

import hashlib
import logging
import os
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.access import AccessAction, log_access, log_access_many
from sigap.audit.actions import record
from sigap.cases import extensions
from sigap.cases.access import (
    approvers_of,
    can_destroy_attachment,
    can_edit_note,
    can_write_notes,
)
from sigap.cases.actions import require_edit, timeline
from sigap.cases.codes import SexualContent
from sigap.cases.models import Attachment, Case, Note, TimelineEvent
from sigap.cases.summary import render_pdf, summary_context
from sigap.lib import crypto, filetypes
from sigap.lib.storage import delete_orphans, files_follow_transaction, find_orphans

__all__ = [
    "ATTACHMENT_FOLDER",
    "NOTE_MAX_LENGTH",
    "add_attachment",
    "add_note",
    "attachment_max_bytes",
    "correct_note",
    "delete_orphan_attachment_blobs",
    "destroy_sexual_image",
    "download_name",
    "edit_note",
    "is_online_case",
    "log_restricted_reads",
    "needs_no_sexual_image_confirmation",
    "open_attachment",
    "print_summary",
    "reencrypt_attachment",
    "summary_pdf",
]

logger = logging.getLogger(__name__)

ATTACHMENT_FOLDER = "attachments"
NOTE_MAX_LENGTH = 20_000
DESTROY_REASON_MAX_LENGTH = 500


# --- Notes ----------------------------------------------------------------------------------


def log_restricted_reads(user: Any, notes: list[Note], request: HttpRequest | None = None) -> None:
    """Log the restricted notes of others that ``user`` is shown (one insert; nothing when none)."""
    read = [n for n in notes if n.visibility == Note.Visibility.RESTRICTED and n.author_id != user.pk]
    if read:
        log_access_many(user=user, objs=read, action=AccessAction.VIEW_RESTRICTED_NOTE, request=request)


def _clean_note(body: str, visibility: str) -> str:
    body = (body or "").strip()
    errors: dict[str, list[str]] = {}
    if not body:
        errors["body"] = [_("Write the note.")]
    elif len(body) > NOTE_MAX_LENGTH:
        errors["body"] = [_("A note can be at most %(max)d characters.") % {"max": NOTE_MAX_LENGTH}]
    if visibility not in Note.Visibility.values:
        errors["visibility"] = [_("Choose who may read the note.")]
    if errors:
        raise ValidationError(errors)
    return body


def _note_event(note: Note, verb: str, *, actor: User, summary: str, **details: Any) -> None:
    """A timeline event for a normal note; an audit event only for a restricted one (see module docstring).

    Neither carries the note's text.
    """
    details["note"] = str(note.pk)
    if note.visibility == Note.Visibility.RESTRICTED:
        record(
            f"cases.{verb}", actor=actor, obj=note.case, organisation=note.case.organisation, restricted=True, **details
        )
    else:
        timeline(note.case, verb, actor=actor, summary=summary, **details)


@transaction.atomic
def add_note(case: Case, *, actor: User, body: str, visibility: str = Note.Visibility.NORMAL) -> Note:
    if not can_write_notes(actor, case):
        if case.is_closed:
            raise ValidationError(_("This case is closed. Reopen it first."), code="closed")
        raise PermissionDenied(_("You may not write notes on this case."))
    body = _clean_note(body, visibility)
    note = Note.objects.create(case=case, author=actor, body=body, visibility=visibility)
    _note_event(note, "note_added", actor=actor, summary=_("Note added"))
    return note


@transaction.atomic
def edit_note(note: Note, *, actor: User, body: str, visibility: str | None = None) -> Note:
    """Change a note within the edit window (``SIGAP_NOTE_EDIT_MINUTES``, 15 by default)."""
    if note.author_id != actor.pk:
        raise PermissionDenied(_("Only the author may change a note."))
    note = Note.objects.select_for_update().select_related("case__organisation").get(pk=note.pk)
    if not can_edit_note(actor, note):
        raise ValidationError(
            _("The time to change this note has passed. Add a correction instead."), code="edit_window_passed"
        )
    if note.case.is_closed:
        raise ValidationError(_("This case is closed. Reopen it first."), code="closed")
    was_restricted = note.visibility == Note.Visibility.RESTRICTED
    visibility = visibility or note.visibility
    note.body = _clean_note(body, visibility)
    note.visibility = visibility
    note.save(update_fields=["body", "visibility", "updated_at"])
    if was_restricted and visibility == Note.Visibility.NORMAL:
        # Opened up: from now on everybody on the case sees it, so the timeline may say so.
        timeline(note.case, "note_added", actor=actor, summary=_("Note added"), note=str(note.pk))
    else:
        _note_event(note, "note_edited", actor=actor, summary=_("Note changed"))
    return note


@transaction.atomic
def correct_note(note: Note, *, actor: User, body: str, visibility: str | None = None) -> Note:
    """Add a new note that corrects ``note``; the original stays as it was.

    A correction is never less restricted than the note it corrects.
    """
    if note.author_id != actor.pk:
        raise PermissionDenied(_("Only the author may correct a note."))
    case = note.case
    if not can_write_notes(actor, case):
        if case.is_closed:
            raise ValidationError(_("This case is closed. Reopen it first."), code="closed")
        raise PermissionDenied(_("You may not write notes on this case."))
    if note.visibility == Note.Visibility.RESTRICTED or not visibility:
        visibility = note.visibility
    body = _clean_note(body, visibility)
    correction = Note.objects.create(case=case, author=actor, body=body, visibility=visibility, corrects=note)
    _note_event(correction, "note_corrected", actor=actor, summary=_("Note corrected"), corrects=str(note.pk))
    return correction


# --- Attachments ----------------------------------------------------------------------------


def attachment_max_bytes() -> int:
    return int(getattr(settings, "SIGAP_ATTACHMENT_MAX_MB", 20)) * 1024 * 1024


def read_upload(upload: File) -> bytes:
    """The uploaded file's bytes, refused (``too_big``) past ``SIGAP_ATTACHMENT_MAX_MB``; shared by
    every upload in Sigap (case attachments, evidence, lesson files)."""
    limit = attachment_max_bytes()
    too_big = ValidationError(
        {"file": [_("The file is larger than %(max)d MB.") % {"max": limit // (1024 * 1024)}]}, code="too_big"
    )
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise too_big
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise too_big
    if not data:
        raise ValidationError({"file": [_("The file is empty.")]}, code="empty")
    return data


def clean_file_name(name: str) -> str:
    """A file name safe to store and show: no path, no control characters, at most 255 characters."""
    base = os.path.basename((name or "").replace("\\", "/"))
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip()
    return cleaned[:255] or "file"


@transaction.atomic
def _save_attachment(
    case: Case, *, actor: User, title: str, name: str, kind: filetypes.FileType, data: bytes, storage_name: str
) -> Attachment:
    attachment = Attachment.objects.create(
        case=case,
        uploaded_by=actor,
        title=title,
        original_name=name,
        content_type=kind.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        storage_name=storage_name,
    )
    timeline(
        case,
        "attachment_added",
        actor=actor,
        summary=title,
        attachment=str(attachment.pk),
        content_type=kind.content_type,
        size=len(data),
    )
    return attachment


def is_online_case(case: Case) -> bool:
    """A case of online abuse: marked so, or with an online incident recorded."""
    return bool(case.is_online) or case.online_incidents.exists()


def needs_no_sexual_image_confirmation(case: Case) -> bool:
    """On an online-abuse case a file is stored only after the uploader confirms it shows no sexual
    image (docs/online.md), as for a file in the evidence register.

    Whatever its type: every kind Sigap accepts (``filetypes``) can carry an image — a picture, a PDF
    or office document with one embedded, image bytes behind a PDF header — and no text-only kind is
    accepted, so the type gives no reason to skip the question."""
    return is_online_case(case)


def add_attachment(
    case: Case, *, actor: User, title: str, upload: File, no_sexual_image_confirmed: bool = False
) -> Attachment:
    """Check the file (size, type from its content), store it encrypted, record it with its SHA-256.

    On an online-abuse case every file needs ``no_sexual_image_confirmed`` (see
    :func:`needs_no_sexual_image_confirmation`). The encrypted blob is written only after every check
    has passed, and deleted again when the database part fails, so a refusal leaves nothing behind;
    a caller that wraps it in ``files_follow_transaction`` (``sigap.lib.storage``) loses the blob too
    when its own block fails later. What a crash leaves, ``manage.py check_files --delete`` removes.
    """
    require_edit(actor, case)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": [_("Give the document a title.")]})
    if len(title) > 200:
        raise ValidationError({"title": [_("The title can be at most 200 characters.")]})
    data = read_upload(upload)
    kind = filetypes.sniff(data)
    if kind is None:
        message = _(
            "This kind of file is not accepted. Upload a PDF, an image (PNG, JPEG, GIF, WebP) or an office "
            "document (Word, Excel, PowerPoint, OpenDocument)."
        )
        raise ValidationError({"file": [message]}, code="file_type")
    if not no_sexual_image_confirmed and needs_no_sexual_image_confirmation(case):
        raise ValidationError(
            {
                "no_sexual_image_confirmed": [
                    _("Confirm that the file contains no sexual image before it is stored."),
                ]
            },
            code="sexual_image_not_confirmed",
        )
    with files_follow_transaction():  # a failure here or in the caller's block deletes the blob
        storage_name = crypto.store_encrypted(data, folder=ATTACHMENT_FOLDER)
        return _save_attachment(
            case,
            actor=actor,
            title=title,
            name=clean_file_name(getattr(upload, "name", "") or ""),
            kind=kind,
            data=data,
            storage_name=storage_name,
        )


@transaction.atomic
def destroy_sexual_image(attachment: Attachment, *, actor: User, reason: str, shows: str = "child") -> Attachment:
    """Destroy a stored file that turned out to show a sexual image (docs/online.md: never kept).

    The encrypted blob is deleted when the transaction commits (a rollback leaves it in place; if the
    deletion itself fails, nothing points at the blob any more and ``delete_orphan_attachment_blobs``
    removes it). The row stays as a tombstone: SHA-256, size, type, uploader and upload date are kept
    for the police; the title and file name, which could describe the content, are blanked (also in the
    timeline's "file added" event). An
    evidence item holding the file loses it and is marked as showing a sexual image (``shows``:
    ``child`` or ``adult``) with the tombstone as its destroyed file. The timeline and audit events
    and the notification to the case manager and their supervisor carry no description of the
    content, nor the reason (which stays, encrypted, on the tombstone).
    """
    from sigap.notifications.actions import notify
    from sigap.notifications.models import Kind

    attachment = Attachment.objects.select_for_update().select_related("case__organisation").get(pk=attachment.pk)
    case = attachment.case
    if not can_destroy_attachment(actor, case):
        raise PermissionDenied(_("You may not destroy files on this case."))
    if attachment.is_destroyed:
        raise ValidationError(_("This file has already been destroyed."), code="already_destroyed")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say briefly why the file is destroyed.")]}, code="required")
    if len(reason) > DESTROY_REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": [_("At most %(max)d characters.") % {"max": DESTROY_REASON_MAX_LENGTH}]}, code="too_long"
        )
    if shows not in (SexualContent.CHILD, SexualContent.ADULT):
        raise ValidationError({"shows": [_("Say whether the image shows a child or an adult.")]}, code="invalid")
    blob = attachment.storage_name
    attachment.title = ""
    attachment.original_name = ""
    attachment.storage_name = ""
    attachment.destroyed_at = timezone.now()
    attachment.destroyed_by = actor
    attachment.destroyed_reason = reason
    attachment.save(
        update_fields=[
            "title",
            "original_name",
            "storage_name",
            "destroyed_at",
            "destroyed_by",
            "destroyed_reason",
            "updated_at",
        ]
    )
    # The "file added" event showed the title, which may describe the image: it goes as well.
    TimelineEvent.objects.filter(case=case, verb="attachment_added", details__attachment=str(attachment.pk)).update(
        summary=""
    )
    # Records of other apps that held the file let go of it (the online app marks its evidence item).
    details: dict[str, Any] = {"attachment": str(attachment.pk), "sha256": attachment.sha256}
    details.update(extensions.attachment_destroyed(attachment, shows))
    timeline(case, "attachment_destroyed", actor=actor, summary=_("File destroyed (sexual image)"), **details)
    notify(
        [case.case_manager, *approvers_of(case)],
        Kind.SEXUAL_IMAGE_DESTROYED,
        actor=actor,
        case=case,
        target=attachment,
        url=f"{case.get_absolute_url()}#attachments",
    )
    if blob:
        transaction.on_commit(lambda: crypto.delete_encrypted(blob), robust=True)
    return attachment


def download_name(attachment: Attachment) -> str:
    """The name to save the file under: the uploaded name with the extension of the real type."""
    stem = os.path.splitext(attachment.original_name)[0] or "file"
    kind = filetypes.BY_CONTENT_TYPE.get(attachment.content_type)
    return f"{stem}.{kind.extension}" if kind else stem


def open_attachment(attachment: Attachment, *, actor: User, request: HttpRequest | None = None) -> bytes:
    """Decrypt an attachment for a user who may see its case, and log the download.

    The caller loaded the case through ``get_case_for_user``. The content is checked against the
    recorded SHA-256, so a swapped or damaged blob is never served as this document. A destroyed
    file is refused (code ``destroyed``; the screens and the API answer 410 Gone).
    """
    if attachment.is_destroyed:
        raise ValidationError(
            _("This file was destroyed because it showed a sexual image. Only its SHA-256 hash is kept."),
            code="destroyed",
        )
    data = crypto.read_encrypted(attachment.storage_name)
    if hashlib.sha256(data).hexdigest() != attachment.sha256:
        logger.error("Attachment %s does not match its recorded SHA-256", attachment.pk)
        raise ValidationError(_("This file is damaged and cannot be downloaded."), code="damaged")
    log_access(user=actor, obj=attachment, action=AccessAction.DOWNLOAD_ATTACHMENT, request=request)
    return data


def reencrypt_attachment(attachment: Attachment) -> bool:
    """Re-encrypt one attachment with the current key (for key rotation). Safe to run twice.

    Returns whether anything was rewritten. The old blob is deleted only after the record points
    at the new one.
    """
    old_name = attachment.storage_name
    new_name = crypto.reencrypt_stored(old_name)
    if new_name is None:
        return False
    try:
        with transaction.atomic():
            updated = Attachment.objects.filter(pk=attachment.pk, storage_name=old_name).update(storage_name=new_name)
            if updated:
                transaction.on_commit(lambda: crypto.delete_encrypted(old_name))
    except BaseException:
        crypto.delete_encrypted(new_name)
        raise
    if not updated:
        crypto.delete_encrypted(new_name)  # somebody else rotated it meanwhile
        return False
    attachment.storage_name = new_name
    return True


def delete_orphan_attachment_blobs(older_than: timedelta = timedelta(hours=1)) -> int:
    """Delete encrypted blobs that no attachment points at (left by a rolled-back upload or a
    crash); ``manage.py check_files --delete`` does this for every folder."""
    orphans = find_orphans(older_than=older_than)
    return delete_orphans([o for o in orphans if o.name.startswith(f"{ATTACHMENT_FOLDER}/")])


# --- Printed summary ------------------------------------------------------------------------


def print_summary(case: Case, *, actor: User, request: HttpRequest | None = None) -> dict[str, Any]:
    """The printable summary's content for this user; the access log notes the printing."""
    context = summary_context(case, user=actor)
    log_access(user=actor, obj=case, action=AccessAction.PRINT, request=request)
    return context


def summary_pdf(case: Case, *, actor: User, request: HttpRequest | None = None) -> bytes:
    """The summary as a PDF made on the server; the access log notes it."""
    pdf = render_pdf(summary_context(case, user=actor))
    log_access(user=actor, obj=case, action=AccessAction.PRINT, request=request)
    return pdf
