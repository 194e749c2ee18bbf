import pytest
from django.utils import timezone

from sigap.accounts import actions
from sigap.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_me_with_a_token_describes_the_owner(client, cast):
    token, key = actions.create_api_token(cast.caseworker, name="Script")
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == cast.caseworker.email
    assert "see_personal_data" in body["capabilities"]
    assert [m["organisation"] for m in body["memberships"]] == [str(cast.org.pk)]
    assert body["two_factor_verified"] is False
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_me_accepts_the_token_keyword_too(client, cast):
    _token, key = actions.create_api_token(cast.learner, name="Script")
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert response.json()["memberships"] == []


def test_me_with_a_token_works_when_two_factor_is_required(client, cast, settings):
    settings.SIGAP_REQUIRE_2FA = True
    _token, key = actions.create_api_token(cast.caseworker, name="Script")
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200


def test_me_refuses_an_unknown_token(client, cast):
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION="Bearer sgp_not-a-real-token")
    assert response.status_code == 401
    assert response.json()["error"]["status"] == 401


def test_me_refuses_a_malformed_header(client, cast):
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION="Bearer two parts")
    assert response.status_code == 401


def test_last_used_is_written_at_most_once_a_minute(client, cast):
    token, key = actions.create_api_token(cast.caseworker, name="Script")
    recent = timezone.now() - timezone.timedelta(seconds=10)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {key}")
    token.refresh_from_db()
    assert token.last_used_at == recent
