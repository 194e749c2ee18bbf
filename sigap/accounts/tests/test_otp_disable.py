import pytest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.tests.helpers import enrol, next_code, sign_in_verified
from sigap.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

DISABLE = "/accounts/2fa/disable/"


def test_user_turns_two_factor_off_with_a_current_code(client, cast, settings):
    settings.SIGAP_REQUIRE_2FA = False
    enrolment = enrol(cast.caseworker)
    sign_in_verified(client, cast.caseworker, enrolment.device)
    assert client.get(DISABLE).status_code == 200
    response = client.post(DISABLE, {"code": next_code(enrolment.device)})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/settings/"
    assert not TOTPDevice.objects.filter(user=cast.caseworker).exists()
    assert not StaticDevice.objects.filter(user=cast.caseworker).exists()
    assert AuditEvent.objects.filter(verb="accounts.otp_disabled", actor=cast.caseworker).count() == 1
    # Next session: no second step any more.
    fresh = client.__class__()
    fresh.force_login(cast.caseworker)
    assert fresh.get("/").status_code == 200


def test_recovery_code_can_turn_two_factor_off(client, cast, settings):
    settings.SIGAP_REQUIRE_2FA = False
    enrolment = enrol(cast.caseworker)
    sign_in_verified(client, cast.caseworker, enrolment.device)
    response = client.post(DISABLE, {"code": enrolment.recovery_codes[3]})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=cast.caseworker).exists()


def test_wrong_code_leaves_two_factor_on(client, cast, settings):
    settings.SIGAP_REQUIRE_2FA = False
    enrolment = enrol(cast.caseworker)
    sign_in_verified(client, cast.caseworker, enrolment.device)
    response = client.post(DISABLE, {"code": "000000"})
    assert response.status_code == 200
    assert "That code is not correct." in response.content.decode()
    assert TOTPDevice.objects.filter(user=cast.caseworker).exists()
    assert AuditEvent.objects.filter(verb="accounts.otp_failed", details__purpose="disable").count() == 1


def test_caseworker_cannot_turn_two_factor_off_when_policy_requires_it(client, cast, settings):
    settings.SIGAP_REQUIRE_2FA = True
    enrolment = enrol(cast.caseworker)
    sign_in_verified(client, cast.caseworker, enrolment.device)
    assert "Turn off two-factor" not in client.get("/accounts/settings/").content.decode()
    response = client.post(DISABLE, {"code": next_code(enrolment.device)})
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=cast.caseworker).exists()
    assert not AuditEvent.objects.filter(verb="accounts.otp_disabled").exists()


def test_unverified_session_cannot_reach_the_disable_page(client, cast, settings):
    settings.SIGAP_REQUIRE_2FA = False
    enrol(cast.caseworker)
    client.force_login(cast.caseworker)
    response = client.post(DISABLE, {"code": "000000"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/verify/")
    assert TOTPDevice.objects.filter(user=cast.caseworker).exists()
