"""A transfer through the real pages on a 360px phone: the case manager proposes to transfer a case
to another unit (consent covers it); that unit's supervisor finds it on "My work", sees only the
summary, accepts and names a case manager, who then opens the case under its new number. And a case
conference scheduled from the case page, with a police unit invited that reads its record only."""

from __future__ import annotations

from typing import Any

import pytest

from sigap.accounts.models import User
from sigap.cases.models import Case
from sigap.cases.tests.factories import make_case, make_person
from sigap.consent.actions import record_consent
from sigap.consent.tests.factories import consent_input
from sigap.organisations.models import Membership, Organisation, OrganisationKind
from sigap.regions.models import Province, Regency
from sigap.transfers.models import Transfer
from tests.browser.test_case_journey import PASSWORD, Unit, click_and_wait
from tests.browser.test_case_journey import unit as unit
from tests.browser.test_consent_journey import fits
from tests.browser.test_pages import PHONE, axe_violations, console_errors, describe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def member(email: str, name: str, organisation: Organisation, role: str, supervisor: Any = None) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, full_name=name, language="en")
    Membership.objects.create(user=user, organisation=organisation, role=role, supervisor=supervisor)
    return user


def test_a_case_is_proposed_and_accepted_by_another_unit_on_a_phone(live_server, page_factory, unit: Unit):
    ntb = Province.objects.create(code="52", name="Nusa Tenggara Barat")
    mataram = Organisation.objects.create(
        name="UPTD PPA Kota Mataram (journey)",
        kind=OrganisationKind.UPTD_PPA_REGENCY,
        province=ntb,
        regency=Regency.objects.create(code="52.71", province=ntb, name="Kota Mataram"),
    )
    boss = member("supervisor.mataram@test.sigap.invalid", "Lalu Penyelia", mataram, "supervisor")
    boss_membership = Membership.objects.get(user=boss)
    worker = member("caseworker.mataram@test.sigap.invalid", "Baiq Pendamping", mataram, "caseworker", boss_membership)
    case = make_case(unit.organisation, unit.caseworker, victim_values={"full_name": "Sekar Perjalanan"})
    mother = make_person(unit.organisation, unit.caseworker, full_name="Ibu Perjalanan", sex="female")
    record_consent(
        case,
        actor=unit.caseworker,
        person=case.victims.get().person,
        data=consent_input(mother, share_organisations=[mataram]),
    )

    page = page_factory(PHONE)
    errors = console_errors(page)
    sign_in(page, live_server.url, unit.caseworker)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    click_and_wait(page, page.get_by_role("link", name="Propose a transfer to another organisation"))
    fits(page)
    page.get_by_label("Transfer to").select_option(str(mataram.pk))
    page.get_by_label("Reason for the transfer").fill("Keluarga pindah ke Mataram.")
    click_and_wait(page, page.get_by_role("button", name="Propose the transfer"))
    assert "Waiting for the receiving organisation" in page.inner_text("main")
    assert errors == []

    decider = page_factory(PHONE, bypass_csp=True)
    sign_in(decider, live_server.url, boss)
    waiting = decider.locator("[data-transfer]")
    assert waiting.count() == 1
    click_and_wait(decider, waiting.get_by_role("link").first)
    fits(decider)
    text = decider.inner_text("main")
    assert case.number in text and "Sekar Perjalanan" not in text
    violations = axe_violations(decider)
    assert violations == [], describe(violations)
    decider.get_by_role("searchbox", name="New case manager").fill(worker.email)  # looked up on submit
    click_and_wait(decider, decider.get_by_role("button", name="Accept the transfer"))
    case = Case.objects.get(pk=case.pk)
    assert case.organisation == mataram and case.case_manager == worker
    assert Transfer.objects.get().status == Transfer.Status.ACCEPTED

    new_manager = page_factory(PHONE)
    sign_in(new_manager, live_server.url, worker)
    new_manager.goto(f"{live_server.url}{case.get_absolute_url()}")
    text = new_manager.inner_text("main")
    assert case.number in text and "Sekar Perjalanan" in text


def test_a_conference_is_scheduled_and_read_by_an_invited_unit_on_a_phone(live_server, page_factory, unit: Unit):
    from sigap.conferences.models import Conference

    police = Organisation.objects.create(
        name="Unit PPA Polrestabes (journey)", kind=OrganisationKind.POLICE_PPA, province=unit.organisation.province
    )
    officer = member("officer.journey@test.sigap.invalid", "Aditya Penyidik", police, "caseworker")
    case = make_case(unit.organisation, unit.caseworker, victim_values={"full_name": "Sekar Konferensi"})
    mother = make_person(unit.organisation, unit.caseworker, full_name="Ibu Konferensi", sex="female")
    record_consent(
        case,
        actor=unit.caseworker,
        person=case.victims.get().person,
        data=consent_input(mother, share_organisations=[police]),
    )
    page = page_factory(PHONE, bypass_csp=True)
    sign_in(page, live_server.url, unit.caseworker)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    click_and_wait(page, page.locator("#coordination").get_by_role("link", name="Conferences on this case"))
    click_and_wait(page, page.get_by_role("link", name="Schedule a conference"))
    fits(page)
    page.get_by_label("Title").fill("Rapat koordinasi")
    page.get_by_label("Date and time").fill("2026-12-01T10:00")
    page.get_by_label("Agenda").fill("Keamanan anak dan proses hukum")
    click_and_wait(page, page.get_by_role("button", name="Schedule"))
    page.locator("summary", has_text="Invite").click()
    page.get_by_label("Organisation on Sigap").select_option(str(police.pk))
    click_and_wait(page, page.locator("form[action$='/invite/'] button"))
    assert "Unit PPA Polrestabes (journey)" in page.locator("#invited-heading + ul").inner_text()
    fits(page)
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    conference = Conference.objects.get()
    guest = page_factory(PHONE, bypass_csp=True)
    sign_in(guest, live_server.url, officer)
    guest.goto(f"{live_server.url}{conference.get_absolute_url()}")
    text = guest.inner_text("main")
    assert "Keamanan anak dan proses hukum" in text and "Sekar Konferensi" not in text
    fits(guest)
    violations = axe_violations(guest)
    assert violations == [], describe(violations)
