from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from sigap.home.navigation import menu_for
from sigap.notifications.access import UnreadBadge


def sigap(request: HttpRequest) -> dict[str, Any]:
    menu = menu_for(getattr(request, "user", None))
    return {
        "SIGAP_VERSION": settings.VERSION,
        "SIGAP_DEMO_MODE": settings.DEMO_MODE,
        "nav_menu": menu,
        "nav_items": [entry for group in menu for entry in group["items"]],
        # Counted only when a page shows the navigation: one small query.
        "notifications_unread": UnreadBadge(getattr(request, "user", None)),
    }
