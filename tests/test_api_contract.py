"""The API contract (issue #12.8): every answer of every operation is documented in the schema, and
every error is JSON in the one error format.

For each operation of ``/api/schema/`` the test sends the requests that provoke the platform's own
errors — no credentials, a malformed id, an unknown id, a page past the end, a body that is not
JSON, a body in another format — and fails on a status the operation does not document, or on an
error that is not ``{"error": ErrorDetail}``. schemathesis (scripts/fuzz_api.py) goes further; this
runs offline in the suite.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.test import Client

from sigap.accounts.actions import create_api_token

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")


def _operations(client: Client) -> list[tuple[str, str, dict[str, Any]]]:
    schema = client.get("/api/schema/?format=json").json()
    return [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def _fill(path: str, value: str) -> str:
    return re.sub(r"\{[^}]+\}", value, path)


def assert_error_format(response: Any) -> None:
    """``{"error": ErrorDetail}`` exactly as the schema describes it."""
    assert response["Content-Type"] == "application/json", response["Content-Type"]
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) <= {"status", "code", "message", "fields"}
    assert error["status"] == response.status_code
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    if "fields" in error:
        assert all(
            isinstance(name, str) and isinstance(messages, list) and all(isinstance(m, str) for m in messages)
            for name, messages in error["fields"].items()
        ), error["fields"]


def _probes(path: str, method: str, operation: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(label, url, client kwargs) of the requests that provoke the platform's errors."""
    takes_body = "requestBody" in operation
    probes = [
        ("malformed id", _fill(path, "not.an-id"), {}),
        ("unknown id", _fill(path, str(uuid.uuid4())), {}),
    ]
    if method == "get" and any(p["name"] == "page" for p in operation.get("parameters", [])):
        probes.append(("page past the end", _fill(path, str(uuid.uuid4())) + "?page=99999", {}))
    if takes_body:
        url = _fill(path, str(uuid.uuid4()))
        probes.append(("body not JSON", url, {"data": "{not json", "content_type": "application/json"}))
        probes.append(("body in another format", url, {"data": "x", "content_type": "text/plain"}))
    return probes


def test_every_answer_the_platform_gives_is_documented_and_in_the_error_format(cast):
    anonymous = Client(HTTP_ACCEPT_LANGUAGE="en")
    _token, key = create_api_token(cast.caseworker, name="contract test")
    caller = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Bearer {key}")
    undocumented: list[str] = []
    operations = _operations(anonymous)
    assert len(operations) > 150
    for path, method, operation in operations:
        documented = set(operation["responses"])
        answers = [("no credentials", anonymous, _fill(path, str(uuid.uuid4())), {})]
        answers += [(label, caller, url, kwargs) for label, url, kwargs in _probes(path, method, operation)]
        for label, client, url, kwargs in answers:
            response = getattr(client, method)(url, **kwargs)
            if str(response.status_code) not in documented:
                undocumented.append(f"{method.upper()} {path} ({label}): {response.status_code}")
            if response.status_code >= 400:
                assert_error_format(response)
    assert undocumented == []


def test_every_operation_documents_the_platforms_errors_in_the_error_format(client):
    for path, method, operation in _operations(client):
        responses = operation["responses"]
        for status in ("401", "403", "429"):
            assert status in responses, f"{method.upper()} {path} does not document {status}"
        if "{" in path or "requestBody" in operation:
            assert "404" in responses, f"{method.upper()} {path} does not document 404"
        if method != "get":  # a verb may refuse any change
            assert "400" in responses, f"{method.upper()} {path} does not document 400"
        if "requestBody" in operation:
            assert "415" in responses, f"{method.upper()} {path} does not document 415"
        for status, response in responses.items():
            if status.startswith("4"):
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Error"}, f"{method.upper()} {path} {status}"


def test_the_error_detail_schema_says_fields_map_names_to_lists_of_messages(client):
    schema = client.get("/api/schema/?format=json").json()["components"]["schemas"]["ErrorDetail"]
    assert schema["properties"]["fields"] == {
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    }
