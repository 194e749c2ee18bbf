import pytest

from sigap.accounts import actions
from sigap.accounts.tests.helpers import enrol, sign_in_verified

pytestmark = pytest.mark.django_db


def test_settings_page_offers_to_set_up_two_factor(client, cast):
    client.force_login(cast.caseworker)
    html = client.get("/accounts/settings/").content.decode()
    assert 'href="/accounts/2fa/setup/"' in html
    assert 'href="/accounts/password/"' in html
    assert 'href="/accounts/tokens/"' in html
    assert "/accounts/2fa/disable/" not in html


def test_settings_page_links_to_every_two_factor_action_when_on(client, cast, settings):
    settings.SIGAP_REQUIRE_2FA = False
    enrolment = enrol(cast.caseworker)
    sign_in_verified(client, cast.caseworker, enrolment.device)
    actions.create_api_token(cast.caseworker, name="Reporting script")
    html = client.get("/accounts/settings/").content.decode()
    assert 'href="/accounts/2fa/setup/"' in html
    assert 'action="/accounts/2fa/recovery-codes/"' in html
    assert 'href="/accounts/2fa/disable/"' in html
    assert "You have 10 unused recovery codes." in html
    assert "You have 1 active token." in html


def test_settings_page_needs_sign_in(client):
    response = client.get("/accounts/settings/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
