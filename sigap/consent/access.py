"""Who sees consent records and decisions to share without consent: whoever sees the case (the
screens and the API load the case with ``get_case_for_user`` first). Supervisors decide overrides on
the cases they approve plans and closures for (``sigap.cases.access.can_approve``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sigap.cases.access import approvable_rule
from sigap.cases.models import Stage
from sigap.consent.models import SharingOverride


def overrides_waiting_for(user: Any) -> QuerySet[SharingOverride]:
    """Requests to share without consent that wait for this supervisor, oldest first (never their own)."""
    rule = approvable_rule(user)
    if rule is None:
        return SharingOverride.objects.none()
    return (
        SharingOverride.objects.filter(rule, status=SharingOverride.Status.PENDING)
        .exclude(case__stage=Stage.CLOSED)
        .exclude(requested_by=user)
        .select_related("case", "requested_by", "organisation")
        .order_by("created_at")
    )
