"""Referral fixtures: the cast's case (a child client, the mother's consent covering the hospital),
a hospital on Sigap with a psychologist and a caseworker, and its service in the directory."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation

from sigap.accounts.models import User
from sigap.cases.models import Case
from sigap.cases.tests.factories import make_case, make_person
from sigap.consent.actions import record_consent
from sigap.consent.tests.factories import consent_input
from sigap.directory.models import Service
from sigap.directory.tests.factories import make_service
from sigap.organisations.models import Organisation, OrganisationKind
from sigap.organisations.roles import Role
from sigap.referrals import actions
from sigap.referrals.models import Referral
from sigap.regions.models import District

PHONE = "081234567890"
NIK = "3273015403120001"
SUMMARY = "Ringkasan asesmen rahasia (sintetis)"
NOTE = "Catatan kasus sintetis untuk rujukan"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@dataclass
class Hospital:
    org: Organisation
    psychologist: User
    caseworker: User
    org_admin: User
    service: Service


@pytest.fixture
def hospital(regions: dict[str, Any]) -> Hospital:
    from conftest import make_user

    org = Organisation.objects.create(
        name="RSUD Contoh Rujukan (test)",
        short_name="RSUD Contoh",
        kind=OrganisationKind.HOSPITAL,
        province=regions["jabar"],
        regency=regions["bandung"],
    )
    return Hospital(
        org=org,
        psychologist=make_user("psy@rsud.test.sigap.invalid", "Psikolog RSUD", org, Role.PSYCHOLOGIST),
        caseworker=make_user("cw@rsud.test.sigap.invalid", "Pekerja Sosial RSUD", org, Role.CASEWORKER),
        org_admin=make_user("admin@rsud.test.sigap.invalid", "Admin RSUD", org, Role.ORG_ADMIN),
        service=make_service(org, "Visum dan Layanan Kesehatan (sintetis)", service_types=["kesehatan", "psikologis"]),
    )


@pytest.fixture
def case(cast: Any, hospital: Hospital) -> Case:
    """A child's case managed by ``cast.caseworker``; the mother's consent covers the hospital."""
    District.objects.get_or_create(code="32.73.01", defaults={"regency": cast.org.regency, "name": "Sukasari"})
    case = make_case(cast.org, cast.caseworker, victim_values={"phone": PHONE, "nik": NIK})
    client = case.victims.get().person
    mother = make_person(cast.org, cast.caseworker, full_name="Ibu Contoh Rujukan", sex="female")
    record_consent(
        case, actor=cast.caseworker, person=client, data=consent_input(mother, share_organisations=[hospital.org])
    )
    return case


def referral_input(hospital: Hospital | None, **values: Any) -> actions.ReferralInput:
    data: dict[str, Any] = {
        "service": hospital.service if hospital is not None else None,
        "service_type": "kesehatan",
        "sections": ["identity", "violence"],
        "reason": "Perlu pemeriksaan kesehatan dan visum (sintetis).",
        "urgency": "urgent",
    }
    data.update(values)
    return actions.ReferralInput(**data)


@pytest.fixture
def referral(cast: Any, case: Case, hospital: Hospital) -> Referral:
    return actions.send_referral(case, actor=cast.caseworker, data=referral_input(hospital))
