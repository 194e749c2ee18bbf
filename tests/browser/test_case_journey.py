"""One case from intake to approved closure, through the real pages, as a caseworker and her supervisor.

Each person signs in to their own browser context. Everything after the setup is done in the pages:
intake, first contact, the comprehensive assessment, the case plan and its approval, a service, a
follow-up, the closure request and its approval. Along the way: no console errors (so no CSP
violation), axe-core on the intake and case pages, and the case page on a 360px screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from sigap.accounts.models import User
from sigap.cases.models import Case, Stage
from sigap.organisations.models import Membership, Organisation, OrganisationKind
from sigap.organisations.roles import Role
from sigap.regions.models import District, Province, Regency, Village
from tests.browser.test_pages import DESKTOP, PASSWORD, PHONE, axe_violations, console_errors, describe, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLIENT_NAME = "Putri Contoh Uji"
PERPETRATOR_NAME = "Budi Contoh Uji"
GOAL = "Putri feels safe at home and at school again"


@dataclass
class Unit:
    organisation: Organisation
    caseworker: User
    supervisor: User


@pytest.fixture
def unit(transactional_db: Any) -> Unit:
    """A regency unit with a caseworker and the supervisor of her membership, both reading English."""
    province = Province.objects.create(code="32", name="Jawa Barat")
    regency = Regency.objects.create(code="32.73", province=province, name="Kota Bandung")
    district = District.objects.create(code="32.73.04", regency=regency, name="Sukajadi")
    Village.objects.create(code="32.73.04.1001", district=district, name="Sukawarna")
    organisation = Organisation.objects.create(
        name="UPTD PPA Kota Bandung (journey test)",
        kind=OrganisationKind.UPTD_PPA_REGENCY,
        province=province,
        regency=regency,
    )
    supervisor = User.objects.create_user(
        email="supervisor.journey@test.sigap.invalid", password=PASSWORD, full_name="Rina Penyelia", language="en"
    )
    caseworker = User.objects.create_user(
        email="caseworker.journey@test.sigap.invalid", password=PASSWORD, full_name="Dewi Pendamping", language="en"
    )
    supervising = Membership.objects.create(user=supervisor, organisation=organisation, role=Role.SUPERVISOR)
    Membership.objects.create(user=caseworker, organisation=organisation, role=Role.CASEWORKER, supervisor=supervising)
    return Unit(organisation, caseworker, supervisor)


def click_and_wait(page: Any, locator: Any) -> None:
    """Click a control that loads a new page (a link or a form's submit button)."""
    with page.expect_navigation():
        locator.click()


def group(page: Any, name: str) -> Any:
    """A fieldset, found by its legend."""
    return page.get_by_role("group", name=name, exact=True)


def section(page: Any, section_id: str) -> Any:
    """One section of the case page (#overview, #tasks, #assessment, #plan ...)."""
    return page.locator(f"section#{section_id}")


def stage_heading(page: Any) -> str:
    return page.locator("#stages-heading").inner_text()


def success_message(page: Any) -> str:
    return page.locator("main .alert-success").inner_text()


def no_horizontal_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a {PHONE['width']}px screen"


def no_axe_violations(page: Any, what: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe-core found accessibility problems on {what}:\n" + describe(violations)


# --- The caseworker's steps -----------------------------------------------------------------


def register_the_case(page: Any, base_url: str, unit: Unit) -> str:
    """Fill the intake form for a child client and register the case; returns the case number."""
    today = timezone.localdate()
    page.goto(f"{base_url}/cases/new/")
    assert page.locator("h1").inner_text() == "New case"

    client = group(page, "1. The client (victim)")
    client.get_by_label("Full name").fill(CLIENT_NAME)
    client.get_by_label("Sex").select_option(label="Female")
    born = client.get_by_role("group", name="Date of birth", exact=True)  # day / month / year
    born.get_by_label("Day").fill("14")
    born.get_by_label("Month").select_option(label="March")
    born.get_by_label("Year").fill(str(today.year - 11))
    # Her village, found with the region picker's search (htmx shows the results and fills the levels).
    page.get_by_text("More about the client").click()
    village = group(page, "Village where the person lives")
    village.get_by_label("Search by name").fill("Sukawarna")
    village.get_by_role("button", name=re.compile("^Sukawarna, Sukajadi, Kota Bandung, Jawa Barat")).click()
    village_select = group(page, "Village where the person lives").get_by_label("Village (desa/kelurahan)")
    page.wait_for_function(
        "id => document.getElementById(id).value === '32.73.04.1001'", arg=village_select.get_attribute("id")
    )

    page.get_by_label("How the case reached us").select_option(label="Walk-in")
    page.get_by_label("The client reported it herself").check()

    happened = group(page, "3. What happened")
    happened.get_by_label("What happened").fill("Her uncle hit her several times at home; a teacher saw bruises.")
    happened.get_by_label("Physical", exact=True).check()
    happened.get_by_label("Psychological", exact=True).check()
    happened.get_by_label("Where it happened (kind of place)").select_option(label="Household")
    happened.get_by_label("Date of the incident").fill((today - timedelta(days=3)).isoformat())
    # The incident's regency, chosen level by level: htmx loads each level's options.
    incident = group(page, "Regency/city where it happened")
    incident.get_by_label("Province").select_option(label="Jawa Barat")
    incident.get_by_label("Regency/city").locator("option", has_text="Kota Bandung").wait_for(state="attached")
    incident.get_by_label("Regency/city").select_option(label="Kota Bandung")

    perpetrator = group(page, "4. Alleged perpetrators")
    perpetrator.get_by_label("Name or description").fill(PERPETRATOR_NAME)
    perpetrator.get_by_label("Relationship to the victim").select_option(label="Family / relative")
    perpetrator.get_by_label("Sex").select_option(label="Male")
    perpetrator.get_by_label("Age (about)").fill("42")

    risk = group(page, "5. Risk")
    risk.get_by_role("combobox", name="Risk level", exact=True).select_option(label="High")
    risk.get_by_label("Why this risk level").fill("She lives with the perpetrator and the violence is repeated.")
    page.get_by_role("searchbox", name="Case manager").press_sequentially(unit.caseworker.full_name)
    page.locator("#id_case_manager_results").get_by_label(unit.caseworker.full_name).check()

    click_and_wait(page, page.get_by_role("button", name="Register the case"))
    case = Case.objects.get(organisation=unit.organisation)
    assert page.url == f"{base_url}/cases/{case.pk}/"
    assert re.fullmatch(r"3273-\d{4}-00001", case.number)
    assert success_message(page) == f"Case {case.number} was registered."
    assert page.locator("h1").inner_text() == f"{case.number} · {CLIENT_NAME}"
    assert stage_heading(page) == "Stage 1 of 6: Identification & registration"
    persons = section(page, "persons").inner_text()
    assert CLIENT_NAME in persons and PERPETRATOR_NAME in persons and "Family / relative" in persons
    overview = section(page, "overview").inner_text()
    assert "Physical, Psychological" in overview and "Kota Bandung" in overview
    assert "Case manager\n" + unit.caseworker.full_name in page.locator("main header").inner_text()
    # The picker's choice reached the record, not only the page.
    assert case.victims.get().person.village_id == "32.73.04.1001"
    return case.number


def assess(page: Any, case_url: str) -> None:
    """First contact done, then the comprehensive assessment, completed: the case moves to planning."""
    tasks = section(page, "tasks")
    # A confirm step with a note of what was done, not a one-click button.
    click_and_wait(page, tasks.get_by_role("link", name=re.compile(r"^Mark done\s*: First contact")))
    page.get_by_label("What was done").fill("Phoned the aunt; the child stays with her tonight.")
    page.get_by_label("I confirm this task was really done.").check()
    click_and_wait(page, page.get_by_role("button", name="Mark done"))
    assert success_message(page) == "The task is marked done."
    assert tasks.locator("li", has_text="First contact / safety action").get_by_text("Done", exact=True).is_visible()

    click_and_wait(page, section(page, "assessment").get_by_role("button", name="Start the assessment"))
    assert page.locator("h1").inner_text() == "Comprehensive assessment"
    findings = {
        "Safety": "Lives with the alleged perpetrator; an aunt nearby can take her in.",
        "Health": "Bruises on both arms, examined at the puskesmas.",
        "Psychosocial": "Withdrawn at school, sleeps badly.",
        "Best interests (children)": "Stay with the aunt while the family is assessed; keep her in her school.",
    }
    for domain, text in findings.items():
        fieldset = group(page, domain)
        fieldset.get_by_label("Findings").fill(text)
        fieldset.get_by_label("Needs").fill("Support for " + domain.lower())
        fieldset.get_by_label("Priority").select_option(label="High")
    page.get_by_label("Summary").fill("A child at high risk at home; safe placement with her aunt is possible.")
    assert page.get_by_role("combobox", name="Risk level", exact=True).input_value() == "high"
    click_and_wait(page, page.get_by_role("button", name="Save and complete"))
    assert page.url.startswith(case_url)
    assert success_message(page) == "The assessment was completed."
    assert stage_heading(page) == "Stage 3 of 6: Case planning"


def plan_and_submit(page: Any, unit: Unit) -> None:
    """One goal with one action for the own unit, due in two weeks, sent to the supervisor."""
    click_and_wait(page, section(page, "plan").get_by_role("button", name="Start the case plan"))
    assert page.locator("h1").inner_text() == "Case plan, version 1"
    # The plan starts from the assessment's needs, one goal each (all four were high priority, so in
    # the domains' order); this journey keeps the first, reworded, and removes the others.
    proposed = [page.get_by_label("Goal", exact=True).nth(n).input_value() for n in range(4)]
    assert proposed == [
        f"Support for {domain}" for domain in ("safety", "health", "psychosocial", "best interests (children)")
    ]
    for n in (2, 3, 4):
        group(page, f"Goal {n}").get_by_label("Remove this goal").check()
    goal = group(page, "Goal 1")
    goal.get_by_label("Goal", exact=True).fill(GOAL)
    action = goal.get_by_role("group", name="Action 1", exact=True)
    action.get_by_label("Service").select_option(label="Psychological support / counselling")
    action.get_by_label("What will be done").fill("Weekly counselling with the unit's psychologist.")
    action.get_by_label("Responsible organisation").select_option(label=unit.organisation.name)
    action.get_by_role("searchbox", name="Responsible person").fill(unit.caseworker.full_name)  # looked up on submit
    action.get_by_label("Due by").fill((timezone.localdate() + timedelta(days=14)).isoformat())
    click_and_wait(page, page.get_by_role("button", name="Save and submit for approval"))
    assert success_message(page) == "The plan was sent to the supervisor for approval."
    assert page.locator("main .badge").first.inner_text() == "Waiting for approval"
    assert f"Submitted by {unit.caseworker.full_name}" in page.locator("main").inner_text()


def deliver_and_follow_up(page: Any, case_url: str) -> None:
    """A service of the plan, the step to follow-up, and a follow-up that lowers the risk."""
    page.goto(case_url)
    assert stage_heading(page) == "Stage 4 of 6: Implementing the plan"
    click_and_wait(page, section(page, "services").get_by_role("link", name="Record a service"))
    page.get_by_label("Service").select_option(label="Psychological support / counselling")
    assert page.get_by_label("Our unit").is_checked()
    page.get_by_label("Action of the plan").select_option(index=1)
    page.get_by_label("Outcome").fill("First counselling session; she talked about school.")
    click_and_wait(page, page.get_by_role("button", name="Save"))
    assert success_message(page) == "The service was recorded."
    assert "Psychological support / counselling" in section(page, "services").inner_text()

    click_and_wait(page, page.get_by_role("button", name="Move to stage 5: Follow-up & review"))
    assert success_message(page) == "The case moved to the next stage."
    assert stage_heading(page) == "Stage 5 of 6: Follow-up & review"

    click_and_wait(page, section(page, "follow-ups").get_by_role("link", name="Record a follow-up"))
    page.get_by_role("combobox", name="How", exact=True).select_option(label="Home visit")
    page.get_by_label(f"Progress on “{GOAL}”").fill("She sleeps better and goes to school every day.")
    page.get_by_label("Progress overall").fill("Living with her aunt; counselling continues.")
    group(page, "Risk level now").get_by_label("Low").check()
    page.get_by_label("New risks").fill("None: the uncle moved to another city.")
    click_and_wait(page, page.get_by_role("button", name="Save"))
    assert success_message(page) == "The follow-up was recorded."
    assert "Home visit" in section(page, "follow-ups").inner_text()
    assert "Risk\nLow" in page.locator("main header").inner_text()


def ask_to_close(page: Any) -> None:
    click_and_wait(page, page.locator("[data-stage-area]").get_by_role("link", name="Ask to close the case"))
    page.get_by_label("Reason for closing").select_option(label="Goals met")
    checklist = group(page, "Closure checklist").get_by_role("checkbox")
    assert checklist.count() == 5
    for index in range(checklist.count()):
        checklist.nth(index).check()
    click_and_wait(page, page.get_by_role("button", name="Send to the supervisor"))
    assert success_message(page) == "The closure request was sent to the supervisor."
    closure = section(page, "closure").inner_text()
    assert "asked to close the case: Goals met" in closure
    assert "Waiting for the supervisor's approval." in closure


# --- The supervisor's steps -----------------------------------------------------------------


def open_from_approvals(page: Any, base_url: str, number: str, what: str) -> None:
    """From "My work", open the case whose plan or closure waits for approval."""
    page.goto(f"{base_url}/")
    waiting = page.locator("[data-approval]")
    assert waiting.count() == 1
    entry = waiting.inner_text()
    assert entry.startswith(what) and f"· {number}" in entry, entry  # what waits, the client, the case
    click_and_wait(page, waiting.get_by_role("link", name=number))


def approve_plan(page: Any, base_url: str, number: str, unit: Unit) -> None:
    open_from_approvals(page, base_url, number, "Case plan, version 1")
    click_and_wait(page, section(page, "plan").get_by_role("link", name="Review the plan and decide"))
    assert GOAL in page.locator("main").inner_text()
    page.get_by_label("Comment").fill("Good plan. Check school attendance at each visit.")
    click_and_wait(page, page.get_by_role("button", name="Approve the plan"))
    assert success_message(page) == "The plan was approved."
    assert f"approved by {unit.supervisor.full_name}" in section(page, "plan").inner_text()
    assert stage_heading(page) == "Stage 4 of 6: Implementing the plan"


def approve_closure(page: Any, base_url: str, number: str) -> None:
    open_from_approvals(page, base_url, number, "Closure request")
    click_and_wait(page, section(page, "closure").get_by_role("link", name="Review the closure request and decide"))
    assert page.locator("h1").inner_text() == "Closure request"
    click_and_wait(page, page.get_by_role("button", name="Approve and close the case"))
    assert success_message(page) == "The case is closed."
    assert page.locator("main header .badge").first.inner_text() == "Closed"
    assert stage_heading(page) == "Stage 6 of 6: Closed"
    closure = section(page, "closure").inner_text()
    assert re.search(r"^Closed .+\.$", closure, re.MULTILINE) and "Goals met · Approved" in closure
    latest = section(page, "timeline").locator("li").first.inner_text()
    assert latest.startswith("Stage changed")
    assert "Closure approved" in section(page, "timeline").inner_text()
    page.goto(f"{base_url}/")
    assert page.locator("[data-approval]").count() == 0


def whole_timeline(page: Any, case_url: str) -> list[str]:
    """The labels of every event on the case's timeline, oldest first, read page by page."""
    page.goto(case_url)
    click_and_wait(page, section(page, "timeline").get_by_role("link", name="Show the whole timeline"))
    labels: list[str] = []
    while True:
        labels += page.locator("main ol.list-unstyled > li > .fw-semibold").all_inner_texts()
        following = page.get_by_role("navigation", name="Pages").get_by_role("link", name="Next")
        if not following.count():
            return labels[::-1]
        click_and_wait(page, following)


def in_order(wanted: list[str], events: list[str]) -> bool:
    """``wanted`` appear in ``events`` in this order (with anything in between)."""
    remaining = iter(events)
    return all(label in remaining for label in wanted)


def test_caseworker_and_supervisor_take_a_case_from_intake_to_approved_closure(live_server, page_factory, unit):
    base_url = live_server.url
    caseworker = page_factory(DESKTOP)
    caseworker_errors = console_errors(caseworker)
    sign_in(caseworker, base_url, unit.caseworker)
    supervisor = page_factory(DESKTOP)
    supervisor_errors = console_errors(supervisor)
    sign_in(supervisor, base_url, unit.supervisor)
    # axe-core is injected as a script, which the Content Security Policy rightly refuses elsewhere.
    auditor = page_factory(DESKTOP, bypass_csp=True)
    sign_in(auditor, base_url, unit.caseworker)
    auditor.goto(f"{base_url}/cases/new/")
    no_axe_violations(auditor, "the intake page")

    number = register_the_case(caseworker, base_url, unit)
    case_url = caseworker.url
    auditor.goto(case_url)
    no_axe_violations(auditor, "a new case's page")

    assess(caseworker, case_url)
    plan_and_submit(caseworker, unit)
    approve_plan(supervisor, base_url, number, unit)
    # The case page of a case under way, with its plan, deadlines and forms, on a small phone.
    caseworker.set_viewport_size(PHONE)
    caseworker.goto(case_url)
    no_horizontal_scroll(caseworker)
    caseworker.set_viewport_size(DESKTOP)
    deliver_and_follow_up(caseworker, case_url)
    ask_to_close(caseworker)
    approve_closure(supervisor, base_url, number)

    case = Case.objects.get(number=number)
    assert case.stage == Stage.CLOSED
    assert case.closed_at is not None
    caseworker.goto(case_url)
    assert stage_heading(caseworker) == "Stage 6 of 6: Closed"
    assert caseworker.get_by_role("link", name="Record a service").count() == 0
    events = whole_timeline(caseworker, case_url)
    journey = [
        "Case registered",
        "Task done",
        "Assessment started",
        "Assessment completed",
        "Case plan submitted for approval",
        "Case plan approved",
        "Service recorded",
        "Follow-up recorded",
        "Closure requested",
        "Closure approved",
        "Stage changed",
    ]
    assert in_order(journey, events), f"the timeline misses a step of the journey or has it out of order: {events}"
    assert events.count("Stage changed") == 5, events

    auditor.goto(case_url)
    no_axe_violations(auditor, "a closed case's page")
    caseworker.set_viewport_size(PHONE)
    caseworker.goto(case_url)
    no_horizontal_scroll(caseworker)

    # No console error on any page of the journey: no CSP violation, no missing asset, no script error.
    assert caseworker_errors == []
    assert supervisor_errors == []
