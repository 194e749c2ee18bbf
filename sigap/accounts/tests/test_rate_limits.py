"""Rate limits beside the per-account lockout: failed sign-ins per address across accounts, password
reset requests per address and per email address, failed API tokens per address."""

from __future__ import annotations

import pytest

from sigap.accounts import actions, lockout
from sigap.audit.models import AuditEvent
from sigap.core.models import OutboundEmail
from sigap.lib.ratelimit import Limit

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
RESET = "/accounts/password/reset/"


def test_another_address_still_signs_in_while_one_is_limited(client, cast, settings):
    settings.SIGAP_LOGIN_IP_LIMIT = 2
    for number in range(2):
        client.post(LOGIN, {"username": f"nobody{number}@test.sigap.invalid", "password": "guess"})
    response = client.post(
        LOGIN, {"username": cast.caseworker.email, "password": cast.password}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 302


def test_successful_sign_ins_do_not_count_against_a_shared_office_address(client, cast, settings):
    settings.SIGAP_LOGIN_IP_LIMIT = 2
    for _ in range(4):
        assert client.post(LOGIN, {"username": cast.caseworker.email, "password": cast.password}).status_code == 302
        client.post("/accounts/logout/")


def test_password_reset_requests_for_one_address_are_limited_whether_or_not_it_has_an_account(client, cast):
    for email in (cast.caseworker.email, "nobody@test.sigap.invalid"):
        for _ in range(lockout.PASSWORD_RESETS_PER_EMAIL.count):
            assert client.post(RESET, {"email": email}).status_code == 302
        response = client.post(RESET, {"email": email})
        assert response.status_code == 429
        assert "Too many attempts" in response.content.decode()
    # Only the address with an account gets mail, and only within the limit.
    assert OutboundEmail.objects.count() == lockout.PASSWORD_RESETS_PER_EMAIL.count


def test_password_reset_requests_from_one_network_are_limited(client, cast, monkeypatch):
    monkeypatch.setattr(lockout, "PASSWORD_RESETS_PER_ADDRESS", Limit("password-reset-ip", 2, 3600))
    assert client.post(RESET, {"email": "a@test.sigap.invalid"}).status_code == 302
    assert client.post(RESET, {"email": "b@test.sigap.invalid"}).status_code == 302
    assert client.post(RESET, {"email": "c@test.sigap.invalid"}).status_code == 429


def test_guessing_api_tokens_from_one_address_gets_429(client, cast, monkeypatch):
    from sigap.api import authentication

    monkeypatch.setattr(authentication, "TOKEN_FAILURES_PER_ADDRESS", Limit("api-token-failure-ip", 3, 900))
    for number in range(3):
        response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer sgp_guess{number}")
        assert response.status_code == 401
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION="Bearer sgp_guess9")
    assert response.status_code == 429
    assert response.json()["error"]["status"] == 429


def test_a_limit_counts_per_key_and_zero_turns_it_off():
    limit = Limit("test-scope", 2, 60)
    assert limit.hit("a") and limit.hit("a") and not limit.hit("a")
    assert limit.exceeded("a") and not limit.exceeded("b")
    off = Limit("test-off", 0, 60)
    assert all(off.hit("a") for _ in range(10)) and not off.exceeded("a")


def test_the_cache_holds_no_email_address_in_clear():
    limit = Limit("test-scope", 2, 60)
    assert "person@example.org" not in limit._key("person@example.org")


def test_the_api_throttles_anonymous_and_signed_in_callers(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert set(rates) == {"anon", "user"}
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == settings.AXES_IPWARE_PROXY_COUNT


# --- Nobody can lock a whole office out (issue #12, item 4) -------------------------------------


def test_a_valid_token_works_after_sixty_invalid_ones_from_the_same_address(client, cast):
    _token, key = actions.create_api_token(cast.caseworker, name="Office script")
    for number in range(60):
        client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer sgp_guess{number}")
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert response.json()["email"] == cast.caseworker.email


def test_invalid_tokens_past_the_limit_get_429_with_retry_after(client, cast):
    for number in range(lockout.TOKEN_FAILURES_PER_ADDRESS.count):
        assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer sgp_guess{number}").status_code == 401
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION="Bearer sgp_one_more")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= lockout.TOKEN_FAILURES_PER_ADDRESS.seconds


def test_the_right_password_signs_in_after_sixty_failures_on_made_up_accounts(client, cast):
    for number in range(60):
        client.post(LOGIN, {"username": f"nobody{number}@test.sigap.invalid", "password": "guess"})
    response = client.post(LOGIN, {"username": cast.caseworker.email, "password": cast.password})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(cast.caseworker.pk)


def test_failed_sign_ins_past_the_address_limit_get_429_with_retry_after(client, cast, settings):
    settings.SIGAP_LOGIN_IP_LIMIT = 3
    for number in range(3):
        response = client.post(LOGIN, {"username": f"nobody{number}@test.sigap.invalid", "password": "guess"})
        assert response.status_code == 200
    response = client.post(LOGIN, {"username": "nobody9@test.sigap.invalid", "password": "guess"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= settings.AXES_COOLOFF_TIME.total_seconds()
    assert "Too many attempts from your network" in response.content.decode()
    # A wrong password of a real account from that address gets the same answer (nothing to learn).
    response = client.post(LOGIN, {"username": cast.caseworker.email, "password": "guess"})
    assert response.status_code == 429
    assert AuditEvent.objects.filter(verb="accounts.login_rate_limited", ip_address="127.0.0.1").count() == 2


def test_failures_of_one_account_from_one_address_lock_that_pair_with_retry_after(client, cast, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": cast.caseworker.email, "password": f"wrong {attempt}"}, REMOTE_ADDR="10.0.0.5")
    response = client.post(
        LOGIN, {"username": cast.caseworker.email, "password": cast.password}, REMOTE_ADDR="10.0.0.5"
    )
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= settings.AXES_COOLOFF_TIME.total_seconds()
    assert "Too many failed sign-in attempts" in response.content.decode()
    # The same account from another address, and another account from that address, still sign in.
    other = client.__class__()
    assert other.post(LOGIN, {"username": cast.caseworker.email, "password": cast.password}).status_code == 302
    neighbour = client.__class__()
    response = neighbour.post(
        LOGIN, {"username": cast.supervisor.email, "password": cast.password}, REMOTE_ADDR="10.0.0.5"
    )
    assert response.status_code == 302
