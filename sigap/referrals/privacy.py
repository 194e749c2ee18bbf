"""Referrals under the data-protection rules (sigap.privacy): what anonymising a case blanks, and what a
victim's person export includes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sigap.cases.extensions import CaseExport
from sigap.cases.models import Case
from sigap.referrals.models import Referral


def clear_for_retention(case: Case) -> None:
    """The referrals' free text goes; who sent what to whom, when and with which answer stays for the
    referral report."""
    Referral.objects.filter(case=case).update(reason="", decline_reason="", outcome="", cancel_reason="")


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def export_items(case: Case, user: Any) -> list[dict[str, Any]]:
    return [
        {
            "to": r.receiver_name,
            "service_type": r.service_type,
            "shared_sections": list(r.sections),
            "status": r.status,
            "sent_at": _iso(r.sent_at),
            "reason": r.reason,
            "decline_reason": r.decline_reason,
            "outcome": r.outcome,
        }
        for r in case.referrals.select_related("to_organisation").order_by("sent_at")
    ]


def export_row(item: dict[str, Any]) -> tuple[str, str]:
    answer = item["outcome"] or item["decline_reason"]
    text = f"{item['to']} ({item['status']}): {item['reason']}"
    return item["sent_at"] or "", f"{text} {answer}".strip()


# The records of this app in a victim's person export (registered by apps.py).
EXPORTS = [
    CaseExport("referrals", lambda: _("Referral"), export_items, export_row),
]
