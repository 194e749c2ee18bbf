"""Who sees and changes online-abuse records: whoever sees / may edit the case.

Every screen and API endpoint loads the case with ``get_case_for_user(user, pk, need=...)`` first
(404 outside need-to-know, 403 for a change without edit access), then the record through the
functions below, which look only inside that case. Reports are aggregates for users with the
``view_aggregates`` capability, over their own organisations (national admins: every organisation).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from sigap.accounts.access import active_memberships
from sigap.cases.access import can, can_edit_case
from sigap.cases.models import Case
from sigap.lib.access import is_signed_in
from sigap.online.models import Evidence, OnlineIncident, Takedown, TakedownReminder
from sigap.organisations.models import Organisation
from sigap.organisations.roles import Capability


def can_change(user: Any, case: Case) -> bool:
    """Records are added and changed by editors of an open case."""
    return can_edit_case(user, case) and not case.is_closed


def can_view(user: Any, case: Case) -> bool:
    return can(user, "view", case)


def incidents_of(case: Case) -> QuerySet[OnlineIncident]:
    return case.online_incidents.select_related("recorded_by").prefetch_related("accounts")


def evidence_of(case: Case) -> QuerySet[Evidence]:
    return case.online_evidence.select_related("attachment", "destroyed_file__destroyed_by", "incident", "recorded_by")


def takedowns_of(case: Case) -> QuerySet[Takedown]:
    return case.takedowns.select_related("account", "incident")


def get_incident(case: Case, pk: UUID | str) -> OnlineIncident:
    return get_object_or_404(incidents_of(case), pk=pk)


def get_evidence(case: Case, pk: UUID | str) -> Evidence:
    return get_object_or_404(evidence_of(case), pk=pk)


def get_takedown(case: Case, pk: UUID | str) -> Takedown:
    return get_object_or_404(takedowns_of(case), pk=pk)


def report_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations whose online-abuse aggregates the user may see."""
    memberships = [m for m in active_memberships(user) if m.can(Capability.VIEW_AGGREGATES)]
    if any(m.can(Capability.ADMINISTER_NATIONAL) for m in memberships):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in={m.organisation_id for m in memberships})


def can_see_reports(user: Any) -> bool:
    return any(m.can(Capability.VIEW_AGGREGATES) for m in active_memberships(user))


def can_edit_guidance(user: Any) -> bool:
    """The first-aid panels are the same everywhere: national admins keep them (and staff in the admin)."""
    return any(m.can(Capability.ADMINISTER_NATIONAL) for m in active_memberships(user))


def reminders_for(user: Any) -> QuerySet[TakedownReminder]:
    """Open reminders on the cases the user manages (for "My work")."""
    if not is_signed_in(user):
        return TakedownReminder.objects.none()
    return (
        TakedownReminder.objects.filter(done_at__isnull=True, takedown__case__case_manager=user)
        .select_related("takedown__case")
        .order_by("quiet_since")
    )
