"""``seed_demo`` fills the directory with synthetic services, once."""

from __future__ import annotations

import pytest

from sigap.directory.models import Service
from sigap.organisations.tests.fixtures import demo_regions, seed  # noqa: F401 (pytest fixtures, used by name)

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_at_least_ten_valid_services_across_organisations_and_a_rerun_adds_none(demo_regions):  # noqa: F811
    seed(password="demo-password-for-tests")
    services = list(Service.objects.all())
    assert len(services) >= 10
    assert len({s.organisation_id for s in services}) >= 8
    for service in services:
        service.full_clean()
    assert Service.objects.matching(regency="32.73", service_type="kesehatan").count() == 1
    before = sorted(Service.objects.values_list("id", "updated_at"))
    seed(password="demo-password-for-tests")
    assert sorted(Service.objects.values_list("id", "updated_at")) == before
