"""The DPO's pages in Chromium: they fit a 360 px screen and have no WCAG 2.1 AA violations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from sigap.accounts.models import User
from sigap.organisations.models import Membership, Organisation, OrganisationKind
from sigap.organisations.roles import Role
from sigap.privacy import actions
from sigap.regions.models import Province, Regency
from tests.browser.test_pages import PASSWORD, PHONE, axe_violations, describe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dpo(transactional_db: Any) -> User:
    province = Province.objects.create(code="32", name="Jawa Barat")
    regency = Regency.objects.create(code="32.73", province=province, name="Kota Bandung")
    org = Organisation.objects.create(
        name="UPTD PPA Kota Bandung (browser test)",
        kind=OrganisationKind.UPTD_PPA_REGENCY,
        province=province,
        regency=regency,
    )
    user = User.objects.create_user(email="dpo@test.sigap.invalid", password=PASSWORD, full_name="Dewi Pelindung")
    Membership.objects.create(user=user, organisation=org, role=Role.DPO)
    return user


def test_dpo_pages_fit_a_360px_screen_and_have_no_wcag_aa_violations(live_server, page_factory, dpo):
    org = dpo.memberships.get().organisation
    request = actions.receive_request(
        actor=dpo,
        organisation=org,
        kind="erasure",
        requester="Klien sendiri (sintetis)",
        received_at=timezone.now() - timedelta(hours=80),
    )
    breach = actions.record_breach(
        actor=dpo,
        organisation=org,
        values={"discovered_at": timezone.now() - timedelta(hours=2), "description": "Laptop hilang (sintetis)."},
    )
    page = page_factory(PHONE, bypass_csp=True)
    sign_in(page, live_server.url, dpo)
    for path in [
        "/privacy/requests/",
        "/privacy/requests/new/",
        f"/privacy/requests/{request.pk}/",
        "/privacy/breaches/",
        "/privacy/breaches/new/",
        f"/privacy/breaches/{breach.pk}/",
    ]:
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width}px wide on a {PHONE['width']}px screen"
        violations = axe_violations(page)
        assert violations == [], f"axe-core found accessibility problems on {path}:\n" + describe(violations)
