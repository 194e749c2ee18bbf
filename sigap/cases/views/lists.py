"""The case list with search and filters (the "My work" queries are in :mod:`sigap.cases.mywork`).

It starts from :func:`sigap.cases.access.visible_cases`, load related rows for one page only, and
run a fixed number of queries however many cases there are.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods

from sigap.accounts.access import active_memberships, has_capability, organisation_ids
from sigap.cases import search
from sigap.cases.access import can_list_cases, listable_cases
from sigap.cases.counts import case_counts as case_counts_of
from sigap.cases.counts import count_charts
from sigap.cases.models import Stage
from sigap.cases.mywork import CASE_MANAGER_ROLES, label_rows
from sigap.cases.views.people import list_managers
from sigap.lib import private_query
from sigap.lib.http import SignedInRequest
from sigap.organisations.roles import Capability


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


# The search box may hold a name, NIK or phone: it is POSTed and kept in the session (private_query);
# the other filters hold no personal data and stay in the address.
PRIVATE_FIELDS = ("q",)


def _search_redirect(request: SignedInRequest, data: QueryDict) -> HttpResponseRedirect:
    """To the list with the filters in the address and the search term behind an opaque token."""
    params: dict[str, str] = {name: str(data[name]) for name in search.CaseFilterForm.base_fields if data.get(name)}
    private = {name: params.pop(name) for name in PRIVATE_FIELDS if name in params}
    if private:
        params[private_query.URL_PARAMETER] = private_query.remember(request, private)
    url = reverse("cases:list") + (f"?{urlencode(params)}" if params else "")
    return HttpResponseRedirect(url, status=303)


def _list_filters(
    request: SignedInRequest, *, warn: bool = True
) -> tuple[search.CaseFilterForm, dict[str, Any], QueryDict]:
    """The list's filters from the address, with the search term recalled from its token."""
    params = request.GET.copy()
    token = request.GET.get(private_query.URL_PARAMETER, "")
    if token:
        kept = private_query.recall(request, token)
        if kept is None:
            if warn:
                messages.warning(request, _("This search has expired. Search again."))
        else:
            params.update(kept)
    filters = search.CaseFilterForm(params or None, managers=manager_choices(request.user, params.get("manager")))
    data = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    return filters, data, params


def _kept(request: SignedInRequest, filters: search.CaseFilterForm, params: QueryDict) -> dict[str, str]:
    """The address's filters to keep on the list's links (the search term only as its token)."""
    names = [name for name in filters.fields if name not in PRIVATE_FIELDS]
    names += [private_query.URL_PARAMETER] if params.get("q") else []
    return {name: request.GET[name] for name in names if request.GET.get(name)}


@require_http_methods(["GET", "HEAD", "POST"])
def case_list(request: SignedInRequest) -> HttpResponse:
    if not can_list_cases(request.user):
        raise PermissionDenied
    if request.method == "POST" or any(request.GET.get(name) for name in PRIVATE_FIELDS):
        # The form, or an old address with the term in it: the term moves behind a token.
        return _search_redirect(request, request.POST if request.method == "POST" else request.GET)
    filters, data, params = _list_filters(request)
    now = timezone.now()
    organisations = organisation_ids(request.user)
    # The case manager is an outer join, which keeps the cases table first in the plan; joining the
    # organisation (an inner join) lets SQLite start from organisations and sort every case of it.
    parts = search.find(
        listable_cases(request.user).select_related("case_manager"), data, now=now, organisations=organisations
    )
    page = search.get_page(parts, search.page_number(request.GET.get("page")))
    prefetch_related_objects(page.rows, "violence_forms", *(["organisation"] if len(organisations) > 1 else []))
    label_rows(page.rows, now)
    query = urlencode(_kept(request, filters, params))
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


@require_GET
def case_counts(request: SignedInRequest) -> HttpResponse:
    """The listed cases by stage and by deadline state, with the list's filters: one aggregate
    query. The list loads it after itself (htmx) or links to it; see :mod:`sigap.cases.counts`."""
    if not can_list_cases(request.user):
        raise PermissionDenied
    filters, data, params = _list_filters(request, warn=False)
    now = timezone.now()
    qs = search.apply(listable_cases(request.user), data, now=now, organisations=organisation_ids(request.user))
    kept = _kept(request, filters, params)
    kept.pop("page", None)
    list_url = reverse("cases:list")

    def link(**changes: str) -> str:
        return f"{list_url}?{urlencode({**kept, **changes})}"

    counts = case_counts_of(qs, now)
    charts = count_charts(
        counts,
        stage_links={stage: link(stage=stage) for stage in Stage.values},
        overdue_link=link(due=search.DueFilter.OVERDUE),
    )
    fragment = bool(request.headers.get("HX-Request"))
    context = {"charts": charts, "total": counts["total"], "filtered": filters.is_filtered, "list_url": link()}
    return render(request, "cases/list_counts.html" if fragment else "cases/counts.html", context)
