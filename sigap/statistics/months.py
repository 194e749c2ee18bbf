"""The list of an organisation's recent months with their review counts, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from sigap.organisations.models import Organisation
from sigap.statistics.models import Fact, MonthVerification, Revision, Unit

MONTHS_SHOWN = 12


@dataclass(frozen=True)
class MonthRow:
    month: date
    cases: int
    incomplete: int
    late: int
    verification: MonthVerification | None
    revisions: int


def recent_months(today: date, count: int = MONTHS_SHOWN) -> list[date]:
    months, year, month = [], today.year, today.month
    for _n in range(count):
        months.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months


def month_rows(organisation: Organisation, today: date) -> list[MonthRow]:
    """The last twelve months, newest first (three queries whatever the number of cases)."""
    months = recent_months(today)
    counts = {
        row["registered_month"]: row
        for row in Fact.objects.filter(
            frozen=False, unit=Unit.CASE, organisation=organisation, registered_month__in=months
        )
        .values("registered_month")
        .annotate(
            n=Count("id"),
            incomplete=Count("id", filter=Q(national_fields_missing__gt=0)),
            late=Count("id", filter=Q(registered_late=True)),
        )
        .order_by()
    }
    verifications = {
        v.month: v
        for v in MonthVerification.objects.filter(
            organisation=organisation, month__in=months, status=MonthVerification.Status.VERIFIED
        ).select_related("verified_by")
    }
    revised = dict(
        Revision.objects.filter(verification__in=list(verifications.values()))
        .values("verification_id")
        .annotate(n=Count("case_id", distinct=True))
        .values_list("verification_id", "n")
    )
    rows = []
    for month in months:
        row = counts.get(month, {})
        verification = verifications.get(month)
        rows.append(
            MonthRow(
                month=month,
                cases=row.get("n", 0),
                incomplete=row.get("incomplete", 0),
                late=row.get("late", 0),
                verification=verification,
                revisions=revised.get(verification.pk, 0) if verification else 0,
            )
        )
    return rows
