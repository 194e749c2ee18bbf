"""Apps plug into a case through one registry (sigap.cases.extensions), filled from their AppConfig.ready."""

from __future__ import annotations

import re

import pytest

from sigap.cases import extensions
from sigap.cases.extensions import CaseExtension, OverviewItem, Section

pytestmark = pytest.mark.django_db


def section_ids(page: str) -> list[str]:
    return re.findall(r'<section id="([^"]+)"', page)


def test_the_case_page_shows_every_apps_section_in_page_order(cast, client, case):
    client.force_login(cast.caseworker)
    page = client.get(case.get_absolute_url()).content.decode()
    assert section_ids(page) == [
        # the main column
        "overview",
        "tasks",
        "assessment",
        "plan",
        "services",
        "referrals",
        "follow-ups",
        "closure",
        "notes",
        "attachments",
        # the side column
        "persons",
        "consent",
        "online",
        "coordination",
        "team",
        "timeline",
    ]
    assert menu_links(page) == [
        "overview",
        "tasks",
        "persons",
        "consent",
        "online",
        "coordination",
        "assessment",
        "plan",
        "services",
        "referrals",
        "follow-ups",
        "closure",
        "notes",
        "attachments",
        "team",
        "timeline",
    ]


def menu_links(page: str) -> list[str]:
    menu = page.split("data-case-menu>")[1].split("</nav>")[0]
    return re.findall(r'class="nav-link" href="#([^"]+)"', menu)


def overview_items(page: str) -> list[str]:
    return re.findall(r'data-overview-item="([^"]+)"', page)


def test_the_overview_card_has_every_apps_lines_in_order(cast, client, case):
    client.force_login(cast.caseworker)
    page = client.get(case.get_absolute_url()).content.decode()
    assert overview_items(page) == ["age", "stage", "risk", "deadline", "consent", "manager"]
    card = page.split("data-case-overview>")[1].split("</header>")[0]
    assert "No consent" not in card and '<span class="badge text-bg-danger">Not recorded</span>' in card


def test_a_new_app_adds_an_overview_line_and_a_counted_menu_entry(cast, client, case, monkeypatch):
    monkeypatch.setattr(extensions, "_EXTENSIONS", dict(extensions._EXTENSIONS))
    extensions.register(
        CaseExtension(
            "wellbeing",
            sections=[
                Section(
                    "wellbeing",
                    "cases/sections/tasks.html",
                    25,
                    title="Wellbeing",
                    context=lambda request, for_case: {"wellbeing_checks": ["a", "b", "c", "d"]},
                    count=extensions.counting("wellbeing_checks"),
                )
            ],
            overview_items=[OverviewItem("wellbeing", "Wellbeing", "cases/overview/manager.html", 35)],
        )
    )
    client.force_login(cast.caseworker)
    page = client.get(case.get_absolute_url()).content.decode()
    assert overview_items(page) == ["age", "stage", "risk", "wellbeing", "deadline", "consent", "manager"]
    assert 'href="#wellbeing">Wellbeing <span class="badge rounded-pill text-bg-light border">4</span></a>' in page
    # A count reads only what the sections loaded: without their context there is no count.
    assert extensions.counting("wellbeing_checks")({}) is None


def test_a_new_app_adds_a_section_with_its_context_and_its_timeline_labels(cast, client, case, monkeypatch):
    monkeypatch.setattr(extensions, "_EXTENSIONS", dict(extensions._EXTENSIONS))
    monkeypatch.setattr(extensions, "_TIMELINE_LABELS", dict(extensions._TIMELINE_LABELS))
    asked = []

    def context(request, for_case):
        asked.append(for_case.pk)
        return {"wellbeing_note": "from the new app"}

    extensions.register(
        CaseExtension(
            "wellbeing",
            sections=[Section("wellbeing", "cases/sections/tasks.html", 25, title="Wellbeing", context=context)],
            timeline_labels={"wellbeing_checked": "Wellbeing checked"},
        )
    )
    client.force_login(cast.caseworker)
    page = client.get(case.get_absolute_url()).content.decode()
    assert section_ids(page)[:4] == ["overview", "tasks", "wellbeing", "assessment"]
    assert 'href="#wellbeing">Wellbeing</a>' in page  # no count: the section did not say how to count
    assert asked == [case.pk]
    assert extensions.timeline_label("wellbeing_checked") == "Wellbeing checked"
    assert extensions.timeline_label("never_named") == "Never named"


def test_each_app_registers_its_closure_retention_export_and_warning_parts():
    registered = {e.key for e in extensions.extensions()}
    assert {"cases", "consent", "online", "referrals", "transfers", "conferences", "learning"} <= registered
    assert [hook.key for hook in extensions.closure_hooks()] == ["referrals", "transfers"]
    assert len(extensions.retention_clearers()) == 4  # online, referrals, transfers, conferences
    assert {export.key for export in extensions.case_exports()} == {
        "online_incidents",
        "online_evidence",
        "takedowns",
        "referrals",
        "transfers",
        "conferences",
    }
    labels = extensions.timeline_labels()
    assert {"opened", "consent_recorded", "referral_sent", "transfer_proposed"} <= set(labels)


def test_an_assignment_warning_comes_from_the_learning_app(cast):
    # The caseworker of the test cast holds no case-management certificate.
    assert extensions.assignment_warnings(cast.caseworker)
