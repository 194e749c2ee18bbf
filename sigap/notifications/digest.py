"""The daily digest: for each person who works on cases, what is overdue, due soon and waiting for
their approval, by case number only (it goes out by email). Built from the same queries as "My work"
(``sigap.cases.mywork.my_work``), so the digest and the home page never disagree.

Safe to run twice: the digest of a day has the dedupe key ``daily_digest:<date in the user's zone>``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sigap.accounts.models import User
from sigap.notifications.actions import channels_for, notify, user_zone
from sigap.notifications.models import Kind, Notification
from sigap.organisations.roles import ROLE_CAPABILITIES, Capability

CASES_LISTED = 20  # case numbers per line; the counts are complete


def _working_roles() -> list[str]:
    wanted = {Capability.MANAGE_CASES, Capability.SUPERVISE}
    return [role for role, caps in ROLE_CAPABILITIES.items() if caps & wanted]


def candidates() -> list[User]:
    """Active users with an active role that works on cases, who want the digest by some channel."""
    users = list(
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__organisation__is_active=True,
            memberships__role__in=_working_roles(),
        )
        .distinct()
        .order_by("email")
    )
    channels = channels_for(users, Kind.DAILY_DIGEST)
    return [user for user in users if any(channels[user.pk])]


def _unique(numbers: list[str]) -> list[str]:
    return list(dict.fromkeys(numbers))


def digest_for(user: User, now: datetime) -> dict[str, Any]:
    """Counts and case numbers of the user's overdue and due-soon deadlines and waiting approvals."""
    from sigap.cases.mywork import my_work

    work = my_work(user, now=now)
    overdue = _unique([task.case.number for task in work.tasks if getattr(task, "due_state", "") == "overdue"])
    due = _unique([task.case.number for task in work.tasks if getattr(task, "due_state", "") == "due_soon"])
    approvals = _unique([item.case.number for item in work.approvals])
    return {
        "overdue": len(overdue),
        "due": len(due),
        "approvals": len(approvals),
        "overdue_cases": overdue[:CASES_LISTED],
        "due_cases": due[:CASES_LISTED],
        "approval_cases": approvals[:CASES_LISTED],
    }


def send_daily_digests(*, now: datetime | None = None) -> int:
    """Send today's digest to everyone who wants it and has something due; returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for user in candidates():
        day = timezone.localtime(now, ZoneInfo(user_zone(user))).date()
        key = f"daily_digest:{day.isoformat()}"
        if Notification.objects.filter(recipient=user, dedupe_key=key).exists():
            continue
        params = digest_for(user, now)
        if not (params["overdue"] or params["due"] or params["approvals"]):
            continue
        with transaction.atomic():
            sent += len(notify([user], Kind.DAILY_DIGEST, url=reverse("core:home"), context=params, dedupe_key=key))
    return sent
