"""Quiet logs: an expected 403 or 404 is one line without query string or traceback; a 5xx keeps it."""

from __future__ import annotations

import io
import logging
import uuid
from collections.abc import Iterator

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.log import log_response

from sigap.cases import actions
from sigap.cases.tests.factories import make_case
from sigap.lib.logformat import client_error_line

pytestmark = pytest.mark.django_db

NIK = "3273044120100001"
PHONE = "0812-3456-7890"


@pytest.fixture
def console() -> Iterator[io.StringIO]:
    """What the configured console handler (settings.LOGGING) writes during the test."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)  # type: ignore[arg-type]


def request_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if " django.request " in line or " django.security" in line]


def test_a_404_is_one_line_with_method_path_status_and_user(cast, client, console):
    client.force_login(cast.caseworker)
    missing = uuid.uuid4()
    assert client.get(f"/cases/{missing}/?q={NIK}&phone={PHONE}").status_code == 404
    output = console.getvalue()
    assert request_lines(output) == [request_lines(output)[0]]
    assert request_lines(output)[0].endswith(
        f"WARNING django.request GET /cases/{missing}/ 404 user={cast.caseworker.pk}"
    )
    assert len(output.splitlines()) == 1, output
    assert "Traceback" not in output
    assert "?" not in output and NIK not in output and "3456" not in output


def test_a_403_is_one_line(cast, client, console):
    case = make_case(cast.org, cast.caseworker)
    actions.add_team_member(case, actor=cast.caseworker, user=cast.psychologist, access="read")
    client.force_login(cast.psychologist)
    url = reverse("cases:advance", args=[case.pk, "start_assessment"])
    assert client.post(f"{url}?note={NIK}").status_code == 403
    lines = request_lines(console.getvalue())
    assert len(lines) == 1, console.getvalue()
    assert lines[0].endswith(f"WARNING django.request POST {url} 403 user={cast.psychologist.pk}")
    assert "Traceback" not in console.getvalue()


def test_an_api_404_is_one_line(cast, client, console):
    client.force_login(cast.caseworker)
    missing = uuid.uuid4()
    assert client.get(f"/api/v1/cases/{missing}/?search={NIK}").status_code == 404
    lines = request_lines(console.getvalue())
    assert len(lines) == 1, console.getvalue()
    assert lines[0].endswith(f"GET /api/v1/cases/{missing}/ 404 user={cast.caseworker.pk}")
    assert NIK not in console.getvalue()


def test_a_server_error_keeps_its_whole_traceback(console):
    request = RequestFactory().get(f"/boom/?nik={NIK}")
    try:
        raise RuntimeError("the database went away")
    except RuntimeError as error:
        log_response(
            "%s: %s",
            "Internal Server Error",
            request.path,
            response=HttpResponse(status=500),
            request=request,
            exception=error,
        )
    output = console.getvalue()
    assert "ERROR django.request Internal Server Error: /boom/" in output
    assert "Traceback (most recent call last)" in output
    assert "RuntimeError: the database went away" in output
    assert NIK not in output


def test_the_development_servers_access_lines_lose_their_query_strings(console):
    logging.getLogger("django.server").info(
        '"%s" %s %s', f"GET /cases/?q={NIK} HTTP/1.1", "200", "512", extra={"status_code": 200, "request": object()}
    )
    output = console.getvalue()
    assert '"GET /cases/ HTTP/1.1" 200 512' in output
    assert NIK not in output


def test_the_line_does_not_load_a_user_only_to_log_it():
    request = RequestFactory().post(f"/cases/?q={NIK}")
    request.user = SimpleLazyObject(lambda: pytest.fail("the user was loaded"))
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/x",), None)
    record.status_code, record.request = 404, request
    assert client_error_line(record) == "POST /cases/ 404 user=-"


def test_other_records_are_left_alone():
    record = logging.LogRecord("sigap.core.tasks", logging.INFO, __file__, 1, "Sent %s emails", (3,), None)
    assert client_error_line(record) is None
