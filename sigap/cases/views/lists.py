"""The case list with search and filters (the "My work" queries are in :mod:`sigap.cases.mywork`).

It starts from :func:`sigap.cases.access.visible_cases`, load related rows for one page only, and
run a fixed number of queries however many cases there are.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from sigap.accounts.access import active_memberships, has_capability
from sigap.cases import search
from sigap.cases.access import listable_cases, member_organisation_ids
from sigap.cases.mywork import CASE_MANAGER_ROLES, label_rows
from sigap.organisations.models import Membership
from sigap.organisations.roles import Capability


def may_list_cases(user: Any) -> bool:
    return has_capability(user, Capability.VIEW_CASES) or has_capability(user, Capability.REGISTER_CASES)


def manager_choices(user: Any) -> list[tuple[str, str]]:
    """Caseworkers and supervisors of the user's organisations, for the case-manager filter."""
    orgs = [m.organisation_id for m in active_memberships(user)]
    rows = (
        Membership.objects.filter(organisation_id__in=orgs, is_active=True, role__in=CASE_MANAGER_ROLES)
        .order_by("user__full_name", "user_id")
        .values_list("user_id", "user__full_name")
        .distinct()
    )
    return [(str(pk), name) for pk, name in rows]


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    if not may_list_cases(request.user):
        raise PermissionDenied
    filters = search.CaseFilterForm(request.GET or None, managers=manager_choices(request.user))
    data = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    now = timezone.now()
    organisations = member_organisation_ids(request.user)
    # The case manager is an outer join, which keeps the cases table first in the plan; joining the
    # organisation (an inner join) lets SQLite start from organisations and sort every case of it.
    parts = search.find(
        listable_cases(request.user).select_related("case_manager"), data, now=now, organisations=organisations
    )
    page = search.get_page(parts, search.page_number(request.GET.get("page")))
    prefetch_related_objects(page.rows, "violence_forms", *(["organisation"] if len(organisations) > 1 else []))
    label_rows(page.rows, now)
    query = urlencode({name: request.GET[name] for name in filters.fields if request.GET.get(name)})
    return render(
        request,
        "cases/list.html",
        {
            "filters": filters,
            "page": page,
            "query": query,
            "several_organisations": len(organisations) > 1,
            "can_register": has_capability(request.user, Capability.REGISTER_CASES),
        },
    )
