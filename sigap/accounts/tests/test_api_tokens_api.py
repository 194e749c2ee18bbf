import pytest

from sigap.accounts import actions
from sigap.accounts.models import ApiToken
from sigap.accounts.tests.helpers import enrol, sign_in_verified
from sigap.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

URL = "/api/v1/tokens/"


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_list_shows_only_own_tokens_without_keys_in_a_fixed_number_of_queries(client, cast, django_assert_num_queries):
    _mine, key = actions.create_api_token(cast.caseworker, name="Mine")
    actions.create_api_token(cast.caseworker, name="Mine too")
    actions.create_api_token(cast.other_caseworker, name="Theirs")
    # token lookup, last-used update, count, page
    with django_assert_num_queries(4):
        response = client.get(URL, **bearer(key))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert {row["name"] for row in body["results"]} == {"Mine", "Mine too"}
    for row in body["results"]:
        assert "key" not in row and "key_hash" not in row
        assert row["is_active"] is True


def test_create_with_a_session_returns_the_key_once(client, cast):
    client.force_login(cast.caseworker)
    response = client.post(URL, {"name": "Dashboard"}, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["key"].startswith("sgp_")
    assert body["key_prefix"] == body["key"][:12]
    assert AuditEvent.objects.filter(verb="accounts.api_token_created").count() == 1
    me = client.__class__().get("/api/v1/me/", **bearer(body["key"]))
    assert me.status_code == 200
    assert "key" not in client.get(f"{URL}{body['id']}/").json()


def test_create_with_an_existing_token_is_refused(client, cast):
    # A token no longer creates tokens (issue #12): a stolen one could otherwise outlive its revocation.
    _token, key = actions.create_api_token(cast.caseworker, name="First")
    response = client.post(URL, {"name": "Second"}, content_type="application/json", **bearer(key))
    assert response.status_code == 403
    assert ApiToken.objects.filter(user=cast.caseworker).count() == 1


def test_create_needs_a_verified_session_when_two_factor_is_required(client, cast, settings):
    settings.SIGAP_REQUIRE_2FA = True
    enrolment = enrol(cast.caseworker)
    client.force_login(cast.caseworker)
    response = client.post(URL, {"name": "Sneaky"}, content_type="application/json")
    assert response.status_code == 401
    assert not ApiToken.objects.exists()

    sign_in_verified(client, cast.caseworker, enrolment.device)
    response = client.post(URL, {"name": "Honest"}, content_type="application/json")
    assert response.status_code == 201


def test_create_refuses_an_empty_name_with_the_standard_error(client, cast):
    client.force_login(cast.caseworker)
    response = client.post(URL, {"name": " "}, content_type="application/json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "name" in error["fields"]


def test_anonymous_caller_gets_401(client, cast):
    response = client.get(URL)
    assert response.status_code == 401
    assert response.json()["error"]["status"] == 401


def test_delete_revokes_and_the_revoked_token_gets_401_with_the_standard_body(client, cast):
    token, key = actions.create_api_token(cast.caseworker, name="To go")
    client.force_login(cast.caseworker)
    response = client.delete(f"{URL}{token.pk}/")
    assert response.status_code == 204
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(verb="accounts.api_token_revoked").count() == 1

    refused = client.__class__().get("/api/v1/me/", **bearer(key))
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Bearer"
    error = refused.json()["error"]
    assert error["status"] == 401
    assert error["code"] == "authentication_failed"
    assert error["message"]


def test_post_revoke_returns_the_revoked_token(client, cast):
    token, key = actions.create_api_token(cast.caseworker, name="Self destruct")
    response = client.post(f"{URL}{token.pk}/revoke/", **bearer(key))
    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert response.json()["revoked_at"]
    # Revoking again through another credential changes nothing more.
    client.force_login(cast.caseworker)
    assert client.post(f"{URL}{token.pk}/revoke/").status_code == 200
    assert AuditEvent.objects.filter(verb="accounts.api_token_revoked").count() == 1


def test_other_users_tokens_are_404(client, cast):
    theirs, _ = actions.create_api_token(cast.other_caseworker, name="Theirs")
    client.force_login(cast.caseworker)
    assert client.get(f"{URL}{theirs.pk}/").status_code == 404
    assert client.delete(f"{URL}{theirs.pk}/").status_code == 404
    assert client.post(f"{URL}{theirs.pk}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert client.get(f"{URL}not-a-uuid/").status_code == 404


def test_token_of_a_deactivated_user_is_refused(client, cast):
    _token, key = actions.create_api_token(cast.caseworker, name="Mine")
    cast.caseworker.is_active = False
    cast.caseworker.save()
    assert client.get("/api/v1/me/", **bearer(key)).status_code == 401
