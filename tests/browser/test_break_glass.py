"""Break-glass in Chromium: a supervisor opens a case outside their scope with a reason, on a 360 px
screen, and reads it without any way to change it; the case manager then sees the opening on My
work and on "Who viewed this case"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from sigap.accounts.models import User
from sigap.audit.models import AccessAction, AccessLog
from sigap.cases.models import Case
from sigap.cases.tests.factories import make_case
from sigap.organisations.models import Membership, Organisation, OrganisationKind
from sigap.organisations.roles import Role
from sigap.regions.models import Province, Regency
from tests.browser.test_pages import PASSWORD, PHONE, axe_violations, console_errors, describe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Manajer kasus sakit dan klien menelepon meminta pendampingan hari ini (sintetis)."
# Every control that changes a case, as the case manager sees it on the case page.
EDIT_CONTROLS = (
    "main form[method=post][action*='/cases/'], "
    "main a[href$='/edit/'], main a[href*='/new/'], main a[href*='/add/'], main a[href*='/notes/']"
)


@dataclass
class Unit:
    organisation: Organisation
    supervisor: User
    case_manager: User
    case: Case


@pytest.fixture
def unit(transactional_db: Any) -> Unit:
    """A case managed by a caseworker whom the supervisor does not supervise: outside her scope."""
    province = Province.objects.create(code="32", name="Jawa Barat")
    regency = Regency.objects.create(code="32.73", province=province, name="Kota Bandung")
    organisation = Organisation.objects.create(
        name="UPTD PPA Kota Bandung (break-glass test)",
        kind=OrganisationKind.UPTD_PPA_REGENCY,
        province=province,
        regency=regency,
    )
    supervisor = User.objects.create_user(
        email="supervisor.glass@test.sigap.invalid", password=PASSWORD, full_name="Rina Penyelia", language="en"
    )
    case_manager = User.objects.create_user(
        email="caseworker.glass@test.sigap.invalid", password=PASSWORD, full_name="Dewi Pendamping", language="en"
    )
    Membership.objects.create(user=supervisor, organisation=organisation, role=Role.SUPERVISOR)
    Membership.objects.create(user=case_manager, organisation=organisation, role=Role.CASEWORKER)
    case = make_case(organisation, case_manager)
    return Unit(organisation, supervisor, case_manager, case)


def test_supervisor_opens_a_case_outside_her_scope_read_only_and_the_case_manager_sees_it(
    live_server, page_factory, unit
):
    case_url = f"{live_server.url}{unit.case.get_absolute_url()}"

    # The case manager's own view of the case has controls that change it (the check below means something).
    manager = page_factory(PHONE)
    sign_in(manager, live_server.url, unit.case_manager)
    manager.goto(case_url)
    assert manager.locator(EDIT_CONTROLS).count() > 0
    assert manager.get_by_role("link", name="Change risk or forms of violence").count() == 1

    # The supervisor is offered break-glass instead of "not found", on a 360 px screen, accessibly.
    supervisor = page_factory(PHONE, bypass_csp=True)
    sign_in(supervisor, live_server.url, unit.supervisor)
    supervisor.goto(case_url)
    assert supervisor.get_by_role("heading", name="Open this case by break-glass").is_visible()
    width = supervisor.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the break-glass page is {width}px wide on a {PHONE['width']}px screen"
    violations = axe_violations(supervisor)
    assert violations == [], "axe-core found accessibility problems on the break-glass page:\n" + describe(violations)

    # A reason opens the case, read-only (the offer itself answers 403, so errors count from here).
    errors = console_errors(supervisor)
    supervisor.get_by_label("Reason").fill(REASON)
    with supervisor.expect_navigation():
        supervisor.get_by_role("button", name="Open the case").click()
    assert supervisor.url == case_url
    assert supervisor.locator("[data-break-glass]").is_visible()
    assert "You can read it, not change it" in supervisor.locator("[data-break-glass]").inner_text()
    assert unit.case.number in supervisor.locator("h1").inner_text()
    assert supervisor.locator(EDIT_CONTROLS).count() == 0
    assert supervisor.get_by_role("link", name="Change risk or forms of violence").count() == 0
    width = supervisor.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the case page is {width}px wide on a {PHONE['width']}px screen"
    assert errors == []
    opening = AccessLog.objects.get(action=AccessAction.BREAK_GLASS)
    assert (opening.user, opening.case_id, opening.reason) == (unit.supervisor, unit.case.pk, REASON)

    # The case manager sees the opening on My work, with its reason, and on "Who viewed this case".
    manager.goto(f"{live_server.url}/")
    notice = manager.locator("[data-break-glass-notices]")
    assert notice.is_visible()
    assert "Your cases opened by break-glass" in notice.inner_text()
    assert "Rina Penyelia" in notice.inner_text() and REASON in notice.inner_text()
    with manager.expect_navigation():
        notice.get_by_role("link", name="Who viewed this case").click()
    row = manager.locator("tr[data-access].table-warning")
    assert row.count() == 1
    assert "Break-glass opening" in row.inner_text()
    assert "Rina Penyelia" in row.inner_text() and REASON in row.inner_text()
