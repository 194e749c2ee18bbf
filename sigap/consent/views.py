"""Consent screens: the case page's consent section, recording and withdrawing consent, the
history, and asking for / deciding on sharing without consent. Thin: the verbs do the work.

Every view loads the case through ``get_case_for_user`` first: another organisation's case is a
404; changing needs edit access (403 otherwise), deciding needs a supervisor of the case.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sigap.accounts.models import User
from sigap.cases.access import can_approve, can_edit_case, get_case_for_user
from sigap.cases.actions import create_person
from sigap.cases.models import Case, Person
from sigap.consent import actions
from sigap.consent.forms import NEW_GUARDIAN, ConsentForm, DecisionForm, OverrideForm, WithdrawForm
from sigap.consent.models import SharingOverride
from sigap.lib.forms import add_errors
from sigap.lib.http import SignedInRequest

HISTORY_PAGE_SIZE = 20


def _back(case: Case) -> HttpResponse:
    return redirect(f"{case.get_absolute_url()}#consent")


def _consents(case: Case) -> Any:
    return case.consents.select_related("person", "guardian", "recorded_by", "withdrawal_recorded_by").prefetch_related(
        "share_organisations"
    )


def consent_section(request: SignedInRequest, case: Case) -> dict[str, Any]:
    """For the case page: each client's consent in force (or its absence) and the open or approved
    decisions to share without consent. Three queries, however many records."""
    current = {c.person_id: c for c in _consents(case).filter(is_current=True)}
    clients = [(victim.person, current.get(victim.person_id)) for victim in case.victims.all()]
    overrides = list(
        case.sharing_overrides.exclude(status=SharingOverride.Status.REJECTED).select_related(
            "person", "organisation", "requested_by"
        )[:10]
    )
    return {
        "consent_clients": clients,
        "consent_status": consent_status(clients),
        "consent_overrides": overrides,
        "consent_can_edit": can_edit_case(request.user, case) and not case.is_closed,
        "consent_can_withdraw": can_edit_case(request.user, case),
    }


def consent_status(clients: list[tuple[Person, Any]]) -> dict[str, Any]:
    """The overview card's line: "in_force" when every client's consent is in force, "withdrawn" when
    one was withdrawn, "missing" when one has none; with how many of the clients lack one."""
    lacking = sum(1 for _person, consent in clients if consent is None or not consent.in_force)
    withdrawn = any(consent is not None and consent.is_withdrawn for _person, consent in clients)
    state = "withdrawn" if withdrawn else "missing" if lacking or not clients else "in_force"
    return {"state": state, "lacking": lacking, "clients": len(clients)}


@require_GET
def history(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """Every consent of the case, newest first, with withdrawals and what superseded what."""
    case = get_case_for_user(request.user, pk)
    page = Paginator(_consents(case).order_by("-given_on", "-created_at", "id"), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "consent/history.html", {"case": case, "page": page})


def _guardian(form: ConsentForm, case: Case, actor: User) -> Person | None:
    """The chosen guardian, or a new person recorded for the case's organisation."""
    data = form.cleaned_data
    choice = data.get("guardian") or ""
    if data["given_by"] != "guardian" or not choice:
        return None
    if choice == NEW_GUARDIAN:
        values = {"full_name": data["new_guardian_name"].strip(), "phone": data["new_guardian_phone"]}
        return create_person(actor=actor, organisation=case.organisation, values=values)
    return get_object_or_404(Person, pk=choice, organisation=case.organisation)


def _input(form: ConsentForm, guardian: Person | None) -> actions.ConsentInput:
    data = form.cleaned_data
    return actions.ConsentInput(
        given_by=data["given_by"],
        guardian=guardian,
        guardian_relationship=data["guardian_relationship"],
        assent=data["assent"],
        assent_note=data["assent_note"],
        services=data["services"],
        police_report=data["police_report"],
        photos=data["photos"],
        share_kinds=data["share_kinds"],
        share_organisations=list(data["share_organisations"]),
        method=data["method"],
        witness_name=data["witness_name"],
        given_on=data["given_on"],
        explained=data["explained"],
        scanned_form=data["scanned_form"],
        no_sexual_image_confirmed=data.get("scan_no_sexual_image_confirmed", False),
    )


def record(request: SignedInRequest, pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk, need="edit")
    form = ConsentForm(request.POST or None, request.FILES or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                guardian = _guardian(form, case, request.user)
                actions.record_consent(
                    case,
                    actor=request.user,
                    person=form.cleaned_data["person"],
                    data=_input(form, guardian),
                )
        except ValidationError as error:
            add_errors(form, error, {"scope": None, "full_name": "new_guardian_name", "phone": "new_guardian_phone"})
        else:
            messages.success(request, _("The consent was recorded."))
            return _back(case)
    return render(
        request,
        "consent/consent_form.html",
        {"case": case, "form": form, "assent_age": settings.SIGAP_ASSENT_AGE},
        status=400 if form.is_bound else 200,
    )


def withdraw(request: SignedInRequest, pk: UUID, consent_pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk, need="edit")
    consent = get_object_or_404(_consents(case), pk=consent_pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.withdraw_consent(consent, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The withdrawal of consent was recorded."))
            return _back(case)
    return render(
        request,
        "consent/withdraw_form.html",
        {"case": case, "consent": consent, "form": form},
        status=400 if form.is_bound else 200,
    )


def override_new(request: SignedInRequest, pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk, need="edit")
    form = OverrideForm(request.POST or None, case=case, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        try:
            override = actions.request_override(case, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The request was sent to a supervisor."))
            return redirect("consent:override", pk=case.pk, override_pk=override.pk)
    return render(
        request, "consent/override_form.html", {"case": case, "form": form}, status=400 if form.is_bound else 200
    )


def override_detail(request: SignedInRequest, pk: UUID, override_pk: UUID) -> HttpResponse:
    """The request and its decision; a supervisor of the case (not the one who asked) decides here."""
    case = get_case_for_user(request.user, pk, need="approve" if request.method == "POST" else "view")
    override = get_object_or_404(
        case.sharing_overrides.select_related("person", "organisation", "requested_by", "decided_by"), pk=override_pk
    )
    may_decide = (
        override.status == SharingOverride.Status.PENDING
        and can_approve(request.user, case)
        and override.requested_by_id != request.user.pk
    )
    form = DecisionForm(request.POST or None) if may_decide or request.method == "POST" else None
    if request.method == "POST" and form is not None and form.is_valid():
        decide = actions.approve_override if form.cleaned_data["decision"] == "approve" else actions.reject_override
        try:
            decide(override, actor=request.user, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            if not may_decide:  # decided meanwhile: show the decision that was made
                messages.error(request, error.messages[0])
                return redirect("consent:override", pk=case.pk, override_pk=override.pk)
            add_errors(form, error)
        else:
            messages.success(request, _("Your decision was recorded."))
            return _back(case)
    return render(
        request,
        "consent/override_detail.html",
        {"case": case, "override": override, "form": form if may_decide else None},
        status=400 if request.method == "POST" else 200,
    )
