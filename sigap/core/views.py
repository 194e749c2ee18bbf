from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sigap.accounts.access import active_memberships, capabilities
from sigap.accounts.middleware import two_factor_exempt
from sigap.cases.views.access_log import break_glass_notices
from sigap.cases.views.lists import my_work
from sigap.consent.access import overrides_waiting_for
from sigap.lib.errors import health_body
from sigap.online.access import reminders_for
from sigap.referrals.access import referrals_waiting_for
from sigap.transfers.access import transfers_waiting_for


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


def home(request: HttpRequest) -> HttpResponse:
    """My work: a caseworker's cases and deadlines, a supervisor's approvals and team caseloads,
    an intake officer's registrations; everyone sees their roles and what they can use."""
    memberships = active_memberships(request.user)
    work = my_work(request.user)
    return render(
        request,
        "core/home.html",
        {
            "memberships": memberships,
            "capabilities": capabilities(request.user),
            "work": work,
            "break_glass_notices": break_glass_notices(request.user),
            "sharing_overrides": list(overrides_waiting_for(request.user)[:20]) if work.can_supervise else [],
            "takedown_reminders": list(reminders_for(request.user)[:20]),
            "transfers_waiting": list(transfers_waiting_for(request.user)[:20]) if work.can_supervise else [],
            "referrals_waiting": list(referrals_waiting_for(request.user)[:20]),
        },
    )
