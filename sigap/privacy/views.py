"""Data protection screens: the DPO's request queue and breach register, and person exports.

Thin: access comes from ``sigap.privacy.access`` (another organisation's record is a 404, somebody
who is not the DPO gets 403), every change from a verb in ``sigap.privacy.actions``.
"""

from __future__ import annotations

import base64
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.cases.api.persons import search_persons
from sigap.cases.models import Person
from sigap.lib.forms import add_errors
from sigap.lib.http import SignedInRequest
from sigap.privacy import actions, retention
from sigap.privacy.access import (
    dpo_organisations,
    dpo_persons,
    exported_cases,
    get_breach_for_user,
    get_exportable_person,
    get_request_for_user,
    require_dpo,
    visible_breaches,
    visible_requests,
)
from sigap.privacy.forms import (
    BreachForm,
    BreachNotifiedForm,
    DecisionForm,
    PersonSearchForm,
    ReceiveRequestForm,
    RefuseForm,
    RequestFilterForm,
)
from sigap.privacy.models import PersonRestriction, SubjectRequest

PAGE_SIZE = 25
SEARCH_LIMIT = 10


def _chosen_organisation(request: SignedInRequest, form: BaseForm) -> Any:
    organisations = dpo_organisations(request.user)
    if len(organisations) == 1:
        return organisations[0]
    chosen = form.cleaned_data.get("organisation")
    return next((o for o in organisations if str(o.pk) == chosen), organisations[0])


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store, private"
    return response


# --- Requests -------------------------------------------------------------------------------


@require_GET
def request_list(request: SignedInRequest) -> HttpResponse:
    require_dpo(request.user)
    filters = RequestFilterForm(request.GET or None)
    qs = filters.filter(visible_requests(request.user).select_related("organisation")).order_by("due_at", "id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({name: request.GET[name] for name in filters.fields if request.GET.get(name)})
    return render(request, "privacy/requests.html", {"page": page, "filters": filters, "query": query})


def request_new(request: SignedInRequest) -> HttpResponse:
    require_dpo(request.user)
    form = ReceiveRequestForm(request.POST or None, organisations=dpo_organisations(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            subject_request = actions.receive_request(
                actor=request.user,
                organisation=_chosen_organisation(request, form),
                kind=data["kind"],
                requester=data["requester"],
                details=data["details"],
                received_at=data["received_at"],
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The request was registered."))
            return redirect("privacy:request", pk=subject_request.pk)
    return render(request, "privacy/request_form.html", {"form": form}, status=400 if form.errors else 200)


def _request_page(
    request: SignedInRequest, subject_request: SubjectRequest, status: int = 200, **forms: Any
) -> HttpResponse:
    # The person search is POSTed to the request's page: a name, NIK or phone never goes into the address.
    search = PersonSearchForm(request.POST if request.method == "POST" and "q" in request.POST else None)
    matches: list[Person] = []
    if subject_request.is_open and search.is_valid() and search.cleaned_data["q"].strip():
        persons = dpo_persons(request.user).filter(organisation=subject_request.organisation)
        matches = list(search_persons(persons, search.cleaned_data["q"]).order_by("full_name", "id")[:SEARCH_LIMIT])
    person = subject_request.person
    holds = retention.legal_holds(person) if person and subject_request.kind == SubjectRequest.Kind.ERASURE else []
    restriction = PersonRestriction.objects.filter(person=person, lifted_at__isnull=True).first() if person else None
    context = {
        "subject_request": subject_request,
        "complete_form": forms.get("complete_form") or DecisionForm(),
        "refuse_form": forms.get("refuse_form")
        or RefuseForm(initial={"reason": "\n".join(h.message for h in holds)} if holds else None),
        "search": search,
        "matches": matches,
        "holds": holds,
        "restriction": restriction,
    }
    return render(request, "privacy/request_detail.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def request_detail(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """The request; a POST searches the person concerned (a name, NIK or phone never goes into the address)."""
    return _request_page(request, get_request_for_user(request.user, pk))


@require_POST
def request_start(request: SignedInRequest, pk: UUID) -> HttpResponse:
    subject_request = get_request_for_user(request.user, pk)
    try:
        actions.start_request(subject_request, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("privacy:request", pk=pk)


@require_POST
def request_link(request: SignedInRequest, pk: UUID) -> HttpResponse:
    subject_request = get_request_for_user(request.user, pk)
    person = None
    if request.POST.get("person"):
        person = (
            dpo_persons(request.user)
            .filter(organisation=subject_request.organisation, pk=request.POST["person"])
            .first()
            if _is_uuid(request.POST["person"])
            else None
        )
        if person is None:
            messages.error(request, _("Choose a person recorded by this organisation."))
            return redirect("privacy:request", pk=pk)
    try:
        actions.link_person(subject_request, actor=request.user, person=person, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("privacy:request", pk=pk)


def _is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True


def _decide(
    request: SignedInRequest, pk: UUID, form: DecisionForm | RefuseForm, verb: Any, field: str, done: str
) -> HttpResponse:
    """Complete or refuse: the verb gets the form's one field; its refusal shows on that form."""
    subject_request = get_request_for_user(request.user, pk)
    if form.is_valid():
        try:
            verb(subject_request, actor=request.user, request=request, **{field: form.cleaned_data[field]})
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("privacy:request", pk=pk)
    key = "complete_form" if isinstance(form, DecisionForm) else "refuse_form"
    return _request_page(request, subject_request, status=400, **{key: form})


@require_POST
def request_complete(request: SignedInRequest, pk: UUID) -> HttpResponse:
    form = DecisionForm(request.POST)
    return _decide(request, pk, form, actions.complete_request, "notes", _("The request was completed."))


@require_POST
def request_refuse(request: SignedInRequest, pk: UUID) -> HttpResponse:
    form = RefuseForm(request.POST)
    done = _("The request was refused; tell the person the reason.")
    return _decide(request, pk, form, actions.refuse_request, "reason", done)


@require_POST
def restriction_lift(request: SignedInRequest, pk: UUID) -> HttpResponse:
    require_dpo(request.user)
    restriction = PersonRestriction.objects.filter(pk=pk, person__in=dpo_persons(request.user)).first()
    if restriction is None:
        raise Http404
    try:
        actions.lift_restriction(restriction, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The restriction was lifted."))
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/privacy/") else "privacy:requests")


# --- Exports --------------------------------------------------------------------------------


def _deliver(request: SignedInRequest, package: actions.Package, back: str) -> HttpResponse:
    """The passphrase, shown once, and the encrypted file in the page itself (nothing is kept)."""
    content = base64.b64encode(package.content).decode()
    response = render(
        request,
        "privacy/export_ready.html",
        {"package": package, "data_url": f"data:application/zip;base64,{content}", "back": back},
    )
    return _private(response)


def person_export(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """GET: what the export holds and how it is protected; POST: make it."""
    person = get_exportable_person(request.user, pk)
    back = reverse("cases:person", args=[person.pk])
    if request.method != "POST":
        return render(request, "privacy/export_confirm.html", {"person": person, "back": back})
    package = actions.export_person_package(
        person,
        actor=request.user,
        cases=exported_cases(request.user, person),
        request=request,
    )
    return _deliver(request, package, back)


@require_POST
def request_export(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """The DPO answers an access request with the encrypted export of the linked person."""
    subject_request = get_request_for_user(request.user, pk)
    if subject_request.person is None:
        messages.error(request, _("Link the person this request is about first."))
        return redirect("privacy:request", pk=pk)
    person = subject_request.person
    package = actions.export_person_package(
        person,
        actor=request.user,
        cases=exported_cases(request.user, person),
        request=request,
    )
    return _deliver(request, package, reverse("privacy:request", args=[subject_request.pk]))


# --- Breaches -------------------------------------------------------------------------------


@require_GET
def breach_list(request: SignedInRequest) -> HttpResponse:
    require_dpo(request.user)
    qs = visible_breaches(request.user).select_related("organisation").order_by("-discovered_at", "id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "privacy/breaches.html", {"page": page})


def breach_new(request: SignedInRequest) -> HttpResponse:
    require_dpo(request.user)
    form = BreachForm(request.POST or None, organisations=dpo_organisations(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            breach = actions.record_breach(
                actor=request.user,
                organisation=_chosen_organisation(request, form),
                values=form.values(),
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The breach was entered in the register."))
            return redirect("privacy:breach", pk=breach.pk)
    return render(request, "privacy/breach_form.html", {"form": form}, status=400 if form.errors else 200)


def breach_detail(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """The breach, its deadline, an edit form (POST saves it) and the notification form."""
    breach = get_breach_for_user(request.user, pk)
    form = BreachForm(request.POST or None, instance=breach)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_breach(
                breach,
                actor=request.user,
                values=form.values(),
                expected_version=_int(request.POST.get("version")),
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The breach record was saved."))
            return redirect("privacy:breach", pk=pk)
    breach.refresh_from_db()
    context = {"breach": breach, "form": form, "notified_form": BreachNotifiedForm()}
    return render(request, "privacy/breach_detail.html", context, status=400 if form.errors else 200)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@require_POST
def breach_notified(request: SignedInRequest, pk: UUID) -> HttpResponse:
    breach = get_breach_for_user(request.user, pk)
    form = BreachNotifiedForm(request.POST)
    if form.is_valid():
        try:
            actions.mark_breach_notified(
                breach,
                actor=request.user,
                authority_at=form.cleaned_data["authority_notified_at"],
                subjects_at=form.cleaned_data["subjects_notified_at"],
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The notification was recorded."))
            return redirect("privacy:breach", pk=pk)
    context = {"breach": breach, "form": BreachForm(instance=breach), "notified_form": form}
    return render(request, "privacy/breach_detail.html", context, status=400)
