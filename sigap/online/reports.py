"""Online-abuse aggregates (issue #6, item 7): no row ever names a case or a person.

Counts come from a few narrow queries (ids, codes and dates only) and are added up in Python, so
they are the same on SQLite and PostgreSQL (harm types and platforms are JSON lists). A count from
1 to ``SIGAP_REPORT_MIN_CELL`` − 1 is hidden, and so are as many other cells of its line as
``sigap.lib.disclosure.protect`` needs so that the hidden one cannot be worked out from the total
(secondary suppression). A median is shown only when its count is shown and rests on at least that
many requests, so a small organisation's single case cannot be singled out.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sigap.cases.codes import AGE_BANDS, Sex, age_band, age_on
from sigap.cases.models import CaseVictim
from sigap.lib.disclosure import Cell, protect
from sigap.online.models import Channel, HarmType, OnlineIncident, Platform, Takedown, TakedownStatus
from sigap.organisations.models import Organisation


@dataclass
class Report:
    min_cell: int
    cases: Cell
    by_harm: list[tuple[str, Cell]] = field(default_factory=list)
    by_platform: list[tuple[str, Cell]] = field(default_factory=list)
    by_age_band: list[tuple[str, Cell]] = field(default_factory=list)
    # Children and adults: coarser than the age bands, so often shown where a band is hidden. Each
    # is the total of its bands, which are a line of their own (see _suppress).
    by_age_group: list[tuple[str, Cell]] = field(default_factory=list)
    by_sex: list[tuple[str, Cell]] = field(default_factory=list)
    outcomes: list[tuple[str, list[Cell]]] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    removal_by_platform: list[tuple[str, Cell, float | None]] = field(default_factory=list)
    removal_by_channel: list[tuple[str, Cell, float | None]] = field(default_factory=list)


def _rows(counter: Counter[str], choices: Iterable[tuple[str, Any]], min_cell: int) -> list[tuple[str, Cell]]:
    return [(str(label), Cell(counter[value], min_cell)) for value, label in choices if counter[value]]


def _median_days(pairs: list[tuple[Any, Any]]) -> list[float]:
    return [(resolved - submitted).total_seconds() / 86400 for submitted, resolved in pairs if submitted and resolved]


def _removal(groups: dict[str, list[float]], choices: Iterable[tuple[str, Any]], min_cell: int) -> dict[str, Any]:
    """value → (label, count, days); only groups with a removal."""
    return {
        value: (str(label), Cell(len(groups[value]), min_cell), groups[value])
        for value, label in choices
        if groups.get(value)
    }


def _with_medians(rows: dict[str, Any]) -> list[tuple[str, Cell, float | None]]:
    """A median only beside a shown count that rests on at least ``min_cell`` requests."""
    return [
        (label, cell, None if cell.hidden or cell.count < cell.min_cell else round(statistics.median(days), 1))
        for label, cell, days in rows.values()
    ]


def _suppress(
    report: Report, outcomes: dict[str, list[Cell]], platforms: dict[str, Any], channels: dict[str, Any]
) -> None:
    """Secondary suppression over every line a reader could subtract from (docs/online.md, Statistics).

    The breakdowns of cases each add up to (about) the number of cases; the outcome table's rows and
    columns, and the two removal tables (each adds up to the removed requests) are lines too. A
    channel's "removed" outcome and its removal count are the same number, so hiding one hides the
    other, and the lines are protected again until nothing changes."""
    breakdowns = [report.by_harm, report.by_platform, report.by_age_band, report.by_sex, report.by_age_group]
    lines = [[cell for _label, cell in rows] for rows in breakdowns]
    totals: list[Cell | None] = [report.cases] * len(lines)
    # The bands of children and of adults add up to the groups' counts: lines with those totals.
    for group, bands in _age_group_bands(report).items():
        lines.append(bands)
        totals.append(group)
    rows = list(outcomes.values())
    lines += rows + [list(column) for column in zip(*rows, strict=True)]
    lines += [[cell for _l, cell, _d in platforms.values()], [cell for _l, cell, _d in channels.values()]]
    removed = TakedownStatus.values.index(TakedownStatus.REMOVED)
    pairs = [(outcomes[value][removed], cell) for value, (_l, cell, _d) in channels.items() if value in outcomes]
    while True:
        protect(lines, totals)
        unsynced = [(a, b) for a, b in pairs if a.hidden != b.hidden]
        if not unsynced:
            return
        for a, b in unsynced:
            a.hidden = b.hidden = True


CHILD_BANDS = [band for band, _low, high in AGE_BANDS if high is not None and high < 18]


def _age_groups(ages: Counter[str], min_cell: int) -> list[tuple[str, Cell]]:
    """Children, adults and (the very cell of the age bands' "?") age unknown."""
    children = sum(n for band, n in ages.items() if band in CHILD_BANDS)
    adults = sum(n for band, n in ages.items() if band and band not in CHILD_BANDS)
    groups = [(str(_("Children (under 18)")), children), (str(_("Adults (18 and over)")), adults)]
    return [(label, Cell(n, min_cell)) for label, n in groups if n]


def _age_group_bands(report: Report) -> dict[Cell, list[Cell]]:
    """Each age group's cell → the cells of its bands."""
    bands = dict(report.by_age_band)
    groups = iter(cell for _label, cell in report.by_age_group)
    result: dict[Cell, list[Cell]] = {}
    for is_child in (True, False):
        members = [cell for band, cell in bands.items() if band != "?" and (band in CHILD_BANDS) == is_child]
        if members:
            result[next(groups)] = members
    return result


def build(organisations: QuerySet[Organisation]) -> Report:
    min_cell = settings.SIGAP_REPORT_MIN_CELL
    incidents = OnlineIncident.objects.filter(case__organisation__in=organisations)
    harms: dict[Any, set[str]] = defaultdict(set)
    platforms: dict[Any, set[str]] = defaultdict(set)
    for case_id, harm_types, platform_list in incidents.values_list("case_id", "harm_types", "platforms"):
        harms[case_id].update(harm_types or [])
        platforms[case_id].update(platform_list or [])
    case_ids = list(harms)
    harm_counter: Counter[str] = Counter(h for values in harms.values() for h in values)
    platform_counter: Counter[str] = Counter(p for values in platforms.values() for p in values)
    ages: Counter[str] = Counter()
    sexes: Counter[str] = Counter()
    victims = CaseVictim.objects.filter(case_id__in=case_ids, is_primary=True).values_list(
        "person__date_of_birth", "person__sex", "case__registered_at"
    )
    for born, sex, registered in victims:
        ages[age_band(age_on(born, registered.date())) if born else ""] += 1
        sexes[sex or ""] += 1
    report = Report(min_cell=min_cell, cases=Cell(len(case_ids), min_cell))
    report.by_harm = _rows(harm_counter, HarmType.choices, min_cell)
    report.by_platform = _rows(platform_counter, Platform.choices, min_cell)
    report.by_age_band = _rows(ages, [*((b, b) for b, _lo, _hi in AGE_BANDS), ("", "?")], min_cell)
    report.by_sex = _rows(sexes, [*Sex.choices, ("", "?")], min_cell)
    unknown_age = [(label, cell) for label, cell in report.by_age_band if label == "?"]
    report.by_age_group = _age_groups(ages, min_cell) + unknown_age  # "?" is the same cell in both

    takedowns = Takedown.objects.filter(case__organisation__in=organisations)
    outcome: Counter[tuple[str, str]] = Counter()
    by_platform: dict[str, list[float]] = defaultdict(list)
    by_channel: dict[str, list[float]] = defaultdict(list)
    for channel, platform, status, submitted, resolved in takedowns.values_list(
        "channel", "platform", "status", "submitted_at", "resolved_at"
    ):
        outcome[(channel, status)] += 1
        if status == TakedownStatus.REMOVED:
            for days in _median_days([(submitted, resolved)]):
                by_platform[platform].append(days)
                by_channel[channel].append(days)
    report.statuses = [str(label) for _value, label in TakedownStatus.choices]
    outcomes = {
        channel: [Cell(outcome[(channel, status)], min_cell) for status in TakedownStatus.values]
        for channel in Channel.values
        if any(outcome[(channel, status)] for status in TakedownStatus.values)
    }
    labels = dict(Channel.choices)
    report.outcomes = [(str(labels[channel]), cells) for channel, cells in outcomes.items()]
    platform_rows = _removal(by_platform, Platform.choices, min_cell)
    channel_rows = _removal(by_channel, Channel.choices, min_cell)
    _suppress(report, outcomes, platform_rows, channel_rows)
    report.removal_by_platform = _with_medians(platform_rows)
    report.removal_by_channel = _with_medians(channel_rows)
    return report
