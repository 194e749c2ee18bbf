"""The dashboard screens: the picture of the viewer's scope with its filters, and its files (a table
as CSV/XLSX/JSON, the whole view as a PDF report). Thin: the tables come from ``dashboard.build_view``;
the files are handed out by the ``export_table`` verb, which audits them."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sigap.lib.http import SignedInRequest
from sigap.statistics import actions_release
from sigap.statistics.dashboard import DashboardFilters, View, ViewerScope, build_view, sub_regions, viewer_scopes

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _view_for(request: SignedInRequest) -> tuple[DashboardFilters, View]:
    scopes = viewer_scopes(request.user)
    if not scopes:
        raise PermissionDenied
    wanted = request.GET.get("scope") or scopes[0].key
    scope: ViewerScope | None = next((s for s in scopes if s.key == wanted), None)
    if scope is None:
        raise Http404
    form = DashboardFilters(request.GET or None, scopes=scopes, regions=sub_regions(scope))
    cleaned = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return form, build_view(scope, cleaned)


@require_GET
def dashboard(request: SignedInRequest) -> HttpResponse:
    from sigap.statistics.access import verifying_organisation_ids

    form, view = _view_for(request)
    query = request.GET.urlencode()
    months: list[date] = []
    org = view.scope.organisation
    if view.exact and org is not None and org.pk in verifying_organisation_ids(request.user):
        today = timezone.localdate()
        last = 12 if view.year < today.year else today.month
        months = [date(view.year, m, 1) for m in range(last, 0, -1)]
    return render(
        request,
        "statistics/release/dashboard.html",
        {"form": form, "view": view, "query": query, "simfoni_months": months},
    )


def _filename(view: View, slug: str, fmt: str) -> str:
    return f"sigap-{view.scope.level}-{view.year}-{slug}.{fmt}"


@require_GET
def export(request: SignedInRequest, slug: str, fmt: str) -> HttpResponse:
    """One table of the view as a file, or (``report``/``pdf``) the whole view as the annual report."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    _form, view = _view_for(request)
    if slug == "report" and fmt == "pdf":
        title = _("Report %(scope)s %(year)s") % {"scope": view.scope.label, "year": view.year}
        body = actions_release.export_report(
            actor=request.user,
            title=title,
            sections=[(c.title, c.table, "line" if c.kind == "line" else "bar") for c in view.charts],
            footer=f"Sigap · {view.scope.label} · {view.year}",
            organisation=view.scope.organisation,
            request=request,
            report="dashboard",
            scope=view.scope.level,
            period=str(view.year),
            exact=view.exact,
        )
    else:
        chart = view.chart(slug)
        if chart is None:
            raise Http404
        title = f"{chart.title} · {view.scope.label} · {view.year}"
        body = actions_release.export_table(
            actor=request.user,
            table=chart.table,
            fmt=fmt,
            title=title,
            organisation=view.scope.organisation,
            request=request,
        )
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{_filename(view, slug, fmt)}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def simfoni_sheet(request: SignedInRequest, pk: UUID, year: int, month: int) -> HttpResponse:
    """The month's per-case sheet for SIMFONI: the organisation's own data officer only (404 otherwise)."""
    from sigap.organisations.models import Organisation
    from sigap.statistics.access import verifying_organisation_ids

    if pk not in verifying_organisation_ids(request.user) or not 1 <= month <= 12:
        raise Http404
    organisation = Organisation.objects.get(pk=pk)
    body = actions_release.export_simfoni_sheet(
        actor=request.user, organisation=organisation, month=date(year, month, 1), request=request
    )
    response = HttpResponse(body, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="simfoni-{year}-{month:02d}.xlsx"'
    response["Cache-Control"] = "no-store"
    return response
