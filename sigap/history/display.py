"""Reading the history back: which rows belong to a case or a person, and how a row reads.

Both the screens and the API start from :func:`case_changes` / :func:`person_changes` (after the
record itself was loaded through its access getter) and turn rows into :class:`Change` with
:func:`readable_changes`; encrypted values are decrypted only there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sigap.core.templatetags.sigap_time import in_zone_of
from sigap.history.actions import unseal
from sigap.history.models import FieldChange
from sigap.history.tracking import field_label, readable
from sigap.lib.crypto import InvalidToken

# Newest first; the fields of one change set in the order they were written.
ORDER = ("-at", "change_set", "id")


def case_changes(case: Any, person_ids: Iterable[Any]) -> QuerySet[FieldChange]:
    """Changes of the case, its plans and assessments, and of the persons given (its victims)."""
    rule = Q(case_id=case.pk)
    ids = [str(pk) for pk in person_ids]
    if ids:
        rule |= Q(object_type="cases.person", object_id__in=ids)
    return FieldChange.objects.filter(rule).select_related("actor").order_by(*ORDER)


def person_changes(person: Any) -> QuerySet[FieldChange]:
    return (
        FieldChange.objects.filter(object_type="cases.person", object_id=str(person.pk))
        .select_related("actor")
        .order_by(*ORDER)
    )


@dataclass
class Change:
    """One changed field as the viewer reads it."""

    row: FieldChange
    record: str
    field: str
    old: str
    new: str
    old_value: str
    new_value: str
    at: str

    @property
    def actor(self) -> str:
        actor = self.row.actor
        return actor.full_name or actor.email if actor is not None else ""


@dataclass
class ChangeSetView:
    """The fields one verb changed together, for the page."""

    at: str
    actor: str
    reason: str
    record: str
    changes: list[Change] = field(default_factory=list)


def record_label(row: FieldChange, names: Mapping[str, str]) -> str:
    """What was changed: "Case 3273-2026-00001", "Case plan, version 2", a victim's name on their case."""
    from sigap.cases.codes import ServiceType
    from sigap.cases.models import Assessment

    label = row.object_label
    if row.object_type == "cases.case":
        return _("Case %(number)s") % {"number": label}
    if row.object_type == "cases.person":
        return names.get(row.object_id) or _("Person")
    if row.object_type == "cases.assessment":
        kinds = dict(Assessment.Kind.choices)
        return str(kinds.get(label, _("Assessment")))
    if row.object_type == "cases.caseplan":
        return _("Case plan, version %(number)s") % {"number": label}
    if row.object_type == "cases.planaction":
        return _("Plan action: %(service)s") % {"service": dict(ServiceType.choices).get(label, label)}
    if row.object_type == "online.onlineincident":
        return _("Online incident")
    return row.object_type


def readable_changes(
    rows: Iterable[FieldChange], organisation: Any, names: Mapping[str, str] | None = None
) -> list[Change]:
    """Rows as the viewer reads them: labels in their language, times in the organisation's zone."""

    def when(value: datetime) -> str:
        return in_zone_of(value, organisation)

    changes = []
    for row in rows:
        old_value = _open(row.old_value) if row.encrypted else row.old_value
        new_value = _open(row.new_value) if row.encrypted else row.new_value
        changes.append(
            Change(
                row=row,
                record=record_label(row, names or {}),
                field=field_label(row.object_type, row.field),
                old=readable(row.object_type, row.field, old_value, when=when),
                new=readable(row.object_type, row.field, new_value, when=when),
                old_value=old_value,
                new_value=new_value,
                at=when(row.at),
            )
        )
    return changes


def _open(value: str) -> str:
    try:
        return unseal(value)
    except InvalidToken:
        # Made with a key that was removed before the history was re-encrypted: say so, do not fail.
        return _("(encrypted with a key that is no longer configured)")


def grouped(changes: Iterable[Change]) -> list[ChangeSetView]:
    """Consecutive changes of one change set and one record under one heading."""
    groups: list[ChangeSetView] = []
    last: tuple[Any, ...] | None = None
    for change in changes:
        key = (change.row.change_set, change.row.object_type, change.row.object_id)
        if key != last:
            groups.append(
                ChangeSetView(at=change.at, actor=change.actor, reason=change.row.reason, record=change.record)
            )
            last = key
        groups[-1].changes.append(change)
    return groups
