"""Shared pytest fixtures and helpers of this app's tests, for other apps' tests too (import from here,
never from a conftest or a test module)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from sigap.cases.models import (
    Case,
)
from sigap.cases.tests.factories import make_case
from sigap.regions.models import District, Province, Regency


@pytest.fixture
def case(cast: Any) -> Case:
    """A medium-risk case managed by ``cast.caseworker`` (supervised by ``cast.supervisor``)."""
    return make_case(cast.org, cast.caseworker)


@pytest.fixture
def other_case(cast: Any) -> Case:
    """A case of the other organisation, managed by ``cast.other_caseworker``."""
    return make_case(cast.other_org, cast.other_caseworker)


@pytest.fixture
def demo(regions):
    """seed_demo's organisations and accounts, on the few regions they need (normally load_regions)."""
    jakarta = Province.objects.create(code="31", name="DKI Jakarta")
    sulsel = Province.objects.create(code="73", name="Sulawesi Selatan")
    Regency.objects.create(code="31.71", province=jakarta, name="Kota Jakarta Pusat")
    Regency.objects.create(code="73.71", province=sulsel, name="Kota Makassar")
    Regency.objects.create(code="91.71", province=regions["papua"], name="Kota Jayapura")
    District.objects.create(code="32.73.04", regency=regions["bandung"], name="Sumur Bandung")
    call_command("seed_demo", stdout=StringIO())


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo_cases", stdout=out, **options)
    return out.getvalue()
