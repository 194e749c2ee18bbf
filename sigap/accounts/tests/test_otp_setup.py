import base64
import re

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.tests.helpers import enrol, next_code, sign_in_verified, totp_code
from sigap.accounts.views.two_factor import PENDING_KEY
from sigap.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

SETUP = "/accounts/2fa/setup/"


def test_setup_page_shows_a_server_rendered_qr_code_and_the_secret(client, cast):
    client.force_login(cast.caseworker)
    response = client.get(SETUP)
    assert response.status_code == 200
    html = response.content.decode()
    match = re.search(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html)
    assert match is not None
    svg = base64.b64decode(match.group(1)).decode()
    assert svg.startswith("<svg")
    assert response.context["secret"] in html
    assert "<script>" not in html and "style=" not in html
    # Nothing is saved until the user proves the app works.
    assert not TOTPDevice.objects.exists()


def test_setup_keeps_the_same_secret_across_reloads(client, cast):
    client.force_login(cast.caseworker)
    first = client.get(SETUP).context["secret"]
    assert client.get(SETUP).context["secret"] == first


def test_confirming_with_a_real_code_turns_two_factor_on_and_shows_ten_recovery_codes_once(client, cast):
    client.force_login(cast.caseworker)
    client.get(SETUP)
    key = client.session[PENDING_KEY]
    response = client.post(SETUP, {"code": totp_code(key), "next": "/organisations/"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Store them safely now: they are shown only this once." in html
    codes = response.context["codes"]
    assert len(codes) == 10
    stored = set(StaticToken.objects.filter(device__user=cast.caseworker).values_list("token", flat=True))
    assert {code.replace("-", "") for code in codes} == stored
    for code in codes:
        assert code in html
    assert 'href="/organisations/"' in html

    device = TOTPDevice.objects.get(user=cast.caseworker)
    assert device.confirmed and device.key == key
    assert PENDING_KEY not in client.session
    # The session counts as verified straight away.
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(verb="accounts.otp_enrolled", actor=cast.caseworker).count() == 1
    # The codes are not shown again anywhere.
    assert codes[0] not in client.get("/accounts/settings/").content.decode()


def test_wrong_code_at_setup_is_refused_and_nothing_is_saved(client, cast):
    client.force_login(cast.caseworker)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert response.status_code == 200
    assert "That code is not correct." in response.content.decode()
    assert not TOTPDevice.objects.exists()
    assert AuditEvent.objects.filter(verb="accounts.otp_failed", details__purpose="enrol").count() == 1


def test_code_used_for_setup_cannot_be_used_again_to_sign_in(client, cast):
    client.force_login(cast.caseworker)
    client.get(SETUP)
    code = totp_code(client.session[PENDING_KEY])
    client.post(SETUP, {"code": code})
    other = client.__class__()
    other.force_login(cast.caseworker)
    response = other.post("/accounts/2fa/verify/", {"code": code})
    assert response.status_code == 200
    assert "That code is not correct." in response.content.decode()


def test_user_with_two_factor_must_verify_before_replacing_the_app(client, cast):
    enrol(cast.caseworker)
    client.force_login(cast.caseworker)
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/verify/?next=")


def test_verified_user_can_move_to_a_new_phone(client, cast):
    old = enrol(cast.caseworker)
    sign_in_verified(client, cast.caseworker, old.device)
    page = client.get(SETUP)
    assert page.status_code == 200
    assert page.context["replacing"] is True
    new_key = client.session[PENDING_KEY]
    response = client.post(SETUP, {"code": totp_code(new_key)})
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=cast.caseworker)
    assert device.key == new_key
    assert not StaticToken.objects.filter(token__in=old.recovery_codes).exists()
    assert AuditEvent.objects.filter(verb="accounts.otp_enrolled", details__replaced=True).count() == 1
    # The old app's codes no longer work.
    fresh = client.__class__()
    fresh.force_login(cast.caseworker)
    assert (
        "That code is not correct."
        in fresh.post("/accounts/2fa/verify/", {"code": next_code(old.device)}).content.decode()
    )
