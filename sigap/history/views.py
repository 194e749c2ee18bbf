"""The history pages of a case and of a person: same access as the record itself (404 outside it)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sigap.cases.access import get_case_for_user, get_person_for_user
from sigap.history.display import case_changes, grouped, person_changes, readable_changes
from sigap.lib.http import SignedInRequest

PAGE_SIZE = 50


def _page(
    request: SignedInRequest, rows: Any, organisation: Any, names: dict[str, str] | None = None
) -> dict[str, Any]:
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return {"page": page, "groups": grouped(readable_changes(page.object_list, organisation, names))}


@require_GET
def case_history(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """Every change of the case, its plans and assessments, and its victims' details, newest first."""
    case = get_case_for_user(request.user, pk)
    victims = {str(pid): name for pid, name in case.victims.values_list("person_id", "person__full_name")}
    context = _page(request, case_changes(case, victims), case.organisation, victims)
    return render(request, "history/case_history.html", {"case": case, **context})


@require_GET
def person_history(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """Every correction of a person's details, newest first, with the reason given."""
    person = get_person_for_user(request.user, pk)
    context = _page(request, person_changes(person), person.organisation)
    return render(request, "history/person_history.html", {"person": person, **context})
