"""Attachments: checked by content and size, stored encrypted, downloaded only through a logged,
access-checked view. Every file here is a tiny synthetic one made by ``files``."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sigap.audit.models import AccessAction, AccessLog, AuditEvent
from sigap.cases import actions
from sigap.cases.actions import records
from sigap.cases.models import Attachment, TimelineEvent
from sigap.cases.tests import files

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def upload(client, case, name: str, content: bytes, title: str = "Surat rujukan sintetis"):
    return client.post(
        reverse("cases:attachment_add", args=[case.pk]),
        {"attachment-title": title, "attachment-file": SimpleUploadedFile(name, content)},
    )


def attach(cast, case, content: bytes = files.PDF, name: str = "surat.pdf") -> Attachment:
    return actions.add_attachment(
        case, actor=cast.caseworker, title="Dokumen sintetis", upload=SimpleUploadedFile(name, content)
    )


# --- Upload ---------------------------------------------------------------------------------


def test_caseworker_uploads_a_file_that_is_stored_encrypted_with_its_sha256(cast, client, case, media):
    client.force_login(cast.caseworker)
    response = upload(client, case, "surat.pdf", files.PDF)

    assert response.status_code == 302
    assert response["Location"].endswith("#attachments")
    attachment = Attachment.objects.get(case=case)
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(files.PDF)
    assert attachment.sha256 == hashlib.sha256(files.PDF).hexdigest()
    assert attachment.original_name == "surat.pdf"
    on_disk = (media / attachment.storage_name).read_bytes()
    assert on_disk != files.PDF and b"%PDF" not in on_disk
    assert "surat" not in attachment.storage_name
    assert TimelineEvent.objects.filter(case=case, verb="attachment_added").exists()
    assert AuditEvent.objects.filter(verb="cases.attachment_added", object_id=str(case.pk)).exists()


def test_the_type_comes_from_the_content_not_the_name(cast, client, case, media):
    client.force_login(cast.caseworker)
    upload(client, case, "bukan-pdf.pdf", files.PNG)
    attachment = Attachment.objects.get(case=case)
    assert attachment.content_type == "image/png"
    assert records.download_name(attachment) == "bukan-pdf.png"


def test_an_executable_is_refused_and_nothing_is_stored(cast, client, case, media):
    client.force_login(cast.caseworker)
    response = upload(client, case, "laporan.pdf", files.EXE)

    assert response.status_code == 400
    assert "This kind of file is not accepted." in response.text
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_stored(cast, client, case, media, settings):
    settings.SIGAP_ATTACHMENT_MAX_MB = 1
    client.force_login(cast.caseworker)
    too_big = files.PDF + b"0" * (1024 * 1024)
    response = upload(client, case, "besar.pdf", too_big)

    assert response.status_code == 400
    assert "The file is larger than 1 MB." in response.text
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_a_file_just_at_the_size_limit_is_accepted(cast, case, media, settings):
    settings.SIGAP_ATTACHMENT_MAX_MB = 1
    content = files.PDF + b"0" * (1024 * 1024 - len(files.PDF))
    assert attach(cast, case, content).size == 1024 * 1024


def test_a_database_failure_removes_the_encrypted_blob_again(cast, case, media, monkeypatch):
    def broken_timeline(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(records, "timeline", broken_timeline)
    with pytest.raises(RuntimeError):
        attach(cast, case)
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_read_only_team_member_cannot_upload(cast, client, case, media):
    actions.add_team_member(case, actor=cast.caseworker, user=cast.legal_aid, access="read")
    client.force_login(cast.legal_aid)
    assert upload(client, case, "surat.pdf", files.PDF).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.add_attachment(case, actor=cast.legal_aid, title="x", upload=ContentFile(files.PDF, name="x.pdf"))
    assert stored_files(media) == []


def test_caseworker_of_another_organisation_gets_404_for_the_upload_page(cast, client, case, media):
    client.force_login(cast.other_caseworker)
    assert upload(client, case, "surat.pdf", files.PDF).status_code == 404
    assert not Attachment.objects.exists()


def test_a_title_is_required(cast, case, media):
    with pytest.raises(ValidationError) as refused:
        actions.add_attachment(case, actor=cast.caseworker, title=" ", upload=ContentFile(files.PDF, name="x.pdf"))
    assert "title" in refused.value.message_dict
    assert stored_files(media) == []


# --- Download -------------------------------------------------------------------------------


def download_url(attachment: Attachment) -> str:
    return reverse("cases:attachment_download", args=[attachment.case_id, attachment.pk])


def test_download_gives_the_plaintext_as_an_attachment_and_is_logged(cast, client, case, media):
    attachment = attach(cast, case, files.PNG, name="foto.pdf")
    client.force_login(cast.caseworker)
    response = client.get(download_url(attachment))

    assert response.status_code == 200
    assert response.content == files.PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="foto.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    entry = AccessLog.objects.get(action=AccessAction.DOWNLOAD_ATTACHMENT)
    assert entry.user == cast.caseworker
    assert entry.object_id == str(attachment.pk)
    assert entry.case_id == case.pk
    assert entry.organisation_id == case.organisation_id
    assert attachment.title not in entry.object_label


def test_read_only_team_member_may_download(cast, client, case, media):
    attachment = attach(cast, case)
    actions.add_team_member(case, actor=cast.caseworker, user=cast.legal_aid, access="read")
    client.force_login(cast.legal_aid)
    assert client.get(download_url(attachment)).status_code == 200


@pytest.mark.parametrize("who", ["other_caseworker", "caseworker2", "intake_officer", "org_admin", "learner"])
def test_someone_who_cannot_see_the_case_gets_404_and_nothing_is_logged(cast, client, case, media, who):
    attachment = attach(cast, case)
    client.force_login(getattr(cast, who))
    assert client.get(download_url(attachment)).status_code == 404
    assert not AccessLog.objects.exists()


def test_an_attachment_is_only_found_under_its_own_case(cast, client, case, media):
    attachment = attach(cast, case)
    second = actions.open_case(
        actor=cast.caseworker,
        organisation=cast.org,
        intake=actions.Intake(
            client_type="child",
            intake_channel="walk_in",
            risk_level="low",
            victims=[case.victims.get().person],
            forms=["fisik"],
            case_manager=cast.caseworker,
        ),
    )
    client.force_login(cast.caseworker)
    url = reverse("cases:attachment_download", args=[second.pk, attachment.pk])
    assert client.get(url).status_code == 404


def test_a_damaged_file_is_not_served(cast, client, case, media):
    attachment = attach(cast, case)
    Attachment.objects.filter(pk=attachment.pk).update(sha256="0" * 64)
    client.force_login(cast.caseworker)
    response = client.get(download_url(attachment), follow=True)
    assert files.PDF not in response.content
    assert "This file is damaged and cannot be downloaded." in response.text


def test_attachments_section_lists_files_with_a_fixed_number_of_queries(cast, case, media, django_assert_num_queries):
    from types import SimpleNamespace

    from sigap.cases.views.records import attachments_section

    request = SimpleNamespace(user=cast.caseworker)
    attach(cast, case)
    attachments_section(request, case)
    # The files, and (for an editor) whether the case has an online incident: an image there needs
    # the "no sexual image" confirmation.
    with django_assert_num_queries(2):
        attachments_section(request, case)
    for _ in range(3):
        attach(cast, case)
    with django_assert_num_queries(2):
        assert len(attachments_section(request, case)["attachments"]) == 4


# --- Key rotation and cleanup ---------------------------------------------------------------


def test_reencrypting_an_attachment_moves_it_to_the_current_key_once(
    cast, case, media, settings, django_capture_on_commit_callbacks
):
    old_key = settings.SIGAP_ENCRYPTION_KEYS[0]
    attachment = attach(cast, case)
    old_name = attachment.storage_name
    new_key = Fernet.generate_key().decode()
    settings.SIGAP_ENCRYPTION_KEYS = [new_key, old_key]

    with django_capture_on_commit_callbacks(execute=True):
        assert records.reencrypt_attachment(attachment) is True

    attachment.refresh_from_db()
    assert attachment.storage_name != old_name
    assert not (media / old_name).exists()
    assert Fernet(new_key.encode()).decrypt((media / attachment.storage_name).read_bytes()) == files.PDF
    assert records.reencrypt_attachment(attachment) is False


def test_orphan_blobs_are_swept_and_referenced_ones_kept(cast, case, media):
    from sigap.lib import crypto

    kept = attach(cast, case)
    orphan = crypto.store_encrypted(b"left by a rolled-back upload", folder=records.ATTACHMENT_FOLDER)

    assert records.delete_orphan_attachment_blobs() == 0  # too recent: maybe an upload in progress
    assert records.delete_orphan_attachment_blobs(older_than=timedelta(0)) == 1
    assert not (media / orphan).exists()
    assert (media / kept.storage_name).exists()
