"""Transfers under the data-protection rules (sigap.privacy): what anonymising a case blanks, and what
a victim's person export includes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sigap.cases.models import Case
from sigap.privacy.export import CaseExport, register_case_export
from sigap.privacy.retention import register_case_clearer
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


def register() -> None:
    register_case_clearer(clear_for_retention)
    register_case_export(CaseExport("transfers", lambda: _("Transfer"), export_items, export_row))
