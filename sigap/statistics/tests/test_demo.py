"""The statistics demo: summary rows of every demo case, older months verified by the UPTD PPA's data
officers and the last two not, and Dinas PPPA data officers who read their region; safe to run twice."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from sigap.accounts.models import User
from sigap.cases.models import Case
from sigap.cases.tests.fixtures import demo  # noqa: F401 (pytest fixtures, used by name)
from sigap.organisations.demo import EMAIL_DOMAIN
from sigap.statistics.access import scope_for
from sigap.statistics.models import Fact, MonthVerification
from sigap.statistics.months import recent_months

pytestmark = pytest.mark.django_db


def test_demo_months_are_verified_and_unverified_and_dinas_officers_read_their_region(demo):  # noqa: F811
    call_command("seed_demo_cases", cases=40, stdout=StringIO())
    assert Fact.objects.filter(frozen=False, unit="case").count() == Case.objects.count()
    verified = MonthVerification.objects.filter(status="verified")
    assert verified.exists()
    recent = recent_months(timezone.localdate(), 2)
    assert not verified.filter(month__in=recent).exists()
    assert Fact.objects.filter(frozen=False, unit="case", registered_month__in=recent).exists()
    city = User.objects.get(email=f"data.dinas-bandung@{EMAIL_DOMAIN}")
    province = User.objects.get(email=f"data.dinas-jabar@{EMAIL_DOMAIN}")
    assert scope_for(city, region="32.73").regency == "32.73"
    assert scope_for(province, region="32").province == "32"
    count = verified.count()
    call_command("seed_demo_cases", cases=40, stdout=StringIO())
    assert MonthVerification.objects.filter(status="verified").count() == count
