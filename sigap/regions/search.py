"""Finding regions by name across levels, for the picker's type-ahead and the API.

Matching is case-insensitive (``icontains``; a two-letter query matches whole names only). On
PostgreSQL a trigram index on ``UPPER(name)`` (migration 0002) keeps it fast over 83,000 villages.
Whole-name matches come first, then names with a word starting with the query, then any other
match; larger areas before smaller ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, Value, When

from sigap.regions.models import LEVELS, MODELS, Level, ancestor_codes, depth

MIN_QUERY_LENGTH = 2
# Below this, "contains" matches thousands of names and no trigram helps: match whole names only
# (a few places are called "Tu" or "Ua").
CONTAINS_MIN_LENGTH = 3
MAX_QUERY_LENGTH = 100
DEFAULT_LIMIT = 20
MAX_LIMIT = 50
# Regency names carry their kind ("Kota Bandung"); someone typing "bandung" means the city too.
_REGENCY_PREFIXES = ("Kabupaten ", "Kota ")


@dataclass(frozen=True)
class RegionMatch:
    level: Level
    code: str
    name: str
    path: str
    rank: int

    @property
    def codes(self) -> dict[str, str]:
        """The code at each level down to this one: ``{"province": "32", "regency": "32.73"}``."""
        return {level.value: code for level, code in zip(LEVELS, ancestor_codes(self.code), strict=False)}


def normalise_query(query: str) -> str:
    return " ".join(query.split())[:MAX_QUERY_LENGTH]


def _rank(query: str) -> Case:
    exact = Q(name__iexact=query)
    for prefix in _REGENCY_PREFIXES:
        exact |= Q(name__iexact=prefix + query)
    return Case(
        When(exact, then=Value(0)),
        When(Q(name__istartswith=query) | Q(name__icontains=f" {query}"), then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def search_regions(query: str, *, levels: Iterable[Level] = LEVELS, limit: int = DEFAULT_LIMIT) -> list[RegionMatch]:
    """Regions whose name contains ``query``, best first, at most ``limit``; one query per level."""
    query = normalise_query(query)
    if len(query) < MIN_QUERY_LENGTH:
        return []
    limit = max(1, min(limit, MAX_LIMIT))
    matches: list[RegionMatch] = []
    for level in levels:
        manager = MODELS[level].objects
        # Rank and cut in a subquery, so only the rows kept are joined to their ancestors.
        found = Q(name__icontains=query) if len(query) >= CONTAINS_MIN_LENGTH else Q(name__iexact=query)
        best = manager.filter(found).annotate(rank=_rank(query)).order_by("rank", "name", "code").values("code")[:limit]
        rows = manager.with_path().filter(code__in=best).annotate(rank=_rank(query)).order_by("rank", "name", "code")
        matches.extend(
            RegionMatch(level=level, code=row.code, name=row.name, path=row.path, rank=row.rank) for row in rows
        )
    matches.sort(key=lambda m: (m.rank, depth(m.level), m.name, m.code))
    return matches[:limit]
