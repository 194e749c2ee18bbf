"""Who may see and do what with data requests (the release side of the statistics app).

- The requesting side: members of the requester's organisation holding ``view_aggregates`` see the
  request; the requester (or another such member) withdraws it while it waits and downloads the
  released table.
- The contributing side: members holding ``view_aggregates`` in an organisation asked for its data
  see the request (never another organisation's data); its data officers (``verify_statistics``)
  and admins (``manage_organisation``) decide for it (``DECIDERS``).
- Anyone else: 404. Somebody who may see a request but not do the act: 403.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet

from sigap.accounts.access import organisation_ids
from sigap.lib.access import get_or_404, is_signed_in
from sigap.organisations.roles import Capability
from sigap.statistics.datarequests import DataRequest, DataRequestDecision, Decision, RequestStatus

DECIDERS = (Capability.VERIFY_STATISTICS, Capability.MANAGE_ORGANISATION)


def deciding_organisations(user: Any) -> set[Any]:
    if not is_signed_in(user):
        return set()
    return {pk for capability in DECIDERS for pk in organisation_ids(user, capability)} & aggregate_organisations(user)


def aggregate_organisations(user: Any) -> set[Any]:
    return organisation_ids(user, Capability.VIEW_AGGREGATES) if is_signed_in(user) else set()


def visible_data_requests(user: Any) -> QuerySet[DataRequest]:
    orgs = aggregate_organisations(user)
    if not orgs:
        return DataRequest.objects.none()
    asked = DataRequestDecision.objects.filter(request=OuterRef("pk"), organisation_id__in=orgs)
    return DataRequest.objects.filter(Q(requester_organisation_id__in=orgs) | Exists(asked))


def get_data_request_for_user(user: Any, pk: UUID | str) -> DataRequest:
    return get_or_404(visible_data_requests(user).select_related("requester_organisation", "requester"), pk=pk)


def decision_for(user: Any, request: DataRequest) -> DataRequestDecision | None:
    """The user's organisation's decision still waiting on ``request``, if they may give it."""
    if request.status != RequestStatus.PENDING:
        return None
    orgs = deciding_organisations(user)
    return (
        request.decisions.filter(organisation_id__in=orgs, decision=Decision.PENDING)
        .select_related("organisation")
        .order_by("organisation__name")
        .first()
    )


def can_decide(user: Any, request: DataRequest) -> bool:
    return decision_for(user, request) is not None


def is_requesting_side(user: Any, request: DataRequest) -> bool:
    return request.requester_organisation_id in aggregate_organisations(user)


def can_withdraw(user: Any, request: DataRequest) -> bool:
    return request.status == RequestStatus.PENDING and is_requesting_side(user, request)


def can_download(user: Any, request: DataRequest) -> bool:
    return request.status == RequestStatus.RELEASED and is_requesting_side(user, request)


def can_request(user: Any) -> bool:
    return bool(aggregate_organisations(user))
