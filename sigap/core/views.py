from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sigap.accounts.middleware import two_factor_exempt
from sigap.core import readiness


@login_not_required
@two_factor_exempt
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database status for load balancers and monitoring. No personal data."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:  # noqa: BLE001 - any failure means the database is not usable
        database = "error"
    healthy = database == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "error", "database": database, "version": settings.VERSION},
        status=200 if healthy else 503,
    )


@login_not_required
@two_factor_exempt
@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness for load balancers: database, cache, file storage and migrations (see
    sigap.core.readiness). 503 when any is not ready. No personal data."""
    body = readiness.answer()
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503)
