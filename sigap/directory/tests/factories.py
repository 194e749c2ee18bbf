"""Synthetic directory services for tests."""

from __future__ import annotations

from typing import Any

from sigap.directory.models import Service
from sigap.organisations.models import Organisation


def make_service(organisation: Organisation, name: str = "Konseling Psikologis (sintetis)", **values: Any) -> Service:
    """A service of the organisation (the same one when called again with the same name)."""
    areas = {name: values.pop(name) for name in ("area_regencies", "area_provinces") if name in values}
    defaults = {
        "description": "Layanan konseling untuk korban kekerasan (data sintetis).",
        "service_types": ["psikologis"],
        "languages": ["id"],
        "phone": "022-555-0100",
        **values,
    }
    service, _created = Service.objects.get_or_create(organisation=organisation, name=name, defaults=defaults)
    for field, items in areas.items():
        getattr(service, field).set(items)
    return service
