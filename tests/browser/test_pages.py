"""Journeys through the real pages in Chromium: sign in, accessibility, small screens, language."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sigap.accounts.models import User
from sigap.organisations.models import Membership, Organisation, OrganisationKind
from sigap.organisations.roles import Role
from sigap.regions.models import Province, Regency

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "correct horse battery"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
VIEWPORTS = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone-360")]


@pytest.fixture
def caseworker(transactional_db: Any) -> User:
    province = Province.objects.create(code="32", name="Jawa Barat")
    regency = Regency.objects.create(code="32.73", province=province, name="Kota Bandung")
    org = Organisation.objects.create(
        name="UPTD PPA Kota Bandung (browser test)",
        kind=OrganisationKind.UPTD_PPA_REGENCY,
        province=province,
        regency=regency,
    )
    user = User.objects.create_user(email="sari@test.sigap.invalid", password=PASSWORD, full_name="Sari Uji")
    Membership.objects.create(user=user, organisation=org, role=Role.CASEWORKER)
    return user


def sign_in(page: Any, base_url: str, user: User) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return result["violations"]


def describe(violations: list[dict[str, Any]]) -> str:
    """One readable block per rule: what is wrong, where, and how to fix it."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    at {json.dumps(node['target'])}: {node['html'][:160]}")
            for summary_line in (node.get("failureSummary") or "").splitlines():
                lines.append(f"        {summary_line.strip()}")
    return "\n".join(lines)


def console_errors(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_member_of_an_organisation_signs_in_and_sees_the_home_page(live_server, page_factory, caseworker):
    page = page_factory(DESKTOP)
    errors = console_errors(page)
    sign_in(page, live_server.url, caseworker)
    assert page.url == f"{live_server.url}/"
    assert "Sari" in page.locator("h1").inner_text()
    # Her organisation is named with her roles, folded at the bottom of the home: one tap opens it.
    page.locator("main details[data-roles] summary").click()
    assert "UPTD PPA Kota Bandung (browser test)" in page.locator("main").inner_text()
    # No console errors means no CSP violation (inline script or style) and no missing asset.
    assert errors == []


def test_wrong_password_keeps_the_user_on_the_login_page_with_an_error(live_server, page_factory, caseworker):
    page = page_factory(DESKTOP)
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(caseworker.email)
    page.locator("input[name=password]").fill("not the password")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    assert page.get_by_role("alert").count() >= 1


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_login_page_has_no_wcag_aa_violations(live_server, page_factory, viewport):
    page = page_factory(viewport, bypass_csp=True)
    page.goto(f"{live_server.url}/accounts/login/")
    violations = axe_violations(page)
    assert violations == [], "axe-core found accessibility problems on the login page:\n" + describe(violations)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_home_page_has_no_wcag_aa_violations(live_server, page_factory, caseworker, viewport):
    page = page_factory(viewport, bypass_csp=True)
    sign_in(page, live_server.url, caseworker)
    violations = axe_violations(page)
    assert violations == [], "axe-core found accessibility problems on the home page:\n" + describe(violations)


@pytest.mark.parametrize("path", ["/accounts/login/", "/"])
def test_pages_fit_a_360px_screen_without_horizontal_scrolling(live_server, page_factory, caseworker, path):
    page = page_factory(PHONE)
    if path == "/":
        sign_in(page, live_server.url, caseworker)
    else:
        page.goto(f"{live_server.url}{path}")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], f"{path} is {scroll_width}px wide on a {PHONE['width']}px screen"


def test_menu_opens_from_the_toggle_button_on_a_phone(live_server, page_factory, caseworker):
    page = page_factory(PHONE)
    sign_in(page, live_server.url, caseworker)
    sign_out = page.locator("#main-nav button[type=submit]")
    assert not sign_out.is_visible()
    page.locator(".navbar-toggler").click()
    sign_out.wait_for(state="visible")
    assert page.locator(".navbar-toggler").get_attribute("aria-expanded") == "true"


def test_language_switch_changes_the_page_to_english_and_back(live_server, page_factory, caseworker):
    page = page_factory(DESKTOP)
    sign_in(page, live_server.url, caseworker)
    assert page.locator("html").get_attribute("lang") == "id"
    indonesian_heading = page.locator("h1").inner_text()

    with page.expect_navigation():
        page.locator("#language-select").select_option("en")
    assert page.url == f"{live_server.url}/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#language-select").input_value() == "en"
    assert page.locator("h1").inner_text().startswith("Welcome")
    caseworker.refresh_from_db()
    assert caseworker.language == "en"

    with page.expect_navigation():
        page.locator("#language-select").select_option("id")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("#language-select").input_value() == "id"
    assert page.locator("h1").inner_text() == indonesian_heading


def test_language_switch_works_before_signing_in(live_server, page_factory):
    page = page_factory(DESKTOP)
    page.goto(f"{live_server.url}/accounts/login/")
    with page.expect_navigation():
        page.locator("#language-select").select_option("en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url == f"{live_server.url}/accounts/login/"
    with page.expect_navigation():
        page.locator("#language-select").select_option("id")
    assert page.locator("html").get_attribute("lang") == "id"
