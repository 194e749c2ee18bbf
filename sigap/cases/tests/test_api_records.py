"""Notes, attachments and the timeline over the API: restricted notes stay hidden, files are checked
by content and every download is logged."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sigap.accounts.actions import create_api_token
from sigap.audit.models import AccessAction, AccessLog
from sigap.cases import actions
from sigap.cases.models import CaseTeamMember, Note
from sigap.cases.tests import files

pytestmark = pytest.mark.django_db


def url(case, name: str, **kwargs) -> str:
    return reverse(f"api:case-{name}", kwargs={"case_pk": case.pk, **kwargs})


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def team(cast, case):
    """cast.legal_aid (read) and cast.psychologist (read) on the case team."""
    for user in (cast.legal_aid, cast.psychologist):
        actions.add_team_member(case, actor=cast.caseworker, user=user, access=CaseTeamMember.Access.READ)
    return case


# --- Notes ----------------------------------------------------------------------------------


def test_restricted_note_is_hidden_from_those_who_may_not_read_it(client, cast, team):
    case = team
    restricted = actions.add_note(
        case, actor=cast.psychologist, body="Sesi konseling (sintetis).", visibility="restricted"
    )
    normal = actions.add_note(case, actor=cast.caseworker, body="Kunjungan rumah (sintetis).")

    client.force_login(cast.legal_aid)
    assert [n["id"] for n in client.get(url(case, "note-list")).json()["results"]] == [str(normal.pk)]
    assert client.get(url(case, "note-detail", pk=restricted.pk)).status_code == 404

    client.force_login(cast.caseworker)
    assert client.get(url(case, "note-detail", pk=restricted.pk)).status_code == 404

    client.force_login(cast.supervisor)
    ids = {n["id"] for n in client.get(url(case, "note-list")).json()["results"]}
    assert ids == {str(normal.pk), str(restricted.pk)}


def test_restricted_note_leaves_no_trace_on_the_timeline(client, cast, team):
    actions.add_note(team, actor=cast.psychologist, body="Sesi konseling (sintetis).", visibility="restricted")
    client.force_login(cast.legal_aid)
    verbs = [e["verb"] for e in client.get(url(team, "timeline-list")).json()["results"]]
    assert "note_added" not in verbs


def test_counsellor_on_the_team_writes_a_restricted_note(client, cast, team):
    client.force_login(cast.psychologist)
    response = client.post(
        url(team, "note-list"), {"body": "Catatan konseling.", "visibility": "restricted"}, "application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["visibility"] == "restricted"
    assert response.json()["can_edit"] is True


def test_author_edits_a_note_within_the_window_then_only_corrects_it(client, cast, case):
    note = actions.add_note(case, actor=cast.caseworker, body="Versi pertama.")
    client.force_login(cast.caseworker)
    detail = url(case, "note-detail", pk=note.pk)
    edited = client.patch(detail, {"body": "Versi kedua."}, "application/json")
    assert edited.status_code == 200, edited.content
    assert edited.json()["body"] == "Versi kedua."

    Note.objects.filter(pk=note.pk).update(created_at=timezone.now() - timedelta(hours=2))
    late = client.patch(detail, {"body": "Versi ketiga."}, "application/json")
    assert late.status_code == 400
    corrected = client.post(url(case, "note-correct", pk=note.pk), {"body": "Koreksi."}, "application/json")
    assert corrected.status_code == 201, corrected.content
    assert corrected.json()["corrects"] == str(note.pk)
    note.refresh_from_db()
    assert note.body == "Versi kedua."


def test_only_the_author_may_change_a_note(client, cast, case):
    note = actions.add_note(case, actor=cast.caseworker, body="Catatan.")
    client.force_login(cast.supervisor)
    assert client.patch(url(case, "note-detail", pk=note.pk), {"body": "x"}, "application/json").status_code == 403
    assert client.post(url(case, "note-correct", pk=note.pk), {"body": "x"}, "application/json").status_code == 403


def test_empty_note_is_refused(client, cast, case):
    client.force_login(cast.caseworker)
    response = client.post(url(case, "note-list"), {"body": "   "}, "application/json")
    assert response.status_code == 400


# --- Attachments ----------------------------------------------------------------------------


def test_caseworker_uploads_a_pdf_and_downloads_it_with_a_logged_event(client, cast, case, media):
    client.force_login(cast.caseworker)
    upload = SimpleUploadedFile("surat.pdf", files.PDF)
    response = client.post(url(case, "attachment-list"), {"title": "Surat sintetis", "file": upload})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["content_type"] == "application/pdf"
    assert body["sha256"] == hashlib.sha256(files.PDF).hexdigest()
    # Stored encrypted: the plain PDF is nowhere on disk.
    assert all(files.PDF not in p.read_bytes() for p in media.rglob("*") if p.is_file())

    download = client.get(url(case, "attachment-download", pk=body["id"]), HTTP_ACCEPT="application/pdf")
    assert download.status_code == 200
    assert download.content == files.PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "no-store, private"
    assert "attachment" in download["Content-Disposition"]
    entry = AccessLog.objects.get(action=AccessAction.DOWNLOAD_ATTACHMENT)
    assert entry.user == cast.caseworker
    assert entry.object_id == body["id"]
    assert entry.case_id == case.pk
    assert not AccessLog.objects.filter(action=AccessAction.API_READ, object_id=body["id"]).exists()


def test_file_type_is_checked_from_the_content_not_the_name(client, cast, case, media):
    client.force_login(cast.caseworker)
    fake = SimpleUploadedFile("surat.pdf", b"MZ\x90\x00 not a pdf at all")
    response = client.post(url(case, "attachment-list"), {"title": "Palsu", "file": fake})
    assert response.status_code == 400
    assert "file" in response.json()["error"]["fields"]
    assert not case.attachments.exists()


def test_upload_without_a_file_is_refused(client, cast, case, media):
    client.force_login(cast.caseworker)
    response = client.post(url(case, "attachment-list"), {"title": "Tanpa berkas"})
    assert response.status_code == 400
    assert "file" in response.json()["error"]["fields"]


def test_read_only_team_member_downloads_but_may_not_upload(client, cast, team, media):
    attachment = actions.add_attachment(
        team, actor=cast.caseworker, title="Dokumen sintetis", upload=SimpleUploadedFile("a.png", files.PNG)
    )
    client.force_login(cast.legal_aid)
    assert client.get(url(team, "attachment-download", pk=attachment.pk)).content == files.PNG
    upload = client.post(url(team, "attachment-list"), {"title": "x", "file": SimpleUploadedFile("b.png", files.PNG)})
    assert upload.status_code == 403


def test_attachment_download_of_another_organisation_is_404_and_not_logged(client, cast, case, media):
    attachment = actions.add_attachment(
        case, actor=cast.caseworker, title="Dokumen sintetis", upload=SimpleUploadedFile("a.pdf", files.PDF)
    )
    client.force_login(cast.other_caseworker)
    response = client.get(url(case, "attachment-download", pk=attachment.pk))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert not AccessLog.objects.filter(action=AccessAction.DOWNLOAD_ATTACHMENT).exists()


def test_attachment_upload_and_download_work_with_an_api_token(client, cast, case, media):
    _token, key = create_api_token(cast.caseworker, name="scanner")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    upload = SimpleUploadedFile("foto.png", files.PNG)
    response = client.post(url(case, "attachment-list"), {"title": "Foto sintetis", "file": upload}, **auth)
    assert response.status_code == 201, response.content
    download = client.get(url(case, "attachment-download", pk=response.json()["id"]), **auth)
    assert download.content == files.PNG


# --- Timeline -------------------------------------------------------------------------------


def test_timeline_lists_events_newest_first(client, cast, case):
    actions.rate_risk(case, actor=cast.caseworker, risk_level="high", reason="Ancaman.")
    client.force_login(cast.caseworker)
    rows = client.get(url(case, "timeline-list")).json()["results"]
    verbs = [r["verb"] for r in rows]
    assert verbs[0] == "risk_rated"
    assert verbs[-1] == "opened"
    assert rows[0]["actor_name"] == cast.caseworker.full_name


def test_timeline_query_count_does_not_grow_with_events(client, cast, case, django_assert_num_queries):
    from sigap.organisations.tests.helpers import queries_for

    client.force_login(cast.caseworker)
    path = url(case, "timeline-list")
    expected = queries_for(client, path)
    for level in ["high", "low", "medium", "high", "low"]:
        actions.rate_risk(case, actor=cast.caseworker, risk_level=level, reason="Perubahan (sintetis).")
    with django_assert_num_queries(expected):
        assert client.get(path).json()["count"] >= 6
