"""Demo cases get consent through the verbs: most consent to services, some to sharing, a withdrawal
and a request to share without consent in each organisation."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from sigap.cases.models import Case, Stage
from sigap.cases.tests.fixtures import demo  # noqa: F401 (pytest fixtures, used by name)
from sigap.consent.models import Assent, Consent, SharingOverride

pytestmark = pytest.mark.django_db


def test_demo_cases_come_with_consent_records(demo):  # noqa: F811
    call_command("seed_demo_cases", cases=60, stdout=StringIO())
    cases = Case.objects.count()
    consented = Consent.objects.values("case").distinct().count()
    assert consented >= cases * 0.6
    assert Consent.objects.exclude(share_kinds=[]).exists()
    assert Consent.objects.filter(withdrawn_on__isnull=False).exists()
    pending = SharingOverride.objects.filter(status=SharingOverride.Status.PENDING).exclude(case__stage=Stage.CLOSED)
    assert pending.exists()
    for consent in Consent.objects.filter(given_by="guardian").select_related("case"):
        assert not consent.case.perpetrators.filter(person_id=consent.guardian_id).exists()
        assert consent.assent in {Assent.GIVEN, Assent.REFUSED, Assent.NOT_SOUGHT}
    assert Case.objects.filter(timeline__verb="consent_recorded").exists()
