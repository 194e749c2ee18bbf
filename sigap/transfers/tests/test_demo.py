"""The demo data shows transfers (waiting, accepted, declined) and two case conferences."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from sigap.cases.tests.fixtures import demo  # noqa: F401 (pytest fixtures, used by name)
from sigap.conferences.models import Conference, ConferenceAction
from sigap.transfers.models import Transfer

pytestmark = pytest.mark.django_db


def test_demo_cases_come_with_transfers_and_conferences(demo):  # noqa: F811
    call_command("seed_demo_cases", cases=60, stdout=StringIO())
    statuses = sorted(Transfer.objects.values_list("status", flat=True))
    assert statuses == ["accepted", "declined", "proposed"]
    accepted = Transfer.objects.get(status="accepted")
    assert accepted.case.organisation == accepted.to_organisation and accepted.new_number != accepted.old_number
    held = Conference.objects.get(status=Conference.Status.HELD)
    assert held.minutes and held.decisions and held.invitations.count() == 3
    assert ConferenceAction.objects.filter(conference=held).count() == 3
    upcoming = Conference.objects.get(status=Conference.Status.SCHEDULED)
    assert upcoming.invitations.exclude(organisation=upcoming.organisation).exists()
    # Running it again makes nothing new.
    call_command("seed_demo_cases", cases=60, stdout=StringIO())
    assert Transfer.objects.count() == 3 and Conference.objects.count() == 2
