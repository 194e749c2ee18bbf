"""``manage.py seed_demo_cases`` also makes a referral network with referrals in every status."""

from __future__ import annotations

from datetime import UTC, datetime
from unittest import mock

import pytest

from sigap.cases.tests.fixtures import demo, seed  # noqa: F401 (pytest fixtures, used by name)
from sigap.consent.models import Assent
from sigap.consent.sharing import consent_in_force
from sigap.organisations.models import OrganisationKind
from sigap.referrals.demo import seed_referral_demo
from sigap.referrals.models import Referral, Status
from sigap.referrals.report import build_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(demo):  # noqa: F811 - the fixture imported above
    return seed(cases=80)


def _assert_every_status_and_the_network() -> None:
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
    external = Referral.objects.filter(is_external=True).select_related("case").get()
    assert external.external_kind
    # Made within the rules: every client's consent in force covers that kind of partner.
    for victim in external.case.victims.select_related("person"):
        consent = consent_in_force(external.case, victim.person)
        assert consent is not None and consent.assent != Assent.REFUSED
        assert external.external_kind in consent.share_kinds


def test_demo_referrals_cover_every_status_and_the_network(seeded):
    _assert_every_status_and_the_network()
    assert "Demo referrals" in seeded


# The case numbers count the cases of each calendar year, so which demo case gets which number moves
# with the day the demo is seeded (the consent draws hung on the number); the demo organisations are
# in WIB (UTC+7). On 2026-12-08 the demo lost its referral to a partner not on Sigap.
@pytest.mark.parametrize(
    "frozen",
    [
        datetime(2026, 12, 8, 0, 17, tzinfo=UTC),  # 07:17 WIB, the day it failed
        datetime(2026, 12, 31, 16, 59, tzinfo=UTC),  # 23:59 WIB on 31 December
        datetime(2026, 12, 31, 17, 1, tzinfo=UTC),  # 00:01 WIB on 1 January
        datetime(2027, 2, 28, 16, 30, tzinfo=UTC),  # 23:30 WIB before 1 March
        datetime(2026, 6, 15, 5, 0, tzinfo=UTC),
    ],
    ids=lambda when: when.strftime("%Y-%m-%dT%H:%MZ"),
)
def test_demo_referrals_are_complete_on_any_day_and_hour(demo, frozen):  # noqa: F811
    with mock.patch("django.utils.timezone.now", lambda: frozen):
        seed(cases=80)
    _assert_every_status_and_the_network()


def test_demo_referrals_give_the_report_times_and_are_not_made_twice(seeded):
    sender = Referral.objects.filter(from_organisation__short_name="UPTD PPA Bandung").first()
    report = build_report([sender.from_organisation_id])
    assert report.total.median_hours_to_accept and report.total.median_hours_to_complete
    count = Referral.objects.count()
    assert seed_referral_demo() == 0
    assert Referral.objects.count() == count
