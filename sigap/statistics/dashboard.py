"""What a dashboard shows: the viewer's scopes, the filters, and the set of tables counted for one
view (trend, breakdowns, ranking of the regions below). The same set feeds the page, its exports,
the PDF report and the dashboard API, so a figure is the same in each.

Every table comes from ``sigap.statistics.queries.count_table``; tables that leave the owning
organisation are protected *together* (``protect_release``), so a cell hidden in one is hidden in
every other table of the view.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.accounts.access import active_memberships
from sigap.cases.codes import AGE_BANDS, Sex, ViolenceForm
from sigap.lib.access import is_signed_in
from sigap.lib.forms import BootstrapMixin, choice_field
from sigap.organisations.models import Organisation
from sigap.statistics.release import ReleaseTable, from_query

if TYPE_CHECKING:
    from sigap.statistics.queries import Basis


@dataclass(frozen=True)
class ViewerScope:
    """One picture a user may open: ``key`` is what the filter form sends (no personal data)."""

    key: str
    label: str
    scope: Any  # sigap.statistics.queries.Scope, as sigap.statistics.access granted it
    organisation: Organisation | None = None

    @property
    def exact(self) -> bool:
        return bool(self.scope.exact)

    @property
    def province(self) -> str:
        return str(self.scope.province)

    @property
    def regency(self) -> str:
        return str(self.scope.regency)

    @property
    def level(self) -> str:
        return str(self.scope.level)

    def query_scope(self, *, region: str = "") -> Any:
        """The scope counted: this one, or a region inside it (``sub_regions`` offers only those)."""
        from sigap.statistics.queries import Scope

        if not region or self.exact:
            return self.scope
        return Scope.of_province(region) if len(region) == 2 else Scope.of_regency(region)

    @property
    def below(self) -> str:
        """The dimension the ranking shows: the regions (or organisations) one level down."""
        return {"nation": "province", "province": "regency", "regency": "organisation"}.get(self.level, "")


def viewer_scopes(user: Any) -> list[ViewerScope]:
    """The pictures ``user`` may open, from the statistics access rule (``sigap.statistics.access``):
    their own organisations exactly; for a data officer of a Dinas PPPA or the ministry, the
    protected, verified aggregates of its region."""
    from sigap.regions.models import Province, Regency
    from sigap.statistics.access import REGIONAL_KINDS, region_of, statistics_scopes

    if not is_signed_in(user):
        return []
    scopes = statistics_scopes(user)
    organisations = {m.organisation_id: m.organisation for m in active_memberships(user)}
    provinces = dict(
        Province.objects.filter(code__in={s.province for s in scopes if s.province}).values_list("code", "name")
    )
    regencies = dict(
        Regency.objects.filter(code__in={s.regency for s in scopes if s.regency}).values_list("code", "name")
    )
    offices = {region_of(org): org for org in organisations.values() if org.kind in REGIONAL_KINDS}
    found = []
    # A regional office's officer opens its region first; its own (usually empty) figures come after.
    for scope in sorted(scopes, key=lambda s: bool(s.organisation_id)):
        if scope.organisation_id:
            org = organisations.get(scope.organisation_id)
            found.append(ViewerScope(f"org-{scope.organisation_id}", str(org), scope, org))
        elif scope.regency:
            found.append(
                ViewerScope(
                    f"regency-{scope.regency}", regencies.get(scope.regency, scope.regency), scope, offices.get(scope)
                )
            )
        elif scope.province:
            found.append(
                ViewerScope(
                    f"province-{scope.province}",
                    provinces.get(scope.province, scope.province),
                    scope,
                    offices.get(scope),
                )
            )
        else:
            found.append(ViewerScope("nation", _("Indonesia"), scope, offices.get(scope)))
    return found


PERIODS = [("year", gettext_lazy("Whole year"))] + [(f"q{q}", gettext_lazy("Quarter %d") % q) for q in range(1, 5)]
UNITS = [
    ("case", gettext_lazy("Cases")),
    ("victim", gettext_lazy("Victims")),
    ("perpetrator", gettext_lazy("Perpetrators")),
]


class DashboardFilters(BootstrapMixin, forms.Form):
    scope = forms.ChoiceField(label=gettext_lazy("Figures of"), required=False)
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, required=False)
    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=PERIODS, required=False)
    basis = forms.ChoiceField(
        label=gettext_lazy("Counted by"),
        choices=[("registered", gettext_lazy("Registration date")), ("incident", gettext_lazy("Incident date"))],
        required=False,
    )
    unit = forms.ChoiceField(label=gettext_lazy("Count"), choices=UNITS, required=False)
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)
    form = forms.ChoiceField(label=gettext_lazy("Form of violence"), required=False)
    sex = forms.ChoiceField(label=gettext_lazy("Victim's sex"), required=False)
    age_band = forms.ChoiceField(label=gettext_lazy("Age band"), required=False)

    def __init__(self, data: Any, *, scopes: list[ViewerScope], regions: list[tuple[str, str]]) -> None:
        super().__init__(data)
        this_year = timezone.localdate().year
        everything = [("", _("All"))]
        choice_field(self, "scope").choices = [(s.key, s.label) for s in scopes]
        choice_field(self, "year").choices = [(y, str(y)) for y in range(this_year, this_year - 6, -1)]
        choice_field(self, "region").choices = everything + regions
        choice_field(self, "form").choices = everything + list(ViolenceForm.choices)
        choice_field(self, "sex").choices = everything + list(Sex.choices)
        choice_field(self, "age_band").choices = everything + [(b, b) for b, _lo, _hi in AGE_BANDS]


@dataclass
class Chart:
    slug: str
    title: str
    kind: str  # "line" | "bar" | "tiles"
    table: ReleaseTable

    @property
    def series(self) -> list[tuple[str, str, int | None]]:
        return self.table.series(self.table.dimensions[0])

    @property
    def data(self) -> str:
        series = self.series
        return json.dumps(
            {"labels": [label for _c, label, _v in series], "values": [v for _c, _l, v in series], "label": self.title},
            ensure_ascii=False,
        )

    @property
    def tiles(self) -> list[tuple[str, str, int | None, int]]:
        """The ranking: (code, label, value, shade 0–4), highest first, hidden values last."""
        series = sorted(self.series, key=lambda s: (s[2] is None, -(s[2] or 0)))
        top = max((v for _c, _l, v in series if v), default=0)
        return [(c, label, v, 0 if not v or not top else 1 + min(3, 4 * v // (top + 1))) for c, label, v in series]


@dataclass
class View:
    scope: ViewerScope
    year: int
    period_code: str
    basis: str
    unit: str
    region: str
    filters: dict[str, list[str]]
    charts: list[Chart] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> int | None:
        grand = self.charts[0].table.grand_total() if self.charts else None
        return None if grand is None or grand.hidden else grand.count

    @property
    def hidden(self) -> int:
        return sum(c.table.hidden_count for c in self.charts)

    @property
    def threshold(self) -> int:
        return self.charts[0].table.threshold if self.charts else 0

    @property
    def exact(self) -> bool:
        return self.scope.exact

    def chart(self, slug: str) -> Chart | None:
        return next((c for c in self.charts if c.slug == slug), None)


def sub_regions(scope: ViewerScope) -> list[tuple[str, str]]:
    """The regions a regional viewer may narrow to (one level down), in one query."""
    from sigap.regions.models import Province, Regency

    if scope.exact or scope.regency:
        return []
    if scope.province:
        return list(Regency.objects.filter(province_id=scope.province).order_by("code").values_list("code", "name"))
    return list(Province.objects.order_by("code").values_list("code", "name"))


def build_view(scope: ViewerScope, cleaned: dict[str, Any]) -> View:
    from sigap.statistics.queries import Period, count_table, protect_release

    year = cleaned.get("year") or timezone.localdate().year
    period_code = cleaned.get("period") or "year"
    basis: Basis = "incident" if cleaned.get("basis") == "incident" else "registered"
    period = Period.year(year, basis) if period_code == "year" else Period.quarter(year, int(period_code[1]), basis)
    filters = {name: [cleaned[name]] for name in ("form", "sex", "age_band") if cleaned.get(name)}
    unit = cleaned.get("unit") or "case"
    view = View(scope, year, period_code, basis, unit, cleaned.get("region") or "", filters)
    if unit == "case" and ("sex" in filters or "age_band" in filters):
        unit = view.unit = "victim"
        view.notes.append(_("With a sex or age band filter the figures count victims."))
    query_scope = scope.query_scope(region=view.region)
    specs = [("trend", _("Trend by month"), "line", "month", "")]
    specs.append(("form", _("Form of violence"), "bar", "form", ""))
    if unit != "perpetrator":
        specs.append(("place", _("Place of occurrence"), "bar", "place", ""))
    if unit != "case":
        specs += [("sex", _("Sex"), "bar", "sex", ""), ("age", _("Age band"), "bar", "age_band", "")]
    if unit == "perpetrator":
        specs.append(("relationship", _("Relationship to the victim"), "bar", "relationship", ""))
    below = "regency" if view.region and len(view.region) == 2 else "organisation" if view.region else scope.below
    if below:
        title = {"province": _("Provinces"), "regency": _("Regencies/cities"), "organisation": _("Organisations")}[
            below
        ]
        specs.append(("ranking", title, "tiles", below, ""))
    tables = []
    for slug, title, kind, rows, columns in specs:
        query_filters = {k: v for k, v in filters.items() if k != rows}
        tables.append(
            (
                slug,
                title,
                kind,
                count_table(
                    scope=query_scope, period=period, rows=rows, columns=columns, filters=query_filters, unit=unit
                ),
            )
        )
    protect_release([t for *_rest, t in tables])
    now = timezone.now()
    label = scope.label
    for slug, title, kind, table in tables:
        view.charts.append(Chart(slug, title, kind, from_query(table, scope_label=label, extracted_at=now)))
    if not scope.exact:
        view.notes.append(_("Only verified months are counted."))
    return view


def first_of(value: date) -> date:
    return value.replace(day=1)
