"""Writing the field-level history. Verbs call these inside their own transaction.

::

    before = snapshot(person, EDITABLE_FIELDS)
    ...change and save the person...
    record_changes(actor=actor, instance=person, before=before, reason=reason)

Only fields whose value differs are written; values of ``SENSITIVE_FIELDS`` are encrypted with the
current key. A verb that changes several records groups them with one :class:`ChangeSet`.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.utils import timezone

from sigap.history.models import FieldChange
from sigap.history.tracking import Snapshot, is_sensitive, leaf, snapshot, to_text
from sigap.lib.access import is_signed_in
from sigap.lib.crypto import decrypt_bytes, encrypt_bytes, is_current

_AUTO: Any = object()


def seal(text: str) -> str:
    return encrypt_bytes(text.encode()).decode("ascii") if text else ""


def unseal(text: str) -> str:
    return decrypt_bytes(text.encode("ascii")).decode() if text else ""


def root_case_id(instance: models.Model) -> Any:
    """The case a record belongs to: the case itself, or the ``case`` it points at (None for a person)."""
    if instance._meta.label_lower == "cases.case":
        return instance.pk
    return getattr(instance, "case_id", None)


def object_label(instance: models.Model) -> str:
    """A short label that names no one: a case number, a plan version, an assessment kind."""
    label = getattr(instance, "audit_label", None)
    if label is not None:
        return str(label)
    for name in ("number", "kind", "service_type"):
        value = getattr(instance, name, None)
        if value not in (None, ""):
            return str(value)
    return ""


class ChangeSet:
    """The fields changed together by one verb (one ``change_set`` id, one time, one reason)."""

    def __init__(self, *, actor: Any, reason: str = "") -> None:
        self.id = uuid.uuid4()
        self.at = timezone.now()
        self.actor = actor if is_signed_in(actor) else None
        self.reason = reason.strip()
        self.rows: list[FieldChange] = []

    def add(self, instance: models.Model, before: Snapshot, after: Snapshot, *, case_id: Any = _AUTO) -> None:
        object_type = instance._meta.label_lower
        case = root_case_id(instance) if case_id is _AUTO else case_id
        for path in sorted(set(before) | set(after), key=_path_order):
            old, new = before.get(path), after.get(path)
            if _same(old, new):
                continue
            old_text, new_text = to_text(object_type, path, old), to_text(object_type, path, new)
            if old_text == new_text:
                continue
            where = leaf(object_type, path)
            sensitive = is_sensitive(where.model_label, where.field)
            self.rows.append(
                FieldChange(
                    at=self.at,
                    change_set=self.id,
                    actor=self.actor,
                    object_type=object_type,
                    object_id=str(instance.pk),
                    object_label=object_label(instance)[:100],
                    case_id=case,
                    field=path[:100],
                    old_value=seal(old_text) if sensitive else old_text,
                    new_value=seal(new_text) if sensitive else new_text,
                    encrypted=sensitive,
                    reason=self.reason,
                )
            )

    def save(self) -> list[FieldChange]:
        """Write the changed fields (nothing when nothing changed)."""
        if not self.rows:
            return []
        rows = FieldChange.objects.bulk_create(self.rows)
        self.rows = []
        return rows


def record_changes(
    *,
    actor: Any,
    instance: models.Model,
    before: Snapshot,
    after: Snapshot | None = None,
    reason: str = "",
    case_id: Any = _AUTO,
) -> list[FieldChange]:
    """Write one change set for one record: the fields of ``before`` whose value is now different.

    ``after`` defaults to a fresh snapshot of the same fields of ``instance``.
    """
    if after is None:
        after = snapshot(instance, before.keys())
    changes = ChangeSet(actor=actor, reason=reason)
    changes.add(instance, before, after, case_id=case_id)
    return changes.save()


def _same(old: Any, new: Any) -> bool:
    if old in (None, "") and new in (None, ""):
        return True
    return bool(old == new)


def _path_order(path: str) -> tuple[Any, ...]:
    """Goal 2 before goal 10; plain fields first."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in path.split("."))


def reencrypt_history(batch_size: int = 500) -> int:
    """Re-encrypt the encrypted values made with an older key (key rotation); returns rows rewritten.

    Safe to run twice: rows already under the current key are left alone.
    """
    rewritten = 0
    rows = FieldChange.objects.filter(encrypted=True).values_list("pk", "old_value", "new_value")
    for pk, old, new in rows.iterator(chunk_size=batch_size):
        tokens = [value for value in (old, new) if value]
        if all(is_current(value.encode("ascii")) for value in tokens):
            continue
        FieldChange.objects.rewrite_values(
            pk,
            old_value=seal(unseal(old)),
            new_value=seal(unseal(new)),
        )
        rewritten += 1
    return rewritten
