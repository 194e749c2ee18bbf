from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sigap.accounts.access import active_memberships, capabilities
from sigap.cases.mywork import break_glass_notices, my_work
from sigap.consent.access import overrides_waiting_for
from sigap.online.access import reminders_for
from sigap.referrals.access import referrals_waiting_for
from sigap.transfers.access import transfers_waiting_for


def home(request: HttpRequest) -> HttpResponse:
    """My work: a caseworker's cases and deadlines, a supervisor's approvals and team caseloads,
    an intake officer's registrations; everyone sees their roles and what they can use."""
    memberships = active_memberships(request.user)
    work = my_work(request.user)
    return render(
        request,
        "home/home.html",
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
