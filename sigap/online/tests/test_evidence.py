"""The evidence register and its hard rule (docs/online.md): an item marked as sexual imagery of a child,
or as containing any sexual image, never carries a file — refused by the page, the API, the model,
the database, and absent from the admin; a refusal leaves no row and no file in storage.

Only tiny synthetic files are used (a 1×1 grey PNG), never a real or sexual image."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from rest_framework.test import APIClient

from sigap.audit.models import AccessAction, AccessLog
from sigap.cases.models import Attachment
from sigap.online import actions
from sigap.online.models import Evidence, EvidenceKind, SexualContent
from sigap.online.tests.conftest import png, stored_files

pytestmark = pytest.mark.django_db

PROHIBITED = [SexualContent.CHILD, SexualContent.ADULT]


def _form(case: Any, **values: Any) -> dict[str, Any]:
    return {
        "kind": EvidenceKind.CONTEXT_SCREENSHOT,
        "description": "Tangkapan layar profil pelaku (sintetis).",
        "url": "https://social.example.com/akun-palsu-123",
        "platform": "instagram",
        "sexual_content": SexualContent.NONE,
        **values,
    }


def assert_nothing_stored(media: Any) -> None:
    assert not Evidence.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


# --- The page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("sexual", PROHIBITED)
def test_the_page_refuses_a_file_on_an_item_marked_as_a_sexual_image_and_stores_nothing(
    cast, client, case, incident, media, sexual
):
    client.force_login(cast.caseworker)
    data = _form(case, sexual_content=sexual, no_sexual_image_confirmed="on", file=png())
    response = client.post(f"/cases/{case.pk}/online/evidence/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "never" in page and "Record where it is instead" in page
    assert_nothing_stored(media)


def test_the_evidence_page_explains_what_to_record_instead(cast, client, case, incident):
    client.force_login(cast.caseworker)
    page = client.get(f"/cases/{case.pk}/online/evidence/new/").content.decode()
    assert "Never upload a sexual image" in page
    assert "the hash if the police give you one" in page


def test_an_item_marked_as_a_sexual_image_is_recorded_without_a_file(cast, client, case, incident, media):
    client.force_login(cast.caseworker)
    data = _form(case, kind=EvidenceKind.URL, sexual_content=SexualContent.CHILD)
    response = client.post(f"/cases/{case.pk}/online/evidence/new/", data)
    assert response.status_code == 302
    item = Evidence.objects.get()
    assert item.sexual_content == SexualContent.CHILD and item.attachment is None
    assert stored_files(media) == []


def test_a_context_screenshot_needs_the_no_sexual_image_confirmation(cast, client, case, incident, media):
    client.force_login(cast.caseworker)
    response = client.post(f"/cases/{case.pk}/online/evidence/new/", _form(case, file=png()))
    assert response.status_code == 400
    assert "Confirm that the file contains no sexual image" in response.content.decode()
    assert_nothing_stored(media)


def test_a_confirmed_context_screenshot_is_stored_encrypted_with_its_sha256(cast, client, case, incident, media):
    import hashlib

    from sigap.cases.tests import files

    client.force_login(cast.caseworker)
    response = client.post(
        f"/cases/{case.pk}/online/evidence/new/", _form(case, file=png(), no_sexual_image_confirmed="on")
    )
    assert response.status_code == 302
    item = Evidence.objects.select_related("attachment").get()
    assert item.attachment.sha256 == hashlib.sha256(files.PNG).hexdigest()
    (blob,) = stored_files(media)
    assert files.PNG not in blob.read_bytes()  # encrypted at rest


def test_viewing_an_evidence_item_is_in_the_access_log(cast, client, case, incident):
    item = actions.record_evidence(
        case,
        actor=cast.caseworker,
        data=actions.EvidenceInput(kind="url", description="x", url="https://example.org/a"),
    )
    client.force_login(cast.caseworker)
    assert client.get(f"/cases/{case.pk}/online/evidence/{item.pk}/").status_code == 200
    entry = AccessLog.objects.get(object_type="online.evidence", object_id=str(item.pk), user=cast.caseworker)
    assert entry.action == AccessAction.VIEW_EVIDENCE and entry.case_id == case.pk
    client.get(f"/cases/{case.pk}/online/evidence/{item.pk}/", {"page": "2"})  # every opening is a row
    assert AccessLog.objects.filter(action=AccessAction.VIEW_EVIDENCE).count() == 2


def test_who_viewed_this_case_shows_the_evidence_views_under_their_own_label(cast, client, case, incident):
    item = actions.record_evidence(
        case,
        actor=cast.caseworker,
        data=actions.EvidenceInput(kind="url", description="x", url="https://example.org/a"),
    )
    client.force_login(cast.supervisor)
    assert client.get(f"/cases/{case.pk}/online/evidence/{item.pk}/").status_code == 200
    client.force_login(cast.caseworker)
    page = client.get(f"/cases/{case.pk}/access-log/").content.decode()
    assert "Viewed an evidence item" in page and item.audit_label in page
    with translation.override("id"):
        label = str(AccessAction.VIEW_EVIDENCE.label)
    assert label != "Viewed an evidence item"
    cast.caseworker.language = "id"
    cast.caseworker.save(update_fields=["language"])
    client.force_login(cast.caseworker)
    page = client.get(f"/cases/{case.pk}/access-log/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert label in page
    response = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    response.force_authenticate(cast.caseworker)
    rows = response.get(f"/api/v1/cases/{case.pk}/access-log/").json()["results"]
    assert "view_evidence" in {row["action"] for row in rows}


def test_a_handover_is_added_to_the_chain_of_custody(cast, client, case, incident):
    item = actions.record_evidence(
        case,
        actor=cast.caseworker,
        data=actions.EvidenceInput(kind="url", description="x", url="https://example.org/a"),
    )
    client.force_login(cast.caseworker)
    response = client.post(
        f"/cases/{case.pk}/online/evidence/{item.pk}/",
        {"handed_to": "Bripka Contoh, Unit Siber", "handed_at": "2026-01-05T10:00", "reference": "LP/123/I/2026"},
    )
    assert response.status_code == 302
    assert item.custody.get().reference == "LP/123/I/2026"


# --- The API ----------------------------------------------------------------------------------


@pytest.mark.parametrize("sexual", PROHIBITED)
def test_the_api_refuses_a_file_on_an_item_marked_as_a_sexual_image_and_stores_nothing(
    cast, case, incident, media, sexual
):
    api = APIClient()
    api.force_authenticate(cast.caseworker)
    data = _form(case, sexual_content=sexual, no_sexual_image_confirmed="true", file=png())
    response = api.post(f"/api/v1/cases/{case.pk}/online-evidence/", data, format="multipart")
    assert response.status_code == 400
    assert "file" in str(response.json())
    assert_nothing_stored(media)


def test_the_api_records_a_confirmed_context_file(cast, case, incident, media):
    api = APIClient()
    api.force_authenticate(cast.caseworker)
    data = _form(case, no_sexual_image_confirmed="true", file=png(), incident=str(incident.pk))
    response = api.post(f"/api/v1/cases/{case.pk}/online-evidence/", data, format="multipart")
    assert response.status_code == 201, response.json()
    assert len(response.json()["sha256"]) == 64


# --- The admin, the model and the database -----------------------------------------------------


@pytest.fixture
def superuser(db: Any) -> Any:
    from conftest import make_user

    user = make_user("root@test.sigap.invalid", "Test Root")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_the_admin_has_no_way_to_add_or_change_evidence(client, superuser, cast, case, incident, media):
    """Evidence is a case record: not in the admin at all (docs/security.md), so the admin cannot
    attach a file to it. A superuser posting a file to where its form would be stores nothing."""
    client.force_login(superuser)
    assert client.get("/admin/online/evidence/add/").status_code == 404
    data = {**_form(case, sexual_content=SexualContent.CHILD, file=png()), "case": str(case.pk)}
    assert client.post("/admin/online/evidence/add/", data).status_code == 404
    assert_nothing_stored(media)


def _confirmed_pdf(cast: Any, case: Any) -> Attachment:
    """A PDF attachment of the (online) case, confirmed to show no sexual image, as every file there needs."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sigap.cases.actions import add_attachment
    from sigap.cases.tests import files

    upload = SimpleUploadedFile("x.pdf", files.PDF)
    return add_attachment(case, actor=cast.caseworker, title="x", upload=upload, no_sexual_image_confirmed=True)


@pytest.mark.parametrize("sexual", PROHIBITED)
def test_the_model_refuses_to_save_a_file_on_an_item_marked_as_a_sexual_image(cast, case, incident, media, sexual):
    attachment = _confirmed_pdf(cast, case)
    item = Evidence(
        case=case,
        kind=EvidenceKind.OTHER,
        description="x",
        sexual_content=sexual,
        no_sexual_image_confirmed=True,
        attachment=attachment,
        recorded_by=cast.caseworker,
    )
    with pytest.raises(ValidationError):
        item.full_clean()
    with pytest.raises(ValidationError):
        item.save()
    assert not Evidence.objects.exists()


def test_the_database_refuses_a_file_on_an_item_marked_as_a_sexual_image(cast, case, incident):
    item = actions.record_evidence(
        case,
        actor=cast.caseworker,
        data=actions.EvidenceInput(kind="url", description="x", url="https://example.org/a"),
    )
    attachment = _confirmed_pdf(cast, case)
    item.sexual_content = SexualContent.CHILD
    item.save()  # no file: allowed
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.filter(pk=item.pk).update(attachment=attachment)  # bypasses save(): the constraint holds


def test_the_verb_refuses_before_anything_is_written(cast, case, incident, media):
    data = actions.EvidenceInput(
        kind=EvidenceKind.OTHER,
        description="x",
        sexual_content=SexualContent.CHILD,
        no_sexual_image_confirmed=True,
        upload=png(),
    )
    with pytest.raises(ValidationError) as refused:
        actions.record_evidence(case, actor=cast.caseworker, data=data)
    assert "never uploaded" in str(refused.value.message_dict["file"])
    assert_nothing_stored(media)


# --- Access -----------------------------------------------------------------------------------


def test_a_read_only_team_member_cannot_record_evidence(cast, client, case, incident):
    from sigap.cases.actions import add_team_member

    add_team_member(case, actor=cast.caseworker, user=cast.psychologist, access="read")
    client.force_login(cast.psychologist)
    assert client.get(f"/cases/{case.pk}/online/evidence/").status_code == 200
    assert client.post(f"/cases/{case.pk}/online/evidence/new/", _form(case)).status_code == 403
    api = APIClient()
    api.force_authenticate(cast.psychologist)
    assert api.post(f"/api/v1/cases/{case.pk}/online-evidence/", _form(case)).status_code == 403


def test_another_organisation_gets_404(cast, client, case, incident):
    client.force_login(cast.other_caseworker)
    assert client.get(f"/cases/{case.pk}/online/evidence/").status_code == 404
    api = APIClient()
    api.force_authenticate(cast.other_caseworker)
    assert api.get(f"/api/v1/cases/{case.pk}/online-evidence/").status_code == 404


def test_the_evidence_register_has_a_fixed_query_count(cast, client, case, incident, django_assert_num_queries):
    def add(n: int) -> None:
        for i in range(n):
            actions.record_evidence(
                case,
                actor=cast.caseworker,
                data=actions.EvidenceInput(kind="url", description=f"x{i}", url=f"https://example.org/{i}"),
            )

    client.force_login(cast.caseworker)
    add(1)
    client.get(f"/cases/{case.pk}/online/evidence/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(f"/cases/{case.pk}/online/evidence/")
    add(5)
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(f"/cases/{case.pk}/online/evidence/").status_code == 200
