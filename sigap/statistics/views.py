"""Screens of the statistics app: an organisation's months and the review and verification of one."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sigap.lib.http import SignedInRequest
from sigap.statistics import actions
from sigap.statistics.access import get_statistics_organisation, verifying_organisation_ids
from sigap.statistics.models import Revision
from sigap.statistics.months import month_rows


def parse_month(value: str) -> date:
    """``2026-03`` -> 1 March 2026, or 404."""
    try:
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise Http404 from None


@require_GET
def months(request: SignedInRequest, pk: Any) -> HttpResponse:
    organisation = get_statistics_organisation(request.user, pk)
    return render(
        request,
        "statistics/months.html",
        {
            "organisation": organisation,
            "rows": month_rows(organisation, timezone.localdate()),
            "can_verify": organisation.pk in verifying_organisation_ids(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def month(request: SignedInRequest, pk: Any, month: str) -> HttpResponse:
    first = parse_month(month)
    organisation = get_statistics_organisation(request.user, pk, verify=request.method == "POST")
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            error = _("Tick the box to confirm that you reviewed the month.")
        else:
            try:
                actions.verify_month(organisation, first, actor=request.user)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(request, _("The month is verified: its figures are frozen."))
                return redirect("statistics:month", pk=organisation.pk, month=month)
    review = actions.review_month(organisation, first)
    revisions = (
        list(Revision.objects.filter(verification=review.verification).order_by("-created_at")[:50])
        if review.verification
        else []
    )
    return render(
        request,
        "statistics/month.html",
        {
            "organisation": organisation,
            "review": review,
            "revisions": revisions,
            "error": error,
            "can_verify": organisation.pk in verifying_organisation_ids(request.user),
        },
        status=400 if error else 200,
    )
