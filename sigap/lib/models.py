"""Abstract bases shared by domain models."""

from __future__ import annotations

import uuid
from typing import Any, NoReturn

from django.db import models


class TimeStampedModel(models.Model):
    """Every record knows when it was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class UUIDModel(TimeStampedModel):
    """Domain records use UUID keys so URLs cannot be enumerated and records can be made offline."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True


class AppendOnlyError(RuntimeError):
    """A log row was about to be changed or deleted."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    """Refuses bulk update and delete (logs keep what happened; corrections are new rows)."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} are append-only")

    def delete(self) -> NoReturn:
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} are append-only")


class AppendOnlyModel(models.Model):
    """A row that is written once: saving it again or deleting it raises ``AppendOnlyError``."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.verbose_name_plural} are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self._meta.verbose_name_plural} are append-only")


def attach(obj: object, **values: Any) -> None:
    """Attach values computed for display (labels, flags, a one-time key) to a loaded record or form.

    They are plain attributes for templates and serializers: never fields, never saved. One call
    instead of setting undeclared attributes one by one, which the type checker rightly refuses.
    """
    for name, value in values.items():
        setattr(obj, name, value)


def concrete_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """The model's field ``name``, which must be a field with a column (not a reverse relation)."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise ValueError(f"{name!r} is not a concrete field of {model.__name__}")
    return field
