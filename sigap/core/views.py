from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sigap.accounts.middleware import two_factor_exempt
from sigap.core import readiness
from sigap.lib.errors import health_body


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
    except (OperationalError, InterfaceError):
        database = "unreachable"
    except Exception:  # noqa: BLE001 - any other failure also means the database is not usable
        database = "error"
    headers = None if database == "ok" else {"Retry-After": "30"}
    return health_body(database=database, headers=headers)


@login_not_required
@two_factor_exempt
@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness for load balancers: database, cache, file storage and migrations (see
    sigap.core.readiness). 503 when any is not ready; 200 "degraded" when only the background workers
    are stale. No personal data."""
    body = readiness.answer()
    return JsonResponse(body, status=503 if body["status"] == "error" else 200)
