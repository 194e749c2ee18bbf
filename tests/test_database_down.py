"""While the database is down (issue #18.4): 503 with Retry-After, in Sigap's layout and the user's
language, JSON under /api/, what the user typed kept; /healthz says so; the first request after the
database returns succeeds.

The outage is real, not a mock: the connection Sigap uses is swapped for one to a closed loopback
port (PostgreSQL) or to a file that cannot be opened (SQLite), and on PostgreSQL a live connection
is also terminated by the server.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest
from django.db import close_old_connections, connection, connections
from django.test import Client

from sigap.accounts.actions import create_api_token
from sigap.cases.models import Case

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # nothing listens here once the socket is closed


@contextmanager
def database_unreachable() -> Iterator[None]:
    """Every query until the block ends goes to a database that cannot be reached."""
    original = connections["default"]
    settings_dict = dict(original.settings_dict)
    if original.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-sigap-directory/sigap.sqlite3"
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=str(_closed_port()))
    broken = original.__class__(settings_dict, alias="default")
    connections["default"] = broken
    try:
        yield
    finally:
        broken.close()
        connections["default"] = original


def browser(language: str | None = None) -> Client:
    client = Client(raise_request_exception=False)
    if language:
        client.cookies["sigap_language"] = language
    return client


def test_the_outage_is_real():
    with database_unreachable(), pytest.raises(Exception) as failure:
        connection.ensure_connection()
    assert type(failure.value).__name__ == "OperationalError"


def test_a_page_while_the_database_is_down_is_503_in_sigaps_layout_in_the_users_language(cast):
    client = browser()  # Indonesian, Sigap's default
    client.force_login(cast.caseworker)
    with database_unreachable():
        response = client.get("/cases/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert 'class="navbar' in html and 'href="/"' in html
    assert "Tidak ada yang tersimpan; coba lagi sebentar lagi." in html


def test_the_language_the_user_chose_is_kept_from_its_cookie(cast):
    client = browser("en")
    client.force_login(cast.caseworker)
    with database_unreachable():
        response = client.get("/cases/")
    assert response.status_code == 503
    assert "Nothing was saved; try again in a moment." in response.content.decode()


@pytest.mark.parametrize("encoded", [True, False], ids=["form", "multipart"])
def test_a_form_sent_while_the_database_is_down_keeps_what_was_typed_and_saves_nothing(cast, encoded):
    client = browser("en")
    client.force_login(cast.caseworker)
    before = Case.objects.count()
    typed = {"organisation": str(cast.org.pk), "client-full_name": "Siti <Contoh>", "narrative": "Line one\nline two"}
    with database_unreachable():
        if encoded:
            body = urlencode(typed)
            response = client.post("/cases/new/", body, content_type="application/x-www-form-urlencoded")
        else:
            response = client.post("/cases/new/", typed)
    assert response.status_code == 503
    html = response.content.decode()
    assert '<form method="post" action="/cases/new/"' in html
    assert '<input type="hidden" name="client-full_name" value="Siti &lt;Contoh&gt;">' in html
    assert '<input type="hidden" name="narrative" value="Line one\nline two">' in html
    assert "Send again" in html
    assert Case.objects.count() == before


def test_signing_in_while_the_database_is_down_is_503_not_a_server_error():
    with database_unreachable():
        response = browser("en").post("/accounts/login/", {"username": "a@b.invalid", "password": "x"})
    assert response.status_code == 503
    assert "Nothing was saved" in response.content.decode()


def test_the_api_while_the_database_is_down_answers_503_in_the_error_format(cast):
    _token, key = create_api_token(cast.caseworker, name="outage")
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")
    with database_unreachable():
        response = client.post("/api/v1/cases/", {}, content_type="application/json")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "error": {
            "status": 503,
            "code": "database_unavailable",
            "message": "Sigap cannot reach its database. Nothing was saved; try again in a moment.",
        }
    }


def test_healthz_says_the_database_is_unreachable(cast):
    signed_in = browser()
    signed_in.force_login(cast.caseworker)  # a browser's session cookie makes the middleware load it
    with database_unreachable():
        answers = [browser().get("/healthz"), signed_in.get("/healthz")]
    for response in answers:
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert response.json()["database"] == "unreachable"
        assert response.json()["status"] == "error"


def test_the_first_request_after_the_database_returns_succeeds(cast):
    client = browser("en")
    client.force_login(cast.caseworker)
    with database_unreachable():
        assert client.get("/cases/").status_code == 503
    response = client.get("/cases/")
    assert response.status_code == 200
    assert browser().get("/healthz").json()["database"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_postgresql_server_terminates_gives_503_and_the_next_request_succeeds(cast):
    if connection.vendor != "postgresql":
        pytest.skip("terminating a server connection is a PostgreSQL test")
    import psycopg

    client = browser("en")
    client.force_login(cast.caseworker)
    assert client.get("/cases/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    assert client.get("/cases/").status_code == 503
    close_old_connections()  # what Django does when the next request starts (request_started)
    response = client.get("/cases/")
    assert response.status_code == 200
