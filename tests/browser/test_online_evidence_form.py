"""The evidence form on a 360px phone: choosing "shows a sexual image" hides the file input (and its
confirmation) and shows what to record instead — evidence.js, under the CSP, no inline script —
and choosing "none" brings it back. Without JavaScript the file input stays and the server refuses
the file all the same. Only a 1×1 grey PNG is used, never a real or sexual image."""

from __future__ import annotations

from typing import Any

import pytest

from sigap.cases.models import Attachment
from sigap.cases.tests.factories import make_case
from sigap.online.models import Evidence
from tests.browser.test_case_journey import Unit, click_and_wait, group
from tests.browser.test_case_journey import unit as unit
from tests.browser.test_online_journey import GREY_PNG, fits
from tests.browser.test_pages import PHONE, console_errors, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADULT = "Contains a sexual or intimate image of an adult"


def choose(page: Any, label: str) -> None:
    group(page, "Does it show a sexual image?").get_by_label(label).check()


def file_shown(page: Any) -> bool:
    return bool(page.get_by_label("File of context (optional)").is_visible())


def instead_shown(page: Any) -> bool:
    return bool(page.locator("[data-evidence-instead]").is_visible())


def test_the_file_input_hides_for_a_sexual_image_and_comes_back(live_server, page_factory, unit: Unit):
    case = make_case(unit.organisation, unit.caseworker, is_online=True)
    page = page_factory(PHONE, bypass_csp=False)
    errors = console_errors(page)
    sign_in(page, live_server.url, unit.caseworker)
    page.goto(f"{live_server.url}/cases/{case.pk}/online/evidence/new/")
    fits(page)
    assert file_shown(page) and not instead_shown(page)

    labels = [
        page.locator("input[name=sexual_content]").nth(i).evaluate("e => e.labels[0].textContent.trim()")
        for i in range(page.locator("input[name=sexual_content]").count())
    ]
    none_label, *sexual_labels = labels
    assert ADULT in sexual_labels
    for label in sexual_labels:
        choose(page, label)
        assert not file_shown(page) and instead_shown(page), label
        assert page.get_by_label("I confirm the file contains no sexual image").is_hidden()
        assert page.locator("input[name=file]").is_disabled()
        fits(page)
    choose(page, none_label)
    assert file_shown(page) and not instead_shown(page)
    assert page.locator("input[name=file]").is_enabled()
    assert errors == []  # no CSP violation, no script error


def test_without_javascript_the_server_still_refuses_the_file(live_server, browser, unit: Unit, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = make_case(unit.organisation, unit.caseworker, is_online=True)
    context = browser.new_context(viewport=PHONE, locale="id-ID", java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, live_server.url, unit.caseworker)
        page.goto(f"{live_server.url}/cases/{case.pk}/online/evidence/new/")
        assert file_shown(page) and not instead_shown(page)
        page.get_by_label("Kind of evidence").select_option("url")
        page.locator("textarea[name=description]").fill("Unggahan berisi foto intim korban (sintetis).")
        page.get_by_label("Address (URL)").fill("https://content.example.org/p/12345")
        choose(page, ADULT)
        assert file_shown(page)  # nothing hides it without the script
        page.get_by_label("File of context (optional)").set_input_files(GREY_PNG)
        page.get_by_label("I confirm the file contains no sexual image").check()
        click_and_wait(page, page.get_by_role("button", name="Record the evidence"))
        assert "Record where it is instead" in page.inner_text("main")
        assert not Evidence.objects.exists() and not Attachment.objects.exists()
        assert list(tmp_path.rglob("*.*")) == []
    finally:
        context.close()
