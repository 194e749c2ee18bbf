"""Demo cases get online incidents through the verbs: at least 15 online cases of the four main harm
types, with evidence and takedown requests in every status; no real addresses; safe to run twice."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from sigap.cases.tests.fixtures import demo  # noqa: F401 (pytest fixtures, used by name)
from sigap.online.models import Evidence, OnlineIncident, Takedown, TakedownStatus

pytestmark = pytest.mark.django_db


def test_demo_cases_come_with_online_incidents_evidence_and_takedowns(demo):  # noqa: F811
    call_command("seed_demo_cases", cases=60, stdout=StringIO())
    assert OnlineIncident.objects.values("case").distinct().count() >= 15
    harms = {harm for values in OnlineIncident.objects.values_list("harm_types", flat=True) for harm in values}
    assert {"sextortion", "grooming", "ncii", "cyberbullying"} <= harms
    assert set(Takedown.objects.values_list("status", flat=True)) == set(TakedownStatus.values)
    assert Evidence.objects.count() >= 30
    assert not Evidence.objects.filter(attachment__isnull=False).exists()
    destroyed = Evidence.objects.filter(destroyed_file__isnull=False).select_related("destroyed_file")
    assert destroyed.exists()  # a context screenshot confirmed by mistake, then destroyed: only the tombstone
    assert all(e.destroyed_file.is_destroyed and not e.destroyed_file.storage_name for e in destroyed)
    for evidence in Evidence.objects.exclude(url=""):
        assert ".example." in evidence.url
    counts = (OnlineIncident.objects.count(), Evidence.objects.count(), Takedown.objects.count())
    call_command("seed_demo_cases", cases=60, stdout=StringIO())
    assert (OnlineIncident.objects.count(), Evidence.objects.count(), Takedown.objects.count()) == counts
