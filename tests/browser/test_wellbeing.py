"""A worker's check-in on a 360 px phone: eight taps and a short note in well under a minute, then her
trend; the wellbeing pages fit the phone and pass axe's WCAG AA rules."""

from __future__ import annotations

import time

import pytest

from sigap.wellbeing.models import CheckIn
from tests.browser import test_pages
from tests.browser.test_pages import PHONE, VIEWPORTS, axe_violations, describe, sign_in

caseworker = test_pages.caseworker  # the fixture, shared with the other page tests

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_check_in_on_a_phone_takes_under_a_minute_and_shows_the_trend(live_server, page_factory, caseworker):
    page = page_factory(PHONE)
    sign_in(page, live_server.url, caseworker)
    page.goto(f"{live_server.url}/wellbeing/")
    started = time.monotonic()
    page.locator("a[href='/wellbeing/check-in/']").first.click()
    for n in range(1, 6):
        page.locator(f"label[for='id_who5_{n}_1']").click()  # the second answer: "Most of the time" (4)
    for name in ("sleep", "support", "hard_moments"):
        page.locator(f"label[for='id_{name}_0']").click()
    page.locator("#id_note").fill("Minggu yang padat (sintetis)")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    elapsed = time.monotonic() - started
    assert elapsed < 60, elapsed
    checkin = CheckIn.objects.get(user=caseworker)
    assert checkin.score == 80
    assert "80" in page.locator("main h2").first.inner_text()
    page.goto(f"{live_server.url}/wellbeing/")
    assert page.locator("main table tbody tr").count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_wellbeing_pages_fit_a_phone_and_have_no_wcag_aa_violations(live_server, page_factory, caseworker, viewport):
    from sigap.wellbeing.tests.factories import a_checkin

    checkin = a_checkin(caseworker, who5_value=2)  # low: the help is on the page too
    page = page_factory(viewport, bypass_csp=True)
    sign_in(page, live_server.url, caseworker)
    for path in ("/wellbeing/", "/wellbeing/check-in/", f"/wellbeing/checkins/{checkin.pk}/", "/wellbeing/delete-all/"):
        page.goto(f"{live_server.url}{path}")
        violations = axe_violations(page)
        assert violations == [], f"axe-core found accessibility problems on {path}:\n" + describe(violations)
        if viewport == PHONE:
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{path} is {width}px wide on a {PHONE['width']}px screen"
