from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from sigap.core.navigation import nav_for


def sigap(request: HttpRequest) -> dict[str, Any]:
    return {
        "SIGAP_VERSION": settings.VERSION,
        "SIGAP_DEMO_MODE": settings.DEMO_MODE,
        "nav_items": nav_for(getattr(request, "user", None)),
    }
