"""Fixtures of the release tests: government offices with data officers, and verified months.

``verify_all`` freezes every organisation's months the way a verification does (a MonthVerification
per organisation and month, the live summary rows copied as frozen rows) until the core's verify
verb exists; then it calls that verb."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from sigap.accounts.models import User
from sigap.organisations.models import Membership, Organisation, OrganisationKind
from sigap.organisations.roles import Role
from sigap.statistics.models import Fact, MonthVerification


def verify_all(actor: User) -> None:
    months = Fact.objects.filter(frozen=False).values_list("organisation_id", "registered_month").distinct()
    for organisation_id, month in set(months):
        earlier = MonthVerification.objects.filter(
            organisation_id=organisation_id, month=month, status=MonthVerification.Status.VERIFIED
        )
        Fact.objects.filter(frozen=True, verification__in=earlier).delete()
        earlier.update(status=MonthVerification.Status.SUPERSEDED)
        verification = MonthVerification.objects.create(
            organisation_id=organisation_id, month=month, verified_at=timezone.now(), verified_by=actor
        )
        rows = list(Fact.objects.filter(frozen=False, organisation_id=organisation_id, registered_month=month))
        for row in rows:
            row.pk = None
            row.frozen = True
            row.verification = verification
        Fact.objects.bulk_create(rows)


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
