"""Screens of the competency registry and of mentoring."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sigap.learning import access, actions, competency
from sigap.learning.forms import MentorForm, MentoringSessionForm
from sigap.learning.models import Competency, MentorProfile
from sigap.lib.forms import add_errors
from sigap.lib.http import SignedInRequest


@require_GET
def competency_view(request: SignedInRequest) -> HttpResponse:
    """A supervisor's team and its case-management coverage; coverage by province for aggregate roles."""
    user = request.user
    rows = competency.team(user)
    sees_coverage = access.can_see_coverage(user)
    if not rows and not sees_coverage:
        raise PermissionDenied
    chosen = request.GET.get("competency", Competency.CASE_MANAGEMENT)
    if chosen not in Competency.values:
        chosen = Competency.CASE_MANAGEMENT
    return render(
        request,
        "learning/competency.html",
        {
            "rows": rows,
            "load": competency.uncertified_case_load(rows),
            "coverage": competency.coverage_by_province(chosen) if sees_coverage else None,
            "competencies": Competency.choices,
            "chosen": chosen,
        },
    )


def mentors(request: SignedInRequest) -> HttpResponse:
    """Listed mentors (region, expertise), the user's own pairs, and listing oneself."""
    user = request.user
    profile = MentorProfile.objects.filter(user=user).first()
    certified = competency.valid_certificates().filter(holder=user).exists()
    form = MentorForm(
        request.POST or None,
        initial={"province": profile.province_id, "expertise": profile.expertise} if profile else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.become_mentor(actor=user, **form.cleaned_data)
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("You are listed as a mentor."))
            return redirect("learning:mentors")
    qs = (
        access.listed_mentors().select_related("user", "province", "regency").order_by("province_id", "user__full_name")
    )
    if request.GET.get("province"):
        qs = qs.filter(province_id=request.GET["province"][:2])
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "learning/mentors.html",
        {"page": page, "form": form, "certified": certified, "profile": profile, "pairs": access.visible_pairs(user)},
    )


@require_POST
def mentor_ask(request: SignedInRequest, pk: UUID) -> HttpResponse:
    profile = access.get_mentor_for_user(request.user, pk)
    try:
        pair = actions.ask_mentor(profile, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("learning:mentors")
    return redirect("learning:pair", pair.pk)


def pair_detail(request: SignedInRequest, pk: UUID) -> HttpResponse:
    user = request.user
    pair = access.get_pair_for_user(user, pk)
    can_log = user.pk in (pair.mentor.user_id, pair.mentee_id)
    form = MentoringSessionForm(request.POST or None)
    if request.method == "POST":
        pair = access.get_pair_for_user(user, pk, need="log")
        if form.is_valid():
            try:
                actions.log_mentoring_session(pair, actor=user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The session was logged."))
                return redirect("learning:pair", pair.pk)
    return render(
        request,
        "learning/pair.html",
        {"pair": pair, "sessions": pair.sessions.all(), "form": form, "can_log": can_log},
    )
