"""How many of the listed cases are in each stage and each deadline state (the case list's chart).

One aggregate query over the list's own queryset (``listable_cases`` with its filters): the numbers
always match what the list would show, and the query count is fixed however many cases there are.
The list page itself never counts (its first answer must not wait for a count of every match), so
the counts are a page of their own that the list loads after it (htmx) or links to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.cases.models import Case, Stage
from sigap.lib.charts import Chart, Tone, bar_chart

WEEK_DAYS = 7


@dataclass(frozen=True)
class DueState:
    key: str
    label: Any
    tone: Tone


DUE_STATES = (
    DueState("overdue", _("Overdue"), "danger"),
    DueState("today", _("Due today"), "warning"),
    DueState("week", _("In the next 7 days"), "info"),
    DueState("later", _("Later"), "secondary"),
    DueState("none", _("No open deadline"), "secondary"),
)


def _due_limits(now: datetime) -> tuple[datetime, datetime]:
    """The end of today in the reader's zone (the organisation's, set by the middleware) and the
    end of the seventh day after it."""
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    end_of_today = timezone.make_aware(datetime.combine(tomorrow, time.min))
    return end_of_today, end_of_today + timedelta(days=WEEK_DAYS)


def case_counts(cases: QuerySet[Case], now: datetime) -> dict[str, int]:
    """``stage_<stage>`` and ``due_<state>`` counts and ``total``, in one query."""
    end_of_today, end_of_week = _due_limits(now)
    due = {
        "due_overdue": Q(next_due_at__lt=now),
        "due_today": Q(next_due_at__gte=now, next_due_at__lt=end_of_today),
        "due_week": Q(next_due_at__gte=end_of_today, next_due_at__lt=end_of_week),
        "due_later": Q(next_due_at__gte=end_of_week),
        "due_none": Q(next_due_at__isnull=True),
    }
    counts = cases.order_by().aggregate(
        total=Count("*"),
        **{f"stage_{stage}": Count("pk", filter=Q(stage=stage)) for stage in Stage.values},
        **{name: Count("pk", filter=condition) for name, condition in due.items()},
    )
    return {name: value or 0 for name, value in counts.items()}


def count_charts(counts: dict[str, int], *, stage_links: dict[str, str], overdue_link: str) -> list[Chart]:
    """The two charts (tables with SVG bars, no Chart.js: the case list must stay small)."""
    stages = bar_chart(
        "case-stages",
        _("Cases by stage"),
        [(label, counts[f"stage_{value}"]) for value, label in Stage.choices],
        value_name=_("Cases"),
        label_heading=_("Stage"),
        hrefs=[stage_links[value] for value in Stage.values],
        canvas=False,
    )
    deadlines = bar_chart(
        "case-deadlines",
        _("Cases by next deadline"),
        [(state.label, counts[f"due_{state.key}"], state.tone) for state in DUE_STATES],
        value_name=_("Cases"),
        label_heading=_("Next deadline"),
        hrefs=[overdue_link if state.key == "overdue" else "" for state in DUE_STATES],
        canvas=False,
    )
    return [stages, deadlines]
