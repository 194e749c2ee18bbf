from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from sigap.accounts.access import active_memberships
from sigap.home.panels import build_home
from sigap.lib.http import SignedInRequest


def home(request: SignedInRequest) -> HttpResponse:
    """What to do today, per role: the panels of ``sigap.home.panels`` that have something for the
    user (a caseworker's "do now", a supervisor's approvals and team, a DPO's requests …), then the
    user's roles and what they can use, collapsed."""
    panels = build_home(request.user)
    return render(
        request,
        "home/home.html",
        {
            "memberships": active_memberships(request.user),
            "panels": panels,
            "has_chart": any("chart" in panel.extra for panel in panels),
        },
    )
