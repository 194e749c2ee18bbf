"""The transfer tests' fixtures, shared with the conferences tests (import from here, never from a
conftest)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation

from conftest import make_user
from sigap.accounts.models import User
from sigap.cases.models import Case, Person
from sigap.cases.tests.factories import make_case, make_person
from sigap.consent.actions import record_consent
from sigap.consent.tests.factories import consent_input
from sigap.organisations.models import Membership, Organisation, OrganisationKind
from sigap.organisations.roles import Role


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """Every test of the apps that use these fixtures reads the English messages."""
    with translation.override("en"):
        yield


@dataclass
class Receiver:
    """The receiving organisation (``cast.other_org``): a supervisor and a caseworker they supervise."""

    org: Organisation
    supervisor: User
    caseworker: User
    psychologist: User


@pytest.fixture
def receiver(cast: Any) -> Receiver:
    supervisor = make_user(
        "recv.supervisor@test.sigap.invalid", "Receiving Supervisor", cast.other_org, Role.SUPERVISOR
    )
    membership = Membership.objects.get(user=supervisor, organisation=cast.other_org)
    Membership.objects.filter(user=cast.other_caseworker, organisation=cast.other_org).update(supervisor=membership)
    psychologist = make_user("recv.psy@test.sigap.invalid", "Receiving Psychologist", cast.other_org, Role.PSYCHOLOGIST)
    return Receiver(cast.other_org, supervisor, cast.other_caseworker, psychologist)


@pytest.fixture
def third_org(regions: Any) -> Organisation:
    return Organisation.objects.create(
        name="LBH Ketiga (test)", kind=OrganisationKind.LEGAL_AID, province=regions["jabar"], regency=regions["bandung"]
    )


@pytest.fixture
def third_supervisor(third_org: Organisation) -> User:
    return make_user("third.supervisor@test.sigap.invalid", "Third Supervisor", third_org, Role.SUPERVISOR)


@pytest.fixture
def mother(cast: Any) -> Person:
    return make_person(cast.org, cast.caseworker, full_name="Ibu Transfer", sex="female")


def shareable_case(cast: Any, mother: Person, **overrides: Any) -> Case:
    """A 14-year-old's case managed by ``cast.caseworker``, with the psychologist on its team and the
    mother's consent to share with the cast's other organisation."""
    from sigap.cases import actions

    case = make_case(cast.org, cast.caseworker, perpetrators=[("Ayah Transfer", "orang_tua", False)], **overrides)
    actions.add_team_member(case, actor=cast.caseworker, user=cast.psychologist, access="read")
    client = case.victims.get().person
    record_consent(
        case,
        actor=cast.caseworker,
        person=client,
        data=consent_input(mother, share_organisations=[cast.other_org]),
    )
    return case


@pytest.fixture
def case(cast: Any, mother: Person) -> Case:
    return shareable_case(cast, mother)
