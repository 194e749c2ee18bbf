"""Regional offices for the statistics tests: a Dinas PPPA (or the ministry) with a data officer."""

from __future__ import annotations

from typing import Any

from sigap.organisations.models import Organisation, OrganisationKind
from sigap.organisations.roles import Role


def regional_office(name: str, *, province: Any, regency: Any = None, kind: str = OrganisationKind.DINAS_PPPA) -> Any:
    """A government office of a region and its data officer (returned)."""
    from conftest import make_user

    office = Organisation.objects.create(name=name, kind=kind, province=province, regency=regency)
    slug = name.lower().replace(" ", ".")
    return make_user(f"data.{slug}@test.sigap.invalid", f"Data Officer {name}", office, Role.DATA_OFFICER)
