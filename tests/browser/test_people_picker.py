"""Choosing a case manager by typing, in a real browser on a 360 px phone: the matches appear as the
supervisor types (htmx, CSP on), are chosen with the keyboard, and the assignment goes through the
verb; without JavaScript the typed name is looked up on submit, with a choose step when several
match. Checked with axe-core, no console errors."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sigap.accounts.models import User
from sigap.cases.models import Case
from sigap.cases.tests.factories import make_case
from sigap.organisations.models import Membership
from sigap.organisations.roles import Role
from tests.browser.test_case_journey import Unit, click_and_wait
from tests.browser.test_case_journey import unit as unit
from tests.browser.test_pages import PHONE, console_errors, sign_in
from tests.browser.test_referral_journey import fits, no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def staffed_case(unit: Unit, count: int = 30) -> Case:
    """A case of ``unit.caseworker`` in an organisation with ``count`` more caseworkers "Ayu Staf NN"."""
    boss = Membership.objects.get(user=unit.supervisor, organisation=unit.organisation)
    users = User.objects.bulk_create(
        User(email=f"ayu.staf{i:02d}@test.sigap.invalid", full_name=f"Ayu Staf {i:02d}") for i in range(count)
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=unit.organisation, role=Role.CASEWORKER, supervisor=boss) for user in users
    )
    return make_case(unit.organisation, unit.caseworker)


def test_the_supervisor_types_a_name_and_chooses_the_case_manager_with_the_keyboard(
    live_server, page_factory, unit: Unit
):
    case = staffed_case(unit)
    page = page_factory(PHONE, bypass_csp=False)
    errors = console_errors(page)
    sign_in(page, live_server.url, unit.supervisor)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    fits(page)
    assert page.locator("select[name=case_manager]").count() == 0
    page.locator("#assign-form summary").click()  # the form opens on demand
    box = page.get_by_role("searchbox", name="Case manager")
    box.press_sequentially("ayu", delay=30)
    results = page.locator("#id_case_manager_results")
    results.locator("input[type=radio]").first.wait_for()
    assert results.locator("input[type=radio]").count() == 10
    assert "type more of the name" in results.inner_text()
    box.press_sequentially(" 07", delay=30)
    expect(results.locator("input[type=radio]")).to_have_count(1)
    assert "ayu.staf07@test.sigap.invalid" in results.inner_text()
    fits(page)
    box.fill("")
    box.press_sequentially("ayu staf 0", delay=30)
    expect(results.locator("input[type=radio]")).to_have_count(10)
    expect(results.get_by_label("Ayu Staf 00")).to_be_visible()
    page.keyboard.press("Tab")  # from the box to the matches
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    assert results.get_by_label("Ayu Staf 01").is_checked()
    click_and_wait(page, page.get_by_role("button", name="Assign", exact=True))
    case.refresh_from_db()
    assert case.case_manager.full_name == "Ayu Staf 01"
    assert "Ayu Staf 01 now manages this case." in page.locator("main").inner_text()
    assert errors == []

    # axe-core is injected as a script, which the CSP blocks: checked on a second page, with matches shown.
    checked = page_factory(PHONE, bypass_csp=True)
    sign_in(checked, live_server.url, unit.supervisor)
    checked.goto(f"{live_server.url}{case.get_absolute_url()}")
    checked.locator("#team-form summary").click()
    checked.get_by_role("searchbox", name="Colleague").press_sequentially("ayu", delay=30)
    checked.locator("#id_user_results input[type=radio]").first.wait_for()
    no_axe_violations(checked)


def test_without_javascript_a_typed_name_is_looked_up_with_a_choose_step(live_server, browser, unit: Unit):
    case = staffed_case(unit, count=3)
    context = browser.new_context(viewport=PHONE, locale="id-ID", java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, live_server.url, unit.supervisor)
        page.goto(f"{live_server.url}{case.get_absolute_url()}")
        page.locator("#assign-form summary").click()  # <details> opens without JavaScript too
        page.get_by_role("searchbox", name="Case manager").fill("ayu staf")
        click_and_wait(page, page.get_by_role("button", name="Assign", exact=True))
        assert "Several people match" in page.locator("main").inner_text()
        fits(page)
        page.get_by_label("Ayu Staf 02").check()
        click_and_wait(page, page.get_by_role("button", name="Save"))
        case.refresh_from_db()
        assert case.case_manager.full_name == "Ayu Staf 02"
    finally:
        context.close()
