"""Who sees which notification: only its recipient, on the screens and in the API alike.

Another user's notification is answered as missing (404), never as forbidden.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from sigap.lib.access import get_or_404, is_signed_in
from sigap.notifications.models import Notification

UNREAD_CAP = 100  # the badge counts no further ("99+"), so the count stays cheap


def my_notifications(user: Any) -> QuerySet[Notification]:
    """The user's notification centre: their own notifications shown in the app, newest first."""
    if not is_signed_in(user):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user, in_app=True).order_by("-created_at", "-id")


def unread_count(user: Any) -> int:
    """Unread notifications in the centre, up to ``UNREAD_CAP``: one small indexed query.

    The ids are read rather than counted, so no page runs a ``COUNT`` (the case list's tests
    check that nothing on it counts every match)."""
    if not is_signed_in(user):
        return 0
    return len(my_notifications(user).filter(read_at__isnull=True).order_by().values_list("pk", flat=True)[:UNREAD_CAP])


def get_notification_for_user(user: Any, pk: UUID | str) -> Notification:
    """The user's own notification (also one sent by email only), or 404."""
    if not is_signed_in(user):
        raise Http404
    return get_or_404(Notification.objects.all(), pk=pk, recipient=user)


class UnreadBadge:
    """The unread count for the navigation, counted once and only when a template asks for it."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self._count: int | None = None

    @property
    def count(self) -> int:
        if self._count is None:
            self._count = unread_count(self.user)
        return self._count

    @property
    def label(self) -> str:
        return f"{UNREAD_CAP - 1}+" if self.count >= UNREAD_CAP else str(self.count)
