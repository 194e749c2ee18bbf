"""The organisation admin's case overview in Chromium: no WCAG 2.1 AA violations, no console errors
(so no CSP violation), no sideways scrolling on a 360px screen, and no client name on the page."""

from __future__ import annotations

from typing import Any

import pytest

from sigap.accounts.models import User
from sigap.cases.codes import RiskLevel
from sigap.cases.tests.factories import make_case
from sigap.organisations.models import Membership, Organisation, OrganisationKind
from sigap.organisations.roles import Role
from sigap.regions.models import Province, Regency
from tests.browser.test_pages import DESKTOP, PASSWORD, PHONE, axe_violations, console_errors, describe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLIENT = "Wulan Tersembunyi"


@pytest.fixture
def org_admin(transactional_db: Any) -> User:
    province = Province.objects.create(code="32", name="Jawa Barat")
    regency = Regency.objects.create(code="32.73", province=province, name="Kota Bandung")
    org = Organisation.objects.create(
        name="UPTD PPA Kota Bandung (browser test)",
        kind=OrganisationKind.UPTD_PPA_REGENCY,
        province=province,
        regency=regency,
    )
    caseworker = User.objects.create_user(
        email="sari@test.sigap.invalid", password=PASSWORD, full_name="Sari Pendamping Dengan Nama Panjang"
    )
    Membership.objects.create(user=caseworker, organisation=org, role=Role.CASEWORKER)
    admin = User.objects.create_user(email="admin@test.sigap.invalid", password=PASSWORD, full_name="Admin Uji")
    Membership.objects.create(user=admin, organisation=org, role=Role.ORG_ADMIN)
    make_case(org, caseworker, victim_values={"full_name": CLIENT}, risk_level=RiskLevel.HIGH)
    make_case(org, caseworker, risk_level=RiskLevel.LOW)
    return admin


@pytest.mark.parametrize("viewport", [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone-360")])
def test_case_overview_is_accessible_fits_a_phone_and_names_no_client(live_server, page_factory, org_admin, viewport):
    page = page_factory(viewport)
    errors = console_errors(page)
    sign_in(page, live_server.url, org_admin)
    page.goto(f"{live_server.url}/cases/metadata/")
    assert page.locator("[data-metadata-row]").count() == 2
    assert CLIENT not in page.content()
    assert errors == []
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page = page_factory(viewport, bypass_csp=True)
    sign_in(page, live_server.url, org_admin)
    page.goto(f"{live_server.url}/cases/metadata/")
    violations = axe_violations(page)
    assert violations == [], "axe-core found accessibility problems on the case overview:\n" + describe(violations)
