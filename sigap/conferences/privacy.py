"""Case conferences under the data-protection rules (sigap.privacy): what anonymising a case blanks,
and what a victim's person export includes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sigap.cases.extensions import CaseExport
from sigap.cases.models import Case
from sigap.conferences.models import Conference, ConferenceAction, Invitation


def clear_for_retention(case: Case) -> None:
    """Agenda, minutes, decisions, action descriptions and the names of people outside Sigap go; dates,
    statuses, invited organisations and action service types stay."""
    Conference.objects.filter(case=case).update(agenda="", minutes="", decisions="")
    ConferenceAction.objects.filter(conference__case=case).update(description="")
    Invitation.objects.filter(conference__case=case).update(name="", outside_organisation="", role="")


def export_items(case: Case, user: Any) -> list[dict[str, Any]]:
    return [
        {
            "title": c.title,
            "scheduled_at": c.scheduled_at.isoformat(),
            "status": c.status,
            "agenda": c.agenda,
            "minutes": c.minutes,
            "decisions": c.decisions,
        }
        for c in Conference.objects.filter(case=case).order_by("scheduled_at")
    ]


def export_row(item: dict[str, Any]) -> tuple[str, str]:
    return item["scheduled_at"], " ".join(part for part in (item["title"], item["decisions"]) if part)


# The records of this app in a victim's person export (registered by apps.py).
EXPORTS = [
    CaseExport("conferences", lambda: _("Case conference"), export_items, export_row),
]
