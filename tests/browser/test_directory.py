"""The service directory in Chromium: it fits a 360 px screen and passes axe's WCAG AA rules."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from sigap.directory.tests.factories import make_service
from sigap.organisations.roles import Role
from tests.browser import test_pages
from tests.browser.test_pages import PHONE, VIEWPORTS, axe_violations, describe, sign_in

caseworker = test_pages.caseworker  # the fixture, shared with the other page tests

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def service(caseworker: Any) -> Any:
    organisation = caseworker.memberships.get().organisation
    return make_service(
        organisation,
        "Konseling Psikologis Anak dan Remaja (sintetis)",
        service_types=["psikologis", "pendampingan", "pengaduan"],
        opening_hours="Senin–Sabtu 09.00–15.00 WIB, dengan janji temu",
        area_regencies=[organisation.regency],
    )


def pages(service: Any) -> list[str]:
    return ["/services/", f"/services/{service.pk}/", "/directory/"]


@pytest.mark.parametrize("viewport", VIEWPORTS)
@override_settings(SIGAP_PUBLIC_DIRECTORY=True)
def test_directory_pages_fit_a_phone_and_have_no_wcag_aa_violations(
    live_server,
    page_factory,
    caseworker,
    service,
    viewport,
):
    page = page_factory(viewport, bypass_csp=True)
    sign_in(page, live_server.url, caseworker)
    for path in pages(service):
        page.goto(f"{live_server.url}{path}")
        violations = axe_violations(page)
        assert violations == [], f"axe-core found accessibility problems on {path}:\n" + describe(violations)
        if viewport == PHONE:
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{path} is {width}px wide on a {PHONE['width']}px screen"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_service_form_fits_a_phone_and_has_no_wcag_aa_violations(
    live_server,
    page_factory,
    caseworker,
    service,
    viewport,
):
    admin = caseworker.memberships.get()
    admin.role = Role.ORG_ADMIN
    admin.save()
    page = page_factory(viewport, bypass_csp=True)
    sign_in(page, live_server.url, caseworker)
    for path in (f"/services/{service.pk}/edit/", f"/services/organisation/{service.organisation_id}/new/"):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("main form input[name=name]").count() == 1, path
        violations = axe_violations(page)
        assert violations == [], f"axe-core found accessibility problems on {path}:\n" + describe(violations)
        if viewport == PHONE:
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{path} is {width}px wide on a {PHONE['width']}px screen"
