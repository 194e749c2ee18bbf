"""Consent through the real pages on a 360px phone: a caseworker records a mother's consent with the
child's assent; the father (the alleged perpetrator) is never offered as guardian. Then she asks to
share without consent and her supervisor approves it from "My work"."""

from __future__ import annotations

from typing import Any

import pytest

from sigap.cases.tests.factories import make_case
from sigap.consent.models import Consent, SharingOverride
from sigap.organisations.models import Organisation, OrganisationKind
from tests.browser.test_case_journey import Unit, click_and_wait, group, section
from tests.browser.test_case_journey import unit as unit
from tests.browser.test_pages import PHONE, axe_violations, console_errors, describe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a {PHONE['width']}px screen"


def test_consent_is_recorded_and_sharing_without_it_approved_on_a_phone(live_server, page_factory, unit: Unit):
    hospital = Organisation.objects.create(
        name="RSUD Contoh (journey)", kind=OrganisationKind.HOSPITAL, province=unit.organisation.province
    )
    legal_aid = Organisation.objects.create(
        name="LBH Contoh (journey)", kind=OrganisationKind.LEGAL_AID, province=unit.organisation.province
    )
    case = make_case(unit.organisation, unit.caseworker, perpetrators=[("Ayah Contoh Uji", "orang_tua", False)])
    page = page_factory(PHONE, bypass_csp=False)
    errors = console_errors(page)
    sign_in(page, live_server.url, unit.caseworker)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    consent = section(page, "consent")
    assert "No consent recorded yet." in consent.inner_text()
    click_and_wait(page, consent.get_by_role("link", name="Record consent"))
    fits(page)
    assert "Ayah Contoh Uji" not in page.get_by_label("Parent or guardian", exact=True).inner_text()

    group(page, "Consent given by").get_by_label("A parent or guardian").check()
    page.get_by_label("Parent or guardian", exact=True).select_option("new")
    page.get_by_label("Name of the parent or guardian").fill("Ibu Contoh Uji")
    page.get_by_label("Relationship to the client").select_option("mother")
    group(page, "The child's assent").get_by_label("The child agreed (assent given)").check()
    page.get_by_label("Receiving services from this organisation").check()
    group(page, "Sharing with these organisations").get_by_label("RSUD Contoh (journey)").check()
    group(page, "How consent was given").get_by_label("Written form, signed").check()
    page.get_by_label("I explained the services", exact=False).check()
    click_and_wait(page, page.get_by_role("button", name="Record consent"))
    assert "In force" in section(page, "consent").inner_text()
    assert Consent.objects.get().share_organisations.get() == hospital

    click_and_wait(page, section(page, "consent").get_by_role("link", name="Ask to share without consent"))
    fits(page)
    page.locator("select[name=purpose]").select_option("transfer")
    page.get_by_label("Share with", exact=True).select_option(str(legal_aid.pk))
    page.get_by_label("In the child's best interests").check()
    page.locator("textarea[name=explanation]").fill("Keluarga pindah; pendampingan hukum berlanjut.")
    click_and_wait(page, page.get_by_role("button", name="Send to a supervisor"))
    assert "Waiting for a supervisor of the case." in page.inner_text("main")
    assert errors == []

    boss = page_factory(PHONE, bypass_csp=True)
    sign_in(boss, live_server.url, unit.supervisor)
    waiting = boss.locator("[data-sharing-override]")
    assert waiting.count() == 1
    violations = axe_violations(boss)
    assert violations == [], describe(violations)
    click_and_wait(boss, waiting.get_by_role("link").first)
    fits(boss)
    violations = axe_violations(boss)
    assert violations == [], describe(violations)
    boss.get_by_label("Comment (required when refusing)").fill("Disetujui.")
    click_and_wait(boss, boss.get_by_role("button", name="Approve sharing without consent"))
    assert SharingOverride.objects.get().status == SharingOverride.Status.APPROVED
    boss.goto(f"{live_server.url}/cases/{case.pk}/consent/new/")
    violations = axe_violations(boss)
    assert violations == [], "The consent form:\n" + describe(violations)
