import time

import pytest

from sigap.accounts.middleware import IdleTimeoutMiddleware
from sigap.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _last_seen(client, seconds_ago):
    session = client.session
    session[IdleTimeoutMiddleware.KEY] = int(time.time()) - seconds_ago
    session.save()


def test_session_idle_longer_than_the_limit_is_signed_out(client, cast, settings):
    settings.SIGAP_IDLE_TIMEOUT_MINUTES = 30
    client.force_login(cast.caseworker)
    assert client.get("/").status_code == 200
    _last_seen(client, 30 * 60 + 5)
    response = client.get("/organisations/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Forganisations%2F"
    event = AuditEvent.objects.get(verb="accounts.logout")
    assert event.actor == cast.caseworker
    assert event.details == {"reason": "idle"}
    assert client.get("/").status_code == 302


def test_session_used_within_the_limit_stays_signed_in(client, cast, settings):
    settings.SIGAP_IDLE_TIMEOUT_MINUTES = 30
    client.force_login(cast.caseworker)
    client.get("/")
    _last_seen(client, 29 * 60)
    assert client.get("/").status_code == 200
    assert not AuditEvent.objects.filter(verb="accounts.logout").exists()


def test_activity_moves_the_idle_clock_forward(client, cast, settings):
    settings.SIGAP_IDLE_TIMEOUT_MINUTES = 30
    client.force_login(cast.caseworker)
    _last_seen(client, 20 * 60)
    assert client.get("/").status_code == 200
    assert int(time.time()) - client.session[IdleTimeoutMiddleware.KEY] < 5


def test_idle_api_session_is_refused(client, cast, settings):
    settings.SIGAP_IDLE_TIMEOUT_MINUTES = 30
    client.force_login(cast.caseworker)
    client.get("/")
    _last_seen(client, 31 * 60)
    response = client.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert AuditEvent.objects.filter(verb="accounts.logout", details__reason="idle").count() == 1


def test_login_page_after_idle_sign_out_says_why(client, cast, settings):
    settings.SIGAP_IDLE_TIMEOUT_MINUTES = 30
    client.force_login(cast.caseworker)
    client.get("/")
    _last_seen(client, 31 * 60)
    page = client.get("/", follow=True)
    assert page.redirect_chain[-1][0].startswith("/accounts/login/")
    assert "You were signed out after a period of inactivity." in page.content.decode()
