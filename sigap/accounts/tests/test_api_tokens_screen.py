import pytest

from sigap.accounts import actions
from sigap.accounts.models import ApiToken, hash_token
from sigap.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

TOKENS = "/accounts/tokens/"


def test_new_token_key_is_shown_once_and_only_its_hash_is_stored(client, cast):
    client.force_login(cast.caseworker)
    response = client.post(TOKENS, {"name": "Reporting script"})
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key.startswith("sgp_")
    assert key in response.content.decode()
    token = ApiToken.objects.get(user=cast.caseworker)
    assert token.name == "Reporting script"
    assert token.key_hash == hash_token(key)
    assert AuditEvent.objects.filter(verb="accounts.api_token_created", actor=cast.caseworker).count() == 1

    page = client.get(TOKENS).content.decode()
    assert key not in page
    assert token.key_hash not in page
    assert "Reporting script" in page
    assert token.key_prefix in page


def test_token_needs_a_name(client, cast):
    client.force_login(cast.caseworker)
    response = client.post(TOKENS, {"name": "  "})
    assert response.status_code == 200
    assert response.context["new_key"] is None
    assert not ApiToken.objects.exists()


def test_token_list_shows_only_own_tokens_in_a_fixed_number_of_queries(client, cast, django_assert_num_queries):
    for n in range(3):
        actions.create_api_token(cast.caseworker, name=f"Mine {n}")
    actions.create_api_token(cast.other_caseworker, name="Somebody else's")
    client.force_login(cast.caseworker)
    client.get("/")  # settle the session
    # session, user, memberships (nav and 2FA policy), authenticator check, tokens, unread notifications
    with django_assert_num_queries(6):
        response = client.get(TOKENS)
    assert sorted(token.name for token in response.context["tokens"]) == ["Mine 0", "Mine 1", "Mine 2"]
    assert "Somebody else" not in response.content.decode()


def test_user_revokes_own_token(client, cast):
    token, key = actions.create_api_token(cast.caseworker, name="Old script")
    client.force_login(cast.caseworker)
    response = client.post(f"{TOKENS}{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(verb="accounts.api_token_revoked", actor=cast.caseworker).count() == 1
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_revoking_another_users_token_gives_404(client, cast):
    token, _key = actions.create_api_token(cast.other_caseworker, name="Theirs")
    client.force_login(cast.caseworker)
    assert client.post(f"{TOKENS}{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoke_needs_post(client, cast):
    token, _key = actions.create_api_token(cast.caseworker, name="Mine")
    client.force_login(cast.caseworker)
    assert client.get(f"{TOKENS}{token.pk}/revoke/").status_code == 405


def test_tokens_screen_needs_a_verified_session_when_two_factor_is_required(client, cast, settings):
    settings.SIGAP_REQUIRE_2FA = True
    client.force_login(cast.caseworker)
    response = client.post(TOKENS, {"name": "Sneaky"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/setup/")
    assert not ApiToken.objects.exists()
