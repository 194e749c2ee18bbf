"""An evidence item's context file that turns out to show a sexual image is destroyed (docs/online.md):
the item loses the file, keeps the tombstone (SHA-256, destroyed at/by) and is marked as showing a
sexual image; the database refuses a destroyed file on an item still marked "no sexual image".

Only a tiny synthetic file is used (a 1×1 grey PNG), never a real or sexual image."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from sigap.cases import actions as case_actions
from sigap.cases.models import Attachment, TimelineEvent
from sigap.online import actions
from sigap.online.models import Evidence, EvidenceKind, SexualContent
from sigap.online.tests.conftest import png, stored_files

pytestmark = pytest.mark.django_db

REASON = "Supervisor melihatnya saat meninjau."


@pytest.fixture
def item(cast, case, incident, media) -> Evidence:
    return actions.record_evidence(
        case,
        actor=cast.caseworker,
        data=actions.EvidenceInput(
            kind=EvidenceKind.CONTEXT_SCREENSHOT,
            description="Tangkapan layar profil (sintetis).",
            upload=png(),
            no_sexual_image_confirmed=True,
        ),
    )


def test_destroying_the_file_unlinks_it_and_marks_the_item(cast, case, item, media, django_capture_on_commit_callbacks):
    attachment = item.attachment
    with django_capture_on_commit_callbacks(execute=True):
        case_actions.destroy_sexual_image(attachment, actor=cast.supervisor, reason=REASON, shows="adult")
    item.refresh_from_db()
    assert item.attachment is None and item.destroyed_file_id == attachment.pk
    assert item.sexual_content == SexualContent.ADULT and not item.no_sexual_image_confirmed
    assert item.destroyed_file.sha256 == attachment.sha256
    assert stored_files(media) == []
    event = TimelineEvent.objects.get(verb="attachment_destroyed")
    assert event.details["evidence"] == str(item.pk)


def test_the_default_marking_is_a_child(cast, case, item, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case_actions.destroy_sexual_image(item.attachment, actor=cast.caseworker, reason=REASON)
    item.refresh_from_db()
    assert item.sexual_content == SexualContent.CHILD


def test_the_database_refuses_a_destroyed_file_on_an_item_marked_no_sexual_image(cast, case, item, media):
    attachment = item.attachment
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.filter(pk=item.pk).update(attachment=None, destroyed_file=attachment)


def test_the_evidence_page_offers_the_button_then_shows_the_tombstone_without_a_link(
    cast, client, case, item, media, django_capture_on_commit_callbacks
):
    client.force_login(cast.caseworker)
    page_url = f"/cases/{case.pk}/online/evidence/{item.pk}/"
    destroy_url = f"/cases/{case.pk}/attachments/{item.attachment_id}/destroy/"
    download_url = f"/cases/{case.pk}/attachments/{item.attachment_id}/"
    page = client.get(page_url).content.decode()
    assert destroy_url in page and "This file shows a sexual image — destroy it" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(destroy_url, {"reason": REASON, "shows": "child"})
    assert response.status_code == 302 and response["Location"] == page_url
    page = client.get(page_url).content.decode()
    assert Attachment.objects.get().sha256 in page and "Destroyed by" in page
    assert download_url not in page and destroy_url not in page
    assert "Sexual imagery of a child" in page
    assert client.get(download_url).status_code == 410


def test_a_read_only_member_sees_no_button(cast, client, case, item):
    case_actions.add_team_member(case, actor=cast.caseworker, user=cast.legal_aid, access="read")
    client.force_login(cast.legal_aid)
    page = client.get(f"/cases/{case.pk}/online/evidence/{item.pk}/").content.decode()
    assert "/destroy/" not in page


def _api(user) -> APIClient:
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(user)
    return api


def test_the_api_destroys_an_evidence_file(cast, case, item, media, django_capture_on_commit_callbacks):
    url = f"/api/v1/cases/{case.pk}/online-evidence/{item.pk}/destroy/"
    with django_capture_on_commit_callbacks(execute=True):
        response = _api(cast.caseworker).post(url, {"reason": REASON}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["attachment"] is None and body["sexual_content"] == "child"
    assert body["destroyed_file"]["sha256"] == item.attachment.sha256 and body["destroyed_file"]["destroyed_at"]
    assert stored_files(media) == []
    assert _api(cast.caseworker).post(url, {"reason": REASON}, format="json").status_code == 410


def test_the_api_refuses_an_item_without_a_file_and_denies_others(cast, case, incident, item, media):
    bare = actions.record_evidence(
        case, actor=cast.caseworker, data=actions.EvidenceInput(kind="url", description="x", url="https://e.org/a")
    )
    bare_url = f"/api/v1/cases/{case.pk}/online-evidence/{bare.pk}/destroy/"
    assert _api(cast.caseworker).post(bare_url, {"reason": REASON}, format="json").status_code == 400
    url = f"/api/v1/cases/{case.pk}/online-evidence/{item.pk}/destroy/"
    case_actions.add_team_member(case, actor=cast.caseworker, user=cast.legal_aid, access="read")
    assert _api(cast.legal_aid).post(url, {"reason": REASON}, format="json").status_code == 403
    assert _api(cast.other_caseworker).post(url, {"reason": REASON}, format="json").status_code == 404
    assert len(stored_files(media)) == 1
