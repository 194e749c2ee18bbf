"""Consent fixtures: the cast's case (a 14-year-old client) with a mother and an alleged perpetrator."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from sigap.cases.models import Case, Person
from sigap.cases.tests.factories import make_case, make_person
from sigap.organisations.models import Organisation, OrganisationKind


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Verbs speak the active language; an earlier request may have left Indonesian active."""
    with translation.override("en"):
        yield


@pytest.fixture
def case(cast: Any) -> Case:
    """A child's case managed by ``cast.caseworker``; the father is the alleged perpetrator."""
    return make_case(cast.org, cast.caseworker, perpetrators=[("Ayah Contoh", "orang_tua", False)])


@pytest.fixture
def client_person(case: Case) -> Person:
    return case.victims.get().person


@pytest.fixture
def perpetrator(case: Case) -> Person:
    return case.perpetrators.get().person


@pytest.fixture
def mother(cast: Any) -> Person:
    return make_person(cast.org, cast.caseworker, full_name="Ibu Contoh", sex="female")


@pytest.fixture
def hospital(regions: Any) -> Organisation:
    """An organisation outside the cast's, to share with."""
    return Organisation.objects.create(
        name="RSUD Contoh (test)", kind=OrganisationKind.HOSPITAL, province=regions["jabar"], regency=regions["bandung"]
    )
