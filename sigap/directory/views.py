"""Directory screens: search, service page, admin add/edit/deactivate, and the public directory."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sigap.audit.actions import client_ip
from sigap.directory import actions
from sigap.directory.access import can_manage_service, get_service_for_user, public_services, visible_services
from sigap.directory.emergency import EMERGENCY_NUMBERS
from sigap.directory.forms import ServiceFilterForm, ServiceForm
from sigap.directory.models import Service
from sigap.lib.errors import too_many_requests
from sigap.lib.forms import add_errors
from sigap.lib.http import SignedInRequest
from sigap.lib.ratelimit import Limit
from sigap.organisations.access import administered_organisation_ids, get_organisation_for_user
from sigap.organisations.models import Organisation

PAGE_SIZE = 20


def _search(request: HttpRequest, qs: Any) -> dict[str, Any]:
    filters = ServiceFilterForm(request.GET or None)
    qs = filters.filter(qs).prefetch_related("area_regencies", "area_provinces").order_by("name", "id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({name: request.GET[name] for name in filters.fields if request.GET.get(name)})
    return {"page": page, "filters": filters, "query": query, "emergency_numbers": EMERGENCY_NUMBERS}


@require_GET
def service_list(request: SignedInRequest) -> HttpResponse:
    context = _search(request, visible_services(request.user))
    context["administered"] = Organisation.objects.filter(
        pk__in=administered_organisation_ids(request.user), is_active=True
    ).order_by("name")
    return render(request, "directory/list.html", context)


@require_GET
def service_detail(request: SignedInRequest, pk: UUID) -> HttpResponse:
    service = get_service_for_user(request.user, pk)
    return render(
        request,
        "directory/detail.html",
        {"service": service, "can_manage": can_manage_service(request.user, service)},
    )


def _form_view(request: SignedInRequest, service: Service | None, organisation: Any) -> HttpResponse:
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        try:
            if service is None:
                service = actions.create_service(
                    organisation,
                    actor=request.user,
                    values=form.values(),
                    request=request,
                )
                messages.success(request, _("The service was added to the directory."))
            else:
                actions.update_service(service, actor=request.user, values=form.values(), request=request)
                messages.success(request, _("The service was saved."))
            return redirect(service)
        except ValidationError as error:
            add_errors(form, error)
    return render(request, "directory/form.html", {"form": form, "service": service, "organisation": organisation})


def service_create(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """Add a service to organisation ``pk`` (its admins only)."""
    organisation = get_organisation_for_user(request.user, pk, need="manage")
    return _form_view(request, None, organisation)


def service_edit(request: SignedInRequest, pk: UUID) -> HttpResponse:
    service = get_service_for_user(request.user, pk, need="manage")
    return _form_view(request, service, service.organisation)


@require_POST
def service_set_active(request: SignedInRequest, pk: UUID, *, active: bool) -> HttpResponse:
    """Take a service out of the directory, or put it back."""
    service = get_service_for_user(request.user, pk, need="manage")
    if active:
        actions.reactivate_service(service, actor=request.user, request=request)
        messages.success(request, _("The service is back in the directory."))
    else:
        actions.deactivate_service(service, actor=request.user, request=request)
        messages.success(request, _("The service was taken out of the directory."))
    return redirect(service)


def public_directory_enabled() -> bool:
    return bool(getattr(settings, "SIGAP_PUBLIC_DIRECTORY", False))


def public_reads() -> Limit:
    """Reads of the public directory and the HSDS endpoints per address and minute."""
    return Limit("public-directory-ip", settings.SIGAP_PUBLIC_RATE_LIMIT, 60)


def public_endpoint(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page or API answer for anybody, without sign-in: GET only, 404 while the public directory
    is switched off, and at most ``SIGAP_PUBLIC_RATE_LIMIT`` reads a minute from one address (429)."""

    @login_not_required
    @require_GET
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not public_directory_enabled():
            raise Http404
        if not public_reads().hit(client_ip(request) or ""):
            return too_many_requests(request, retry_after=60)
        return view(request, *args, **kwargs)

    return wrapped


@public_endpoint
def public_directory(request: HttpRequest) -> HttpResponse:
    """The read-only directory for the public: services and their organisational contacts only."""
    return render(request, "directory/public.html", _search(request, public_services()))
