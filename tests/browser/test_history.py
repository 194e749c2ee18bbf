"""The change history of a case in Chromium: readable on a 360px screen, no accessibility violations."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sigap.cases import actions
from sigap.cases.actions.persons import update_person
from sigap.cases.tests.factories import make_case
from tests.browser.test_pages import PHONE, axe_violations, caseworker, describe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

__all__ = ["caseworker"]  # the fixture, shared with the other page tests


def test_the_case_history_fits_a_phone_and_passes_axe(live_server, page_factory, caseworker):
    organisation = caseworker.memberships.get().organisation
    case = make_case(organisation, caseworker)
    long_reason = "Pelaku kembali tinggal serumah dan mengancam lewat pesan singkat berulang kali " * 3
    actions.rate_risk(case, actor=caseworker, risk_level="high", reason=long_reason)
    victim = case.victims.get().person
    update_person(victim, actor=caseworker, values={"occupation": "Pelajar"}, reason="Klien meminta koreksi")
    page = page_factory(PHONE, bypass_csp=True)
    sign_in(page, live_server.url, caseworker)
    page.goto(f"{live_server.url}{reverse('history:case', args=[case.pk])}")
    assert "Pelajar" in page.locator("main").inner_text()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], f"the history is {scroll_width}px wide on a 360px screen"
    violations = axe_violations(page)
    assert violations == [], "axe-core found accessibility problems on the history page:\n" + describe(violations)
