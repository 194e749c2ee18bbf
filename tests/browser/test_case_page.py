"""The case page on a phone and on desktops, on the demo world (one case given three notes and two
files): the overview card fits the first phone screen, every section is one tap away with its count,
the long forms stay closed until asked for, nothing scrolls sideways at 360, 1024 or 1280 px, axe-core
finds nothing (also with every form opened), and no two buttons or links with the same visible label
do different things. In Indonesian, as the demo users read it."""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve

from sigap.cases import actions
from sigap.cases.models import Case, Stage
from sigap.cases.tests import files
from sigap.cases.tests.factories import make_case
from tests.browser.test_new_pages_on_a_phone import demo_user, open_as
from tests.browser.test_pages import axe_violations, console_errors, describe
from tests.test_crawl import seed_demo_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
CASEWORKER = "caseworker.bandung"
SUPERVISOR = "supervisor.bandung"


@pytest.fixture
def world(live_server: Any, settings: Any, tmp_path: Any) -> dict[str, Any]:
    """The demo world; the caseworker's first open case under way gets three notes and two files."""
    settings.MEDIA_ROOT = tmp_path
    seed_demo_world(cases=40)
    worker = demo_user(CASEWORKER)
    case = Case.objects.filter(case_manager=worker, closed_at__isnull=True).exclude(stage=Stage.IDENTIFICATION)
    case = case.order_by("registered_at").first()
    assert case is not None, "the demo has no case under way"
    for body in ["Kunjungan rumah: klien aman.", "Telepon ibu klien.", "Koordinasi dengan sekolah."]:
        actions.add_note(case, actor=worker, body=body)
    for title in ["Surat rujukan puskesmas", "Surat keterangan sekolah"]:
        upload = SimpleUploadedFile("surat.pdf", files.PDF)
        actions.add_attachment(case, actor=worker, title=title, upload=upload, no_sexual_image_confirmed=True)
    return {"case": case, "worker": worker, "base": live_server.url}


def box(page: Any, selector: str) -> dict[str, float]:
    return page.locator(selector).first.evaluate(
        "el => { const r = el.getBoundingClientRect(); return {top: r.top + scrollY, bottom: r.bottom + scrollY}; }"
    )


def test_the_overview_card_fills_part_of_the_first_phone_screen_and_the_sections_are_one_tap_away(world, page_factory):
    page = page_factory(PHONE)
    errors = console_errors(page)
    case, base = world["case"], world["base"]
    assert open_as(page, base, world["worker"], case.get_absolute_url()) == 200
    assert page.locator("html").get_attribute("lang") == "id"

    card = box(page, "[data-case-overview]")
    menu_box = box(page, "[data-case-menu]")
    height = page.evaluate("document.documentElement.scrollHeight")
    print(
        f"\noverview card at 360x740: top {card['top']:.0f} px, bottom {card['bottom']:.0f} px; "
        f"section menu {menu_box['top']:.0f}-{menu_box['bottom']:.0f} px; page {height} px"
    )
    assert card["bottom"] <= PHONE["height"], f"the overview card ends at {card['bottom']} px, below the first screen"
    assert menu_box["bottom"] <= PHONE["height"], "the section menu is not on the first screen"
    overview = page.locator("[data-case-overview]").inner_text()
    assert case.number in overview and case.primary_client_name in overview
    for label in ["Usia", "Tahap", "Risiko", "Tenggat terdekat", "Persetujuan", "Manajer kasus"]:
        assert f"{label}\n" in overview, label
    assert case.case_manager.full_name in overview

    # The menu's counts come from what the sections list.
    menu = page.get_by_role("navigation", name="Bagian kasus")
    assert menu.get_by_role("link", name=re.compile(r"^Catatan 3$")).count() == 1
    assert menu.get_by_role("link", name=re.compile(r"^Lampiran 2$")).count() == 1
    # The long forms are closed until asked for.
    for form in ["#note-form", "#attachment-form", "#team-form"]:
        assert page.locator(form).get_attribute("open") is None, form
    note_body = page.locator("#note-form textarea[name='note-body']")
    assert note_body.count() == 1 and not note_body.is_visible()

    # One tap on "Catatan" brings the notes up, under the menu that stayed at the top.
    menu.get_by_role("link", name=re.compile("^Catatan")).click()
    page.wait_for_function("() => Math.abs(document.getElementById('notes').getBoundingClientRect().top - 60) < 60")
    assert menu.is_visible() and menu.bounding_box()["y"] <= 1
    notes_top = page.locator("#notes").bounding_box()["y"]
    assert notes_top >= menu.bounding_box()["height"] - 1, "the menu hides the top of the notes"
    page.locator("#note-form summary").click()
    assert note_body.is_visible()
    assert note_body.evaluate("(el) => el.labels.length") == 1  # the field has its label
    assert errors == []


# Elements wider than the screen, but for the main menu and what scrolls inside its own box (the
# section menu on a phone).
WIDER_THAN = """(limit) => {
  const scrollsInside = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  return [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > limit + 1 && !el.closest('#main-nav') && !scrollsInside(el))
    .slice(0, 5).map((el) => el.outerHTML.slice(0, 100));
}"""


class MainMenuTooWide(AssertionError):
    """The site's main menu (base.html, not the case page) is wider than the screen."""


SIZES = [
    pytest.param(PHONE, id="phone-360"),
    pytest.param({"width": 1024, "height": 768}, id="tablet-1024"),
    pytest.param({"width": 1280, "height": 900}, id="desktop-1280"),
]


def fits(page: Any, width: int, what: str) -> bool:
    """Nothing of the page but the main menu is wider than ``width``; whether the whole page fits."""
    culprits = page.evaluate(WIDER_THAN, width)
    assert culprits == [], f"{what} is wider than {width} px: {culprits}"
    return page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("viewport", SIZES)
def test_the_case_page_never_scrolls_sideways_and_axe_finds_nothing(world, page_factory, viewport):
    page = page_factory(viewport, bypass_csp=True)
    case, base = world["case"], world["base"]
    too_wide = []
    for user in [world["worker"], demo_user(SUPERVISOR)]:
        assert open_as(page, base, user, case.get_absolute_url()) == 200
        if not fits(page, viewport["width"], f"the case page for {user}"):
            too_wide.append(f"{user}: {page.evaluate('document.documentElement.scrollWidth')} px")
        violations = axe_violations(page)
        assert violations == [], f"axe-core on the case page ({user}):\n" + describe(violations)
        # And with every form opened.
        page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        fits(page, viewport["width"], f"the case page with its forms open for {user}")
        violations = axe_violations(page)
        assert violations == [], f"axe-core on the case page with its forms open ({user}):\n" + describe(violations)
    if too_wide:
        raise MainMenuTooWide(f"the main menu makes the page wider than {viewport['width']} px: {too_wide}")


CONTROLS = """() => [...document.querySelectorAll('a[href], button, summary, input[type=submit]')].map((el) => {
  const copy = el.cloneNode(true);
  copy.querySelectorAll('.visually-hidden, [aria-hidden=true]').forEach((n) => n.remove());
  const label = (el.tagName === 'INPUT' ? el.value : copy.textContent).replace(/\\s+/g, ' ').trim();
  let method = 'GET', url = el.href || '';
  if (el.tagName === 'SUMMARY') { method = 'TOGGLE'; url = el.parentElement.id; }
  else if (el.tagName !== 'A') {
    if (el.type === 'submit' && el.form) {
      method = el.form.method.toUpperCase(); url = el.form.action;
      if (el.name) url += ' ' + el.name + '=' + el.value;
    } else { method = 'BUTTON'; url = el.getAttribute('data-bs-target') || el.getAttribute('aria-controls') || el.id; }
  }
  return {label, method, url};
})"""

# A kwarg naming the record the control is for (a task is named by its kind): the same action on
# another record is the same action ("Tandai selesai" on each task).
OBJECT_KWARGS = {"kind"}


def action(control: dict[str, str], base: str) -> str:
    """What a control does, without the record it does it to: the view and its other arguments."""
    if control["method"] in {"TOGGLE", "BUTTON"}:
        return f"{control['method']} {control['url']}"
    target, _, posted = control["url"].partition(" ")
    parts = urlsplit(target)
    if f"{parts.scheme}://{parts.netloc}" != base:
        return f"{control['method']} {target}"
    match = resolve(parts.path)
    kwargs = sorted((k, v) for k, v in match.kwargs.items() if not isinstance(v, uuid.UUID) and k not in OBJECT_KWARGS)
    return f"{control['method']} {match.view_name} {kwargs} {parts.query} #{parts.fragment} {posted}".strip()


def same_label_different_actions(page: Any, base: str) -> dict[str, set[str]]:
    actions_by_label: dict[str, set[str]] = defaultdict(set)
    for control in page.evaluate(CONTROLS):
        if control["label"]:
            actions_by_label[control["label"].casefold()].add(action(control, base))
    return {label: found for label, found in actions_by_label.items() if len(found) > 1}


def test_no_two_buttons_or_links_with_the_same_label_do_different_things(world, page_factory):
    """On a case still in identification (where the stage step and the assessment's start once both
    read "Mulai asesmen") and on the case under way, as their case managers and as a supervisor."""
    page = page_factory(PHONE)
    base, worker, under_way = world["base"], world["worker"], world["case"]
    # The demo registers its cases further on; a new one is registered the way intake does.
    new = make_case(under_way.organisation, worker, case_manager=worker, risk_level="medium")
    problems = []
    for case in [new, under_way]:
        for user in [worker, demo_user(SUPERVISOR)]:
            assert open_as(page, base, user, case.get_absolute_url()) == 200
            assert page.url == f"{base}{case.get_absolute_url()}"
            assert page.locator("[data-stage-area]").count() == 1
            for label, found in same_label_different_actions(page, base).items():
                problems.append(f"{case.number} ({case.stage}, {user}): “{label}” does {sorted(found)}")
    assert problems == [], "\n".join(problems)
