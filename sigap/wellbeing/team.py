"""The team figure: an organisation's average WHO-5 percentage over a quarter, shown only when at least
``MIN_WORKERS`` distinct workers who chose to count in it contributed, and never broken down further."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from sigap.wellbeing.models import CheckIn

MIN_WORKERS = 5


@dataclass(frozen=True)
class TeamFigure:
    organisation: Any
    quarter: str
    start: date
    end: date
    shown: bool
    average: int | None


def quarter_bounds(day: date) -> tuple[date, date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    end = date(day.year + 1, 1, 1) if first_month == 10 else date(day.year, first_month + 3, 1)
    return start, end


def team_figure(organisation: Any, day: date | None = None) -> TeamFigure:
    """Each worker's own average first (so one who checks in daily weighs as much as one who does not),
    then the average of those."""
    day = day or timezone.localdate()
    start, end = quarter_bounds(day)
    zone = timezone.get_current_timezone()
    rows = CheckIn.objects.filter(
        organisation=organisation,
        in_team_figure=True,
        created_at__gte=datetime.combine(start, datetime.min.time(), tzinfo=zone),
        created_at__lt=datetime.combine(end, datetime.min.time(), tzinfo=zone),
    ).only("user_id", "answers_encrypted")
    per_worker: dict[Any, list[int]] = {}
    for row in rows.iterator():
        per_worker.setdefault(row.user_id, []).append(row.score)
    label = f"{start.year} Q{(start.month - 1) // 3 + 1}"
    if len(per_worker) < MIN_WORKERS:
        return TeamFigure(organisation, label, start, end, shown=False, average=None)
    means = [sum(scores) / len(scores) for scores in per_worker.values()]
    return TeamFigure(organisation, label, start, end, shown=True, average=round(sum(means) / len(means)))
