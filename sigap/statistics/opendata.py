"""Open data: the national and provincial figures for everybody, without sign-in (``/data/``), as
tidy CSV and JSON and through ``/api/v1/open-data/``.

Only verified months are counted, and every table of one release (a year, the nation or one
province) is protected together, so no hidden cell can be worked out from another table of the
same release. A release is counted once and cached (``SIGAP_OPEN_DATA_CACHE_SECONDS``); pages and
downloads read the cache. Downloads are public and not audited (nobody is identified, nothing
personal leaves); every other file of the statistics app is.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy

from sigap.statistics.release import ReleaseTable, from_query, guard


@dataclass(frozen=True)
class OpenTable:
    slug: str
    title: object
    unit: str
    rows: str
    columns: str = ""
    kind: str = "bar"


OPEN_TABLES = [
    OpenTable("cases-by-region", gettext_lazy("Cases by region"), "case", "region", kind="tiles"),
    OpenTable("cases-by-month", gettext_lazy("Cases by month of registration"), "case", "month", kind="line"),
    OpenTable("cases-by-form", gettext_lazy("Cases by form of violence"), "case", "form"),
    OpenTable("cases-by-place", gettext_lazy("Cases by place of occurrence"), "case", "place"),
    OpenTable("victims-by-sex", gettext_lazy("Victims by sex"), "victim", "sex"),
    OpenTable("victims-by-age", gettext_lazy("Victims by age band"), "victim", "age_band"),
    OpenTable("victims-by-age-and-sex", gettext_lazy("Victims by age band and sex"), "victim", "age_band", "sex"),
    OpenTable("perpetrators-by-sex", gettext_lazy("Perpetrators by sex"), "perpetrator", "sex"),
    OpenTable(
        "perpetrators-by-relationship",
        gettext_lazy("Perpetrators by relationship to the victim"),
        "perpetrator",
        "relationship",
    ),
]
BY_SLUG = {t.slug: t for t in OPEN_TABLES}
CACHE_VERSION = 1


def cache_seconds() -> int:
    return int(getattr(settings, "SIGAP_OPEN_DATA_CACHE_SECONDS", 900))


def years() -> list[int]:
    this = timezone.localdate().year
    return list(range(this, this - 6, -1))


def _count(year: int, province: str) -> dict[str, ReleaseTable]:
    from sigap.regions.models import Province
    from sigap.statistics.queries import Period, Scope, count_table, protect_release

    scope = Scope.of_province(province) if province else Scope.nation()
    label = Province.objects.filter(code=province).values_list("name", flat=True).first() if province else None
    period = Period.year(year)
    counted = []
    for spec in OPEN_TABLES:
        rows = spec.rows if spec.rows != "region" else ("regency" if province else "province")
        counted.append((spec, count_table(scope=scope, period=period, rows=rows, columns=spec.columns, unit=spec.unit)))
    protect_release([table for _spec, table in counted])
    now = timezone.now()
    return {
        spec.slug: guard(from_query(table, scope_label=str(label or gettext_lazy("Indonesia")), extracted_at=now))
        for spec, table in counted
    }


def release(year: int, province: str = "") -> dict[str, ReleaseTable]:
    """Every open table of ``year`` for the nation or ``province``: counted once, then cached."""
    key = f"sigap:open-data:{CACHE_VERSION}:{year}:{province or 'nation'}"
    found = cache.get(key)
    if found is None:
        found = _count(year, province)
        cache.set(key, found, cache_seconds())
    return found
