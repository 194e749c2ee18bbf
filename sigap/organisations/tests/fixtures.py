"""Shared pytest fixtures and helpers of this app's tests, for other apps' tests too (import from here,
never from a conftest or a test module)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from sigap.regions.models import Province, Regency


@pytest.fixture
def demo_regions(regions):
    """The regions seed_demo needs, on top of the shared ``regions`` fixture (normally load_regions)."""
    jakarta = Province.objects.create(code="31", name="DKI Jakarta")
    sulsel = Province.objects.create(code="73", name="Sulawesi Selatan")
    Regency.objects.create(code="31.71", province=jakarta, name="Kota Jakarta Pusat")
    Regency.objects.create(code="73.71", province=sulsel, name="Kota Makassar")
    Regency.objects.create(code="91.71", province=regions["papua"], name="Kota Jayapura")
    return regions


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()
