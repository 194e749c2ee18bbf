"""Charts in Chromium, in Indonesian on a 360px phone (issue #14, item 8): the case list's counts
by stage and deadline (SVG bars loaded by htmx) and the online-abuse statistics (Chart.js): no
sideways scrolling, no console error (so no CSP violation), and axe-core finds no WCAG 2.1 AA
violation."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from sigap.accounts.models import User
from sigap.cases.codes import RiskLevel
from sigap.cases.models import Case, Stage
from sigap.cases.tests.factories import make_case
from sigap.online import actions as online_actions
from sigap.organisations.models import Membership, Organisation, OrganisationKind
from sigap.organisations.roles import Role
from sigap.regions.models import Province, Regency
from tests.browser.test_pages import PASSWORD, PHONE, axe_violations, console_errors, describe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def org(transactional_db: Any) -> Organisation:
    province = Province.objects.create(code="32", name="Jawa Barat")
    regency = Regency.objects.create(code="32.73", province=province, name="Kota Bandung")
    return Organisation.objects.create(
        name="UPTD PPA Kota Bandung (chart browser test)",
        kind=OrganisationKind.UPTD_PPA_REGENCY,
        province=province,
        regency=regency,
    )


def member(org: Organisation, email: str, name: str, role: str) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, full_name=name, language="id")
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


@pytest.fixture
def supervisor(org: Organisation) -> User:
    boss = member(org, "boss@test.sigap.invalid", "Ratna Uji", Role.SUPERVISOR)
    deadlines = [timedelta(hours=-30), timedelta(hours=-2), timedelta(days=3), timedelta(days=20), None]
    stages = [Stage.ASSESSMENT, Stage.PLANNING, Stage.IMPLEMENTATION, Stage.FOLLOW_UP, Stage.CLOSED]
    for n, (due, stage) in enumerate(zip(deadlines, stages, strict=True)):
        case = make_case(org, boss, risk_level=RiskLevel.HIGH, victim_values={"full_name": f"Klien Uji {n}"})
        Case.objects.filter(pk=case.pk).update(stage=stage, next_due_at=None if due is None else timezone.now() + due)
    return boss


@pytest.fixture
def data_officer(org: Organisation) -> User:
    worker = member(org, "worker@test.sigap.invalid", "Sari Uji", Role.CASEWORKER)
    # Six girls of 15 and one of 8 (their bands hidden), eight women of 30: children and adults shown.
    for age in [15] * 6 + [8] + [30] * 8:
        born = date(timezone.now().year - age - 1, 1, 1)
        case = make_case(org, worker, is_online=True, victim_values={"date_of_birth": born, "sex": "female"})
        online_actions.record_incident(
            case,
            actor=worker,
            data=online_actions.IncidentInput(harm_types=["grooming"], platforms=["games", "instagram"]),
        )
    return member(org, "data@test.sigap.invalid", "Data Uji", Role.DATA_OFFICER)


def assert_fits_a_phone(page: Any, path: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path} is {width}px wide on a {PHONE['width']}px screen"


def test_the_case_list_shows_its_counts_by_stage_and_deadline_on_a_phone(live_server, page_factory, supervisor):
    page = page_factory(PHONE)
    errors = console_errors(page)
    sign_in(page, live_server.url, supervisor)
    page.goto(f"{live_server.url}/cases/")
    page.wait_for_selector("#chart-case-stages")  # loaded by htmx after the list
    counts = page.locator(".case-counts-box").inner_text()
    assert "Kasus per tahap" in counts and "Kasus per tenggat terdekat" in counts
    overdue = page.locator("#chart-case-deadlines tr", has_text="Terlambat").inner_text()
    assert overdue.split()[-1] == "2"  # 30 hours and 2 hours late
    assert page.locator("#chart-case-deadlines svg.sigap-chart-bar").count() >= 4
    assert page.evaluate("typeof Chart") == "undefined"  # the case list stays small: no Chart.js
    assert_fits_a_phone(page, "/cases/")
    assert errors == []


def test_the_case_list_with_its_counts_has_no_wcag_aa_violations(live_server, page_factory, supervisor):
    page = page_factory(PHONE, bypass_csp=True)  # axe-core is injected as a script
    sign_in(page, live_server.url, supervisor)
    page.goto(f"{live_server.url}/cases/")
    page.wait_for_selector("#chart-case-stages")
    violations = axe_violations(page)
    assert violations == [], "axe-core found problems on /cases/:\n" + describe(violations)


def test_the_online_statistics_draw_their_charts_and_fit_a_phone(live_server, page_factory, data_officer):
    page = page_factory(PHONE)
    errors = console_errors(page)
    sign_in(page, live_server.url, data_officer)
    page.goto(f"{live_server.url}/online/reports/")
    page.wait_for_selector("#chart-age-group .sigap-chart-box:not([hidden]) canvas")
    drawn = page.evaluate("Object.keys(Chart.instances).length")
    assert drawn == page.locator("canvas[data-chart]").count() >= 5
    text = page.locator("main").inner_text()
    assert "Mengapa sebagian angka ditampilkan" in text and "penyembunyian komplementer" in text
    assert "Anak (di bawah 18 tahun)" in text
    assert_fits_a_phone(page, "/online/reports/")
    assert errors == []


def test_the_online_statistics_have_no_wcag_aa_violations(live_server, page_factory, data_officer):
    page = page_factory(PHONE, bypass_csp=True)
    sign_in(page, live_server.url, data_officer)
    page.goto(f"{live_server.url}/online/reports/")
    page.wait_for_selector("#chart-age-group .sigap-chart-box:not([hidden]) canvas")
    violations = axe_violations(page)
    assert violations == [], "axe-core found problems on /online/reports/:\n" + describe(violations)
