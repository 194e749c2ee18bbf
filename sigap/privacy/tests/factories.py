"""Test data for other apps' tests too (import from here, never from a conftest or a test module)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from sigap.privacy import actions
from sigap.privacy.models import Breach


def receive(cast: Any, kind: str = "access", **values: Any) -> Any:
    from sigap.privacy import actions

    values.setdefault("requester", "Ibu kandung (wali), sintetis")
    return actions.receive_request(actor=cast.dpo, organisation=cast.org, kind=kind, **values)


def breach(cast, hours_ago: float = 1, **values) -> Breach:
    values.setdefault("description", "Laptop kantor hilang (sintetis).")
    values.setdefault("data_categories", ["identity", "children"])
    values["discovered_at"] = timezone.now() - timedelta(hours=hours_ago)
    return actions.record_breach(actor=cast.dpo, organisation=cast.org, values=values)
