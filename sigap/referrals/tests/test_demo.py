"""``manage.py seed_demo_cases`` also makes a referral network with referrals in every status."""

from __future__ import annotations

import pytest

from sigap.cases.tests.fixtures import demo, seed  # noqa: F401 (pytest fixtures, used by name)
from sigap.organisations.models import OrganisationKind
from sigap.referrals.demo import seed_referral_demo
from sigap.referrals.models import Referral, Status
from sigap.referrals.report import build_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(demo):  # noqa: F811 - the fixture imported above
    return seed(cases=80)


def test_demo_referrals_cover_every_status_and_the_network(seeded):
    assert set(Referral.objects.values_list("status", flat=True)) == set(Status.values)
    kinds = set(Referral.objects.filter(to_organisation__isnull=False).values_list("to_organisation__kind", flat=True))
    assert {
        OrganisationKind.HOSPITAL,
        OrganisationKind.POLICE_PPA,
        OrganisationKind.SOCIAL_SERVICE,
        OrganisationKind.SAFE_HOUSE,
        OrganisationKind.LEGAL_AID,
        OrganisationKind.NGO,
    } <= kinds
    assert Referral.objects.filter(is_external=True).exists()
    assert "Demo referrals" in seeded


def test_demo_referrals_give_the_report_times_and_are_not_made_twice(seeded):
    sender = Referral.objects.filter(from_organisation__short_name="UPTD PPA Bandung").first()
    report = build_report([sender.from_organisation_id])
    assert report.total.median_hours_to_accept and report.total.median_hours_to_complete
    count = Referral.objects.count()
    assert seed_referral_demo() == 0
    assert Referral.objects.count() == count
