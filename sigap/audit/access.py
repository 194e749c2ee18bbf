"""The access log: who looked at which personal record. Views and API reads call ``log_access``.

A view is not a change, so it is not an ``AuditEvent``: it is an ``AccessLog`` row, hash-chained
like the audit events. A list of records read through the API is logged in one insert
(``log_access_many``), so a list's query count does not grow with its rows.

Break-glass: a row with action ``break_glass`` is also a grant. It opens its case read-only to
its user for ``BREAK_GLASS_DURATION`` (sigap.cases.access decides who may ask).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from sigap.audit.actions import client_ip
from sigap.audit.models import AccessAction, AccessLog
from sigap.lib.access import is_signed_in

BREAK_GLASS_DURATION = timedelta(hours=8)
BREAK_GLASS_MIN_REASON = 10

__all__ = ["BREAK_GLASS_DURATION", "AccessAction", "log_access", "log_access_many"]


def neutral_label(obj: models.Model) -> str:
    """A label that never names a person: the record's ``audit_label``, else its kind and short id."""
    label = getattr(obj, "audit_label", None)
    if label is None:
        number = getattr(obj, "number", None)  # cases: their number
        label = number if isinstance(number, str) and number else f"{obj._meta.model_name} {str(obj.pk)[:8]}"
    return str(label)[:200]


def _case_id(obj: models.Model) -> Any:
    if obj._meta.label_lower == "cases.case":
        return obj.pk
    return getattr(obj, "case_id", None)


def _organisation_id(obj: models.Model) -> Any:
    """The record's organisation, or its case's when the case is already loaded (no extra query)."""
    if hasattr(obj, "organisation_id"):
        return obj.organisation_id
    case = obj._state.fields_cache.get("case")
    return getattr(case, "organisation_id", None)


def _entry(user: Any, obj: models.Model, action: str, ip: str | None, reason: str, now: datetime) -> AccessLog:
    return AccessLog(
        time=now,
        user=user if is_signed_in(user) else None,
        organisation_id=_organisation_id(obj),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=neutral_label(obj),
        case_id=_case_id(obj),
        ip_address=ip,
        reason=reason,
    )


def _ip(request: Any) -> str | None:
    http = getattr(request, "_request", request)
    return client_ip(http) if hasattr(http, "META") else None


def _mark(request: Any) -> None:
    """Note on the request that its read was logged (the API's generic read log then skips it)."""
    http = getattr(request, "_request", request)
    if http is not None:
        http.sigap_access_logged = True


def log_access(
    *, user: Any, obj: models.Model, action: str, request: HttpRequest | None = None, reason: str = ""
) -> AccessLog:
    """Log that ``user`` opened ``obj`` (a case, person, note, attachment …)."""
    entry = _entry(user, obj, action, _ip(request), reason, timezone.now())
    AccessLog.objects.bulk_create([entry])
    _mark(request)
    return entry


def log_access_many(
    *, user: Any, objs: Iterable[models.Model], action: str, request: HttpRequest | None = None
) -> list[AccessLog]:
    """Log a list of records read at once (a page of an API list), in one insert."""
    now = timezone.now()
    ip = _ip(request)
    entries = [_entry(user, obj, action, ip, "", now) for obj in objs]
    if entries:
        AccessLog.objects.bulk_create(entries)
    _mark(request)
    return entries


def case_access_log(case_id: Any) -> QuerySet[AccessLog]:
    """Who opened a case and its records, newest first."""
    return AccessLog.objects.filter(case_id=case_id).select_related("user").order_by("-time", "-id")


def break_glass_since(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - BREAK_GLASS_DURATION


def active_break_glass(user: Any, case_id: Any) -> AccessLog | None:
    """The user's break-glass opening of this case that still grants read access, if any."""
    if not is_signed_in(user):
        return None
    return (
        AccessLog.objects.filter(
            user=user,
            action=AccessAction.BREAK_GLASS,
            object_type="cases.case",
            object_id=str(case_id),
            time__gte=break_glass_since(),
        )
        .order_by("-time", "-id")
        .first()
    )


def break_glass_openings(organisation_ids: Iterable[Any]) -> QuerySet[AccessLog]:
    """Break-glass openings in these organisations, newest first (the DPO's list)."""
    return (
        AccessLog.objects.filter(action=AccessAction.BREAK_GLASS, organisation_id__in=list(organisation_ids))
        .select_related("user", "organisation")
        .order_by("-time", "-id")
    )
