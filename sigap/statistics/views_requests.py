"""Screens of the data requests between agencies: the list, asking, the request with its decisions,
approving or refusing for one's organisation, withdrawing, downloading the released table."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sigap.lib.forms import add_errors
from sigap.lib.http import SignedInRequest
from sigap.organisations.models import Organisation
from sigap.statistics import access_release, actions_release
from sigap.statistics.forms_release import DataRequestForm, DecisionForm
from sigap.statistics.views_dashboard import CONTENT_TYPES

PAGE_SIZE = 20


def request_list(request: SignedInRequest) -> HttpResponse:
    if not access_release.can_request(request.user):
        raise PermissionDenied
    qs = (
        access_release.visible_data_requests(request.user)
        .select_related("requester_organisation")
        .order_by("-created_at")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "statistics/release/request_list.html", {"page": page})


def request_new(request: SignedInRequest) -> HttpResponse:
    orgs = Organisation.objects.filter(pk__in=access_release.aggregate_organisations(request.user))
    if not orgs.exists():
        raise PermissionDenied
    form = DataRequestForm(request.POST or None, organisations=orgs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        dimensions = [data["rows"]] + ([data["columns"]] if data["columns"] else [])
        try:
            made = actions_release.request_data(
                actor=request.user,
                organisation=data["organisation"],
                title=data["title"],
                purpose=data["purpose"],
                measure=data["measure"],
                dimensions=dimensions,
                start=data["start"],
                end=data["end"],
                region=data["region"].strip(),
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The request was sent to the organisations whose figures it counts."))
            return redirect(made)
    return render(request, "statistics/release/request_new.html", {"form": form})


def request_detail(request: SignedInRequest, pk: UUID) -> HttpResponse:
    data_request = access_release.get_data_request_for_user(request.user, pk)
    decisions = list(data_request.decisions.select_related("organisation"))
    mine = access_release.decision_for(request.user, data_request)
    return render(
        request,
        "statistics/release/request_detail.html",
        {
            "data_request": data_request,
            "decisions": decisions,
            "mine": mine,
            "form": DecisionForm(),
            "can_withdraw": access_release.can_withdraw(request.user, data_request),
            "can_download": access_release.can_download(request.user, data_request),
            "hidden": (data_request.snapshot or {}).get("hidden_cells"),
        },
    )


@require_POST
def request_decide(request: SignedInRequest, pk: UUID, *, approve: bool) -> HttpResponse:
    data_request = access_release.get_data_request_for_user(request.user, pk)
    if not access_release.can_decide(request.user, data_request):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            actions_release.decide_data_request(
                actor=request.user,
                data_request=data_request,
                approve=approve,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The decision was recorded.") if approve else _("The request was refused."))
            return redirect(data_request)
    decisions = list(data_request.decisions.select_related("organisation"))
    return render(
        request,
        "statistics/release/request_detail.html",
        {
            "data_request": data_request,
            "decisions": decisions,
            "form": form,
            "mine": access_release.decision_for(request.user, data_request),
        },
        status=400,
    )


@require_POST
def request_withdraw(request: SignedInRequest, pk: UUID) -> HttpResponse:
    data_request = access_release.get_data_request_for_user(request.user, pk)
    actions_release.withdraw_data_request(actor=request.user, data_request=data_request, request=request)
    messages.success(request, _("The request was withdrawn."))
    return redirect(data_request)


def request_download(request: SignedInRequest, pk: UUID, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    data_request = access_release.get_data_request_for_user(request.user, pk)
    body = actions_release.download_released_table(
        actor=request.user, data_request=data_request, fmt=fmt, request=request
    )
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="sigap-data-request-{pk}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response
