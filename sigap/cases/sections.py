"""The cases app's own sections of the case page and its own lines of the overview card, registered
like any other app's (:mod:`sigap.cases.extensions`).

The case page (``cases:detail``) opens with the overview card (every registered
:class:`~sigap.cases.extensions.OverviewItem`), then the stage area, then a sticky menu of the sections
with their counts, then every registered :class:`~sigap.cases.extensions.Section` in page order. Each
gets ``case``, ``can_edit``, ``can_approve`` and ``user``; a section that needs more has a ``context``
function, ``(request, case) -> dict``, whose result the page merges into the context. Keep each
function to a fixed number of queries (the page has a query budget test) and prefix its keys with the
section name to avoid clashes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from sigap.cases.extensions import OverviewItem, Section, counting
from sigap.cases.views import records
from sigap.cases.views import work as work_views


def _open_tasks(context: Mapping[str, Any]) -> int:
    return sum(1 for row in context.get("tasks", []) if row.state != "done")


def _persons(context: Mapping[str, Any]) -> int:
    case = context["case"]  # victims and perpetrators are prefetched with the case
    return len(case.victims.all()) + len(case.perpetrators.all()) + (1 if case.reporter_id else 0)


def _team(context: Mapping[str, Any]) -> int:
    case = context["case"]
    return len(case.team.all()) + (1 if case.case_manager_id else 0)


CASE_SECTIONS = [
    Section("overview", "cases/sections/overview.html", 10, title=_("Details")),
    Section("tasks", "cases/sections/tasks.html", 20, title=_("Deadlines"), count=_open_tasks),
    Section("persons", "cases/sections/persons.html", 30, column="side", title=_("Persons"), count=_persons),
    Section(
        "assessment",
        "cases/sections/assessment.html",
        50,
        title=_("Assessment"),
        context=work_views.assessment_section,
        count=counting("assessment_records"),
    ),
    Section("plan", "cases/sections/plan.html", 60, title=_("Plan"), context=work_views.plan_section),
    Section(
        "services",
        "cases/sections/services.html",
        70,
        title=_("Services"),
        context=work_views.services_section,
        count=counting("services_list"),
    ),
    Section(
        "follow_ups",
        "cases/sections/follow_ups.html",
        80,
        title=_("Follow-up"),
        context=work_views.follow_ups_section,
        anchor="follow-ups",
        count=counting("follow_ups_list"),
    ),
    Section("closure", "cases/sections/closure.html", 90, title=_("Closure"), context=work_views.closure_section),
    Section(
        "notes",
        "cases/sections/notes.html",
        100,
        title=_("Notes"),
        context=records.notes_section,
        count=counting("notes"),
    ),
    Section(
        "attachments",
        "cases/sections/attachments.html",
        110,
        title=_("Attachments"),
        context=records.attachments_section,
        count=counting("attachments"),
    ),
    Section("team", "cases/sections/team.html", 120, column="side", title=_("Team"), count=_team),
    Section("timeline", "cases/sections/timeline.html", 130, column="side", title=_("Timeline")),
]

# The overview card: the client is its heading; these are its lines (the consent app adds its status).
OVERVIEW_ITEMS = [
    OverviewItem("age", _("Age"), "cases/overview/age.html", 10),
    OverviewItem("stage", _("Stage"), "cases/overview/stage.html", 20),
    OverviewItem("risk", _("Risk"), "cases/overview/risk.html", 30),
    OverviewItem("deadline", _("Next deadline"), "cases/overview/deadline.html", 40, wide=True),
    OverviewItem("manager", _("Case manager"), "cases/overview/manager.html", 60),
]
