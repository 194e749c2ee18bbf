"""The matches of the person pickers (``sigap.accounts.picker``), behind the rule of their form.

Each endpoint builds the very form whose box is being typed in, for a case the user may change in
that way, so it can only offer the people that form would accept: members of the case's own
organisation who may take that role. POST only: what is typed never lands in a URL or a log.
"""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from sigap.accounts.access import active_memberships
from sigap.accounts.picker import MATCH_LIMIT, MIN_QUERY, PersonField, find_people, render_matches
from sigap.cases.access import get_case_for_user
from sigap.cases.forms.case import PICKER_FORMS
from sigap.cases.forms.intake import IntakeForm
from sigap.cases.forms.work import case_staff
from sigap.cases.mywork import CASE_MANAGER_ROLES
from sigap.cases.views.intake import chosen_organisation
from sigap.lib.http import SignedInRequest
from sigap.organisations.models import Membership
from sigap.organisations.roles import Capability


def _answer(form: Any, name: str, request: SignedInRequest) -> HttpResponse:
    field: PersonField = form.fields[name]
    bound = form[name]
    return HttpResponse(render_matches(field, bound.html_name, request.POST.get(bound.html_name, ""), bound.auto_id))


@require_POST
def case_people(request: SignedInRequest, pk: UUID, purpose: str) -> HttpResponse:
    """Colleagues for the case page's team and case-manager boxes (same checks as their verbs' views)."""
    if purpose == "plan":
        return _plan_people(request, pk)
    try:
        form_class, name, verb = PICKER_FORMS[purpose]
    except KeyError:
        raise Http404 from None
    case = get_case_for_user(request.user, pk, need=verb)
    if case.is_closed:
        raise PermissionDenied
    return _answer(form_class(case=case), name, request)


_PLAN_BOX = re.compile(r"g\d{1,2}a\d{1,2}-responsible_user")


def _plan_people(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """Colleagues for the "responsible person" box of a plan action (``g0a1-responsible_user``): the
    plan is edited by whoever may edit the case."""
    case = get_case_for_user(request.user, pk, need="edit")
    name = next((key for key in request.POST if _PLAN_BOX.fullmatch(key)), None)
    if name is None:
        raise Http404
    field = PersonField(queryset=case_staff(case))
    return HttpResponse(render_matches(field, name, request.POST.get(name, ""), f"id_{name}"))


@require_POST
def intake_people(request: SignedInRequest) -> HttpResponse:
    """Case managers for the intake form of an organisation the user registers cases for."""
    organisation = chosen_organisation(request)
    if organisation is None:
        raise Http404
    return _answer(IntakeForm(organisation=organisation, user=request.user), "case_manager", request)


def list_managers(user: Any) -> Any:
    """The case managers a supervisor may filter the case list by (their organisations' managers), or None."""
    orgs = [m.organisation_id for m in active_memberships(user) if m.can(Capability.SUPERVISE)]
    if not orgs:
        return None
    managers = Membership.objects.filter(organisation_id__in=orgs, is_active=True, role__in=CASE_MANAGER_ROLES)
    return get_user_model().objects.filter(pk__in=managers.values("user_id"))


@require_POST
def manager_people(request: SignedInRequest) -> HttpResponse:
    """Case managers to filter the case list by: links to the list filtered by each (their id, never a name,
    in the URL). A fragment for htmx; without JavaScript, a small page with the same links."""
    managers = list_managers(request.user)
    if managers is None:
        raise PermissionDenied
    query = request.POST.get("manager_q", "")
    found = find_people(managers, query)
    context = {
        "matches": found[:MATCH_LIMIT],
        "more": len(found) > MATCH_LIMIT,
        "searched": len(query.strip()) >= MIN_QUERY,
        "query": query,
    }
    if request.headers.get("HX-Request"):
        return render(request, "cases/list_managers.html", context)
    return render(request, "cases/list_managers_page.html", context)
