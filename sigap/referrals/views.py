"""Referral screens: the inbox and outbox, sending from a case, the referral page (the receiver sees
only the shared sections), the answers, the letter for partners not on Sigap, and the report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sigap.audit.access import AccessAction, log_access
from sigap.cases.access import get_case_for_user
from sigap.cases.models import Case
from sigap.lib.forms import add_errors
from sigap.lib.http import SignedInRequest
from sigap.lib.replica import reads_from_replica
from sigap.organisations.models import Organisation
from sigap.referrals import actions
from sigap.referrals.access import (
    can_answer,
    can_manage_as_sender,
    can_print_letter,
    get_referral_for_user,
    inbox_order,
    is_sender,
    received_referrals,
    receives_shared_sections,
    receiving_organisation_ids,
    report_organisation_ids,
    sent_referrals,
    sharing_still_allowed,
)
from sigap.referrals.forms import (
    DeliveryForm,
    ListFilterForm,
    OutcomeForm,
    ReasonForm,
    ReferralForm,
    ServiceFilterForm,
)
from sigap.referrals.models import Referral, Status
from sigap.referrals.report import build_report
from sigap.referrals.shared import shared_blocks

PAGE_SIZE = 25


def _list(request: SignedInRequest, qs: QuerySet[Referral], box: str) -> HttpResponse:
    filters = ListFilterForm(request.GET or None)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    if status:
        qs = qs.filter(status=status)
    ordered = inbox_order(qs) if box == "received" else qs.order_by("-sent_at", "id")
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "referrals/list.html",
        {
            "page": page,
            "box": box,
            "filters": filters,
            "status": status,
            "query": urlencode({"status": status}) if status else "",
            "receives": bool(receiving_organisation_ids(request.user)),
        },
    )


@require_GET
def inbox(request: SignedInRequest) -> HttpResponse:
    """Referrals sent to the user's organisation (no client data in the list)."""
    return _list(request, received_referrals(request.user), "received")


@require_GET
def outbox(request: SignedInRequest) -> HttpResponse:
    """Referrals sent from the cases the user may see."""
    return _list(request, sent_referrals(request.user), "sent")


def referral_new(request: SignedInRequest, pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk, need="edit")
    # The service list follows the filters (GET, or the copies the form posts back); a post without
    # them is checked against every service that accepts referrals.
    params = request.GET if request.method != "POST" else request.POST
    filters = ServiceFilterForm(params, case=case, url=request.path)
    services = filters.services(case) if request.method != "POST" or "filter-type" in params else None
    initial = {"service_type": filters.values()["type"]} if request.method != "POST" else None
    form = ReferralForm(request.POST or None, case=case, services=services, initial=initial)
    consent_refused = False
    if request.method == "POST" and form.is_valid():
        try:
            referral = actions.send_referral(case, actor=request.user, data=form.values(), request=request)
        except ValidationError as error:
            consent_refused = getattr(error, "code", None) == "consent_required"
            add_errors(form, error)
        else:
            messages.success(request, _("The referral was sent to %(to)s.") % {"to": referral.receiver_name})
            return redirect(referral)
    context = {"case": case, "form": form, "filters": filters, "consent_refused": consent_refused}
    return render(request, "referrals/form.html", context)


@require_GET
def referral_detail(request: SignedInRequest, pk: UUID) -> HttpResponse:
    referral = get_referral_for_user(request.user, pk)
    user: Any = request.user
    receives = receives_shared_sections(user, referral)
    shows_sections = receives and sharing_still_allowed(referral)
    blocks = shared_blocks(referral) if shows_sections else []
    if shows_sections:
        log_access(user=user, obj=referral, action=AccessAction.VIEW_CASE, request=request)
    answer = can_answer(user, referral)
    manage = can_manage_as_sender(user, referral)
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "blocks": blocks,
            "shows_sections": shows_sections,
            "sharing_withdrawn": receives and not shows_sections,
            "sender_view": is_sender(user, referral),
            "can_answer": answer,
            "can_manage": manage,
            "can_print_letter": manage and can_print_letter(user, referral),
            "deliveries": list(referral.deliveries.select_related("provider_organisation").order_by("-delivered_on")),
            "decline_form": ReasonForm(prefix="decline") if answer else None,
            "cancel_form": ReasonForm(prefix="cancel") if manage else None,
            "outcome_form": OutcomeForm(prefix="complete") if answer else None,
            "delivery_form": DeliveryForm(prefix="delivery") if answer else None,
        },
    )


def _answer(
    request: SignedInRequest,
    pk: UUID,
    need: str,
    form_class: type[BaseForm] | None,
    prefix: str,
    verb: Callable[[Referral, Any, dict[str, Any]], Any],
    success: str,
) -> HttpResponse:
    """Run one verb from a small form on the referral page, then show the page with the outcome."""
    referral = get_referral_for_user(request.user, pk, need=need)
    form = form_class(request.POST, prefix=prefix) if form_class is not None else None
    if form is not None and not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, str(text))
        return redirect(referral)
    try:
        verb(referral, request.user, form.cleaned_data if form is not None else {})
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, success)
    return redirect(referral)


@require_POST
def referral_accept(request: SignedInRequest, pk: UUID) -> HttpResponse:
    return _answer(
        request, pk, "answer", None, "", lambda r, u, d: actions.accept_referral(r, actor=u), _("Referral accepted.")
    )


@require_POST
def referral_decline(request: SignedInRequest, pk: UUID) -> HttpResponse:
    return _answer(
        request,
        pk,
        "answer",
        ReasonForm,
        "decline",
        lambda r, u, d: actions.decline_referral(r, actor=u, reason=d["reason"]),
        _("Referral declined."),
    )


@require_POST
def referral_complete(request: SignedInRequest, pk: UUID) -> HttpResponse:
    return _answer(
        request,
        pk,
        "answer",
        OutcomeForm,
        "complete",
        lambda r, u, d: actions.complete_referral(r, actor=u, outcome=d["outcome"]),
        _("Referral completed."),
    )


@require_POST
def referral_cancel(request: SignedInRequest, pk: UUID) -> HttpResponse:
    return _answer(
        request,
        pk,
        "manage",
        ReasonForm,
        "cancel",
        lambda r, u, d: actions.cancel_referral(r, actor=u, reason=d["reason"]),
        _("Referral cancelled."),
    )


@require_POST
def referral_service(request: SignedInRequest, pk: UUID) -> HttpResponse:
    return _answer(
        request,
        pk,
        "answer",
        DeliveryForm,
        "delivery",
        lambda r, u, d: actions.record_referral_service(
            r, actor=u, service_type=d["service_type"], delivered_on=d["delivered_on"], outcome=d["outcome"]
        ),
        _("The service was recorded on the referring case."),
    )


@require_GET
def referral_letter(request: SignedInRequest, pk: UUID) -> HttpResponse:
    referral = get_referral_for_user(request.user, pk, need="letter")
    pdf = actions.letter_pdf(referral, actor=request.user, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"referral-{str(referral.pk)[:8]}.pdf")
    response["Cache-Control"] = "no-store, private"
    return response


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def report_params(user: Any, params: Any) -> dict[str, Any]:
    """The report's filters from query parameters, limited to the user's own organisations (403 without any)."""
    orgs = report_organisation_ids(user)
    if not orgs:
        raise PermissionDenied
    chosen = str(params.get("organisation") or "")
    selected = [pk for pk in orgs if str(pk) == chosen] or sorted(orgs, key=str)
    direction = params.get("direction") if params.get("direction") in {"sent", "received"} else ""
    return {
        "organisation_ids": selected,
        "since": _date(params.get("since")),
        "until": _date(params.get("until")),
        "direction": direction,
    }


@require_GET
@reads_from_replica
def report(request: SignedInRequest) -> HttpResponse:
    params = report_params(request.user, request.GET)
    organisations = Organisation.objects.filter(pk__in=report_organisation_ids(request.user)).order_by("name")
    built = build_report(**params)
    return render(
        request,
        "referrals/report.html",
        {
            "report": built,
            "total_rows": [built.total],
            "organisations": organisations,
            "params": params,
            "selected": request.GET.get("organisation", ""),
        },
    )


def referrals_section(request: SignedInRequest, case: Case) -> dict[str, Any]:
    """The case page's referrals section (one query)."""
    return {
        "referrals_list": list(case.referrals.select_related("to_organisation", "service").order_by("-sent_at")),
        "referrals_statuses": Status,
    }
