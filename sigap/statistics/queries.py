"""The one way figures are counted: :func:`count_table` (scope, period, dimensions, filters) -> :class:`Table`.

Dashboards, the API, exports, open data and data requests all call it, so a figure is the same
everywhere. It reads only the summary rows (:class:`~sigap.statistics.models.Fact`), never a case:
a table is at most four grouped queries on indexed columns, whatever the number of cases.

- A **scope** is whose data: one organisation (``exact``: its own staff see exact counts), or a
  region (the nation, a province, a regency: every organisation there), read from the verified
  months' frozen rows by default (``verified_only``).
- A **period** is a range of months by registration date, or by incident date (``basis``).
- **Dimensions** (at most two: rows and columns) and **filters** are names from :data:`DIMENSIONS`.
  Forms of violence and services received are *multi-valued*: a case may carry several, so their
  cells do not add up to the total (``Table.multi_valued`` says so, and the pages say it beside
  every total).
- A table that leaves the owning organisation (``scope.exact`` false) is protected with
  :mod:`sigap.lib.disclosure` before it is returned; several tables of one release are protected
  together with :func:`protect_release`.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from typing import Any, Literal
from uuid import UUID

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sigap.cases.codes import (
    AGE_BANDS,
    ClientType,
    ClosureReason,
    DisabilityType,
    Education,
    IntakeChannel,
    Place,
    Relationship,
    RiskLevel,
    ServiceType,
    Sex,
    ViolenceForm,
)
from sigap.cases.models import Stage
from sigap.lib.disclosure import Cell, hidden_reasons, protect, violations
from sigap.referrals.models import Status as ReferralStatus
from sigap.statistics.models import FORM_FIELDS, SERVICE_FIELDS, Fact, Unit

UNKNOWN = "unknown"
UNKNOWN_LABEL = pgettext_lazy("statistics", "Not recorded")
Basis = Literal["registered", "incident"]
TOTAL = "total"


# --- Scope and period -----------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Whose figures. ``exact`` only for an organisation's own staff (see ``sigap.statistics.access``)."""

    organisation_id: UUID | None = None
    province: str = ""
    regency: str = ""
    exact: bool = False
    verified_only: bool = True

    @classmethod
    def nation(cls, *, verified_only: bool = True) -> Scope:
        return cls(verified_only=verified_only)

    @classmethod
    def of_province(cls, code: str, *, verified_only: bool = True) -> Scope:
        return cls(province=code, verified_only=verified_only)

    @classmethod
    def of_regency(cls, code: str, *, verified_only: bool = True) -> Scope:
        return cls(province=code[:2], regency=code, verified_only=verified_only)

    @classmethod
    def of_organisation(cls, organisation_id: UUID, *, exact: bool = True, verified_only: bool = False) -> Scope:
        return cls(organisation_id=organisation_id, exact=exact, verified_only=verified_only)

    @property
    def level(self) -> str:
        if self.organisation_id:
            return "organisation"
        return "regency" if self.regency else "province" if self.province else "nation"

    def constraints(self) -> frozenset[tuple[str, str]]:
        """The scope as dimension values, so the same cell has the same key in every table."""
        if self.organisation_id:
            return frozenset({("organisation", str(self.organisation_id))})
        if self.regency:
            return frozenset({("regency", self.regency)})
        if self.province:
            return frozenset({("province", self.province)})
        return frozenset()


@dataclass(frozen=True)
class Period:
    """The months ``start`` to ``end`` (first days), by registration or incident date."""

    start: date
    end: date
    basis: Basis = "registered"

    @classmethod
    def month(cls, year: int, month: int, basis: Basis = "registered") -> Period:
        return cls(date(year, month, 1), date(year, month, 1), basis)

    @classmethod
    def quarter(cls, year: int, quarter: int, basis: Basis = "registered") -> Period:
        first = 3 * (quarter - 1) + 1
        return cls(date(year, first, 1), date(year, first + 2, 1), basis)

    @classmethod
    def year(cls, year: int, basis: Basis = "registered") -> Period:
        return cls(date(year, 1, 1), date(year, 12, 1), basis)

    @property
    def field(self) -> str:
        return "registered_month" if self.basis == "registered" else "incident_month"

    @property
    def last_day(self) -> date:
        return self.end.replace(day=calendar.monthrange(self.end.year, self.end.month)[1])

    def __str__(self) -> str:
        return f"{self.start:%Y-%m}..{self.end:%Y-%m}"


# --- Dimensions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Dimension:
    """A breakdown: a column of the summary rows (``field``) or a set of flags (``flags``: multi-valued)."""

    key: str
    label: Any
    field: str = ""
    flags: Mapping[str, str] = dataclass_field(default_factory=dict)
    choices: Callable[[], list[tuple[str, Any]]] | None = None
    units: frozenset[str] = frozenset(Unit.values)

    @property
    def multi_valued(self) -> bool:
        return bool(self.flags)


def _choices(enum: Any) -> Callable[[], list[tuple[str, Any]]]:
    return lambda: list(enum.choices)


def _yes_no() -> list[tuple[str, Any]]:
    return [("true", _("Yes")), ("false", _("No"))]


CASE_ONLY = frozenset({Unit.CASE.value})
PEOPLE = frozenset({Unit.VICTIM.value, Unit.PERPETRATOR.value})
VICTIMS = frozenset({Unit.VICTIM.value})
REFERRALS = frozenset({Unit.REFERRAL.value})
PERPETRATORS = frozenset({Unit.PERPETRATOR.value})

_DIMENSIONS = [
    Dimension("month", _("Month")),
    Dimension("quarter", _("Quarter")),
    Dimension("year", _("Year")),
    Dimension("province", _("Province"), "province"),
    Dimension("regency", _("Regency/city"), "regency"),
    Dimension("organisation", _("Organisation"), "organisation_id"),
    Dimension("form", _("Form of violence"), flags=FORM_FIELDS, choices=_choices(ViolenceForm)),
    Dimension("service", _("Service received"), flags=SERVICE_FIELDS, choices=_choices(ServiceType)),
    Dimension("place", _("Place of occurrence"), "place", choices=_choices(Place)),
    Dimension("intake_channel", _("Intake channel"), "intake_channel", choices=_choices(IntakeChannel)),
    Dimension("is_online", _("Online"), "is_online", choices=_yes_no),
    Dimension("client_type", _("Client type"), "client_type", choices=_choices(ClientType)),
    Dimension("risk_level", _("Risk level"), "risk_level", choices=_choices(RiskLevel)),
    Dimension("sex", _("Sex"), "sex", choices=_choices(Sex), units=PEOPLE),
    Dimension("age_band", _("Age band"), "age_band", choices=lambda: [(b, b) for b, *_r in AGE_BANDS], units=PEOPLE),
    Dimension("disability", _("Disability"), "has_disability", choices=_yes_no, units=VICTIMS),
    Dimension(
        "disability_type", _("Kind of disability"), "disability_type", choices=_choices(DisabilityType), units=VICTIMS
    ),
    Dimension("education", _("Education"), "education", choices=_choices(Education), units=VICTIMS),
    Dimension(
        "relationship",
        _("Relationship to the victim"),
        "relationship",
        choices=_choices(Relationship),
        units=PERPETRATORS,
    ),
    Dimension("is_child", _("Child"), "is_child", choices=_yes_no, units=PEOPLE),
    Dimension("stage", _("Stage"), "stage", choices=_choices(Stage), units=CASE_ONLY),
    Dimension(
        "closure_reason", _("Closure reason"), "closure_reason", choices=_choices(ClosureReason), units=CASE_ONLY
    ),
    Dimension("reopened", _("Reopened"), "reopened", choices=_yes_no, units=CASE_ONLY),
    # Deadline compliance (yes = met, no = missed; "not recorded" = still open and not yet due).
    Dimension(
        "first_contact_on_time", _("First contact on time"), "first_contact_on_time", choices=_yes_no, units=CASE_ONLY
    ),
    Dimension("assessment_on_time", _("Assessment on time"), "assessment_on_time", choices=_yes_no, units=CASE_ONLY),
    Dimension("plan_on_time", _("Plan approved on time"), "plan_on_time", choices=_yes_no, units=CASE_ONLY),
    Dimension(
        "police_report_on_time", _("Police report on time"), "police_report_on_time", choices=_yes_no, units=CASE_ONLY
    ),
    Dimension(
        "referral_status", _("Referral status"), "referral_status", choices=_choices(ReferralStatus), units=REFERRALS
    ),
]
DIMENSIONS: dict[str, Dimension] = {d.key: d for d in _DIMENSIONS}
TIME_DIMENSIONS = {"month", "quarter", "year"}


class QueryError(ValueError):
    """A table that cannot be counted (an unknown dimension, or one the unit does not have)."""


# --- The table ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    code: str
    label: str


@dataclass
class Table:
    """Counts by one or two dimensions, with their totals. ``cells[(row, column)]`` are
    :class:`~sigap.lib.disclosure.Cell` objects (``count``, ``hidden``); a 1-D table has the one
    column ``TOTAL``. ``hidden_small`` / ``hidden_complementary`` say how many cells (totals
    included) are hidden because they are small, or because they would give a small one away."""

    unit: str
    scope: Scope
    period: Period
    row_dimension: str
    column_dimension: str
    filters: Mapping[str, tuple[str, ...]]
    rows: list[Key]
    columns: list[Key]
    cells: dict[tuple[str, str], Cell]
    row_totals: dict[str, Cell]
    column_totals: dict[str, Cell]
    total: Cell
    min_cell: int
    exact: bool
    hidden_small: int = 0
    hidden_complementary: int = 0

    @property
    def multi_valued(self) -> bool:
        """True when a unit may be counted in several rows or columns (forms, services)."""
        return any(DIMENSIONS[d].multi_valued for d in (self.row_dimension, self.column_dimension) if d)

    @property
    def hidden(self) -> int:
        return self.hidden_small + self.hidden_complementary

    def count(self, row: str, column: str = TOTAL) -> int | None:
        """The released count of a cell (None when hidden)."""
        cell = self.row_totals[row] if column == TOTAL and self.column_dimension else self.cells[(row, column)]
        return None if cell.hidden else cell.count

    def all_cells(self) -> Iterable[Cell]:
        yield from self.cells.values()
        if self.column_dimension:
            yield from self.row_totals.values()
            yield from self.column_totals.values()
        yield self.total

    def lines(self) -> list[tuple[list[Cell], Cell]]:
        """Every group of cells with its total: each row, each column, the row totals, the column totals."""
        found: list[tuple[list[Cell], Cell]] = []
        if not self.column_dimension:
            found.append(([self.cells[(r.code, TOTAL)] for r in self.rows], self.total))
            return found
        for r in self.rows:
            found.append(([self.cells[(r.code, c.code)] for c in self.columns], self.row_totals[r.code]))
        for c in self.columns:
            found.append(([self.cells[(r.code, c.code)] for r in self.rows], self.column_totals[c.code]))
        found.append(([self.row_totals[r.code] for r in self.rows], self.total))
        found.append(([self.column_totals[c.code] for c in self.columns], self.total))
        return found


# --- Counting -------------------------------------------------------------------------------


def count_table(
    *,
    scope: Scope,
    period: Period,
    rows: str,
    columns: str = "",
    filters: Mapping[str, Sequence[str]] | None = None,
    unit: str = Unit.CASE,
    min_cell: int | None = None,
) -> Table:
    """Count ``unit`` (cases, victims or perpetrators) in ``scope`` over ``period`` by ``rows`` (and
    ``columns``), keeping the rows that match every filter (a multi-valued filter matches any of its
    codes). Protected for release unless ``scope.exact``."""
    clean_filters = {k: tuple(v) for k, v in (filters or {}).items() if v}
    for name in [rows, columns, *clean_filters]:
        if name and (name not in DIMENSIONS or unit not in DIMENSIONS[name].units):
            raise QueryError(f"{unit} cannot be counted by {name!r}")
    if rows == columns:
        raise QueryError("rows and columns must differ")
    base = base_rows(scope, period, unit, clean_filters)
    row_counts = _counts(base, period, [rows])
    total = base.count()
    table_rows = _keys(rows, period, row_counts)
    threshold = settings.SIGAP_STATISTICS_MIN_CELL if min_cell is None else min_cell
    if columns:
        column_counts = _counts(base, period, [columns])
        cell_counts = _counts(base, period, [rows, columns])
        table_columns = _keys(columns, period, column_counts)
    else:
        column_counts, table_columns = {}, [Key(TOTAL, str(_("Total")))]
        cell_counts = {(code, TOTAL): n for (code,), n in row_counts.items()}
    table = Table(
        unit=str(unit),
        scope=scope,
        period=period,
        row_dimension=rows,
        column_dimension=columns,
        filters=clean_filters,
        rows=table_rows,
        columns=table_columns,
        cells={
            (r.code, c.code): Cell(cell_counts.get((r.code, c.code), 0), threshold)
            for r in table_rows
            for c in table_columns
        },
        row_totals={r.code: Cell(row_counts.get((r.code,), 0), threshold) for r in table_rows},
        column_totals={c.code: Cell(column_counts.get((c.code,), 0), threshold) for c in table_columns},
        total=Cell(total, threshold),
        min_cell=threshold,
        exact=scope.exact,
    )
    if scope.exact:
        for cell in table.all_cells():
            cell.hidden = False
    else:
        protect_release([table])
    return table


def base_rows(scope: Scope, period: Period, unit: str, filters: Mapping[str, tuple[str, ...]]) -> QuerySet[Fact]:
    frozen = scope.verified_only and not scope.exact
    query = Fact.objects.filter(unit=unit, frozen=frozen)
    query = query.filter(**{f"{period.field}__gte": period.start, f"{period.field}__lte": period.end})
    if scope.organisation_id:
        query = query.filter(organisation_id=scope.organisation_id)
    elif scope.regency:
        query = query.filter(regency=scope.regency)
    elif scope.province:
        query = query.filter(province=scope.province)
    for name, codes in filters.items():
        query = query.filter(_filter(DIMENSIONS[name], codes, period))
    return query


def _filter(dimension: Dimension, codes: Sequence[str], period: Period) -> Q:
    if dimension.flags:
        found = Q()
        for code in codes:
            if code in dimension.flags:
                found |= Q(**{dimension.flags[code]: True})
        return found if found else Q(pk__in=[])
    if dimension.key in TIME_DIMENSIONS:
        raise QueryError("filter by time with the period")
    found = Q(pk__in=[])
    for code in codes:
        if dimension.choices is _yes_no:
            found |= (
                Q(**{f"{dimension.field}__isnull": True}) if code == UNKNOWN else Q(**{dimension.field: code == "true"})
            )
        else:
            found |= Q(**{dimension.field: "" if code == UNKNOWN else code})
    return found


def _counts(base: QuerySet[Fact], period: Period, dims: list[str]) -> dict[tuple[str, ...], int]:
    """``{(code, …): count}`` by the given dimensions, in one grouped query."""
    singles = [d for d in dims if not DIMENSIONS[d].multi_valued]
    multis = [d for d in dims if DIMENSIONS[d].multi_valued]
    group: dict[str, Any] = {}
    for name in singles:
        group.update(_group_expression(name, period))
    query = base.annotate(**group).values(*group).order_by()
    aggregates: dict[str, Any] = {}
    combos: dict[str, tuple[str, ...]] = {}
    if multis:
        pairs: list[tuple[tuple[str, ...], Q]] = [((), Q())]
        for name in multis:
            flags = DIMENSIONS[name].flags.items()
            pairs = [((*codes, code), q & Q(**{flag: True})) for codes, q in pairs for code, flag in flags]
        for index, (codes, condition) in enumerate(pairs):
            aggregates[f"m{index}"] = Count("id", filter=condition)
            combos[f"m{index}"] = codes
    else:
        aggregates["n"] = Count("id")
    results: list[dict[str, Any]] = list(query.annotate(**aggregates)) if group else [base.aggregate(**aggregates)]
    counts: dict[tuple[str, ...], int] = {}
    for result in results:
        single_codes = {name: _code_of(name, result) for name in singles}
        for alias in aggregates:
            multi_codes = dict(zip(multis, combos.get(alias, ()), strict=True))
            key = tuple(single_codes[d] if d in single_codes else multi_codes[d] for d in dims)
            counts[key] = counts.get(key, 0) + (result[alias] or 0)
    return counts


def _group_expression(name: str, period: Period) -> dict[str, Any]:
    if name == "month":
        return {"g_month": F(period.field)}
    if name == "quarter":
        return {"g_year": ExtractYear(period.field), "g_month": ExtractMonth(period.field)}
    if name == "year":
        return {"g_year": ExtractYear(period.field)}
    return {f"g_{name}": F(DIMENSIONS[name].field)}


def _code_of(name: str, result: Mapping[str, Any]) -> str:
    if name == "month":
        value = result["g_month"]
        return f"{value:%Y-%m}" if value else UNKNOWN
    if name == "quarter":
        return f"{result['g_year']}-Q{(result['g_month'] - 1) // 3 + 1}" if result["g_year"] else UNKNOWN
    if name == "year":
        return str(result["g_year"]) if result["g_year"] else UNKNOWN
    value = result[f"g_{name}"]
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None or value == "":
        return UNKNOWN
    return str(value)


def _keys(name: str, period: Period, counts: Mapping[tuple[str, ...], int]) -> list[Key]:
    """The rows (or columns) of a dimension, in its code list's order; "Not recorded" last when any."""
    dimension = DIMENSIONS[name]
    found = {codes[0] for codes in counts}
    if name in TIME_DIMENSIONS:
        codes = sorted(_period_codes(name, period) | (found - {UNKNOWN}))
        keys = [Key(code, code) for code in codes]
    elif dimension.choices is not None:
        keys = [Key(code, str(label)) for code, label in dimension.choices()]
    else:
        keys = [Key(code, label) for code, label in _names(name, sorted(found - {UNKNOWN}))]
    if UNKNOWN in found:
        keys.append(Key(UNKNOWN, str(UNKNOWN_LABEL)))
    return keys


def _period_codes(name: str, period: Period) -> set[str]:
    """Every month (quarter, year) of the period, so an empty one shows as 0 in a trend."""
    codes: set[str] = set()
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        names = {"month": f"{year}-{month:02d}", "quarter": f"{year}-Q{(month - 1) // 3 + 1}", "year": str(year)}
        codes.add(names[name])
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return codes


def _names(name: str, codes: list[str]) -> list[tuple[str, str]]:
    """Region and organisation names for their codes (one query)."""
    from sigap.organisations.models import Organisation
    from sigap.regions.models import Province, Regency

    if name == "province":
        names = dict(Province.objects.filter(code__in=codes).values_list("code", "name"))
    elif name == "regency":
        names = dict(Regency.objects.filter(code__in=codes).values_list("code", "name"))
    elif name == "organisation":
        names = {str(pk): n for pk, n in Organisation.objects.filter(pk__in=codes).values_list("pk", "name")}
    else:
        names = {}
    return [(code, names.get(code, code)) for code in codes]


# --- Disclosure control ---------------------------------------------------------------------


def cell_key(table: Table, row: str = "", column: str = "") -> tuple[Any, ...]:
    """What a cell counts, the same in every table of a release: unit, period, and the set of
    dimension values fixed by the scope, the filters and the cell's place in the table."""
    fixed = set(table.scope.constraints())
    fixed |= {(name, ",".join(sorted(codes))) for name, codes in table.filters.items()}
    if row:
        fixed.add((table.row_dimension, row))
    if column and column != TOTAL:
        fixed.add((table.column_dimension, column))
    frozen = table.scope.verified_only and not table.scope.exact
    return (table.unit, str(table.period), table.period.basis, frozen, frozenset(fixed))


def protect_release(tables: Sequence[Table]) -> None:
    """Hide small cells and whatever would give one away, across every table of one release.

    A cell that appears in several tables (the 1-D "female" count and the "female" row total of a
    sex × age table) is the same cell: hidden in one, hidden in all. Tables counted for the owning
    organisation (``exact``) are left as they are."""
    released = [t for t in tables if not t.exact]
    canonical: dict[tuple[Any, ...], Cell] = {}
    places: list[tuple[Cell, Cell]] = []

    def same(cell: Cell, key: tuple[Any, ...]) -> Cell:
        shared = canonical.setdefault(key, Cell(cell.count, cell.min_cell))
        places.append((cell, shared))
        return shared

    lines: list[list[Cell]] = []
    totals: list[Cell | None] = []
    for table in released:
        mapping: dict[int, Cell] = {}
        for (row, column), cell in table.cells.items():
            mapping[id(cell)] = same(cell, cell_key(table, row, column))
        if table.column_dimension:
            for row, cell in table.row_totals.items():
                mapping[id(cell)] = same(cell, cell_key(table, row))
            for column, cell in table.column_totals.items():
                mapping[id(cell)] = same(cell, cell_key(table, column=column))
        mapping[id(table.total)] = same(table.total, cell_key(table))
        for line, line_total in table.lines():
            # The total is a cell of the line too: a hidden total with one hidden cell is still one.
            lines.append([mapping[id(c)] for c in line])
            totals.append(mapping[id(line_total)])
    protect(lines, totals)
    for cell, shared in places:
        cell.hidden = shared.hidden
    for table in released:
        table.hidden_small, table.hidden_complementary = hidden_reasons(table.all_cells())
    # Nothing leaves that the rule forbids (a guard: protect() is what makes it so).
    found = violations(lines, totals)
    if found:
        raise RuntimeError(f"disclosure control failed: {found[:3]}")
