"""Model fields whose values are encrypted in the database (``sigap.lib.crypto``, ``SIGAP_ENCRYPTION_KEYS``).

The model instance, forms, serializers and templates see the plain text; the column holds a Fernet
token made with the current key, decrypted when the row is loaded. The empty string is stored as it
is, so a blank value stays recognisably blank (``exclude(nik="")``, "required" checks) — that a
value is empty is not a secret worth a token.

Ciphertext is random, so the database cannot compare encrypted values: the only lookups allowed are
``isnull`` and ``exact`` against the empty string. Anything else raises :class:`FieldError` rather
than silently finding nothing. Values that must be found exactly (NIK, phone) get a blind index
beside them (:func:`sigap.lib.crypto.blind_index`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django import forms
from django.core import validators
from django.core.exceptions import FieldError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Cast
from django.db.models.lookups import Exact

from sigap.lib import crypto

_ALLOWED_LOOKUPS = {"exact", "isnull"}


def _refuse(field: models.Field[Any, Any], what: str) -> FieldError:
    return FieldError(
        f"{field.model._meta.label}.{field.name} is encrypted: {what}. "
        "Look it up through its blind index (sigap.lib.crypto.blind_index) instead."
    )


class EncryptedTextField(models.TextField):
    """Free text stored encrypted; a textarea in forms. ``max_length`` (optional) limits the plain text."""

    description = "Text (encrypted)"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if not value:
            return value
        return crypto.decrypt_text(value, label=f"A value of {self.model._meta.label}.{self.name}")

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt_text(value)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in _ALLOWED_LOOKUPS:
            raise _refuse(self, f"the database cannot compare it with '{lookup_name}'")
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name: str) -> Any:
        raise _refuse(self, f"the database cannot apply '{lookup_name}' to it")


@EncryptedTextField.register_lookup
class BlankOnlyExact(Exact):
    """``field=""`` (is it blank?) works; ``field="some value"`` would never match a random token."""

    lookup_name = "exact"

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None) and not hasattr(self.rhs, "resolve_expression"):
            raise _refuse(self.lhs.output_field, "only a comparison with the empty string is possible")
        return super().get_prep_lookup()


class EncryptedCharField(EncryptedTextField):
    """A one-line value stored encrypted (NIK, phone, address): a text input of at most ``max_length``
    characters. The column is unlimited text: a token is longer than the value it hides."""

    def __init__(self, *args: Any, max_length: int, **kwargs: Any) -> None:
        kwargs["max_length"] = max_length
        super().__init__(*args, **kwargs)
        self.validators.append(validators.MaxLengthValidator(max_length))

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"widget": forms.TextInput, **kwargs})


class EncryptedJSONField(EncryptedTextField):
    """A JSON value (answers to a form) stored as one encrypted token; Python sees the decoded value.

    ``None`` and the empty string are stored as they are; anything else (``{}`` too) is encoded as
    JSON and encrypted, so the column never shows even the shape of the value.
    """

    description = "JSON (encrypted)"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        text = super().from_db_value(value, expression, connection)
        if not text:
            return text
        return json.loads(text)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value:
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value

    def get_prep_value(self, value: Any) -> Any:
        if value is None or value == "":
            return value
        if hasattr(value, "resolve_expression"):
            return value
        return crypto.encrypt_text(json.dumps(value, ensure_ascii=False, sort_keys=True, cls=DjangoJSONEncoder))

    def value_to_string(self, obj: models.Model) -> str:
        return json.dumps(self.value_from_object(obj), cls=DjangoJSONEncoder)

    def formfield(self, **kwargs: Any) -> Any:
        return forms.JSONField(**kwargs)


# --- Rewriting stored values in bulk (data migrations, key rotation) -------------------------

BATCH_SIZE = 1000
RawRow = dict[str, str | None]


def encrypted_fields(model: type[models.Model]) -> list[str]:
    """The names of the model's encrypted fields."""
    return [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def rewrite_stored(
    model: type[models.Model],
    fields: list[str],
    rewrite: Callable[[RawRow], dict[str, Any]],
    *,
    batch_size: int = BATCH_SIZE,
    dry_run: bool = False,
    using: str = "default",
) -> tuple[int, int]:
    """Walk every row of ``model`` in primary-key order, ``batch_size`` rows at a time, and give
    ``rewrite`` the values of ``fields`` *as stored* (tokens, not decrypted). It returns the columns
    to change, with the values to store as they are ({} for none).

    Each batch is one transaction, so a run that stops half-way keeps what it did and the next run
    (``rewrite`` must be idempotent) carries on. A row is changed only if it still holds what was
    read: an edit made meanwhile wins. Returns (rows read, rows changed or, in a dry run, to change).
    """
    manager = model._default_manager.db_manager(using)
    raw = {f"raw_{name}": Cast(name, output_field=models.TextField()) for name in fields}
    last: Any = None
    seen = changed = 0
    while True:
        rows = manager.order_by("pk").annotate(**raw)
        if last is not None:
            rows = rows.filter(pk__gt=last)
        batch = list(rows.values_list("pk", *raw)[:batch_size])
        if not batch:
            return seen, changed
        with transaction.atomic(using=using):
            for pk, *values in batch:
                stored = dict(zip(fields, values, strict=True))
                changes = rewrite(stored)
                if not changes:
                    continue
                if not dry_run:
                    same = {f"raw_{name}": value for name, value in stored.items()}
                    updated = (
                        manager.filter(pk=pk)
                        .alias(**raw)
                        .filter(**same)
                        .update(**{k: Value(v, output_field=models.TextField()) for k, v in changes.items()})
                    )
                    if not updated:
                        continue
                changed += 1
        seen += len(batch)
        last = batch[-1][0]
