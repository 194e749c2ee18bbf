import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts import actions
from sigap.accounts.tests.helpers import enrol
from sigap.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, db):
    superuser = get_user_model().objects.create_superuser(
        email="root@test.sigap.invalid", password="admin password 123", full_name="Test Root", language="en"
    )
    client.force_login(superuser)
    client.superuser = superuser
    return client


def test_user_admin_page_shows_no_password_hash(admin_client, cast):
    response = admin_client.get(f"/admin/accounts/user/{cast.caseworker.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert cast.caseworker.password not in html
    assert cast.caseworker.password.split("$")[-1] not in html
    assert 'name="password"' not in html
    assert f"/admin/accounts/user/{cast.caseworker.pk}/password/" in html


def test_user_admin_list_and_add_pages_work(admin_client, cast):
    assert admin_client.get("/admin/accounts/user/?q=caseworker").status_code == 200
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "New.Person@Test.sigap.invalid",
            "full_name": "New Person",
            "usable_password": "true",
            "password1": "a fine long password 9",
            "password2": "a fine long password 9",
        },
    )
    assert response.status_code == 302
    created = get_user_model().objects.get(email="new.person@test.sigap.invalid")
    assert created.check_password("a fine long password 9")


def test_user_admin_refuses_an_email_differing_only_in_case(admin_client, cast):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {"email": "CASEWORKER@test.sigap.invalid", "full_name": "Copy", "usable_password": "false"},
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()


def test_admin_resets_two_factor_with_an_audit_event(admin_client, cast):
    enrol(cast.caseworker)
    response = admin_client.post(
        "/admin/accounts/user/",
        {"action": "reset_two_factor", "_selected_action": [str(cast.caseworker.pk)]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=cast.caseworker).exists()
    assert not StaticDevice.objects.filter(user=cast.caseworker).exists()
    event = AuditEvent.objects.get(verb="accounts.otp_reset")
    assert event.actor == admin_client.superuser
    assert event.object_id == str(cast.caseworker.pk)


def test_token_admin_shows_no_hash_and_cannot_edit(admin_client, cast):
    token, key = actions.create_api_token(cast.caseworker, name="Script")
    response = admin_client.get(f"/admin/accounts/apitoken/{token.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert token.key_hash not in html
    assert key not in html
    assert 'name="name"' not in html
    assert admin_client.get("/admin/accounts/apitoken/add/").status_code == 403


def test_token_admin_revokes_through_the_verb(admin_client, cast):
    token, _key = actions.create_api_token(cast.caseworker, name="Script")
    response = admin_client.post("/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [str(token.pk)]})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.get(verb="accounts.api_token_revoked").actor == admin_client.superuser


def test_device_admin_shows_no_secrets(admin_client, cast):
    enrolment = enrol(cast.caseworker)
    device = enrolment.device
    listing = admin_client.get("/admin/otp_totp/totpdevice/")
    assert listing.status_code == 200
    page = admin_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200
    assert device.key not in page.content.decode()
    static = StaticDevice.objects.get(user=cast.caseworker)
    static_page = admin_client.get(f"/admin/otp_static/staticdevice/{static.pk}/change/").content.decode()
    for code in enrolment.recovery_codes:
        assert code not in static_page


def test_non_staff_user_cannot_reset_two_factor_by_the_verb(cast):
    with pytest.raises(PermissionDenied):
        actions.reset_two_factor(cast.caseworker, by=cast.supervisor)


def test_admin_site_needs_two_factor_when_policy_requires_it(admin_client, settings):
    settings.SIGAP_REQUIRE_2FA = True
    response = admin_client.get("/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/setup/")
