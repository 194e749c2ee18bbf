"""API tokens expire (90 days unless set otherwise), die with a password change or a deactivated
account, and cannot create tokens (issue #12, item 6)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from sigap.accounts import actions
from sigap.accounts.models import ApiToken
from sigap.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"
TOKENS_API = "/api/v1/tokens/"
TOKENS_SCREEN = "/accounts/tokens/"
NEW_PASSWORD = "a much longer new passphrase"


def bearer(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def expire(token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))


def test_a_new_token_expires_in_ninety_days_unless_told_otherwise(cast):
    before = timezone.now()
    token, _key = actions.create_api_token(cast.caseworker, name="Default")
    assert before + timedelta(days=90) <= token.expires_at <= timezone.now() + timedelta(days=90)
    event = AuditEvent.objects.get(verb="accounts.api_token_created")
    assert event.details["expires_at"] == token.expires_at.isoformat()

    chosen = timezone.now() + timedelta(days=7)
    token, _key = actions.create_api_token(cast.caseworker, name="A week", expires_at=chosen)
    assert token.expires_at == chosen


@pytest.mark.parametrize("days", [-1, 0, 366])
def test_an_expiry_in_the_past_or_beyond_a_year_is_refused(cast, days):
    with pytest.raises(ValidationError) as caught:
        actions.create_api_token(cast.caseworker, name="Odd", expires_at=timezone.now() + timedelta(days=days))
    assert "expires_at" in caught.value.message_dict
    assert not ApiToken.objects.exists()


def test_the_screen_sets_the_lifetime_and_lists_the_expiry(client, cast):
    client.force_login(cast.caseworker)
    response = client.post(TOKENS_SCREEN, {"name": "Monthly report", "lifetime": "30"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=cast.caseworker)
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    page = client.get(TOKENS_SCREEN).content.decode()
    assert "Expires" in page
    assert 'name="lifetime"' in page


def test_the_api_sets_the_expiry_and_lists_it(client, cast):
    client.force_login(cast.caseworker)
    when = (timezone.now() + timedelta(days=10)).replace(microsecond=0)
    response = client.post(
        TOKENS_API, {"name": "Ten days", "expires_at": when.isoformat()}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["expires_at"] is not None
    assert ApiToken.objects.get().expires_at == when
    row = client.get(TOKENS_API).json()["results"][0]
    assert row["status"] == "active"
    assert row["expires_at"]


def test_the_api_refuses_an_expiry_beyond_a_year_with_the_standard_error(client, cast):
    client.force_login(cast.caseworker)
    when = timezone.now() + timedelta(days=400)
    response = client.post(
        TOKENS_API, {"name": "Forever", "expires_at": when.isoformat()}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "expires_at" in response.json()["error"]["fields"]
    assert not ApiToken.objects.exists()


def test_an_expired_token_gets_401_and_its_expiry_is_recorded_once(client, cast):
    token, key = actions.create_api_token(cast.caseworker, name="Old")
    expire(token)
    for _ in range(2):
        response = client.get(ME, **bearer(key))
        assert response.status_code == 401
        assert "expired" in response.json()["error"]["message"]
    token.refresh_from_db()
    assert token.status == "expired"
    assert token.revoked_reason == "expired"
    assert AuditEvent.objects.filter(verb="accounts.api_token_expired", object_id=str(token.pk)).count() == 1


def test_expire_api_tokens_records_each_expiry_once_and_leaves_live_tokens_alone(cast):
    old, _ = actions.create_api_token(cast.caseworker, name="Old")
    live, _ = actions.create_api_token(cast.caseworker, name="Live")
    expire(old)
    call_command("expire_api_tokens")
    call_command("expire_api_tokens")
    assert AuditEvent.objects.filter(verb="accounts.api_token_expired").count() == 1
    old.refresh_from_db()
    live.refresh_from_db()
    assert old.status == "expired" and live.status == "active"


def test_the_list_shows_expired_and_revoked_tokens_for_what_they_are(client, cast):
    old, _ = actions.create_api_token(cast.caseworker, name="Old")
    expire(old)
    gone, _ = actions.create_api_token(cast.caseworker, name="Gone")
    actions.revoke_api_token(gone, by=cast.caseworker)
    client.force_login(cast.caseworker)
    rows = {row["name"]: row for row in client.get(TOKENS_API).json()["results"]}
    assert rows["Old"]["status"] == "expired" and rows["Old"]["is_active"] is False
    assert rows["Gone"]["status"] == "revoked" and rows["Gone"]["revoked_reason"] == "user"
    page = client.get(TOKENS_SCREEN).content.decode()
    assert "Expired" in page and "Revoked" in page


def test_changing_the_password_revokes_every_token(client, cast):
    _first, key = actions.create_api_token(cast.caseworker, name="First")
    actions.create_api_token(cast.caseworker, name="Second")
    _theirs, their_key = actions.create_api_token(cast.caseworker2, name="Colleague's")
    client.force_login(cast.caseworker)
    response = client.post(
        "/accounts/password/",
        {"old_password": cast.password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert not ApiToken.objects.filter(user=cast.caseworker).active().exists()
    assert set(ApiToken.objects.filter(user=cast.caseworker).values_list("revoked_reason", flat=True)) == {
        "password_changed"
    }
    events = AuditEvent.objects.filter(verb="accounts.api_token_revoked")
    assert events.count() == 2
    assert {event.details["reason"] for event in events} == {"password_changed"}
    assert client.__class__().get(ME, **bearer(key)).status_code == 401
    assert client.__class__().get(ME, **bearer(their_key)).status_code == 200


def test_a_password_set_anywhere_revokes_the_tokens(cast):
    token, _key = actions.create_api_token(cast.caseworker, name="Script")
    cast.caseworker.set_password(NEW_PASSWORD)
    cast.caseworker.save()
    token.refresh_from_db()
    assert token.status == "revoked" and token.revoked_reason == "password_changed"


def test_a_stronger_hash_of_the_same_password_at_sign_in_keeps_the_tokens(client, cast, settings):
    token, key = actions.create_api_token(cast.caseworker, name="Script")
    old_hash = cast.caseworker.password
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    assert (
        client.post("/accounts/login/", {"username": cast.caseworker.email, "password": cast.password}).status_code
        == 302
    )
    cast.caseworker.refresh_from_db()
    assert cast.caseworker.password != old_hash  # upgraded to the first hasher
    token.refresh_from_db()
    assert token.status == "active"
    assert client.__class__().get(ME, **bearer(key)).status_code == 200


def test_deactivating_the_account_revokes_its_tokens_for_good(client, cast):
    token, key = actions.create_api_token(cast.caseworker, name="Script")
    cast.caseworker.is_active = False
    cast.caseworker.save()
    token.refresh_from_db()
    assert token.status == "revoked" and token.revoked_reason == "deactivated"
    assert AuditEvent.objects.filter(verb="accounts.api_token_revoked", object_id=str(token.pk)).count() == 1
    cast.caseworker.is_active = True
    cast.caseworker.save()
    assert client.get(ME, **bearer(key)).status_code == 401


def test_a_token_cannot_create_tokens(client, cast):
    _token, key = actions.create_api_token(cast.caseworker, name="First")
    response = client.post(TOKENS_API, {"name": "Second"}, content_type="application/json", **bearer(key))
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["status"] == 403
    assert "session" in error["message"]
    assert ApiToken.objects.filter(user=cast.caseworker).count() == 1
    assert not AuditEvent.objects.filter(verb="accounts.api_token_created", details__name="Second").exists()


@pytest.mark.django_db(transaction=True)
def test_tokens_from_before_expiries_get_ninety_days_from_the_migration(cast):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("accounts", "0002_api_token_expiry_and_revoked_reason")]
    after = [("accounts", "0003_existing_api_tokens_expire_in_90_days")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        OldToken = executor.loader.project_state(before).apps.get_model("accounts", "ApiToken")
        old = OldToken.objects.create(user_id=cast.caseworker.pk, name="Old", key_prefix="sgp_old", key_hash="0" * 64)
        assert old.expires_at is None
        start = timezone.now()
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(after)
        NewToken = executor.loader.project_state(after).apps.get_model("accounts", "ApiToken")
        expires_at = NewToken.objects.get(pk=old.pk).expires_at
        assert start + timedelta(days=90) <= expires_at <= timezone.now() + timedelta(days=90)
        # Reversible: back to before, and forward again.
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(before)
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert ApiToken.objects.get(pk=old.pk).expires_at is not None


def test_the_tokens_screen_speaks_indonesian(client, cast):
    old, _ = actions.create_api_token(cast.caseworker, name="Lama")
    expire(old)
    cast.caseworker.language = "id"
    cast.caseworker.save(update_fields=["language"])
    client.force_login(cast.caseworker)
    page = client.get(TOKENS_SCREEN, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Kedaluwarsa setelah" in page
    assert "90 hari" in page
    assert "Setiap token punya masa berlaku" in page
