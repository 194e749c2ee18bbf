"""Helpers of the learning API."""

from __future__ import annotations

from typing import Any

from sigap.lib.http import SignedInApiRequest

UUID_PK = r"[0-9a-fA-F-]{36}"


def field_of(request: SignedInApiRequest, name: str) -> Any:
    """A value of a JSON body (None for a form post or a list)."""
    data = request.data
    return data.get(name) if isinstance(data, dict) else None
