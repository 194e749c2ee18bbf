"""The data protection officer's list of break-glass openings in their organisations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sigap.accounts.access import organisation_ids
from sigap.audit.access import break_glass_openings
from sigap.lib.http import SignedInRequest
from sigap.organisations.roles import Capability

PAGE_SIZE = 50


def protected_organisations(user: Any) -> set[Any]:
    """Organisations where the user is the data protection officer."""
    return organisation_ids(user, Capability.MANAGE_DATA_PROTECTION)


@require_GET
def break_glass_list(request: SignedInRequest) -> HttpResponse:
    organisations = protected_organisations(request.user)
    if not organisations:
        raise PermissionDenied
    page = Paginator(break_glass_openings(organisations), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/break_glass_list.html", {"page": page})
