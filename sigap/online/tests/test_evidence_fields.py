"""Whether an evidence item shows a sexual image is said once and clearly (issue #12, item 3): a
duplicated or blank ``sexual_content`` (or a duplicated confirmation) is a 400 on the page and in the
API, never "the last value wins" — ``sexual_content=child&sexual_content=none`` must not store a file.

Only a tiny synthetic file is used (a 1×1 grey PNG)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from sigap.cases.models import Attachment
from sigap.online.models import Evidence, EvidenceKind, SexualContent
from sigap.online.tests.conftest import png, stored_files

pytestmark = pytest.mark.django_db

DUPLICATES = [[SexualContent.CHILD, SexualContent.NONE], [SexualContent.NONE, SexualContent.NONE]]


def fields(**values: Any) -> dict[str, Any]:
    return {
        "kind": EvidenceKind.CONTEXT_SCREENSHOT,
        "description": "Tangkapan layar profil pelaku (sintetis).",
        "platform": "instagram",
        **values,
    }


def assert_nothing_stored(media: Any) -> None:
    assert not Evidence.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def api(user: Any) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


# --- The page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("values", DUPLICATES)
def test_the_page_refuses_a_duplicated_sexual_content(cast, client, case, media, values):
    client.force_login(cast.caseworker)
    data = fields(sexual_content=values, no_sexual_image_confirmed="on", file=png())
    response = client.post(f"/cases/{case.pk}/online/evidence/new/", data)
    assert response.status_code == 400
    assert "Send this field once." in response.content.decode()
    assert_nothing_stored(media)


def test_the_page_refuses_a_duplicated_confirmation(cast, client, case, media):
    client.force_login(cast.caseworker)
    data = fields(sexual_content=SexualContent.NONE, no_sexual_image_confirmed=["", "on"], file=png())
    response = client.post(f"/cases/{case.pk}/online/evidence/new/", data)
    assert response.status_code == 400
    assert_nothing_stored(media)


def test_the_page_refuses_a_blank_sexual_content(cast, client, case, media):
    client.force_login(cast.caseworker)
    response = client.post(f"/cases/{case.pk}/online/evidence/new/", fields(sexual_content="", file=png()))
    assert response.status_code == 400
    assert_nothing_stored(media)


# --- The API ----------------------------------------------------------------------------------


@pytest.mark.parametrize("values", DUPLICATES)
def test_the_api_refuses_a_duplicated_sexual_content_in_a_form(cast, case, media, values):
    data = fields(sexual_content=values, no_sexual_image_confirmed="true", file=png())
    response = api(cast.caseworker).post(f"/api/v1/cases/{case.pk}/online-evidence/", data, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["sexual_content"] == ["Send this field once."]
    assert_nothing_stored(media)


def test_the_api_refuses_a_duplicated_confirmation_in_a_form(cast, case, media):
    data = fields(sexual_content="none", no_sexual_image_confirmed=["false", "true"], file=png())
    response = api(cast.caseworker).post(f"/api/v1/cases/{case.pk}/online-evidence/", data, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["no_sexual_image_confirmed"] == ["Send this field once."]
    assert_nothing_stored(media)


@pytest.mark.parametrize("format", ["multipart", "json"])
def test_the_api_refuses_a_blank_sexual_content(cast, case, media, format):
    data = fields(sexual_content="")
    if format == "multipart":
        data["file"] = png()
        data["no_sexual_image_confirmed"] = "true"
    response = api(cast.caseworker).post(f"/api/v1/cases/{case.pk}/online-evidence/", data, format=format)
    assert response.status_code == 400
    assert "sexual_content" in response.json()["error"]["fields"]
    assert_nothing_stored(media)


def test_the_api_refuses_a_json_body_with_sexual_content_twice(cast, case, media):
    body = json.dumps(fields(sexual_content="child"))[:-1] + ', "sexual_content": "none"}'
    response = api(cast.caseworker).post(
        f"/api/v1/cases/{case.pk}/online-evidence/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "sexual_content" in response.json()["error"]["message"]
    assert_nothing_stored(media)


def test_an_item_without_sexual_content_still_defaults_to_no_sexual_image(cast, case, media):
    data = fields(kind=EvidenceKind.URL, url="https://social.example.com/akun-palsu-123")
    response = api(cast.caseworker).post(f"/api/v1/cases/{case.pk}/online-evidence/", data, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["sexual_content"] == SexualContent.NONE
