"""Changes to the region tables. There is one: loading the official list (``load_regions``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction

from sigap.audit.actions import record
from sigap.regions.loader import DEFAULT_DATA_DIR, FILE_STEMS, RegionDataError, RegionRow, read_folder
from sigap.regions.models import LEVELS, MODELS, Level

if TYPE_CHECKING:
    from sigap.accounts.models import User

BATCH_SIZE = 2000


@dataclass(frozen=True)
class LevelResult:
    """What loading did to one level's table."""

    level: Level
    in_files: int
    created: int
    updated: int
    unchanged: int
    # Rows the files no longer list. They are kept: cases and organisations may point to them.
    only_in_database: int

    @property
    def in_database(self) -> int:
        return self.in_files + self.only_in_database


@transaction.atomic
def load_regions(
    folder: Path | None = None,
    *,
    actor: User | None = None,
    actor_label: str = "",
    batch_size: int = BATCH_SIZE,
) -> list[LevelResult]:
    """Create or update every region listed in ``folder`` (default: the data shipped with Sigap).

    Safe to run again: rows are compared with the database first and only new or changed rows are
    written, with one upsert per batch, so a second run writes nothing. Nothing is deleted.
    Raises :class:`RegionDataError` (and writes nothing) if a file is malformed or a row's parent
    is neither in the files nor in the database.
    """
    files = read_folder(folder or DEFAULT_DATA_DIR)
    results: list[LevelResult] = []
    known_parents: set[str] = set()
    for level in LEVELS:
        existing = _existing(level)
        _check_parents(level, files[level], known_parents)
        result, to_write = _diff(level, files[level], existing)
        _upsert(level, to_write, batch_size)
        results.append(result)
        known_parents = set(existing) | set(files[level])
    if any(r.created or r.updated for r in results):
        record(
            "regions.load",
            actor=actor,
            actor_label=actor_label,
            counts={r.level.value: {"created": r.created, "updated": r.updated} for r in results},
        )
    return results


def _existing(level: Level) -> dict[str, tuple[str, str]]:
    model = MODELS[level]
    if not model.parent_field:
        return {code: ("", name) for code, name in model.objects.values_list("code", "name")}
    parent_column = f"{model.parent_field}_id"
    return {code: (parent, name) for code, parent, name in model.objects.values_list("code", parent_column, "name")}


def _check_parents(level: Level, rows: dict[str, RegionRow], known_parents: set[str]) -> None:
    if level == Level.PROVINCE:
        return
    for row in rows.values():
        if row.parent not in known_parents:
            raise RegionDataError(
                f"{FILE_STEMS[level]}:{row.line}: {row.code} belongs to {row.parent}, "
                "which is neither in the files nor in the database"
            )


def _diff(
    level: Level, rows: dict[str, RegionRow], existing: dict[str, tuple[str, str]]
) -> tuple[LevelResult, list[RegionRow]]:
    to_write: list[RegionRow] = []
    created = updated = 0
    for code, row in rows.items():
        current = existing.get(code)
        if current is None:
            created += 1
            to_write.append(row)
        elif current != (row.parent, row.name):
            updated += 1
            to_write.append(row)
    result = LevelResult(
        level=level,
        in_files=len(rows),
        created=created,
        updated=updated,
        unchanged=len(rows) - created - updated,
        only_in_database=len(existing.keys() - rows.keys()),
    )
    return result, to_write


def _upsert(level: Level, rows: list[RegionRow], batch_size: int) -> None:
    if not rows:
        return
    model: Any = MODELS[level]
    parent = model.parent_field
    update_fields = ["name", parent] if parent else ["name"]
    for start in range(0, len(rows), batch_size):
        batch = rows[start : start + batch_size]
        objects = [
            model(code=row.code, name=row.name, **({f"{parent}_id": row.parent} if parent else {})) for row in batch
        ]
        model.objects.bulk_create(objects, update_conflicts=True, unique_fields=["code"], update_fields=update_fields)
