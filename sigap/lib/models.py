"""Abstract bases shared by domain models."""

from __future__ import annotations

import uuid

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
