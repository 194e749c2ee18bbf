"""Fixtures of the release tests: government offices with data officers, and verified months
(``verify_all``, through the core's ``verify_month`` verb)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from sigap.accounts.models import User
from sigap.organisations.models import Membership, Organisation, OrganisationKind
from sigap.organisations.roles import Role
from sigap.statistics.models import Fact


def verify_all(actor: User | None = None) -> None:
    """Verify every month with summary rows of every organisation through the core's verb
    (``sigap.statistics.actions.verify_month``), each by a data officer of that organisation (one is
    made where the organisation has none). ``actor`` verifies for its own organisations."""
    from sigap.statistics.actions import verify_month

    months = Fact.objects.filter(frozen=False).values_list("organisation_id", "registered_month").distinct()
    for organisation_id, month in sorted(set(months), key=str):
        organisation = Organisation.objects.get(pk=organisation_id)
        officer = actor if actor is not None and _is_data_officer(actor, organisation) else _officer(organisation)
        verify_month(organisation, month, actor=officer)


def _is_data_officer(user: User, organisation: Organisation) -> bool:
    return Membership.objects.filter(user=user, organisation=organisation, role=Role.DATA_OFFICER).exists()


def _officer(organisation: Organisation) -> User:
    found = Membership.objects.filter(organisation=organisation, role=Role.DATA_OFFICER, is_active=True).first()
    if found is not None:
        return found.user
    return _user(f"data.{organisation.pk}@test.sigap.invalid", organisation, Role.DATA_OFFICER)


@dataclass
class Offices:
    province_office: Organisation
    ministry: Organisation
    province_officer: User
    national_officer: User


def _user(email: str, org: Organisation, role: str) -> User:
    user = User.objects.create_user(email=email, password="correct horse battery", full_name=email, language="en")
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


@pytest.fixture
def offices(cast: Any, regions: dict[str, Any]) -> Offices:
    province = Organisation.objects.create(
        name="Dinas PPPA Jawa Barat (test)", kind=OrganisationKind.DINAS_PPPA, province=regions["jabar"]
    )
    ministry = Organisation.objects.create(
        name="KemenPPPA (test)", kind=OrganisationKind.MINISTRY, province=regions["jabar"]
    )
    return Offices(
        province,
        ministry,
        _user("dinas.jabar@test.sigap.invalid", province, Role.DATA_OFFICER),
        _user("kemen@test.sigap.invalid", ministry, Role.DATA_OFFICER),
    )
