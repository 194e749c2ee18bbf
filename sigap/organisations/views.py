from __future__ import annotations

from uuid import UUID

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sigap.organisations.access import can_manage_organisation, get_organisation_for_user, visible_organisations


def organisation_list(request: HttpRequest) -> HttpResponse:
    qs = visible_organisations(request.user).order_by("name", "id")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "organisations/list.html", {"page": page})


def organisation_detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk)
    members = None
    if can_manage_organisation(request.user, organisation):
        members = organisation.memberships.select_related("user", "supervisor__user").order_by("user__full_name")
    return render(request, "organisations/detail.html", {"organisation": organisation, "members": members})
