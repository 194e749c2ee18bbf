"""The menu on the demo world, for every role, on a 360-px phone, a 1024-px and a 1280-px screen:
no page wider than the screen, the whole menu bar on one line with "sign out" in sight (behind the
menu button on a phone), and no accessibility problem axe can find.

Run with ``-s`` to see the menu's width per role."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sigap.accounts.models import User
from sigap.cases.access import visible_cases
from sigap.home.navigation import nav_for
from tests.browser.test_new_pages_on_a_phone import open_as
from tests.browser.test_pages import axe_violations, describe
from tests.test_crawl import ROLES, seed_demo_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = [{"width": 360, "height": 740}, {"width": 1024, "height": 768}, {"width": 1280, "height": 900}]
MENU_BREAKPOINT = 992  # Bootstrap's navbar-expand-lg: below it the menu folds behind a button

# The width the bar's content needs: the brand and every entry at its natural width, side by side.
MENU_WIDTH = """() => {
  const nav = document.querySelector('header nav');
  const parts = [nav.querySelector('.navbar-brand'), ...nav.querySelectorAll('#main-nav > ul > li')];
  return Math.round(parts.reduce((sum, el) => {
    const style = getComputedStyle(el);
    return sum + el.scrollWidth + parseFloat(style.marginLeft) + parseFloat(style.marginRight);
  }, 0));
}"""
SIGN_OUT_IN_SIGHT = """() => {
  const button = document.querySelector('#main-nav form[action$="/logout/"] button');
  const box = button.getBoundingClientRect();
  return box.width > 0 && box.left >= 0 && box.right <= window.innerWidth && box.top >= 0
    && box.bottom <= window.innerHeight;
}"""
OFF_SCREEN = """(limit) => [...document.querySelectorAll('body *')]
  .filter((el) => el.getBoundingClientRect().right > limit + 1
      && (!el.closest('.table-responsive') || getComputedStyle(el).position === 'absolute'))
  .slice(0, 5).map((el) => el.outerHTML.slice(0, 120))"""


def main_pages(user: User) -> list[str]:
    """Home, every page the menu offers the user, and one of the cases she may open."""
    paths = ["/", *[item["url"] for item in nav_for(user)]]
    case = visible_cases(user).order_by("registered_at").first()
    if case is not None:
        paths.append(reverse("cases:detail", args=[case.pk]))
    return list(dict.fromkeys(paths))


def check_menu(page: Any, viewport: dict[str, int]) -> list[str]:
    problems = []
    toggler = page.locator("header .navbar-toggler")
    if viewport["width"] < MENU_BREAKPOINT:
        if not toggler.is_visible():
            problems.append("no menu button on a phone")
            return problems
        toggler.click()
        page.locator("#main-nav.show").wait_for()
        page.wait_for_function("!document.querySelector('#main-nav').classList.contains('collapsing')")
    elif toggler.is_visible():
        problems.append("the menu is folded on a wide screen")
    bar = page.locator("header nav").bounding_box()
    if viewport["width"] >= MENU_BREAKPOINT and bar and bar["height"] > 80:
        problems.append(f"the menu bar wraps onto several lines ({bar['height']:.0f}px tall)")
    if viewport["width"] < MENU_BREAKPOINT:
        page.locator('#main-nav form[action$="/logout/"] button').scroll_into_view_if_needed()
    if not page.evaluate(SIGN_OUT_IN_SIGHT):
        problems.append("sign out is not in sight")
    return problems


WIDTHS: dict[str, dict[int, int]] = {}  # role → screen width → menu width, printed at the end


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v['width']}px")
def test_every_role_finds_a_menu_that_fits_and_pages_that_do_not_overflow(
    live_server, page_factory, settings, tmp_path, viewport
):
    settings.MEDIA_ROOT = tmp_path
    seed_demo_world(cases=20)
    problems: list[str] = []
    page = page_factory(viewport, bypass_csp=True)
    for role, login in ROLES.items():
        user = User.objects.get(email=f"{login}@demo.sigap.test")
        for path in main_pages(user):
            where = f"[{role} at {viewport['width']}px] {path}"
            status = open_as(page, live_server.url, user, path)
            if status != 200:
                problems.append(f"{where}: status {status}")
                continue
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                culprits = page.evaluate(OFF_SCREEN, viewport["width"])
                problems.append(f"{where} is {width}px wide: {culprits}")
            violations = axe_violations(page)
            if violations:
                problems.append(f"{where}:\n{describe(violations)}")
            if path == "/":
                WIDTHS.setdefault(role, {})[viewport["width"]] = page.evaluate(MENU_WIDTH)
                problems += [f"{where}: {problem}" for problem in check_menu(page, viewport)]
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > viewport["width"]:
                    problems.append(f"{where} with the menu open is {width}px wide")
    if viewport["width"] >= MENU_BREAKPOINT:
        print(f"\nMenu bar width (px) per role on a {viewport['width']}px screen:")
    for role, by_width in WIDTHS.items() if viewport["width"] >= MENU_BREAKPOINT else []:
        print(f"  {role:28} {by_width.get(viewport['width'], '-')}")
    assert problems == [], "\n".join(problems)


def test_a_menu_group_opens_and_leads_to_its_page(live_server, page_factory, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed_demo_world(cases=5)
    supervisor = User.objects.get(email=f"{ROLES['supervisor']}@demo.sigap.test")
    page = page_factory(VIEWPORTS[1])
    open_as(page, live_server.url, supervisor, "/")
    toggle = page.locator("#nav-coordination")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    with page.expect_navigation():
        page.locator("header").get_by_role("link", name="Direktori layanan").click()
    assert page.url == f"{live_server.url}{reverse('directory:list')}"
    # The group of the page one is on is marked, and the page itself inside it.
    assert "active" in (page.locator("#nav-coordination").get_attribute("class") or "")
    assert page.locator('#main-nav [aria-current="page"]').inner_text() == "Direktori layanan"
