import pytest
from django.urls import reverse

from sigap.accounts.forms import EmailAuthenticationForm
from sigap.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def test_login_page_is_public(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()


def test_caseworker_signs_in_with_email_in_any_case(client, cast):
    response = client.post(LOGIN, {"username": "CaseWorker@TEST.sigap.invalid", "password": cast.password})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert client.get("/").context["user"] == cast.caseworker
    assert AuditEvent.objects.filter(verb="accounts.login", actor=cast.caseworker).count() == 1


def test_wrong_password_shows_translated_error_and_is_audited(client, cast):
    response = client.post(LOGIN, {"username": cast.caseworker.email, "password": "not the password"})
    assert response.status_code == 200
    expected = str(EmailAuthenticationForm.error_messages["invalid_login"])
    assert expected in response.content.decode()
    event = AuditEvent.objects.get(verb="accounts.login_failed")
    assert event.actor is None
    assert event.actor_label == cast.caseworker.email
    assert event.ip_address == "127.0.0.1"


def test_five_failures_lock_the_account_even_with_the_right_password(client, cast):
    variants = ["caseworker@test.sigap.invalid", "CASEWORKER@test.sigap.invalid", "Caseworker@Test.Sigap.Invalid"]
    for attempt in range(4):
        response = client.post(LOGIN, {"username": variants[attempt % 3], "password": f"wrong {attempt}"})
        assert response.status_code == 200
    response = client.post(LOGIN, {"username": variants[1], "password": "wrong again"})
    assert response.status_code == 429
    response = client.post(LOGIN, {"username": cast.caseworker.email, "password": cast.password})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(verb="accounts.login_failed").count() >= 5


def test_lockout_of_one_account_leaves_another_account_alone(client, cast):
    for attempt in range(5):
        client.post(LOGIN, {"username": cast.caseworker.email, "password": f"wrong {attempt}"})
    response = client.post(LOGIN, {"username": cast.supervisor.email, "password": cast.password})
    assert response.status_code == 302


def test_logout_needs_post_and_is_audited(client, cast):
    client.force_login(cast.caseworker)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    event = AuditEvent.objects.get(verb="accounts.logout")
    assert event.actor == cast.caseworker
    assert event.details == {"reason": "user"}
    assert client.get("/").status_code == 302


def test_signed_in_user_visiting_login_goes_home(client, cast):
    client.force_login(cast.caseworker)
    response = client.get(LOGIN)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_sign_out_through_the_admin_is_audited_too(client, cast):
    cast.national_admin.is_staff = True
    cast.national_admin.save()
    client.force_login(cast.national_admin)
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(verb="accounts.logout", actor=cast.national_admin).count() == 1
