"""Case conference screens: the list, a case's conferences, scheduling, and one conference's page
(the record for every participant; invitations, minutes and actions for the case team)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sigap.audit.access import AccessAction, log_access
from sigap.cases.access import get_case_for_user
from sigap.conferences import actions
from sigap.conferences.access import (
    actions_for,
    can_organise,
    can_organise_for,
    get_conference_for_user,
    is_participant,
    shared_referrals,
    visible_conferences,
)
from sigap.conferences.forms import ActionForm, InviteForm, MinutesForm, ScheduleForm, people_matches
from sigap.conferences.models import Conference
from sigap.lib.forms import add_errors
from sigap.lib.http import SignedInRequest

PAGE_SIZE = 20


def _page(request: SignedInRequest, qs: Any) -> Any:
    qs = qs.select_related("case", "organisation").order_by("-scheduled_at", "-id")
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


@require_GET
def conference_list(request: SignedInRequest) -> HttpResponse:
    """Every conference the user sees: of their cases, and those they or their organisation were invited to."""
    return render(request, "conferences/list.html", {"page": _page(request, visible_conferences(request.user))})


@require_GET
def case_conferences(request: SignedInRequest, pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    return render(
        request,
        "conferences/list.html",
        {
            "case": case,
            "page": _page(request, Conference.objects.filter(case=case)),
            "can_schedule": can_organise_for(request.user, case),
        },
    )


def schedule(request: SignedInRequest, pk: UUID) -> HttpResponse:
    case = get_case_for_user(request.user, pk, need="edit")
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            conference = actions.schedule_conference(case, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The conference was scheduled. Now invite the participants."))
            return redirect(conference)
    return render(request, "conferences/schedule.html", {"case": case, "form": form})


def edit(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """Change the title, time, place or agenda (the case team, before the conference is held)."""
    conference = get_conference_for_user(request.user, pk, need="organise")
    initial = {name: getattr(conference, name) for name in ("title", "scheduled_at", "location", "agenda")}
    form = ScheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_conference(conference, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The conference was saved."))
            return redirect(conference)
    return render(
        request, "conferences/schedule.html", {"case": conference.case, "form": form, "conference": conference}
    )


def _detail(request: SignedInRequest, conference: Conference, status: int = 200, **bound: forms.Form) -> HttpResponse:
    user: Any = request.user
    participant = is_participant(user, conference)
    context: dict[str, Any] = {
        "conference": conference,
        "case": conference.case,
        "participant": participant,
        "invitations": list(conference.invitations.select_related("organisation", "user")),
        "conference_actions": list(actions_for(user, conference)),
        "shared_referrals": shared_referrals(user, conference.case) if participant else [],
    }
    log_access(user=user, obj=conference, action=AccessAction.VIEW_CASE, request=request)
    if can_organise(user, conference):
        context.update(
            organiser=True,
            pending_actions=any(a.adopted_at is None for a in context["conference_actions"]),
            invite_form=bound.get("invite_form") or InviteForm(conference=conference),
            minutes_form=bound.get("minutes_form")
            or MinutesForm(initial={"minutes": conference.minutes, "decisions": conference.decisions}),
            action_form=bound.get("action_form") or ActionForm(conference=conference, case=conference.case),
        )
    return render(request, "conferences/detail.html", context, status=status)


@require_GET
def detail(request: SignedInRequest, pk: UUID) -> HttpResponse:
    return _detail(request, get_conference_for_user(request.user, pk))


def _post(
    request: SignedInRequest,
    pk: UUID,
    name: str,
    make_form: Callable[[Conference], forms.Form],
    run: Callable[[Conference, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """A form posted from the conference page: run the verb, or show the page again with the errors."""
    conference = get_conference_for_user(request.user, pk, need="organise")
    form = make_form(conference)
    if form.is_valid():
        try:
            run(conference, form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(conference)
    return _detail(request, conference, status=400, **{name: form})


@require_POST
def people(request: SignedInRequest, pk: UUID, purpose: str) -> HttpResponse:
    """Matches for the person boxes of the conference page (whoever may organise it)."""
    conference = get_conference_for_user(request.user, pk, need="organise")
    name = "user" if purpose == "invite" else "responsible_user"
    html = people_matches(conference, purpose, request.POST.get(name, ""))
    if html is None:
        raise Http404
    return HttpResponse(html)


@require_POST
def invite(request: SignedInRequest, pk: UUID) -> HttpResponse:
    return _post(
        request,
        pk,
        "invite_form",
        lambda c: InviteForm(request.POST, conference=c),
        lambda c, data: actions.invite(c, actor=request.user, **data),
        _("Invited."),
    )


@require_POST
def minutes(request: SignedInRequest, pk: UUID) -> HttpResponse:
    return _post(
        request,
        pk,
        "minutes_form",
        lambda c: MinutesForm(request.POST),
        lambda c, data: actions.record_minutes(c, actor=request.user, **data),
        _("The minutes were saved."),
    )


@require_POST
def add_action(request: SignedInRequest, pk: UUID) -> HttpResponse:
    return _post(
        request,
        pk,
        "action_form",
        lambda c: ActionForm(request.POST, conference=c, case=c.case),
        lambda c, data: actions.add_action(c, actor=request.user, data=actions.ActionData(**data)),
        _("The action was added."),
    )


@require_POST
def adopt(request: SignedInRequest, pk: UUID) -> HttpResponse:
    conference = get_conference_for_user(request.user, pk, need="organise")
    try:
        plan = actions.adopt_actions(conference, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(conference)
    messages.success(
        request,
        _("The actions were added to plan version %(number)s. Submit it for the supervisor's approval.")
        % {"number": plan.number},
    )
    return redirect(conference)


@require_POST
def cancel(request: SignedInRequest, pk: UUID) -> HttpResponse:
    conference = get_conference_for_user(request.user, pk, need="organise")
    try:
        actions.cancel_conference(conference, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The conference was cancelled."))
    return redirect(conference)
