"""Extra context for the sections of the case page.

The case page (``cases:detail``) renders one template per area from
``cases/sections/<name>.html``. Each gets ``case``, ``can_edit``, ``can_approve`` and ``user``; an
area that needs more registers a function here, ``(request, case) -> dict``, whose result the page
merges into the context. Keep each function to a fixed number of queries (the page has a query
budget test) and prefix its keys with the section name to avoid clashes::

    from sigap.cases.views.plan import plan_section

    SECTION_CONTEXT = {
        "plan": plan_section,
    }
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sigap.cases.models import Case
from sigap.cases.views import records
from sigap.cases.views import work as work_views
from sigap.consent.views import consent_section
from sigap.lib.http import SignedInRequest
from sigap.online.views import online_section

SectionContext = Callable[[SignedInRequest, Case], dict[str, Any]]

SECTION_CONTEXT: dict[str, SectionContext] = {
    "notes": records.notes_section,
    "attachments": records.attachments_section,
    "assessment": work_views.assessment_section,
    "plan": work_views.plan_section,
    "services": work_views.services_section,
    "follow_ups": work_views.follow_ups_section,
    "closure": work_views.closure_section,
    "consent": consent_section,
    "online": online_section,
}
