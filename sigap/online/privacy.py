"""Online abuse records under the data-protection rules (sigap.privacy): what anonymising a case blanks,
and what a victim's person export includes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sigap.cases.extensions import CaseExport
from sigap.cases.models import Case
from sigap.online.models import CustodyTransfer, Evidence, OffenderAccount, OnlineIncident, SafetyPlanItem, Takedown


def clear_for_retention(case: Case) -> None:
    """Descriptions, addresses, account names, chat text, custody names and notes go, and evidence lets
    go of its files (deleted with the case's other attachments); harm types, platforms, kinds,
    channels, statuses and dates stay for the statistics."""
    OnlineIncident.objects.filter(case=case).update(images_shared_where="", description="")
    OffenderAccount.objects.filter(incident__case=case).update(handle="", profile_url="")
    Evidence.objects.filter(case=case).update(
        description="", url="", chat_text="", captured_by="", attachment=None, destroyed_file=None
    )
    CustodyTransfer.objects.filter(evidence__case=case).update(handed_to="", reference="")
    Takedown.objects.filter(case=case).update(url="", notes="")
    SafetyPlanItem.objects.filter(plan__case=case).update(notes="")


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def incidents(case: Case, user: Any) -> list[dict[str, Any]]:
    """The incidents as told by the victim; offender accounts are the alleged offender's data and
    stay out of the victim's export."""
    return [
        {
            "recorded_at": _iso(i.created_at),
            "harm_types": list(i.harm_types),
            "platforms": list(i.platforms),
            "first_contact_on": _iso(i.first_contact_on),
            "last_contact_on": _iso(i.last_contact_on),
            "demands": list(i.demands),
            "amount_demanded": str(i.amount_demanded) if i.amount_demanded is not None else None,
            "amount_paid": str(i.amount_paid) if i.amount_paid is not None else None,
            "images_shared": i.images_shared,
            "images_shared_where": i.images_shared_where,
            "description": i.description,
        }
        for i in case.online_incidents.order_by("created_at")
    ]


def evidence(case: Case, user: Any) -> list[dict[str, Any]]:
    return [
        {
            "recorded_at": _iso(e.created_at),
            "kind": e.kind,
            "description": e.description,
            "url": e.url,
            "platform": e.platform,
            "has_file": e.attachment_id is not None,
        }
        for e in case.online_evidence.order_by("created_at")
    ]


def takedowns(case: Case, user: Any) -> list[dict[str, Any]]:
    return [
        {
            "recorded_at": _iso(t.created_at),
            "url": t.url,
            "platform": t.platform,
            "channel": t.channel,
            "status": t.status,
            "submitted_at": _iso(t.submitted_at),
            "resolved_at": _iso(t.resolved_at),
        }
        for t in case.takedowns.order_by("created_at")
    ]


# The records of this app in a victim's person export (registered by apps.py).
EXPORTS = [
    CaseExport(
        "online_incidents",
        lambda: _("Online incident"),
        incidents,
        lambda item: (item["recorded_at"] or "", item["description"] or ", ".join(item["harm_types"])),
    ),
    CaseExport(
        "online_evidence",
        lambda: _("Evidence"),
        evidence,
        lambda item: (item["recorded_at"] or "", f"{item['description']} {item['url']}".strip()),
    ),
    CaseExport(
        "takedowns",
        lambda: _("Takedown request"),
        takedowns,
        lambda item: (item["recorded_at"] or "", f"{item['url']} ({item['status']})".strip()),
    ),
]
