"""Transfer screens: the list (incoming proposals, sent and transferred-out cases), proposing from a
case, and one transfer's page with the receiver's decision or the old organisation's record."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from sigap.audit.access import AccessAction, log_access
from sigap.cases.access import get_case_for_user
from sigap.lib.forms import add_errors
from sigap.lib.http import SignedInRequest
from sigap.transfers import actions
from sigap.transfers.access import (
    can_decide,
    can_withdraw,
    get_transfer_for_user,
    is_former_owner,
    sees_case,
    sees_details,
    supervising_organisation_ids,
    visible_transfers,
)
from sigap.transfers.forms import AcceptForm, DeclineForm, ProposeForm, case_manager_matches
from sigap.transfers.forms import accept_form as build_accept_form
from sigap.transfers.models import Transfer
from sigap.transfers.records import kept_records

PAGE_SIZE = 20

BOXES = {
    "incoming": gettext_lazy("Waiting for our decision"),
    "all": gettext_lazy("All transfers"),
}


@require_GET
def transfer_list(request: SignedInRequest) -> HttpResponse:
    user: Any = request.user
    box = request.GET.get("box", "all")
    qs = visible_transfers(user)
    if box == "incoming":
        qs = qs.filter(status=Transfer.Status.PROPOSED, to_organisation_id__in=supervising_organisation_ids(user))
    else:
        box = "all"
    qs = qs.select_related("from_organisation", "to_organisation", "proposed_by").order_by("-created_at", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "transfers/list.html", {"page": page, "box": box, "boxes": BOXES})


def propose(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """Propose to transfer case ``pk`` (whoever may change it)."""
    case = get_case_for_user(request.user, pk, need="edit")
    form = ProposeForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            transfer = actions.propose_transfer(
                case,
                actor=request.user,
                to_organisation=form.cleaned_data["to_organisation"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The transfer was proposed. The receiving organisation decides."))
            return redirect(transfer)
    return render(request, "transfers/propose.html", {"case": case, "form": form})


def _detail(
    request: SignedInRequest,
    transfer: Transfer,
    accept_form: AcceptForm | None = None,
    decline_form: DeclineForm | None = None,
    status: int = 200,
    errors: list[str] | None = None,
) -> HttpResponse:
    user: Any = request.user
    context: dict[str, Any] = {
        "transfer": transfer,
        "sees_case": sees_case(user, transfer),
        "can_withdraw": can_withdraw(user, transfer),
        "kept": None,
        "details_visible": sees_details(user, transfer),
        "errors": errors or [],
    }
    if can_decide(user, transfer):
        context["accept_form"] = accept_form or build_accept_form(transfer)
        context["decline_form"] = decline_form or DeclineForm()
    if not context["sees_case"] and is_former_owner(user, transfer):
        context["kept"] = kept_records(transfer, user)
    # The reason (and, for the old organisation, its records) is personal data: the read is logged
    # on the case, where its owner sees who looked.
    log_access(user=user, obj=transfer, action=AccessAction.VIEW_CASE, request=request)
    return render(request, "transfers/detail.html", context, status=status)


@require_GET
def detail(request: SignedInRequest, pk: UUID) -> HttpResponse:
    return _detail(request, get_transfer_for_user(request.user, pk))


@require_POST
def accept(request: SignedInRequest, pk: UUID) -> HttpResponse:
    transfer = get_transfer_for_user(request.user, pk, need="decide")
    form = build_accept_form(transfer, request.POST)
    if form.is_valid():
        try:
            actions.accept_transfer(
                transfer,
                actor=request.user,
                case_manager=form.cleaned_data["case_manager"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The case is now yours: %(number)s.") % {"number": transfer.case.number})
            return redirect(transfer.case)
    return _detail(request, transfer, accept_form=form, status=400)


@require_POST
def people(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """Case managers of the receiving organisation, for the accept form's box (whoever may decide)."""
    transfer = get_transfer_for_user(request.user, pk, need="decide")
    return HttpResponse(case_manager_matches(transfer, request.POST.get("case_manager", "")))


@require_POST
def decline(request: SignedInRequest, pk: UUID) -> HttpResponse:
    transfer = get_transfer_for_user(request.user, pk, need="decide")
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            actions.decline_transfer(transfer, actor=request.user, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The transfer was declined."))
            return redirect(transfer)
    return _detail(request, transfer, decline_form=form, status=400)


@require_POST
def withdraw(request: SignedInRequest, pk: UUID) -> HttpResponse:
    transfer = get_transfer_for_user(request.user, pk, need="withdraw")
    try:
        actions.withdraw_transfer(transfer, actor=request.user)
    except ValidationError as error:
        # Decided meanwhile (or a second click): say so on the page.
        transfer.refresh_from_db()
        return _detail(request, transfer, status=400, errors=error.messages)
    messages.success(request, _("The transfer was withdrawn."))
    return redirect(transfer)
