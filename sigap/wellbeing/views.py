"""The worker's own wellbeing pages and the anonymous team figure."""

from __future__ import annotations

import json
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sigap.accounts.access import active_memberships
from sigap.lib.forms import add_errors
from sigap.lib.http import SignedInRequest
from sigap.organisations.models import Membership
from sigap.wellbeing import actions, who5
from sigap.wellbeing.access import get_checkin_for_user, my_checkins, team_figure_organisation_ids
from sigap.wellbeing.forms import CheckInForm
from sigap.wellbeing.team import MIN_WORKERS, team_figure

PAGE_SIZE = 20


def _supervisors(request: SignedInRequest) -> list[str]:
    """Her supervisors' names (one query), for the help shown below a low score."""
    ids = [m.supervisor_id for m in active_memberships(request.user) if m.supervisor_id is not None]
    if not ids:
        return []
    return [
        m.user.full_name for m in Membership.objects.filter(pk__in=ids).select_related("user").only("user__full_name")
    ]


@require_GET
def home(request: SignedInRequest) -> HttpResponse:
    """Her trend (newest first), what the latest score means, help when it is low, retention."""
    page = Paginator(my_checkins(request.user).only("id", "created_at", "answers_encrypted"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    latest = page.object_list[0] if page.number == 1 and page.object_list else None
    return render(
        request,
        "wellbeing/home.html",
        {
            "page": page,
            "latest": latest,
            "meaning": who5.MEANINGS[latest.level] if latest else None,
            "supervisors": _supervisors(request) if latest and latest.level != "good" else [],
            "retention_months": actions.retention_months(),
            "low": who5.LOW,
            "very_low": who5.VERY_LOW,
            "can_see_team": bool(team_figure_organisation_ids(request.user)),
        },
    )


@require_http_methods(["GET", "POST"])
def checkin_new(request: SignedInRequest) -> HttpResponse:
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            checkin = actions.record_checkin(
                actor=request.user,
                answers=form.answers(),
                note=form.cleaned_data["note"],
                in_team_figure=form.cleaned_data["in_team_figure"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("wellbeing:checkin", pk=checkin.pk)
    return render(request, "wellbeing/checkin_form.html", {"form": form})


@require_GET
def checkin_detail(request: SignedInRequest, pk: UUID) -> HttpResponse:
    checkin = get_checkin_for_user(request.user, pk)
    level = checkin.level
    answers = checkin.answers
    labels = dict(who5.WHO5_CHOICES)
    rows = [(label, labels.get(answers.get(key, -1), "")) for key, label in who5.WHO5_ITEMS]
    for key, label, choices in who5.STRAIN_ITEMS:
        rows.append((label, dict(choices).get(answers.get(key, -1), "")))
    return render(
        request,
        "wellbeing/checkin_detail.html",
        {
            "checkin": checkin,
            "rows": rows,
            "meaning": who5.MEANINGS[level],
            "level": level,
            "supervisors": _supervisors(request) if level != "good" else [],
        },
    )


@require_POST
def checkin_delete(request: SignedInRequest, pk: UUID) -> HttpResponse:
    checkin = get_checkin_for_user(request.user, pk)
    actions.delete_checkin(checkin, actor=request.user)
    messages.success(request, _("The check-in was deleted."))
    return redirect("wellbeing:home")


@require_http_methods(["GET", "POST"])
def delete_all(request: SignedInRequest) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm."))
            return redirect("wellbeing:delete_all")
        count = actions.delete_all_checkins(actor=request.user)
        messages.success(request, _("%(count)d check-ins were deleted.") % {"count": count})
        return redirect("wellbeing:home")
    return render(request, "wellbeing/delete_all.html")


@require_GET
def export(request: SignedInRequest) -> HttpResponse:
    document = actions.export_checkins(actor=request.user)
    response = HttpResponse(json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="sigap-wellbeing-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def team(request: SignedInRequest) -> HttpResponse:
    """The anonymous quarterly figure of each organisation where she supervises or administers."""
    ids = team_figure_organisation_ids(request.user)
    if not ids:
        raise Http404
    organisations = [m.organisation for m in active_memberships(request.user) if m.organisation_id in ids]
    unique = {organisation.pk: organisation for organisation in organisations}
    figures = [team_figure(organisation) for organisation in unique.values()]
    return render(request, "wellbeing/team.html", {"figures": figures, "min_workers": MIN_WORKERS})
