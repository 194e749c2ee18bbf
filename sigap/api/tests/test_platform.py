import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_is_a_valid_openapi_3_document(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    assert text.startswith("openapi: 3.")
    assert "/api/v1/me/" in text
    # Coordination (issue #5): the referral, transfer and conference endpoints are documented.
    for path in (
        "/api/v1/referrals/:",
        "/api/v1/referrals/{id}/accept/:",
        "/api/v1/transfers/:",
        "/api/v1/transfers/{id}/accept/:",
        "/api/v1/conferences/:",
        "/api/v1/conferences/{id}/minutes/:",
        "/api/v1/notifications/:",
    ):
        assert f"  {path}\n" in text, path


def test_schema_and_docs_are_served_locally_without_login(client):
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    # Swagger UI comes from the sidecar package, served by the app itself: no CDN.
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()


def test_unauthenticated_request_gets_the_standard_error_body(client):
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["status"] == 401
    assert error["code"] == "not_authenticated"
    assert error["message"]


def test_not_found_uses_the_standard_error_body(client, cast):
    client.force_login(cast.caseworker)
    response = client.get("/api/v1/organisations/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_error_messages_follow_the_language(client):
    indonesian = client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="id").json()["error"]["message"]
    english = client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en").json()["error"]["message"]
    assert indonesian != english


def test_me_returns_user_memberships_and_capabilities(client, cast):
    client.force_login(cast.supervisor)
    body = client.get("/api/v1/me/").json()
    assert body["email"] == cast.supervisor.email
    assert "approve" in body["capabilities"]
    assert "learn" in body["capabilities"]
    assert [m["organisation"] for m in body["memberships"]] == [str(cast.org.pk)]


def test_me_for_a_learner_without_organisation_has_only_learning(client, cast):
    client.force_login(cast.learner)
    body = client.get("/api/v1/me/").json()
    assert body["capabilities"] == ["learn"]
    assert body["memberships"] == []
