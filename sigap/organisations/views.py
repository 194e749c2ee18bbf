"""Organisation directory, organisation pages and member management. Thin: the verbs do the work."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sigap.accounts.access import active_memberships
from sigap.directory.access import visible_services
from sigap.lib.forms import add_errors
from sigap.lib.http import SignedInRequest
from sigap.organisations import actions
from sigap.organisations.access import (
    can_manage_organisation,
    get_membership_for_user,
    get_organisation_for_user,
    is_national_admin,
    visible_organisations,
)
from sigap.organisations.forms import (
    AddMemberForm,
    ChangeRoleForm,
    DirectoryFilterForm,
    OrganisationForm,
    SupervisorForm,
    regency_choices,
)
from sigap.organisations.models import Membership, Organisation
from sigap.organisations.roles import Capability

PAGE_SIZE = 25


@require_GET
def organisation_list(request: SignedInRequest) -> HttpResponse:
    filters = DirectoryFilterForm(request.GET or None)
    qs = filters.filter(visible_organisations(request.user)).order_by("name", "id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({name: request.GET[name] for name in filters.fields if request.GET.get(name)})
    return render(
        request,
        "organisations/list.html",
        {"page": page, "filters": filters, "query": query, "can_create": is_national_admin(request.user)},
    )


@require_GET
def organisation_detail(request: SignedInRequest, pk: UUID) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk)
    children = visible_organisations(request.user).filter(parent=organisation).order_by("name")
    services = visible_services(request.user).filter(organisation=organisation).order_by("-is_active", "name")
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "children": children,
            "services": services,
            "can_manage": can_manage_organisation(request.user, organisation),
            "can_edit": is_national_admin(request.user),
        },
    )


def _require_national_admin(request: SignedInRequest) -> None:
    if not is_national_admin(request.user):
        raise PermissionDenied


def _organisation_form_view(request: SignedInRequest, organisation: Organisation | None) -> HttpResponse:
    if request.method == "POST" and "_refresh_regions" in request.POST:
        # Without JavaScript, the form comes back with the chosen province's regencies listed.
        form = OrganisationForm(initial=request.POST.dict(), instance=organisation)
        return render(request, "organisations/form.html", {"form": form, "organisation": organisation})
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields}
        try:
            if organisation is None:
                organisation = actions.create_organisation(actor=request.user, values=values, request=request)
                messages.success(request, _("The organisation was added."))
            else:
                actions.update_organisation(organisation, actor=request.user, values=values, request=request)
                messages.success(request, _("The organisation was saved."))
            return redirect(organisation)
        except ValidationError as error:
            add_errors(form, error)
    return render(request, "organisations/form.html", {"form": form, "organisation": organisation})


def organisation_create(request: SignedInRequest) -> HttpResponse:
    _require_national_admin(request)
    return _organisation_form_view(request, None)


def organisation_edit(request: SignedInRequest, pk: UUID) -> HttpResponse:
    _require_national_admin(request)
    return _organisation_form_view(request, get_organisation_for_user(request.user, pk))


@require_GET
def regency_options(request: SignedInRequest) -> HttpResponse:
    """The <option>s of the regency select for a province (htmx swaps them in)."""
    province = request.GET.get("province", "")[:2]
    return render(request, "organisations/_regency_options.html", {"choices": regency_choices(province)})


@require_GET
def my_members(request: SignedInRequest) -> HttpResponse:
    """Entry point of the "Members" menu item: the members page of the organisation(s) the user runs."""
    organisations = sorted(
        {m.organisation for m in active_memberships(request.user) if m.can(Capability.MANAGE_ORGANISATION)},
        key=lambda o: o.name,
    )
    if not organisations:
        raise PermissionDenied
    if len(organisations) == 1:
        return redirect("organisations:members", pk=organisations[0].pk)
    return render(request, "organisations/my_members.html", {"organisations": organisations})


def _teams(memberships: list[Membership]) -> tuple[list[tuple[Membership, list[Membership]]], list[Membership]]:
    """Each active supervisor with the active workers they supervise, and workers with nobody."""
    supervisors = [m for m in memberships if m.is_active and m.can(Capability.SUPERVISE)]
    by_supervisor: dict[Any, list[Membership]] = {s.pk: [] for s in supervisors}
    unsupervised = []
    for m in memberships:
        if not m.is_active:
            continue
        if m.supervisor_id in by_supervisor:
            by_supervisor[m.supervisor_id].append(m)
        elif m.can(Capability.MANAGE_CASES) and not m.can(Capability.SUPERVISE):
            unsupervised.append(m)
    return [(s, by_supervisor[s.pk]) for s in supervisors], unsupervised


def members(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """An organisation's members, its supervision teams, and the form to add a member."""
    organisation = get_organisation_for_user(request.user, pk, need="manage")
    form = AddMemberForm(
        request.POST or None, organisation=organisation, grant_national=is_national_admin(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = actions.add_member(
                organisation,
                actor=request.user,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                role=form.cleaned_data["role"],
                supervisor=form.cleaned_data["supervisor"],
                request=request,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if membership.user.has_usable_password():
                messages.success(request, _("%(name)s was added.") % {"name": membership.user.full_name})
            else:
                messages.success(
                    request,
                    _("%(name)s was added and will get an email to choose a password.")
                    % {"name": membership.user.full_name},
                )
            return redirect("organisations:members", pk=organisation.pk)
    memberships = list(
        organisation.memberships.select_related("user", "supervisor__user").order_by("-is_active", "user__full_name")
    )
    teams, unsupervised = _teams(memberships)
    return render(
        request,
        "organisations/members.html",
        {
            "organisation": organisation,
            "memberships": memberships,
            "teams": teams,
            "unsupervised": unsupervised,
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def member(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """One membership: change its role, its supervisor, or end it."""
    membership = _managed_membership(request, pk)
    grant_national = is_national_admin(request.user)
    return render(
        request,
        "organisations/member.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "role_form": ChangeRoleForm(initial={"role": membership.role}, grant_national=grant_national),
            "supervisor_form": SupervisorForm(initial={"supervisor": membership.supervisor_id}, membership=membership),
        },
    )


def _member_post(
    request: SignedInRequest, membership: Membership, change: Callable[[Membership], Any], form: Form | None = None
) -> HttpResponse:
    """Run one verb on a membership, then show the member page again with the outcome."""
    try:
        if form is not None and not form.is_valid():
            raise ValidationError([error for errors in form.errors.as_data().values() for error in errors])
        change(membership)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Saved."))
    return HttpResponseRedirect(reverse("organisations:member", args=[membership.pk]))


def _managed_membership(request: SignedInRequest, pk: UUID) -> Membership:
    return get_membership_for_user(request.user, pk, need="manage")


@require_POST
def member_role(request: SignedInRequest, pk: UUID) -> HttpResponse:
    membership = _managed_membership(request, pk)
    form = ChangeRoleForm(request.POST, grant_national=is_national_admin(request.user))
    return _member_post(
        request,
        membership,
        lambda m: actions.change_role(m, form.cleaned_data["role"], actor=request.user, request=request),
        form,
    )


@require_POST
def member_supervisor(request: SignedInRequest, pk: UUID) -> HttpResponse:
    membership = _managed_membership(request, pk)
    form = SupervisorForm(request.POST, membership=membership)
    return _member_post(
        request,
        membership,
        lambda m: actions.set_supervisor(m, form.cleaned_data["supervisor"], actor=request.user, request=request),
        form,
    )


@require_POST
def member_deactivate(request: SignedInRequest, pk: UUID) -> HttpResponse:
    return _member_post(
        request,
        _managed_membership(request, pk),
        lambda m: actions.deactivate_member(m, actor=request.user, request=request),
    )


@require_POST
def member_reactivate(request: SignedInRequest, pk: UUID) -> HttpResponse:
    return _member_post(
        request,
        _managed_membership(request, pk),
        lambda m: actions.reactivate_member(m, actor=request.user, request=request),
    )


@require_POST
def member_resend_welcome(request: SignedInRequest, pk: UUID) -> HttpResponse:
    return _member_post(
        request,
        _managed_membership(request, pk),
        lambda m: actions.resend_welcome(m, actor=request.user, request=request),
    )
