"""Sigap's error pages (issue #12.10) and the API's one error format for every error (#12.8)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.test.client import RequestFactory

from sigap.cases.tests.factories import make_case
from sigap.lib.errors import server_error

pytestmark = pytest.mark.django_db


def _in_layout(html: str) -> None:
    assert 'class="navbar' in html  # Sigap's header
    assert 'href="/"' in html  # a way back to My work
    assert "data-sigap-back" in html


def test_unknown_page_is_sigaps_404_with_the_navigation_in_the_users_language(cast):
    cast.caseworker.language = "id"
    cast.caseworker.save(update_fields=["language"])
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(cast.caseworker)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    _in_layout(html)
    assert '<html lang="id">' in html
    assert "Halaman tidak ditemukan" in html
    assert 'href="/cases/"' in html  # the user's navigation is there


def test_another_teams_case_says_ask_your_supervisor(client, cast):
    case = make_case(cast.other_org, cast.other_caseworker)
    client.force_login(cast.caseworker)
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 404
    html = response.content.decode()
    _in_layout(html)
    assert "belongs to another team or organisation" in html
    assert "ask your supervisor" in html


def test_forbidden_page_is_sigaps_403_with_a_way_back(client, cast):
    client.force_login(cast.caseworker)
    response = client.get("/admin/login/")
    assert response.status_code == 403
    html = response.content.decode()
    _in_layout(html)
    assert "You may not do this" in html
    assert "ask your supervisor" in html


def test_bad_request_is_sigaps_400(client, cast):
    client.force_login(cast.caseworker)
    response = client.get("/", HTTP_HOST="not-allowed.example", HTTP_REFERER="http://not-allowed.example/cases/")
    assert response.status_code == 400
    html = response.content.decode()
    _in_layout(html)
    assert "The request could not be understood" in html


@pytest.mark.urls("tests.error_urls")
def test_server_error_is_sigaps_500_in_the_users_language(cast):
    cast.caseworker.language = "id"
    cast.caseworker.save(update_fields=["language"])
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(cast.caseworker)
    response = client.get("/test-errors/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    _in_layout(html)
    assert '<html lang="id">' in html
    assert "Terjadi kesalahan" in html


def test_the_500_page_renders_without_a_single_query(django_assert_num_queries, cast):
    request = RequestFactory().get("/cases/")
    request.user = cast.caseworker  # even a signed-in user is not looked at
    with django_assert_num_queries(0):
        try:
            raise RuntimeError("a bug")
        except RuntimeError:
            response = server_error(request)
    assert response.status_code == 500


def test_too_many_requests_is_a_page_with_retry_after(client, settings):
    settings.SIGAP_PUBLIC_RATE_LIMIT = 1
    client.get("/verify/NOPE")
    response = client.get("/verify/NOPE")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    _in_layout(html)
    assert "Too many requests" in html


def test_too_many_requests_under_the_api_is_the_error_format(client, settings):
    settings.SIGAP_PUBLIC_RATE_LIMIT = 1
    settings.SIGAP_PUBLIC_DIRECTORY = True
    client.get("/api/hsds/services")
    response = client.get("/api/hsds/services")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response.json()["error"]["code"] == "throttled"


# --- The API: JSON in the one error format for every error ----------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/persons/not-a-uuid/export/",  # a malformed id the URL pattern refuses
        "/api/v1/cases/a.b/",  # the router's pattern refuses a dot
        "/api/v1/no-such-endpoint/",
        "/api/nothing-here",
    ],
)
def test_api_not_found_is_json_in_the_error_format(client, cast, path):
    client.force_login(cast.caseworker)
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": {"status": 404, "code": "not_found", "message": "Not found."}}


@pytest.mark.urls("tests.error_urls")
def test_api_server_error_is_json_in_the_error_format():
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    response = client.get("/api/v1/test-errors/boom/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "server_error"


def test_api_bad_request_is_json_in_the_error_format(client):
    response = client.get("/api/v1/me/", HTTP_HOST="not-allowed.example")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


def test_a_form_with_an_expired_security_token_gets_sigaps_403_page(cast):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/accounts/login/", {"username": cast.caseworker.email, "password": cast.password})
    assert response.status_code == 403
    html = response.content.decode()
    _in_layout(html)
    assert "This form has expired" in html
