"""Who viewed this case, and break-glass: opening a case outside one's normal access, with a reason.

The access log is written by the screens and the API (sigap.audit.access); these screens read it.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sigap.audit.access import BREAK_GLASS_DURATION, case_access_log
from sigap.cases.access import BreakGlassAvailable, can_see_access_log, get_case_for_user
from sigap.cases.actions.access_log import break_glass
from sigap.cases.forms.access_log import BreakGlassForm
from sigap.cases.models import Case
from sigap.lib.http import SignedInRequest

ACCESS_LOG_PAGE_SIZE = 50


def break_glass_offer(request: SignedInRequest, case: Case, form: BreakGlassForm | None = None) -> HttpResponse:
    """Instead of "not found": the case exists in the user's organisation and they may break the glass."""
    context = {
        "case": case,
        "form": form or BreakGlassForm(),
        "hours": int(BREAK_GLASS_DURATION.total_seconds() // 3600),
    }
    return render(request, "cases/break_glass.html", context, status=400 if form is not None else 403)


def break_glass_open(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """POST a reason to open the case read-only; anybody who may already see it goes straight there."""
    try:
        case = get_case_for_user(request.user, pk)
    except BreakGlassAvailable as offer:
        case = offer.case
    else:
        return redirect(case)
    if request.method != "POST":
        return break_glass_offer(request, case)
    form = BreakGlassForm(request.POST)
    if form.is_valid():
        try:
            break_glass(case, actor=request.user, reason=form.cleaned_data["reason"], request=request)
        except ValidationError as error:
            form.add_error("reason" if hasattr(error, "error_dict") else None, error.messages)
        else:
            messages.warning(
                request, _("You opened this case by break-glass. It is read-only and your reason is logged.")
            )
            return redirect(case)
    return break_glass_offer(request, case, form)


@require_GET
def who_viewed(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """Every opening of the case and its records, newest first: for the case manager and their supervisor."""
    case = get_case_for_user(request.user, pk)
    if not can_see_access_log(request.user, case):
        raise PermissionDenied
    page = Paginator(case_access_log(case.pk), ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/access_log.html", {"case": case, "page": page})
