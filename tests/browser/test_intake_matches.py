"""The intake's likely-duplicate check in a real browser: typing a NIK shows the match, and what was
typed goes in a POST body, never into a web address the browser requests (issue #12)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sigap.accounts.models import User
from sigap.cases.tests.factories import make_case
from sigap.organisations.models import Membership, Organisation, OrganisationKind
from sigap.organisations.roles import Role
from sigap.regions.models import District, Province, Regency
from tests.browser.test_pages import DESKTOP, PASSWORD, console_errors, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NIK = "3273045403120009"


@pytest.fixture
def worker(transactional_db: Any) -> User:
    province = Province.objects.create(code="32", name="Jawa Barat")
    regency = Regency.objects.create(code="32.73", province=province, name="Kota Bandung")
    District.objects.create(code="32.73.04", regency=regency, name="Sukajadi")
    org = Organisation.objects.create(
        name="UPTD PPA Kota Bandung (intake browser test)",
        kind=OrganisationKind.UPTD_PPA_REGENCY,
        province=province,
        regency=regency,
    )
    user = User.objects.create_user(email="sari@test.sigap.invalid", password=PASSWORD, full_name="Sari Uji")
    Membership.objects.create(user=user, organisation=org, role=Role.CASEWORKER)
    make_case(org, user, victim_values={"full_name": "Melati Contoh", "nik": NIK, "date_of_birth": date(2012, 3, 14)})
    return user


def test_typing_a_nik_shows_the_match_without_putting_it_in_any_address(live_server, page_factory, worker):
    page = page_factory(DESKTOP)
    errors = console_errors(page)
    addresses: list[str] = []
    page.on("request", lambda request: addresses.append(request.url))
    sign_in(page, live_server.url, worker)
    page.goto(f"{live_server.url}/cases/new/")
    page.locator("#id_client-nik").fill(NIK)
    page.locator("#client-matches").get_by_text("Melati Contoh").wait_for()
    assert "NIK sama" in page.locator("#client-matches").inner_text()  # the browser asks for Indonesian
    assert any("/cases/new/matches/" in url for url in addresses)
    assert not [url for url in addresses if NIK in url]
    assert errors == []


def test_the_date_of_birth_is_typed_as_day_month_year_and_feeds_the_duplicate_check(live_server, browser, worker):
    # An English-language phone browser: the parts and the month names still follow the user's
    # language (Indonesian), not the browser's, unlike <input type="date">.
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-US")
    try:
        page = context.new_page()
        errors = console_errors(page)
        sign_in(page, live_server.url, worker)
        page.goto(f"{live_server.url}/cases/new/")
        assert page.locator("#id_client-date_of_birth").count() == 0  # no browser date picker
        dob = page.get_by_role("group", name="Tanggal lahir")
        assert dob.get_by_label("Bulan").locator("option").nth(3).inner_text() == "Maret"
        page.locator("#id_client-full_name").fill("Melati Contoh")
        dob.get_by_label("Tanggal", exact=True).fill("14")
        dob.get_by_label("Bulan").select_option(label="Maret")

        def with_the_date(request: Any) -> bool:
            body = request.post_data or ""
            return "/cases/new/matches/" in request.url and "client-date_of_birth_year=2012" in body

        with page.expect_request(with_the_date) as sent:
            dob.get_by_label("Tahun").fill("2012")
            dob.get_by_label("Tahun").blur()
        body = sent.value.post_data or ""
        assert "client-date_of_birth_day=14" in body and "client-date_of_birth_month=3" in body
        page.locator("#client-matches").get_by_text("Melati Contoh").wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert errors == []
    finally:
        context.close()
