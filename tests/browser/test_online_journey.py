"""Online abuse through the real pages on a 360px phone: a caseworker records a sextortion incident
with the offender's account, evidence (an item showing a sexual image loses its file input and is
recorded by location only; a context screenshot — a 1×1 grey PNG — is stored), and a takedown request she then marks
removed. No real or sexual image is ever used."""

from __future__ import annotations

from typing import Any

import pytest

from sigap.cases.models import Attachment
from sigap.cases.tests import files
from sigap.cases.tests.factories import make_case
from sigap.online.models import Evidence, OnlineIncident, Takedown, TakedownStatus
from tests.browser.test_case_journey import Unit, click_and_wait, group, no_axe_violations, section
from tests.browser.test_case_journey import unit as unit
from tests.browser.test_pages import PHONE, console_errors, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GREY_PNG = {"name": "profil-pelaku.png", "mimeType": "image/png", "buffer": files.PNG}


def fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a {PHONE['width']}px screen"


def record_incident(page: Any) -> None:
    click_and_wait(page, section(page, "online").get_by_role("link", name="Record an online incident"))
    fits(page)
    group(page, "Kinds of harm").get_by_label("Sexual extortion (sextortion)").check()
    group(page, "Platforms").get_by_label("Instagram").check()
    group(page, "What the offender demanded").get_by_label("Money").check()
    page.get_by_label("Amount demanded (Rp)").fill("2000000")
    page.get_by_label("Amount paid (Rp)").fill("0")
    page.get_by_label("What happened online").fill("Akun palsu mengancam menyebar foto (sintetis).")
    click_and_wait(page, page.get_by_role("button", name="Record the incident"))
    assert "Do not pay" in page.inner_text("main")  # the first-aid panel
    click_and_wait(page, page.get_by_role("link", name="Add an account"))
    page.locator("select[name=platform]").select_option("instagram")
    page.get_by_label("Account name or number").fill("@senja_kilat77_contoh")
    page.get_by_label("Known to the victim?").select_option("unknown")
    click_and_wait(page, page.get_by_role("button", name="Add the account"))
    assert "@senja_kilat77_contoh" in page.inner_text("main")


def record_evidence(page: Any) -> None:
    click_and_wait(page, page.get_by_role("link", name="Record evidence"))
    fits(page)
    assert "Never upload a sexual image" in page.inner_text("main")
    page.get_by_label("Kind of evidence").select_option("url")
    page.locator("textarea[name=description]").fill("Unggahan berisi foto intim korban (sintetis).")
    page.get_by_label("Address (URL)").fill("https://content.example.org/p/12345")
    page.get_by_label("File of context (optional)").set_input_files(GREY_PNG)
    page.get_by_label("I confirm the file contains no sexual image").check()
    # Marked as a sexual image: the file input goes (evidence.js) and nothing of it is sent; the
    # server's refusal without JavaScript is in test_online_evidence_form.py.
    group(page, "Does it show a sexual image?").get_by_label("Contains a sexual or intimate image of an adult").check()
    assert page.get_by_label("File of context (optional)").is_hidden()
    assert "No file can be attached" in page.inner_text("main")
    click_and_wait(page, page.get_by_role("button", name="Record the evidence"))
    assert Evidence.objects.get().attachment is None and not Attachment.objects.exists()

    click_and_wait(page, page.get_by_role("link", name="Evidence register"))
    click_and_wait(page, page.get_by_role("link", name="Record evidence"))
    page.get_by_label("Kind of evidence").select_option("context_screenshot")
    page.locator("textarea[name=description]").fill("Halaman profil akun pelaku (sintetis).")
    page.get_by_label("File of context (optional)").set_input_files(GREY_PNG)
    page.get_by_label("I confirm the file contains no sexual image").check()
    click_and_wait(page, page.get_by_role("button", name="Record the evidence"))
    assert "SHA-256" in page.inner_text("main")


def request_and_remove(page: Any, case_url: str) -> None:
    page.goto(case_url)
    click_and_wait(page, section(page, "online").get_by_role("link", name="Request a takedown"))
    fits(page)
    page.get_by_label("Address (URL)").fill("https://content.example.org/p/12345")
    page.locator("select[name=platform]").select_option("instagram")
    page.locator("select[name=channel]").select_option("platform")
    page.locator("select[name=status]").select_option("submitted")
    page.get_by_label("Reference number").fill("IG-REP-0001")
    click_and_wait(page, page.get_by_role("button", name="Record the request"))
    assert page.locator("[data-status]").inner_text() == "Submitted"
    page.get_by_label("New status").select_option("removed")
    click_and_wait(page, page.get_by_role("button", name="Save the status"))
    assert page.locator("[data-status]").inner_text() == "Removed"
    fits(page)


def test_a_sextortion_case_gets_evidence_and_a_takedown_marked_removed_on_a_phone(
    live_server, page_factory, unit: Unit, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    case = make_case(unit.organisation, unit.caseworker, is_online=True)
    case_url = f"{live_server.url}{case.get_absolute_url()}"
    page = page_factory(PHONE, bypass_csp=False)
    errors = console_errors(page)
    sign_in(page, live_server.url, unit.caseworker)
    page.goto(case_url)
    assert "No online incident recorded." in section(page, "online").inner_text()
    record_incident(page)
    record_evidence(page)
    request_and_remove(page, case_url)

    incident = OnlineIncident.objects.get()
    assert incident.harm_types == ["sextortion"] and incident.accounts.get().handle == "@senja_kilat77_contoh"
    assert Evidence.objects.filter(attachment__isnull=False).get().kind == "context_screenshot"
    assert Takedown.objects.get().status == TakedownStatus.REMOVED
    page.goto(case_url)
    online = section(page, "online").inner_text()
    assert "Removed" in online and "electronic-based sexual violence (KSBE)" in online
    assert errors == []

    checker = page_factory(PHONE, bypass_csp=True)  # axe-core is injected as a script
    sign_in(checker, live_server.url, unit.caseworker)
    for path, what in [
        (f"/cases/{case.pk}/online/evidence/new/", "the evidence form"),
        (f"/cases/{case.pk}/online/takedowns/new/", "the takedown form"),
        (f"/cases/{case.pk}/online/{incident.pk}/", "the incident page"),
        (case.get_absolute_url(), "the case page with its online section"),
    ]:
        checker.goto(f"{live_server.url}{path}")
        no_axe_violations(checker, what)
