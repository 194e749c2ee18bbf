"""Transfers under the data-protection rules (sigap.privacy): what anonymising a case blanks, and what
a victim's person export includes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sigap.cases.extensions import CaseExport
from sigap.cases.models import Case
from sigap.transfers.models import Transfer


def clear_for_retention(case: Case) -> None:
    """The reason and the decision's comment go; who moved the case where, and when, stays."""
    Transfer.objects.filter(case=case).update(reason="", decision_comment="")


def export_items(case: Case, user: Any) -> list[dict[str, Any]]:
    return [
        {
            "from": t.from_organisation.name,
            "to": t.to_organisation.name,
            "status": t.status,
            "proposed_at": t.created_at.isoformat(),
            "reason": t.reason,
            "old_number": t.old_number,
            "new_number": t.new_number,
        }
        for t in Transfer.objects.filter(case=case)
        .select_related("from_organisation", "to_organisation")
        .order_by("created_at")
    ]


def export_row(item: dict[str, Any]) -> tuple[str, str]:
    return item["proposed_at"], f"{item['from']} → {item['to']} ({item['status']}): {item['reason']}"


# The records of this app in a victim's person export (registered by apps.py).
EXPORTS = [
    CaseExport("transfers", lambda: _("Transfer"), export_items, export_row),
]
