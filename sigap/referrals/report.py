"""The referral report: counts, acceptance rate and median times, by organisation and by service type.

Aggregates only: no case, client or free text. Medians are computed in Python over a bounded query
(the same on SQLite and PostgreSQL): at most ``MAX_ROWS`` referrals of the chosen period are read,
as timestamps only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import median
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.cases.codes import ServiceType
from sigap.organisations.models import Organisation
from sigap.referrals.models import Referral, Status

MAX_ROWS = 50_000


@dataclass
class Row:
    """Figures for one group of referrals. Times are hours (None when nothing to measure)."""

    label: str
    counts: dict[str, int] = field(default_factory=lambda: {s: 0 for s in Status.values})
    _to_accept: list[float] = field(default_factory=list)
    _to_complete: list[float] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def accepted(self) -> int:
        """Accepted at some point (still accepted, completed, or cancelled after accepting)."""
        return len(self._to_accept)

    @property
    def answered(self) -> int:
        """Accepted, declined or expired unanswered: the referrals whose answer is known."""
        return self.accepted + self.counts[Status.DECLINED] + self.counts[Status.EXPIRED]

    @property
    def acceptance_rate(self) -> float | None:
        return round(100 * self.accepted / self.answered, 1) if self.answered else None

    @property
    def median_hours_to_accept(self) -> float | None:
        return round(median(self._to_accept), 1) if self._to_accept else None

    @property
    def median_hours_to_complete(self) -> float | None:
        return round(median(self._to_complete), 1) if self._to_complete else None

    def add(self, status: str, sent: datetime, accepted: datetime | None, completed: datetime | None) -> None:
        self.counts[status] += 1
        if accepted is not None:
            self._to_accept.append((accepted - sent).total_seconds() / 3600)
        if completed is not None:
            self._to_complete.append((completed - sent).total_seconds() / 3600)

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "total": self.total,
            "counts": self.counts,
            "accepted": self.accepted,
            "acceptance_rate": self.acceptance_rate,
            "median_hours_to_accept": self.median_hours_to_accept,
            "median_hours_to_complete": self.median_hours_to_complete,
        }


@dataclass
class Report:
    total: Row
    by_receiver: list[Row]
    by_sender: list[Row]
    by_service_type: list[Row]
    truncated: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total.as_dict(),
            "by_receiver": [r.as_dict() for r in self.by_receiver],
            "by_sender": [r.as_dict() for r in self.by_sender],
            "by_service_type": [r.as_dict() for r in self.by_service_type],
            "truncated": self.truncated,
        }


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def build_report(
    organisation_ids: Iterable[Any], *, since: date | None = None, until: date | None = None, direction: str = ""
) -> Report:
    """Referrals sent from or received by ``organisation_ids`` (``direction`` "sent"/"received" narrows),
    sent between ``since`` and ``until`` (inclusive days in the current time zone)."""
    orgs = list(organisation_ids)
    sent, received = Q(from_organisation_id__in=orgs), Q(to_organisation_id__in=orgs)
    rule = sent if direction == "sent" else received if direction == "received" else sent | received
    qs = Referral.objects.filter(rule)
    if since:
        qs = qs.filter(sent_at__gte=_start(since))
    if until:
        qs = qs.filter(sent_at__lt=_start(until + timedelta(days=1)))
    rows = list(
        qs.order_by("-sent_at").values_list(
            "status",
            "sent_at",
            "accepted_at",
            "completed_at",
            "service_type",
            "from_organisation_id",
            "to_organisation_id",
        )[: MAX_ROWS + 1]
    )
    truncated = len(rows) > MAX_ROWS
    rows = rows[:MAX_ROWS]
    names = dict(
        Organisation.objects.filter(pk__in={r[5] for r in rows} | {r[6] for r in rows if r[6]}).values_list(
            "pk", "name"
        )
    )
    types = dict(ServiceType.choices)
    total = Row(_("All referrals"))
    receivers: dict[Any, Row] = {}
    senders: dict[Any, Row] = {}
    by_type: dict[str, Row] = {}
    not_on_sigap = _("Partners not on Sigap")
    for status, sent_at, accepted, completed, service_type, from_id, to_id in rows:
        args = (status, sent_at, accepted, completed)
        total.add(*args)
        receiver = receivers.setdefault(to_id, Row(names.get(to_id, not_on_sigap) if to_id else not_on_sigap))
        receiver.add(*args)
        senders.setdefault(from_id, Row(names.get(from_id, "?"))).add(*args)
        by_type.setdefault(service_type, Row(str(types.get(service_type, service_type)))).add(*args)
    return Report(
        total=total,
        by_receiver=sorted(receivers.values(), key=lambda r: r.label),
        by_sender=sorted(senders.values(), key=lambda r: r.label),
        by_service_type=sorted(by_type.values(), key=lambda r: r.label),
        truncated=truncated,
    )
