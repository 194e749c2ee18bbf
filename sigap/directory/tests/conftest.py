from __future__ import annotations

from typing import Any

import pytest

from sigap.directory.models import Service
from sigap.directory.tests.factories import make_service


@pytest.fixture
def services(cast: Any, regions: dict[str, Any]) -> dict[str, Service]:
    """Three services: a child counselling service in Bandung, legal aid for women across West Java,
    and a shelter in Mataram that is full (not accepting referrals)."""
    return {
        "counselling": make_service(
            cast.org,
            "Konseling Anak (sintetis)",
            service_types=["psikologis", "pendampingan"],
            client_type="child",
            min_age=0,
            max_age=17,
            area_regencies=[regions["bandung"]],
        ),
        "legal": make_service(
            cast.org,
            "Bantuan Hukum Perempuan (sintetis)",
            service_types=["bantuan_hukum"],
            client_type="adult_woman",
            sex="female",
            min_age=18,
            is_free=False,
            cost_note="Biaya sesuai kemampuan",
            area_provinces=[regions["jabar"]],
        ),
        "shelter": make_service(
            cast.other_org,
            "Rumah Aman Mataram (sintetis)",
            service_types=["penampungan_sementara"],
            accepting_referrals=False,
            area_regencies=[regions["mataram"]],
        ),
    }
