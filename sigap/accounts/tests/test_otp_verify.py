import pytest
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts import otp
from sigap.accounts.tests.helpers import enrol, next_code
from sigap.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

VERIFY = "/accounts/2fa/verify/"


def test_enrolled_user_must_pass_the_second_step_in_every_new_session(client, cast, settings):
    settings.SIGAP_REQUIRE_2FA = False  # demo mode: optional, but binding once enrolled
    enrol(cast.data_officer)
    client.force_login(cast.data_officer)
    response = client.get("/organisations/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/verify/?next=%2Forganisations%2F"


def test_password_login_leads_to_the_second_step(client, cast):
    enrol(cast.caseworker)
    response = client.post(
        "/accounts/login/", {"username": cast.caseworker.email, "password": cast.password}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/accounts/2fa/verify/?next=%2F"
    assert response.status_code == 200


def test_right_code_verifies_the_session_and_follows_next(client, cast):
    enrolment = enrol(cast.caseworker)
    client.force_login(cast.caseworker)
    session_key = client.session.session_key
    response = client.post(VERIFY, {"code": next_code(enrolment.device), "next": "/organisations/"})
    assert response.status_code == 302
    assert response["Location"] == "/organisations/"
    assert client.get("/organisations/").status_code == 200
    assert client.session.session_key != session_key
    assert AuditEvent.objects.filter(verb="accounts.otp_verified", details__recovery_code=False).count() == 1


def test_verify_refuses_an_offsite_next(client, cast):
    enrolment = enrol(cast.caseworker)
    client.force_login(cast.caseworker)
    response = client.post(VERIFY, {"code": next_code(enrolment.device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_wrong_code_gives_an_error_and_an_audit_row(client, cast):
    enrol(cast.caseworker)
    client.force_login(cast.caseworker)
    response = client.post(VERIFY, {"code": "123456"})
    assert response.status_code == 200
    assert "That code is not correct." in response.content.decode()
    assert client.get("/").status_code == 302
    event = AuditEvent.objects.get(verb="accounts.otp_failed")
    assert event.actor == cast.caseworker
    assert event.details == {"purpose": "sign_in", "throttled": False}


def test_repeated_wrong_codes_are_throttled_even_when_the_next_code_is_right(client, cast):
    enrolment = enrol(cast.caseworker)
    client.force_login(cast.caseworker)
    client.post(VERIFY, {"code": "111111"})
    # Straight after a wrong code, even the right one is refused for a while.
    response = client.post(VERIFY, {"code": next_code(enrolment.device)})
    assert response.status_code == 200
    assert "Too many wrong codes." in response.content.decode()
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(verb="accounts.otp_failed", details__throttled=True).count() == 1

    # Once the wait is over, the right code works.
    device = TOTPDevice.objects.get(pk=enrolment.device.pk)
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timezone.timedelta(minutes=5)
    )
    response = client.post(VERIFY, {"code": next_code(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(pk=device.pk).throttling_failure_count == 0


def test_throttling_is_on_for_both_kinds_of_device(cast, settings):
    enrolment = enrol(cast.caseworker)
    assert enrolment.device.throttling_enabled
    assert otp.recovery_devices(cast.caseworker).get().throttling_enabled


def test_recovery_code_signs_in_once_and_warns(client, cast):
    enrolment = enrol(cast.caseworker)
    code = enrolment.recovery_codes[0]
    client.force_login(cast.caseworker)
    response = client.post(VERIFY, {"code": otp.format_recovery_code(code).upper()}, follow=True)
    assert response.status_code == 200
    assert "You used a recovery code. 9 are left" in response.content.decode()
    assert not StaticToken.objects.filter(token=code).exists()
    assert AuditEvent.objects.filter(verb="accounts.recovery_code_used", details__remaining=9).count() == 1
    assert AuditEvent.objects.filter(verb="accounts.otp_verified", details__recovery_code=True).count() == 1

    other = client.__class__()
    other.force_login(cast.caseworker)
    again = other.post(VERIFY, {"code": code})
    assert "That code is not correct." in again.content.decode()


def test_wrong_recovery_code_does_not_throttle_the_authenticator(client, cast):
    enrolment = enrol(cast.caseworker)
    client.force_login(cast.caseworker)
    client.post(VERIFY, {"code": "aaaa-bbbb"})
    response = client.post(VERIFY, {"code": next_code(enrolment.device)})
    assert response.status_code == 302


def test_already_verified_session_skips_the_page(client, cast):
    enrolment = enrol(cast.caseworker)
    client.force_login(cast.caseworker)
    client.post(VERIFY, {"code": next_code(enrolment.device)})
    response = client.get(VERIFY + "?next=/organisations/")
    assert response.status_code == 302
    assert response["Location"] == "/organisations/"


def test_user_without_two_factor_is_not_stopped(client, cast):
    client.force_login(cast.caseworker)
    assert client.get("/").status_code == 200
    response = client.get(VERIFY)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_user_can_sign_out_from_the_second_step(client, cast):
    enrol(cast.caseworker)
    client.force_login(cast.caseworker)
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get(VERIFY).status_code == 302
    assert client.get(VERIFY)["Location"].startswith("/accounts/login/")
