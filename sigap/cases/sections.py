"""The cases app's own sections of the case page, registered like any other app's
(:mod:`sigap.cases.extensions`).

The case page (``cases:detail``) renders every registered :class:`~sigap.cases.extensions.Section`
in page order. Each gets ``case``, ``can_edit``, ``can_approve`` and ``user``; a section that needs
more has a ``context`` function, ``(request, case) -> dict``, whose result the page merges into the
context. Keep each function to a fixed number of queries (the page has a query budget test) and
prefix its keys with the section name to avoid clashes.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sigap.cases.extensions import Section
from sigap.cases.views import records
from sigap.cases.views import work as work_views

CASE_SECTIONS = [
    Section("overview", "cases/sections/overview.html", 10, title=_("Overview")),
    Section("tasks", "cases/sections/tasks.html", 20, title=_("Deadlines")),
    Section("persons", "cases/sections/persons.html", 30, column="side", title=_("Persons")),
    Section(
        "assessment", "cases/sections/assessment.html", 50, title=_("Assessment"), context=work_views.assessment_section
    ),
    Section("plan", "cases/sections/plan.html", 60, title=_("Plan"), context=work_views.plan_section),
    Section("services", "cases/sections/services.html", 70, title=_("Services"), context=work_views.services_section),
    Section(
        "follow_ups",
        "cases/sections/follow_ups.html",
        80,
        title=_("Follow-up"),
        context=work_views.follow_ups_section,
        anchor="follow-ups",
    ),
    Section("closure", "cases/sections/closure.html", 90, title=_("Closure"), context=work_views.closure_section),
    Section("notes", "cases/sections/notes.html", 100, title=_("Notes"), context=records.notes_section),
    Section(
        "attachments",
        "cases/sections/attachments.html",
        110,
        title=_("Attachments"),
        context=records.attachments_section,
    ),
    Section("team", "cases/sections/team.html", 120, column="side", title=_("Team")),
    Section("timeline", "cases/sections/timeline.html", 130, column="side", title=_("Timeline")),
]
