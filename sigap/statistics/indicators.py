"""Process indicators supervisors need and SIMFONI-PPA does not have (docs/statistics.md).

Counted from the same summary rows and with the same scopes as :mod:`sigap.statistics.queries`:
compliance and closure reasons are :class:`~sigap.statistics.queries.Table` objects (protected
together as one release when they leave the organisation); a time (days from incident to report,
to an approved plan, case duration, referral response hours) is a :class:`Distribution` counted from
a histogram of the values (one grouped query, never the rows themselves), whose median and mean are
shown only when at least ``min_cell`` cases stand behind them outside the organisation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count

from sigap.statistics.models import Fact, Unit
from sigap.statistics.queries import Period, Scope, Table, base_rows, count_table, protect_release


@dataclass(frozen=True)
class Distribution:
    """A time in days (or hours): how many cases have it, and its median and mean (None when hidden)."""

    count: int
    median: float | None
    mean: float | None
    hidden: bool = False


def distribution(scope: Scope, period: Period, field: str, *, unit: str = Unit.CASE, **where: Any) -> Distribution:
    histogram = (
        base_rows(scope, period, unit, {})
        .filter(**{f"{field}__isnull": False}, **where)
        .values(field)
        .annotate(n=Count("id"))
        .order_by(field)
    )
    pairs = [(row[field], row["n"]) for row in histogram]
    count = sum(n for _v, n in pairs)
    if not count:
        return Distribution(0, None, None)
    if not scope.exact and count < settings.SIGAP_STATISTICS_MIN_CELL:
        return Distribution(0, None, None, hidden=True)
    return Distribution(count, _median(pairs, count), round(sum(v * n for v, n in pairs) / count, 1))


def _median(pairs: list[tuple[int, int]], count: int) -> float:
    def nth(k: int) -> int:
        seen = 0
        for value, n in pairs:
            seen += n
            if seen > k:
                return value
        return pairs[-1][0]

    return (nth((count - 1) // 2) + nth(count // 2)) / 2


@dataclass
class ProcessIndicators:
    incident_to_report_days: Distribution
    # Sigap records a report when it is registered: no separate report date exists yet (None).
    report_to_registration_days: Distribution | None
    days_to_approved_plan: Distribution
    case_duration_days: Distribution
    referral_response_hours: Distribution
    first_contact_by_risk: Table
    compliance: Mapping[str, Table]
    closure_reasons: Table
    reopened: Table
    referrals: Table
    caseload: Caseload | None

    def tables(self) -> list[Table]:
        return [
            self.first_contact_by_risk,
            *self.compliance.values(),
            self.closure_reasons,
            self.reopened,
            self.referrals,
        ]


@dataclass(frozen=True)
class Caseload:
    """Open cases per case manager of one organisation, against ``SIGAP_CASELOAD_THRESHOLD``."""

    threshold: int
    workers: int
    above_threshold: int
    largest: int
    unassigned: int


STAGE_DEADLINES = ["first_contact_on_time", "assessment_on_time", "plan_on_time", "police_report_on_time"]


def process_indicators(scope: Scope, period: Period) -> ProcessIndicators:
    """Every process indicator of ``scope`` over ``period`` (registration basis), as one release."""
    closed = {"stage": ["closed"]}
    indicators = ProcessIndicators(
        incident_to_report_days=distribution(scope, period, "incident_to_report_days"),
        report_to_registration_days=None,
        days_to_approved_plan=distribution(scope, period, "days_to_approved_plan"),
        case_duration_days=distribution(scope, period, "duration_days"),
        referral_response_hours=distribution(scope, period, "response_hours", unit=Unit.REFERRAL),
        first_contact_by_risk=count_table(
            scope=scope, period=period, rows="risk_level", columns="first_contact_on_time"
        ),
        compliance={name: count_table(scope=scope, period=period, rows=name) for name in STAGE_DEADLINES},
        closure_reasons=count_table(scope=scope, period=period, rows="closure_reason", filters=closed),
        reopened=count_table(scope=scope, period=period, rows="reopened"),
        referrals=count_table(scope=scope, period=period, rows="referral_status", unit=Unit.REFERRAL),
        caseload=caseload(scope) if scope.exact and scope.organisation_id else None,
    )
    protect_release(indicators.tables())
    return indicators


def caseload(scope: Scope) -> Caseload:
    """Today's open cases per case manager of the organisation (its own staff only: exact scope)."""
    threshold = settings.SIGAP_CASELOAD_THRESHOLD
    rows = (
        Fact.objects.filter(unit=Unit.CASE, frozen=False, organisation_id=scope.organisation_id, is_closed=False)
        .values("case_manager_id")
        .annotate(n=Count("id"))
    )
    per_worker = {row["case_manager_id"]: row["n"] for row in rows}
    unassigned = per_worker.pop(None, 0)
    return Caseload(
        threshold=threshold,
        workers=len(per_worker),
        above_threshold=sum(1 for n in per_worker.values() if n > threshold),
        largest=max(per_worker.values(), default=0),
        unassigned=unassigned,
    )


def reopen_rate(table: Table) -> float | None:
    """Reopened cases as a share of the cases counted (None when a count is hidden or nothing)."""
    yes, total = table.count("true"), (None if table.total.hidden else table.total.count)
    return None if yes is None or not total else round(yes / total, 3)


def first_contact_rate(table: Table, risk: str) -> float | None:
    on_time, late = table.cells[(risk, "true")], table.cells[(risk, "false")]
    if on_time.hidden or late.hidden or not (on_time.count + late.count):
        return None
    return round(on_time.count / (on_time.count + late.count), 3)


__all__ = ["Caseload", "Distribution", "ProcessIndicators", "distribution", "process_indicators"]
