import pytest

from sigap.accounts.tests.helpers import enrol, next_code, sign_in_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):
    settings.SIGAP_REQUIRE_2FA = True


def test_caseworker_without_a_device_is_made_to_enrol(client, cast, required):
    client.force_login(cast.caseworker)
    response = client.get("/organisations/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/setup/?next=%2Forganisations%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Set it up now to continue." in page.content.decode()


def test_data_officer_without_personal_data_access_is_not(client, cast, required):
    client.force_login(cast.data_officer)
    assert client.get("/organisations/").status_code == 200


def test_learner_without_an_organisation_is_not(client, cast, required):
    client.force_login(cast.learner)
    assert client.get("/").status_code == 200


def test_caseworker_with_a_device_is_asked_for_a_code(client, cast, required):
    enrol(cast.caseworker)
    client.force_login(cast.caseworker)
    response = client.get("/")
    assert response["Location"] == "/accounts/2fa/verify/?next=%2F"


def test_verify_page_sends_a_caseworker_without_a_device_to_enrol(client, cast, required):
    client.force_login(cast.caseworker)
    response = client.get("/accounts/2fa/verify/?next=/organisations/")
    assert response["Location"] == "/accounts/2fa/setup/?next=%2Forganisations%2F"


def test_two_factor_is_optional_in_demo_mode(client, cast, settings):
    settings.SIGAP_REQUIRE_2FA = False
    client.force_login(cast.caseworker)
    assert client.get("/").status_code == 200


def test_session_api_access_is_refused_until_verified(client, cast, required):
    client.force_login(cast.caseworker)
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["error"]["status"] == 401

    enrolment = enrol(cast.caseworker)
    assert client.get("/api/v1/me/").status_code == 401
    client.post("/accounts/2fa/verify/", {"code": next_code(enrolment.device)})
    response = client.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["two_factor_verified"] is True


def test_verified_session_reaches_every_page(client, cast, required):
    enrolment = enrol(cast.caseworker)
    sign_in_verified(client, cast.caseworker, enrolment.device)
    assert client.get("/").status_code == 200
    assert client.get("/accounts/settings/").status_code == 200
