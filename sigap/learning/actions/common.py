"""Helpers shared by the capacity-building verbs."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.learning import access
from sigap.learning.models import (
    TrainingEvent,
)


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def require_manage(actor: User, event: TrainingEvent) -> None:
    require(access.can(actor, "manage", event), _("Only the event's trainers and facilitators can do this."))


def set_fields(obj: Any, fields: tuple[str, ...], values: Mapping[str, Any]) -> list[str]:
    changed = []
    for name in fields:
        if name in values and getattr(obj, name) != values[name]:
            setattr(obj, name, values[name])
            changed.append(name)
    return changed


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
