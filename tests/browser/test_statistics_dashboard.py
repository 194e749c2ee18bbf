"""The statistics dashboard and the open-data page in Chromium on a 360 px phone: charts drawn, nothing
wider than the screen, no WCAG AA violation (axe-core), no script error."""

from __future__ import annotations

from typing import Any

import pytest

from sigap.statistics.tests.fixtures import seed_cases
from sigap.statistics.tests.release_fixtures import offices, verify_all  # noqa: F401 (fixture)
from tests.browser.test_pages import PHONE, axe_violations, console_errors, describe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page: Any, url: str) -> None:
    page.goto(url)
    violations = axe_violations(page)
    assert violations == [], f"axe-core found accessibility problems on {url}:\n" + describe(violations)
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        "(w) => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w)"
        ".slice(0, 5).map(e => e.tagName + '.' + e.className)",
        PHONE["width"],
    )
    assert width <= PHONE["width"], f"{url} is {width}px wide on a {PHONE['width']}px screen: {wide}"


def test_the_dashboard_and_open_data_on_a_phone(live_server, page_factory, cast, offices):  # noqa: F811
    seed_cases(cast, count=18, seed=3)
    verify_all(cast.data_officer)
    public = page_factory(PHONE, bypass_csp=True)
    _check(public, f"{live_server.url}/data/")
    page = page_factory(PHONE, bypass_csp=True)
    errors = console_errors(page)
    sign_in(page, live_server.url, cast.data_officer)
    _check(page, f"{live_server.url}/statistics/dashboard/")
    # Chart.js drew the trend: the canvas has a chart attached.
    assert page.evaluate("() => !!Chart.getChart(document.querySelector('canvas[data-kind=line]'))")
    page.locator("#id_sex").select_option("female")
    with page.expect_navigation():
        page.locator("form.stat-filters button[type=submit]").click()
    assert page.locator("#h-age").count() == 1
    _check(page, page.url)

    regional = page_factory(PHONE, bypass_csp=True)
    sign_in(regional, live_server.url, offices.province_officer)
    _check(regional, f"{live_server.url}/statistics/dashboard/")
    assert regional.locator(".stat-tile").count() >= 1
    assert regional.locator("#stat-suppression").count() == 1
    assert errors == []
