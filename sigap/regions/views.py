"""The region picker's demonstration page and the small fragments its htmx requests load."""

from __future__ import annotations

import re

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from sigap.lib.http import SignedInRequest
from sigap.regions.forms import SEARCH_LIMIT, RegionPickerForm, RegionWidget, option_list, placeholder
from sigap.regions.models import Level
from sigap.regions.search import MIN_QUERY_LENGTH, normalise_query, search_regions

_HTML_NAME = re.compile(r"[A-Za-z0-9_-]{1,100}")


@require_GET
def picker(request: SignedInRequest) -> HttpResponse:
    form = RegionPickerForm(request.GET or None)
    region = form.cleaned_data["region"] if form.is_bound and form.is_valid() else None
    return render(request, "regions/picker.html", {"form": form, "region": region})


@require_GET
@cache_control(private=True, max_age=3600)
def options(request: SignedInRequest, level: str) -> HttpResponse:
    """``<option>`` elements of one level inside the parent whose code is in parameter ``from``."""
    child = Level(level)
    parent = request.GET.get(request.GET.get("from") or "parent", "")
    context = {"options": option_list(child, parent), "placeholder": placeholder(child, parent)}
    return render(request, "regions/fragments/options.html", context)


def _widget_from(request: SignedInRequest) -> tuple[RegionWidget, str, str] | None:
    """Rebuild the widget a fragment belongs to from the parameters it put in its URLs."""
    name, widget_id = request.GET.get("name", ""), request.GET.get("id", "")
    level, min_level = request.GET.get("level", ""), request.GET.get("min_level", "")
    if not (_HTML_NAME.fullmatch(name) and _HTML_NAME.fullmatch(widget_id)):
        return None
    if level not in Level.values or (min_level and min_level not in Level.values):
        return None
    return RegionWidget(level=level, min_level=min_level or None), name, widget_id


@require_GET
def search(request: SignedInRequest) -> HttpResponse:
    """Search results for a picker's search box, as buttons that pick the place."""
    found = _widget_from(request)
    if found is None:
        return HttpResponseBadRequest()
    widget, name, widget_id = found
    query = normalise_query(request.GET.get(f"{name}__q") or request.GET.get("q") or "")
    results = None
    if len(query) >= MIN_QUERY_LENGTH:
        results = search_regions(query, levels=widget.levels, limit=SEARCH_LIMIT)
    context = {"widget": {"name": name}, "id": widget_id, "query": query, "results": results}
    context.update(widget.fragment_urls(name, widget_id))
    return render(request, "regions/widgets/region_results.html", context)


@require_GET
def widget_body(request: SignedInRequest) -> HttpResponse:
    """The picker again, with every level filled in from a picked search result."""
    found = _widget_from(request)
    if found is None:
        return HttpResponseBadRequest()
    widget, name, widget_id = found
    value = widget.value_from_datadict(request.GET, {}, name)
    return HttpResponse(widget.render_body(name, value, widget_id))
