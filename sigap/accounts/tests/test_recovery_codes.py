import pytest
from django_otp.plugins.otp_static.models import StaticToken

from sigap.accounts.tests.helpers import enrol, sign_in_verified
from sigap.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

REGENERATE = "/accounts/2fa/recovery-codes/"


def test_new_recovery_codes_replace_the_old_ones(client, cast):
    enrolment = enrol(cast.caseworker)
    sign_in_verified(client, cast.caseworker, enrolment.device)
    response = client.post(REGENERATE)
    assert response.status_code == 200
    codes = [code.replace("-", "") for code in response.context["codes"]]
    assert len(codes) == 10
    assert set(codes).isdisjoint(enrolment.recovery_codes)
    stored = set(StaticToken.objects.filter(device__user=cast.caseworker).values_list("token", flat=True))
    assert stored == set(codes)
    assert "Store them safely now" in response.content.decode()
    assert AuditEvent.objects.filter(verb="accounts.recovery_codes_regenerated").count() == 1


def test_making_recovery_codes_needs_post(client, cast):
    enrolment = enrol(cast.caseworker)
    sign_in_verified(client, cast.caseworker, enrolment.device)
    assert client.get(REGENERATE).status_code == 405


def test_making_recovery_codes_needs_a_verified_session(client, cast):
    enrol(cast.caseworker)
    client.force_login(cast.caseworker)
    response = client.post(REGENERATE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/verify/")
    assert not AuditEvent.objects.filter(verb="accounts.recovery_codes_regenerated").exists()


def test_user_without_two_factor_is_sent_to_set_it_up(client, cast):
    client.force_login(cast.caseworker)
    response = client.post(REGENERATE)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/setup/"
