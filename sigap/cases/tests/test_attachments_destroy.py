"""Destroying an attachment that turned out to show a sexual image (docs/online.md): the encrypted file is
deleted when the transaction commits, the row stays as a tombstone with its SHA-256, a download is
410 Gone, and the timeline, audit log and the case manager's supervisor are told — without any
description of the content. Also: an image on an online-abuse case needs the "no sexual image"
confirmation. Every file here is a tiny synthetic one (a 1×1 grey PNG, a PDF skeleton)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from rest_framework.test import APIClient

from sigap.audit.models import AuditEvent
from sigap.cases import actions
from sigap.cases.models import Attachment, TimelineEvent
from sigap.cases.tests import files
from sigap.cases.tests.factories import make_case
from sigap.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db

REASON = "Terlihat saat meninjau kasus."


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def png(name: str = "tangkapan.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, files.PNG, content_type="image/png")


@pytest.fixture
def attachment(cast, case, media) -> Attachment:
    return actions.add_attachment(case, actor=cast.caseworker, title="Foto sintetis kotak abu-abu", upload=png())


def destroy(attachment: Attachment, actor, captured) -> Attachment:
    with captured(execute=True):
        return actions.destroy_sexual_image(attachment, actor=actor, reason=REASON)


# --- The verb -------------------------------------------------------------------------------


def test_destroying_deletes_the_file_on_commit_and_keeps_a_tombstone_with_the_hash(
    cast, case, attachment, media, django_capture_on_commit_callbacks
):
    sha, size, uploaded_at = attachment.sha256, attachment.size, attachment.created_at
    assert len(stored_files(media)) == 1

    destroy(attachment, cast.caseworker, django_capture_on_commit_callbacks)

    assert stored_files(media) == []
    row = Attachment.objects.get(pk=attachment.pk)
    assert row.is_destroyed and row.destroyed_by == cast.caseworker and row.destroyed_reason == REASON
    assert (row.sha256, row.size, row.content_type, row.uploaded_by, row.created_at) == (
        sha,
        size,
        "image/png",
        cast.caseworker,
        uploaded_at,
    )
    assert row.title == "" and row.original_name == "" and row.storage_name == ""


def test_a_rollback_leaves_the_file_and_the_row_as_they_were(
    cast, case, attachment, media, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        actions.destroy_sexual_image(attachment, actor=cast.caseworker, reason=REASON)
        raise RuntimeError("something later failed")
    assert callbacks == []
    assert len(stored_files(media)) == 1
    row = Attachment.objects.get(pk=attachment.pk)
    assert not row.is_destroyed and row.title == "Foto sintetis kotak abu-abu"


def test_the_timeline_audit_and_notification_say_a_file_was_destroyed_but_not_what_it_showed(
    cast, case, attachment, media, django_capture_on_commit_callbacks
):
    actions.add_team_member(case, actor=cast.caseworker, user=cast.caseworker2, access="edit")
    destroy(attachment, cast.caseworker2, django_capture_on_commit_callbacks)

    added = TimelineEvent.objects.get(case=case, verb="attachment_added")
    assert added.summary == ""  # the title may have described the image
    event = TimelineEvent.objects.get(case=case, verb="attachment_destroyed")
    assert event.actor == cast.caseworker2
    assert event.details == {"attachment": str(attachment.pk), "sha256": attachment.sha256}
    audit = AuditEvent.objects.get(verb="cases.attachment_destroyed")
    for text in (str(event.summary), str(event.details), str(audit.details)):
        assert REASON not in text and "Foto sintetis" not in text and "tangkapan" not in text
    told = set(Notification.objects.filter(kind=Kind.SEXUAL_IMAGE_DESTROYED).values_list("recipient", flat=True))
    assert told == {cast.caseworker.pk, cast.supervisor.pk}


def test_the_supervisor_may_destroy_and_the_actor_is_not_notified(
    cast, case, attachment, media, django_capture_on_commit_callbacks
):
    destroy(attachment, cast.supervisor, django_capture_on_commit_callbacks)
    assert stored_files(media) == []
    told = set(Notification.objects.filter(kind=Kind.SEXUAL_IMAGE_DESTROYED).values_list("recipient", flat=True))
    assert told == {cast.caseworker.pk}


def test_a_closed_case_file_can_still_be_destroyed(cast, case, attachment, media, django_capture_on_commit_callbacks):
    case.__class__.objects.filter(pk=case.pk).update(stage="closed")
    case.refresh_from_db()
    destroy(attachment, cast.caseworker, django_capture_on_commit_callbacks)
    assert stored_files(media) == []


def test_a_read_only_team_member_may_not_destroy(cast, case, attachment, media):
    actions.add_team_member(case, actor=cast.caseworker, user=cast.legal_aid, access="read")
    with pytest.raises(PermissionDenied):
        actions.destroy_sexual_image(attachment, actor=cast.legal_aid, reason=REASON)
    assert len(stored_files(media)) == 1
    assert not Attachment.objects.get(pk=attachment.pk).is_destroyed


@pytest.mark.parametrize("reason", ["", "   ", "x" * 501])
def test_a_reason_is_needed_and_short(cast, case, attachment, media, reason):
    with pytest.raises(ValidationError) as error:
        actions.destroy_sexual_image(attachment, actor=cast.caseworker, reason=reason)
    assert "reason" in error.value.message_dict
    assert len(stored_files(media)) == 1


def test_destroying_twice_is_refused(cast, case, attachment, media, django_capture_on_commit_callbacks):
    destroy(attachment, cast.caseworker, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        actions.destroy_sexual_image(attachment, actor=cast.caseworker, reason=REASON)
    assert TimelineEvent.objects.filter(verb="attachment_destroyed").count() == 1


# --- The screens ----------------------------------------------------------------------------


def test_the_case_page_offers_the_destroy_button_and_the_confirmation_explains(cast, client, case, attachment):
    client.force_login(cast.caseworker)
    page = client.get(case.get_absolute_url()).content.decode()
    url = reverse("cases:attachment_destroy", args=[case.pk, attachment.pk])
    assert url in page and "This file shows a sexual image — destroy it" in page
    confirm = client.get(url).content.decode()
    assert "SHA-256" in confirm and "kept" in confirm and "deleted from storage" in confirm


def test_the_page_destroys_and_the_list_shows_the_tombstone_without_a_link(
    cast, client, case, attachment, media, django_capture_on_commit_callbacks
):
    client.force_login(cast.caseworker)
    url = reverse("cases:attachment_destroy", args=[case.pk, attachment.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": REASON, "shows": "child"})
    assert response.status_code == 302 and response["Location"].endswith("#attachments")
    assert stored_files(media) == []
    page = client.get(case.get_absolute_url()).content.decode()
    assert attachment.sha256 in page and "Destroyed by" in page
    assert reverse("cases:attachment_download", args=[case.pk, attachment.pk]) not in page
    assert url not in page


def test_the_page_refuses_an_empty_reason(cast, client, case, attachment, media):
    client.force_login(cast.caseworker)
    url = reverse("cases:attachment_destroy", args=[case.pk, attachment.pk])
    assert client.post(url, {"reason": "", "shows": "child"}).status_code == 400
    assert len(stored_files(media)) == 1


def test_downloading_a_destroyed_file_is_410_gone(
    cast, client, case, attachment, media, django_capture_on_commit_callbacks
):
    destroy(attachment, cast.caseworker, django_capture_on_commit_callbacks)
    client.force_login(cast.caseworker)
    response = client.get(reverse("cases:attachment_download", args=[case.pk, attachment.pk]))
    assert response.status_code == 410
    page = response.content.decode()
    assert "was destroyed because it showed a sexual image" in page and attachment.sha256 in page
    with pytest.raises(ValidationError):
        actions.open_attachment(Attachment.objects.get(pk=attachment.pk), actor=cast.caseworker)


def test_read_only_member_gets_403_and_no_button(cast, client, case, attachment, media):
    actions.add_team_member(case, actor=cast.caseworker, user=cast.legal_aid, access="read")
    client.force_login(cast.legal_aid)
    url = reverse("cases:attachment_destroy", args=[case.pk, attachment.pk])
    assert url not in client.get(case.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": REASON, "shows": "child"}).status_code == 403
    assert len(stored_files(media)) == 1


def test_another_organisation_gets_404(cast, client, case, attachment, media):
    client.force_login(cast.other_caseworker)
    url = reverse("cases:attachment_destroy", args=[case.pk, attachment.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": REASON, "shows": "child"}).status_code == 404
    assert len(stored_files(media)) == 1


# --- The API --------------------------------------------------------------------------------


def _api(user) -> APIClient:
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(user)
    return api


def test_the_api_destroys_and_then_answers_410(cast, case, attachment, media, django_capture_on_commit_callbacks):
    base = f"/api/v1/cases/{case.pk}/attachments/{attachment.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        response = _api(cast.caseworker).post(f"{base}/destroy/", {"reason": REASON}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["sha256"] == attachment.sha256 and body["destroyed_at"] and body["title"] == ""
    assert stored_files(media) == []
    assert _api(cast.caseworker).get(f"{base}/download/").status_code == 410
    again = _api(cast.caseworker).post(f"{base}/destroy/", {"reason": REASON}, format="json")
    assert again.status_code == 410 and again.json()["error"]["code"] == "gone"


def test_the_api_denies_read_only_403_and_other_organisation_404(cast, case, attachment, media):
    actions.add_team_member(case, actor=cast.caseworker, user=cast.legal_aid, access="read")
    url = f"/api/v1/cases/{case.pk}/attachments/{attachment.pk}/destroy/"
    assert _api(cast.legal_aid).post(url, {"reason": REASON}, format="json").status_code == 403
    assert _api(cast.other_caseworker).post(url, {"reason": REASON}, format="json").status_code == 404
    assert len(stored_files(media)) == 1


# --- An image on an online-abuse case needs the confirmation --------------------------------


@pytest.fixture
def online_case(cast):
    return make_case(cast.org, cast.caseworker, is_online=True)


def test_an_image_on_an_online_case_needs_the_confirmation_on_the_page(cast, client, online_case, media):
    client.force_login(cast.caseworker)
    url = reverse("cases:attachment_add", args=[online_case.pk])
    form = client.get(url).content.decode()
    assert "I confirm the file contains no sexual image" in form
    refused = client.post(url, {"attachment-title": "Foto", "attachment-file": png()})
    assert refused.status_code == 400
    assert "Confirm that the file contains no sexual image" in refused.content.decode()
    assert stored_files(media) == [] and not Attachment.objects.exists()
    accepted = client.post(
        url, {"attachment-title": "Foto", "attachment-file": png(), "attachment-no_sexual_image_confirmed": "on"}
    )
    assert accepted.status_code == 302
    assert Attachment.objects.filter(case=online_case).count() == 1


def test_a_pdf_on_an_online_case_needs_the_confirmation_too_and_an_image_on_another_case_none(
    cast, case, online_case, media
):
    # Since issue #12 (item 3) a PDF can carry an image as well: every file on an online case needs it.
    with pytest.raises(ValidationError) as error:
        actions.add_attachment(
            online_case, actor=cast.caseworker, title="Surat", upload=SimpleUploadedFile("s.pdf", files.PDF)
        )
    assert "no_sexual_image_confirmed" in error.value.message_dict
    actions.add_attachment(case, actor=cast.caseworker, title="Foto", upload=png())
    assert Attachment.objects.count() == 1


def test_a_case_with_an_online_incident_counts_as_online(cast, case, media):
    from sigap.online.actions import IncidentInput, record_incident

    record_incident(case, actor=cast.caseworker, data=IncidentInput(harm_types=["cyberbullying"], platforms=["x"]))
    with pytest.raises(ValidationError) as error:
        actions.add_attachment(case, actor=cast.caseworker, title="Foto", upload=png())
    assert "no_sexual_image_confirmed" in error.value.message_dict
    assert stored_files(media) == []


def test_the_api_needs_the_confirmation_for_an_image_on_an_online_case(cast, online_case, media):
    url = f"/api/v1/cases/{online_case.pk}/attachments/"
    refused = _api(cast.caseworker).post(url, {"title": "Foto", "file": png()}, format="multipart")
    assert refused.status_code == 400
    assert "no_sexual_image_confirmed" in refused.json()["error"]["fields"]
    assert stored_files(media) == []
    accepted = _api(cast.caseworker).post(
        url, {"title": "Foto", "file": png(), "no_sexual_image_confirmed": "true"}, format="multipart"
    )
    assert accepted.status_code == 201
