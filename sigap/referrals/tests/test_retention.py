"""Anonymising a case past retention (sigap.privacy.retention) blanks its referrals' free text and keeps
what the referral report counts."""

from __future__ import annotations

import pytest

from sigap.privacy.retention import anonymise_case
from sigap.referrals import actions
from sigap.referrals.models import Referral, Status

pytestmark = pytest.mark.django_db


def test_anonymising_a_case_blanks_the_reasons_and_outcomes_of_its_referrals(cast, case, hospital, referral):
    actions.decline_referral(referral, actor=hospital.psychologist, reason="Jadwal penuh (sintetis).")
    anonymise_case(case)
    referral = Referral.objects.get()
    assert (referral.reason, referral.decline_reason) == ("", "")
    assert referral.status == Status.DECLINED and referral.to_organisation == hospital.org
    assert referral.service_type == "kesehatan" and referral.declined_at is not None


def test_the_clients_person_export_includes_the_referrals_of_her_case(cast, case, referral):
    from sigap.privacy.access import exported_cases
    from sigap.privacy.actions import export_person
    from sigap.privacy.export import export_pdf

    person = case.victims.get().person
    data = export_person(person, actor=cast.caseworker, cases=exported_cases(cast.caseworker, person))
    (item,) = data["cases"][0]["referrals"]
    assert item["reason"] == referral.reason and item["to"] == referral.receiver_name
    assert item["status"] == "sent" and item["shared_sections"] == ["identity", "violence"]
    assert export_pdf(data).startswith(b"%PDF")
