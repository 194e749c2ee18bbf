"""Screens for notes, attachments and the printable summary. Thin: the verbs do the work.

Every view loads the case through ``get_case_for_user`` first, so another organisation's case, or
one the user may not see, is a 404 before anything else happens.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sigap.cases import actions
from sigap.cases.access import (
    can_destroy_attachment,
    can_edit_case,
    can_edit_note,
    can_write_notes,
    get_case_for_user,
    note_edit_deadline,
    visible_notes,
)
from sigap.cases.actions.records import is_online_case, log_restricted_reads
from sigap.cases.forms.records import AttachmentForm, CorrectionForm, DestroyFileForm, NoteForm
from sigap.cases.models import Attachment, Case, Note
from sigap.lib.forms import add_errors
from sigap.lib.http import SignedInRequest
from sigap.lib.models import attach


def _private(response: HttpResponse) -> HttpResponse:
    """Personal data: never cached by the browser or a proxy, never sniffed into another type."""
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _back_to(case: Case, anchor: str) -> HttpResponse:
    return redirect(f"{case.get_absolute_url()}#{anchor}")


# --- Section context (registered in sigap/cases/sections.py) ---------------------------------


def notes_section(request: SignedInRequest, case: Case) -> dict[str, Any]:
    """The notes the user may read, newest first, each marked editable/corrected; and the form."""
    user = request.user
    notes = list(visible_notes(user, case))
    corrected = {n.corrects_id for n in notes if n.corrects_id}
    for note in notes:
        attach(
            note,
            can_edit=can_edit_note(user, note),
            can_correct=note.author_id == user.pk and not case.is_closed,
            is_corrected=note.pk in corrected,
        )
    log_restricted_reads(user, notes, request=request)
    writable = can_write_notes(user, case)
    return {"notes": notes, "notes_form": NoteForm(prefix="note") if writable else None}


def attachments_section(request: SignedInRequest, case: Case) -> dict[str, Any]:
    attachments = list(case.attachments.select_related("uploaded_by", "destroyed_by"))
    can_upload = not case.is_closed and can_edit_case(request.user, case)
    return {
        "attachments": attachments,
        "attachments_form": AttachmentForm(prefix="attachment") if can_upload else None,
        "attachments_online": can_upload and is_online_case(case),
        "attachments_can_destroy": bool(attachments) and can_destroy_attachment(request.user, case),
    }


# --- Notes ----------------------------------------------------------------------------------


def note_add(request: SignedInRequest, pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    if not can_write_notes(request.user, case):
        raise PermissionDenied
    form = NoteForm(request.POST or None, prefix="note")
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_note(
                case,
                actor=request.user,
                body=form.cleaned_data["body"],
                visibility=form.cleaned_data["visibility"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The note was added."))
            return _back_to(case, "notes")
    return render(
        request,
        "cases/note_form.html",
        {"case": case, "form": form, "heading": _("Add a note")},
        status=400 if form.is_bound else 200,
    )


def _note_for(request: SignedInRequest, case: Case, note_pk: UUID) -> Note:
    return get_object_or_404(visible_notes(request.user, case), pk=note_pk)


def note_edit(request: SignedInRequest, pk: UUID, note_pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    note = _note_for(request, case, note_pk)
    if note.author_id != request.user.pk:
        raise PermissionDenied
    if not can_edit_note(request.user, note):
        messages.info(request, _("The time to change this note has passed. Add a correction instead."))
        return redirect("cases:note_correct", pk=case.pk, note_pk=note.pk)
    form = NoteForm(request.POST or None, prefix="note", initial={"body": note.body, "visibility": note.visibility})
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_note(
                note,
                actor=request.user,
                body=form.cleaned_data["body"],
                visibility=form.cleaned_data["visibility"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The note was changed."))
            return _back_to(case, "notes")
    return render(
        request,
        "cases/note_form.html",
        {
            "case": case,
            "form": form,
            "heading": _("Change the note"),
            "edit_until": note_edit_deadline(note),
        },
        status=400 if form.is_bound else 200,
    )


def note_correct(request: SignedInRequest, pk: UUID, note_pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    note = _note_for(request, case, note_pk)
    if note.author_id != request.user.pk:
        raise PermissionDenied
    form = CorrectionForm(request.POST or None, prefix="note")
    if request.method == "POST" and form.is_valid():
        try:
            actions.correct_note(note, actor=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The correction was added."))
            return _back_to(case, "notes")
    return render(
        request,
        "cases/note_form.html",
        {"case": case, "form": form, "original": note, "heading": _("Correct the note")},
        status=400 if form.is_bound else 200,
    )


# --- Attachments ----------------------------------------------------------------------------


def attachment_add(request: SignedInRequest, pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk, need="edit")
    form = AttachmentForm(request.POST or None, request.FILES or None, prefix="attachment")
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_attachment(
                case,
                actor=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                no_sexual_image_confirmed=form.cleaned_data["no_sexual_image_confirmed"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The file was added."))
            return _back_to(case, "attachments")
    return render(
        request,
        "cases/attachment_form.html",
        {"case": case, "form": form, "online_case": is_online_case(case)},
        status=400 if form.is_bound else 200,
    )


def _gone(request: SignedInRequest, case: Case, attachment: Attachment) -> HttpResponse:
    """A destroyed file: 410 Gone, with what is kept (the SHA-256) and who destroyed it when."""
    return _private(
        render(request, "cases/attachment_destroyed.html", {"case": case, "attachment": attachment}, status=410)
    )


def attachment_destroy(request: SignedInRequest, pk: UUID, attachment_pk: UUID) -> HttpResponse:
    """Confirm and destroy a file that shows a sexual image (the verb deletes it on commit)."""
    case = get_case_for_user(request.user, pk)
    attachment = get_object_or_404(
        case.attachments.select_related("uploaded_by", "destroyed_by", "online_evidence"), pk=attachment_pk
    )
    if not can_destroy_attachment(request.user, case):
        raise PermissionDenied
    evidence = getattr(attachment, "online_evidence", None)
    back = (
        reverse("online:evidence", args=[case.pk, evidence.pk])
        if evidence is not None
        else f"{case.get_absolute_url()}#attachments"
    )
    if attachment.is_destroyed:
        return _gone(request, case, attachment)
    form = DestroyFileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.destroy_sexual_image(
                attachment,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                shows=form.cleaned_data["shows"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The file was destroyed. Its SHA-256 hash is kept for the police."))
            return redirect(back)
    return render(
        request,
        "cases/attachment_destroy.html",
        {"case": case, "attachment": attachment, "form": form, "back": back},
        status=400 if form.is_bound else 200,
    )


@require_GET
def attachment_download(request: SignedInRequest, pk: UUID, attachment_pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    attachment = get_object_or_404(
        case.attachments.select_related("case__organisation", "destroyed_by"), pk=attachment_pk
    )
    if attachment.is_destroyed:
        return _gone(request, case, attachment)
    try:
        data = actions.open_attachment(attachment, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return _back_to(case, "attachments")
    response = HttpResponse(data, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, actions.download_name(attachment))
    response["Content-Length"] = str(len(data))
    return _private(response)


# --- Printable summary ----------------------------------------------------------------------


@require_GET
def summary(request: SignedInRequest, pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    context = actions.print_summary(case, actor=request.user, request=request)
    return _private(render(request, "cases/summary.html", context))


@require_GET
def summary_pdf(request: SignedInRequest, pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    pdf = actions.summary_pdf(case, actor=request.user, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"{case.number}-summary.pdf")
    return _private(response)
