"""The case metadata list for organisation admins: workload and reassignment, without personal data."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from sigap.cases.access import metadata_organisation_ids
from sigap.cases.codes import RiskLevel
from sigap.cases.metadata import MetadataFilterForm, case_metadata, manager_choices
from sigap.cases.models import Stage
from sigap.cases.mywork import due_state
from sigap.lib.http import SignedInRequest

PAGE_SIZE = 50


def label_metadata(rows: list[dict[str, Any]]) -> None:
    """Stage and risk labels and the deadline state, once per row, in the active language."""
    stages, risks = dict(Stage.choices), dict(RiskLevel.choices)
    now = timezone.now()
    for row in rows:
        row["stage_label"] = stages.get(row["stage"], row["stage"])
        row["risk_label"] = risks.get(row["risk_level"], row["risk_level"])
        row["is_closed"] = row["stage"] == Stage.CLOSED
        row["due_state"] = due_state(row["next_due_at"], now)


@require_GET
def case_metadata_list(request: SignedInRequest) -> HttpResponse:
    organisations = metadata_organisation_ids(request.user)
    if not organisations:
        raise PermissionDenied
    filters = MetadataFilterForm(request.GET or None, managers=manager_choices(request.user))
    data = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    rows = case_metadata(
        request.user, stage=data.get("stage", ""), risk=data.get("risk", ""), case_manager=data.get("case_manager", "")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    label_metadata(page.object_list)
    query = urlencode({name: request.GET[name] for name in filters.fields if request.GET.get(name)})
    return render(
        request,
        "cases/metadata_list.html",
        {"filters": filters, "page": page, "query": query, "several_organisations": len(organisations) > 1},
    )
