"""The public open-data page ``/data/`` and its downloads: no sign-in, GET only, rate-limited per
address (``SIGAP_PUBLIC_RATE_LIMIT``), figures from the cached release (``opendata.release``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sigap.audit.actions import client_ip
from sigap.lib.errors import too_many_requests
from sigap.lib.ratelimit import Limit
from sigap.statistics import exports, opendata
from sigap.statistics.dashboard import Chart


def public_reads() -> Limit:
    return Limit("open-data-ip", settings.SIGAP_PUBLIC_RATE_LIMIT, 60)


def public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_not_required
    @require_GET
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not public_reads().hit(client_ip(request) or ""):
            return too_many_requests(request, retry_after=60)
        return view(request, *args, **kwargs)

    return wrapped


def selection(request: HttpRequest) -> tuple[int, str, list[tuple[str, str]]]:
    """The year and province asked for (404 for any other), and the provinces to choose from."""
    from sigap.regions.models import Province

    provinces = list(Province.objects.order_by("code").values_list("code", "name"))
    years = opendata.years()
    try:
        year = int(request.GET.get("year") or years[0])
    except ValueError:
        raise Http404 from None
    province = request.GET.get("province", "")
    if year not in years or (province and province not in dict(provinces)):
        raise Http404
    return year, province, provinces


@public
def open_data(request: HttpRequest) -> HttpResponse:
    year, province, provinces = selection(request)
    tables = opendata.release(year, province)
    charts = [
        Chart(spec.slug, str(spec.title), spec.kind, tables[spec.slug])
        for spec in opendata.OPEN_TABLES
        if not spec.columns
    ]
    crossed = [(spec, tables[spec.slug]) for spec in opendata.OPEN_TABLES if spec.columns]
    hidden = sum(t.hidden_count for t in tables.values())
    query = request.GET.urlencode()
    threshold = next(iter(tables.values())).threshold
    return render(
        request,
        "statistics/release/open_data.html",
        {
            "year": year,
            "province": province,
            "provinces": provinces,
            "years": opendata.years(),
            "charts": charts,
            "crossed": crossed,
            "hidden": hidden,
            "query": query,
            "threshold": threshold,
            "total": tables["cases-by-month"].grand_total(),
        },
    )


@public
def open_data_file(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if slug not in opendata.BY_SLUG or fmt not in ("csv", "json"):
        raise Http404
    year, province, _provinces = selection(request)
    table = opendata.release(year, province)[slug]
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.to_json_bytes(table), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="sigap-{province or "id"}-{year}-{slug}.{fmt}"'
    return response
