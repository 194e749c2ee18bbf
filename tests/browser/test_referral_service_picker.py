"""The referral form's service filters in a real browser: the list starts at the case's region, and
choosing "any province" widens it — in place with htmx (CSP on), and by a plain GET without
JavaScript. Phone-sized, checked with axe-core, no console errors."""

from __future__ import annotations

from typing import Any

import pytest

from sigap.cases.tests.factories import make_case, make_person
from sigap.consent.actions import record_consent
from sigap.consent.tests.factories import consent_input
from sigap.directory.tests.factories import make_service
from sigap.organisations.models import Organisation, OrganisationKind
from sigap.referrals.models import Referral
from sigap.regions.models import Province, Regency
from tests.browser.test_case_journey import Unit, click_and_wait
from tests.browser.test_case_journey import unit as unit
from tests.browser.test_pages import PHONE, console_errors, sign_in
from tests.browser.test_referral_journey import fits, no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEAR = "RSUD Dekat — Layanan Kesehatan Dekat (uji)"
FAR = "LBH Jauh — Bantuan Hukum Jauh (uji)"


def directory(unit: Unit) -> Any:
    hospital = Organisation.objects.create(
        name="RSUD Dekat (uji)",
        short_name="RSUD Dekat",
        kind=OrganisationKind.HOSPITAL,
        province=unit.organisation.province,
        regency=unit.organisation.regency,
    )
    make_service(hospital, "Layanan Kesehatan Dekat (uji)", service_types=["kesehatan"])
    ntb = Province.objects.create(code="52", name="Nusa Tenggara Barat")
    mataram = Regency.objects.create(code="52.71", province=ntb, name="Kota Mataram")
    far = Organisation.objects.create(
        name="LBH Jauh (uji)", short_name="LBH Jauh", kind=OrganisationKind.LEGAL_AID, province=ntb, regency=mataram
    )
    make_service(far, "Bantuan Hukum Jauh (uji)", service_types=["bantuan_hukum"], area_provinces=[ntb])
    case = make_case(unit.organisation, unit.caseworker)
    mother = make_person(unit.organisation, unit.caseworker, full_name="Ibu Uji Filter", sex="female")
    record_consent(
        case,
        actor=unit.caseworker,
        person=case.victims.get().person,
        data=consent_input(mother, share_organisations=[hospital]),
    )
    return case


def options(page: Any) -> list[str]:
    return page.locator("select[name=service] option").all_inner_texts()


def test_the_service_list_widens_in_place_with_htmx_and_the_referral_is_sent(live_server, page_factory, unit: Unit):
    case = directory(unit)
    page = page_factory(PHONE, bypass_csp=False)
    errors = console_errors(page)
    sign_in(page, live_server.url, unit.caseworker)
    page.goto(f"{live_server.url}/referrals/case/{case.pk}/new/")
    fits(page)
    assert NEAR in options(page) and FAR not in options(page)
    page.get_by_label("Province served").select_option("")
    page.locator("select[name=service] option", has_text="Bantuan Hukum Jauh").wait_for(state="attached")
    assert NEAR in options(page) and FAR in options(page)

    page.get_by_label("Service in the directory").select_option(label=NEAR)
    page.get_by_label("Service needed").select_option("kesehatan")
    page.get_by_label("Identity (name, sex, date of birth, NIK)").check()
    page.get_by_label("Routine", exact=True).check()
    page.get_by_label("Why the client is referred and what they need").fill("Perlu pemeriksaan (uji).")
    click_and_wait(page, page.get_by_role("button", name="Send the referral"))
    assert Referral.objects.get().service.name == "Layanan Kesehatan Dekat (uji)"
    assert errors == []

    # axe-core is injected as a script, which the CSP (rightly) blocks: checked on a second page.
    checked = page_factory(PHONE, bypass_csp=True)
    sign_in(checked, live_server.url, unit.caseworker)
    checked.goto(f"{live_server.url}/referrals/case/{case.pk}/new/")
    no_axe_violations(checked)


def test_without_javascript_the_filters_refresh_the_page(live_server, browser, unit: Unit):
    case = directory(unit)
    context = browser.new_context(viewport=PHONE, locale="id-ID", java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, live_server.url, unit.caseworker)
        page.goto(f"{live_server.url}/referrals/case/{case.pk}/new/")
        assert FAR not in options(page)
        page.get_by_label("Province served").select_option("")
        click_and_wait(page, page.get_by_role("button", name="Show the services"))
        assert "filter-province=" in page.url
        assert NEAR in options(page) and FAR in options(page)
    finally:
        context.close()
