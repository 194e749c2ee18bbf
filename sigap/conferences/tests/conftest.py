"""Conference fixtures: the transfer tests' cast, case (consent covers the cast's other organisation)
and receiving organisation, here the organisation invited to the conference."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from sigap.conferences import actions
from sigap.conferences.models import Conference
from sigap.transfers.tests.fixtures import case, in_english, mother, receiver, third_org, third_supervisor  # noqa: F401


@pytest.fixture
def conference(cast: Any, case: Any, receiver: Any) -> Conference:  # noqa: F811 (fixtures shared with transfers)
    """Held yesterday, organised by the case manager, with the receiving organisation invited."""
    conference = actions.schedule_conference(
        case,
        actor=cast.caseworker,
        title="Koordinasi layanan (sintetis)",
        scheduled_at=timezone.now() - timedelta(days=1),
        location="Ruang rapat UPTD",
        agenda="1. Keamanan anak\n2. Pendampingan hukum",
    )
    actions.invite(conference, actor=cast.caseworker, organisation=receiver.org)
    return conference
