"""The case list and "My work" in Chromium: no WCAG 2.1 AA violations, no console errors (so no CSP
violation), and no sideways scrolling on a 360px screen, with overdue and due-soon cases showing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from sigap.accounts.models import User
from sigap.cases.codes import RiskLevel
from sigap.cases.management.synthetic import simulated_clock
from sigap.cases.tests.factories import make_case
from sigap.organisations.models import Membership, Organisation, OrganisationKind
from sigap.organisations.roles import Role
from sigap.regions.models import Province, Regency
from tests.browser.test_pages import DESKTOP, PASSWORD, PHONE, axe_violations, console_errors, describe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each page with names it must show: the list its cases, My work the case to assign and the team.
PAGES = {
    "/cases/?q=a&stage=&due=": ["Anisa Putri", "Dewi Ayu"],
    "/": ["Nadia Belum Ditugaskan", "Sari Uji"],
}


@pytest.fixture
def pages(page_factory: Any) -> Any:
    return page_factory


@pytest.fixture
def supervisor(transactional_db: Any) -> User:
    """A supervisor with one supervised caseworker, and cases overdue, due soon and with a long name."""
    province = Province.objects.create(code="32", name="Jawa Barat")
    regency = Regency.objects.create(code="32.73", province=province, name="Kota Bandung")
    org = Organisation.objects.create(
        name="UPTD PPA Kota Bandung (list browser test)",
        kind=OrganisationKind.UPTD_PPA_REGENCY,
        province=province,
        regency=regency,
    )
    boss = User.objects.create_user(email="boss@test.sigap.invalid", password=PASSWORD, full_name="Ratna Uji")
    worker = User.objects.create_user(email="worker@test.sigap.invalid", password=PASSWORD, full_name="Sari Uji")
    boss_membership = Membership.objects.create(user=boss, organisation=org, role=Role.SUPERVISOR)
    Membership.objects.create(user=worker, organisation=org, role=Role.CASEWORKER, supervisor=boss_membership)
    with simulated_clock(timezone.now() - timedelta(days=20)):
        make_case(org, worker, victim_values={"full_name": "Anisa Putri Maharani Kusumawardhani Lestari"})
    make_case(org, worker, risk_level=RiskLevel.HIGH, victim_values={"full_name": "Dewi Ayu"})
    make_case(org, boss, case_manager=None, victim_values={"full_name": "Nadia Belum Ditugaskan"})
    return boss


@pytest.mark.parametrize("path", list(PAGES))
@pytest.mark.parametrize("viewport", [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone-360")])
def test_case_list_and_my_work_have_no_wcag_aa_violations(live_server, pages, supervisor, path, viewport):
    page = pages(viewport, bypass_csp=True)
    sign_in(page, live_server.url, supervisor)
    page.goto(f"{live_server.url}{path}")
    violations = axe_violations(page)
    assert violations == [], f"axe-core found accessibility problems on {path}:\n" + describe(violations)


@pytest.mark.parametrize("path", list(PAGES))
def test_case_list_and_my_work_fit_a_360px_screen(live_server, pages, supervisor, path):
    page = pages(PHONE)
    errors = console_errors(page)
    sign_in(page, live_server.url, supervisor)
    page.goto(f"{live_server.url}{path}")
    text = page.locator("main").inner_text()
    assert all(name in text for name in PAGES[path]), text
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], f"{path} is {scroll_width}px wide on a {PHONE['width']}px screen"
    assert errors == []
