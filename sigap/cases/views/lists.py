"""The case list with search and filters (the "My work" queries are in :mod:`sigap.cases.mywork`).

It starts from :func:`sigap.cases.access.visible_cases`, load related rows for one page only, and
run a fixed number of queries however many cases there are.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from sigap.accounts.access import active_memberships, has_capability
from sigap.cases import search
from sigap.cases.access import listable_cases, member_organisation_ids
from sigap.cases.mywork import CASE_MANAGER_ROLES, label_rows
from sigap.cases.views.people import list_managers
from sigap.organisations.roles import Capability


def may_list_cases(user: Any) -> bool:
    return has_capability(user, Capability.VIEW_CASES) or has_capability(user, Capability.REGISTER_CASES)


def manager_choices(user: Any, chosen: str | None) -> list[tuple[str, str]]:
    """The case-manager filter's own choices: the user themself, and the manager chosen (by the
    picker's links, ``list_managers``), never every member: the page must not grow with the staff."""
    choices: list[tuple[str, str]] = []
    if any(m.role in CASE_MANAGER_ROLES for m in active_memberships(user)):
        choices.append((str(user.pk), str(pgettext("case manager", "Me"))))
    if chosen and chosen != str(user.pk):
        managers = list_managers(user)
        person = None
        try:
            person = managers.only("pk", "full_name").filter(pk=chosen).first() if managers is not None else None
        except (ValueError, ValidationError):
            person = None
        if person is not None:
            choices.append((str(person.pk), person.full_name))
    return choices


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    if not may_list_cases(request.user):
        raise PermissionDenied
    filters = search.CaseFilterForm(
        request.GET or None, managers=manager_choices(request.user, request.GET.get("manager"))
    )
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
            "picks_managers": list_managers(request.user) is not None,
        },
    )
