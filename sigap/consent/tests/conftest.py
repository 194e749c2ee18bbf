"""Consent fixtures: the cast's case (a 14-year-old client) with a mother and an alleged perpetrator."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone, translation

from sigap.cases.models import Case, Person
from sigap.cases.tests.factories import make_case, make_person
from sigap.consent import actions
from sigap.consent.actions import ConsentInput
from sigap.consent.models import Assent, GivenBy, GuardianRelationship, Method, SharingOverride
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


def consent_input(guardian: Person | None, **overrides: Any) -> ConsentInput:
    """A guardian's written consent to services, with the child's assent, given yesterday."""
    values: dict[str, Any] = {
        "given_by": GivenBy.GUARDIAN if guardian is not None else GivenBy.CLIENT,
        "guardian": guardian,
        "guardian_relationship": GuardianRelationship.MOTHER if guardian is not None else "",
        "assent": Assent.GIVEN,
        "method": Method.WRITTEN,
        "given_on": timezone.localdate() - timedelta(days=1),
        "explained": True,
        "services": True,
    }
    values.update(overrides)
    return ConsentInput(**values)


def ask(
    cast: Any,
    case: Case,
    person: Person,
    organisation: Organisation | None,
    *,
    purpose: str = "referral",
    ground: str = "best_interests",
    actor: Any = None,
) -> SharingOverride:
    """A request to share without consent, by ``cast.caseworker`` unless ``actor`` is given."""
    return actions.request_override(
        case,
        actor=actor or cast.caseworker,
        person=person,
        purpose=purpose,
        organisation=organisation,
        ground=ground,
        explanation="Anak butuh visum segera; ibu tidak dapat dihubungi.",
    )
