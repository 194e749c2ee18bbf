import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_version_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["version"]


def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_home_shows_roles_of_signed_in_user(client, cast):
    client.force_login(cast.caseworker)
    response = client.get("/")
    assert response.status_code == 200
    assert cast.org.name in response.content.decode()
