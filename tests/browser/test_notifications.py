"""The notification centre and settings in Chromium: they fit a 360 px screen, pass axe's WCAG AA
rules, and following a notification from the centre marks it read and opens its case."""

from __future__ import annotations

from typing import Any

import pytest

from sigap.cases.tests.factories import make_case
from sigap.notifications.actions import notify
from sigap.notifications.models import Kind, Notification
from tests.browser import test_pages
from tests.browser.test_pages import DESKTOP, PHONE, VIEWPORTS, axe_violations, describe, sign_in

caseworker = test_pages.caseworker  # the fixture, shared with the other page tests

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def notifications(caseworker: Any) -> list[Notification]:
    organisation = caseworker.memberships.get().organisation
    case = make_case(organisation, caseworker)
    made = []
    for variant in ("plan_approved", "closure_returned"):
        made += notify([caseworker], Kind.APPROVAL_DECIDED, case=case, context={"variant": variant, "number": 2})
    made += notify(
        [caseworker],
        Kind.DAILY_DIGEST,
        context={"overdue": 1, "due": 0, "approvals": 0, "overdue_cases": [case.number]},
    )
    made += notify([caseworker], Kind.CASE_ASSIGNED, case=case)
    return made


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_notification_pages_fit_a_phone_and_have_no_wcag_aa_violations(
    live_server, page_factory, caseworker, notifications, viewport
):
    page = page_factory(viewport, bypass_csp=True)
    sign_in(page, live_server.url, caseworker)
    for path in ("/notifications/", "/notifications/settings/"):
        page.goto(f"{live_server.url}{path}")
        violations = axe_violations(page)
        assert violations == [], f"axe-core found accessibility problems on {path}:\n" + describe(violations)
        if viewport == PHONE:
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{path} is {width}px wide on a {PHONE['width']}px screen"


def test_following_a_notification_opens_its_case_and_lowers_the_badge(
    live_server, page_factory, caseworker, notifications
):
    page = page_factory(DESKTOP, bypass_csp=True)
    sign_in(page, live_server.url, caseworker)
    page.goto(f"{live_server.url}/notifications/")
    assert page.locator("header .badge").first.inner_text().startswith("3")
    newest = notifications[-1]
    page.locator(f"a[href='/notifications/{newest.pk}/open/']").click()
    page.wait_for_url(f"**{newest.case.get_absolute_url()}")
    assert page.locator("header .badge").first.inner_text().startswith("2")


def test_on_a_phone_the_unread_count_shows_beside_the_folded_menu(live_server, page_factory, caseworker, notifications):
    page = page_factory(PHONE, bypass_csp=True)
    sign_in(page, live_server.url, caseworker)
    page.goto(f"{live_server.url}/")
    link = page.locator("header a.btn-warning")
    assert link.is_visible()
    assert link.inner_text().startswith("3")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
