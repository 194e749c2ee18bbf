"""A referral through the real pages: a UPTD caseworker refers her client to a hospital service,
choosing what to share; hospital staff accept it and record the service; the UPTD case page shows
it; a user of a third organisation gets 404. Phone-sized, checked with axe-core, no console errors."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from sigap.accounts.models import User
from sigap.cases.tests.factories import make_case, make_person
from sigap.consent.actions import record_consent
from sigap.consent.tests.factories import consent_input
from sigap.directory.tests.factories import make_service
from sigap.organisations.models import Membership, Organisation, OrganisationKind
from sigap.organisations.roles import Role
from sigap.referrals.models import Referral, Status
from tests.browser.test_case_journey import Unit, click_and_wait, section
from tests.browser.test_case_journey import unit as unit
from tests.browser.test_pages import PASSWORD, PHONE, axe_violations, console_errors, describe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLIENT = "Melati Contoh Uji"
PHONE_NUMBER = "081298765432"


def fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a {PHONE['width']}px screen"


def no_axe_violations(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe-core found problems on {page.url}:\n" + describe(violations)


def staff(email: str, name: str, organisation: Organisation, role: str) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, full_name=name, language="en")
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def test_a_referral_to_a_hospital_is_accepted_and_its_service_shows_on_the_case(live_server, page_factory, unit: Unit):
    province = unit.organisation.province
    hospital = Organisation.objects.create(
        name="RSUD Contoh (referral journey)",
        short_name="RSUD Contoh",
        kind=OrganisationKind.HOSPITAL,
        province=province,
        regency=unit.organisation.regency,
    )
    doctor = staff("psikolog.rsud@test.sigap.invalid", "Dr. Rahma Uji", hospital, Role.PSYCHOLOGIST)
    make_service(hospital, "Visum dan Pemeriksaan Kesehatan (uji)", service_types=["kesehatan"])
    third = Organisation.objects.create(
        name="LBH Pihak Ketiga (uji)", kind=OrganisationKind.LEGAL_AID, province=province
    )
    outsider = staff("lbh@test.sigap.invalid", "Orang Luar Uji", third, Role.CASEWORKER)
    case = make_case(unit.organisation, unit.caseworker, victim_values={"full_name": CLIENT, "phone": PHONE_NUMBER})
    mother = make_person(unit.organisation, unit.caseworker, full_name="Ibu Melati Uji", sex="female")
    record_consent(
        case,
        actor=unit.caseworker,
        person=case.victims.get().person,
        data=consent_input(mother, share_organisations=[hospital]),
    )

    # The UPTD caseworker refers the client, sharing identity and forms of violence only.
    page = page_factory(PHONE, bypass_csp=False)
    errors = console_errors(page)
    sign_in(page, live_server.url, unit.caseworker)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    click_and_wait(page, section(page, "referrals").get_by_role("link", name="Refer the client"))
    fits(page)
    page.get_by_label("Service in the directory").select_option(
        label="RSUD Contoh — Visum dan Pemeriksaan Kesehatan (uji)"
    )
    page.get_by_label("Service needed").select_option("kesehatan")
    page.get_by_label("Identity (name, sex, date of birth, NIK)").check()
    page.get_by_label("Forms of violence").check()
    page.get_by_label("Urgent", exact=True).check()
    page.get_by_label("Why the client is referred and what they need").fill("Perlu visum segera (uji).")
    click_and_wait(page, page.get_by_role("button", name="Send the referral"))
    referral = Referral.objects.get()
    assert referral.sections == ["identity", "violence"]
    assert "Sent, waiting for an answer" in page.inner_text("main")
    assert errors == []

    # Hospital staff find it in their inbox, see only what was shared, accept and record the service.
    hospital_page = page_factory(PHONE, bypass_csp=True)
    sign_in(hospital_page, live_server.url, doctor)
    hospital_page.goto(f"{live_server.url}/referrals/")
    no_axe_violations(hospital_page)
    click_and_wait(hospital_page, hospital_page.locator(f"[data-referral='{referral.pk}'] a"))
    fits(hospital_page)
    no_axe_violations(hospital_page)
    shared = hospital_page.locator("[data-shared-sections]").inner_text()
    assert CLIENT in shared and "Physical" in shared
    assert PHONE_NUMBER not in hospital_page.content() and case.number not in hospital_page.content()
    click_and_wait(hospital_page, hospital_page.get_by_role("button", name="Accept the referral"))
    assert "Referral accepted." in hospital_page.inner_text("main")
    hospital_page.locator("select[name=delivery-service_type]").select_option("kesehatan")
    hospital_page.locator("input[name=delivery-delivered_on]").fill(timezone.localdate().isoformat())
    hospital_page.locator("textarea[name=delivery-outcome]").fill("Visum et repertum selesai (uji).")
    click_and_wait(hospital_page, hospital_page.get_by_role("button", name="Record the service"))
    assert "Visum et repertum selesai (uji)." in hospital_page.locator("[data-referral-services]").inner_text()
    assert hospital_page.goto(f"{live_server.url}{case.get_absolute_url()}").status == 404

    # The UPTD case page shows the service and the accepted referral.
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    services = section(page, "services").inner_text()
    assert "Visum et repertum selesai (uji)." in services and "RSUD Contoh (referral journey)" in services
    assert "Accepted" in section(page, "referrals").inner_text()
    assert Referral.objects.get().status == Status.ACCEPTED

    # A user of a third organisation sees nothing.
    outsider_page = page_factory(PHONE, bypass_csp=True)
    sign_in(outsider_page, live_server.url, outsider)
    assert outsider_page.goto(f"{live_server.url}{referral.get_absolute_url()}").status == 404
    assert outsider_page.goto(f"{live_server.url}/api/v1/referrals/{referral.pk}/").status == 404
    outsider_page.goto(f"{live_server.url}/referrals/")
    assert "No referrals." in outsider_page.inner_text("main")


def test_the_referral_form_and_the_report_fit_a_phone_and_pass_axe(live_server, page_factory, unit: Unit):
    case = make_case(unit.organisation, unit.caseworker)
    page = page_factory(PHONE, bypass_csp=True)
    sign_in(page, live_server.url, unit.caseworker)
    for path in (f"/referrals/case/{case.pk}/new/", "/referrals/sent/"):
        page.goto(f"{live_server.url}{path}")
        fits(page)
        no_axe_violations(page)
    boss = page_factory(PHONE, bypass_csp=True)
    sign_in(boss, live_server.url, unit.supervisor)
    boss.goto(f"{live_server.url}/referrals/report/")
    assert "Referral report" in boss.inner_text("main")
    fits(boss)
    no_axe_violations(boss)
