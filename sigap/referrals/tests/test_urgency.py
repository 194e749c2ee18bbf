"""Urgency shortens the answer's due time and puts a referral first in the receiver's inbox."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from sigap.referrals import actions
from sigap.referrals.tests.conftest import referral_input

pytestmark = pytest.mark.django_db


def hours(referral) -> float:
    return (referral.due_at - referral.sent_at) / timedelta(hours=1)


def send(cast, case, hospital, urgency):
    return actions.send_referral(case, actor=cast.caseworker, data=referral_input(hospital, urgency=urgency))


def test_a_routine_referral_is_due_by_the_risk_level(cast, case, hospital):
    assert case.risk_level == "medium"
    assert hours(send(cast, case, hospital, "routine")) == 72


def test_an_urgent_referral_is_due_within_the_urgent_time(cast, case, hospital):
    assert hours(send(cast, case, hospital, "urgent")) == 24


def test_an_emergency_referral_is_due_within_the_emergency_time(cast, case, hospital):
    assert hours(send(cast, case, hospital, "emergency")) == 4


def test_urgency_never_lengthens_the_risk_based_time(cast, case, hospital, settings):
    settings.SIGAP_REFERRAL_DUE_HOURS_URGENT = 100
    assert hours(send(cast, case, hospital, "urgent")) == 72


def test_the_urgent_time_comes_from_the_settings(cast, case, hospital, settings):
    settings.SIGAP_REFERRAL_DUE_HOURS_URGENT = 12
    assert hours(send(cast, case, hospital, "urgent")) == 12


@pytest.fixture
def mixed(cast, case, hospital):
    answered = send(cast, case, hospital, "emergency")
    actions.accept_referral(answered, actor=hospital.psychologist)
    routine = send(cast, case, hospital, "routine")
    urgent = send(cast, case, hospital, "urgent")
    emergency = send(cast, case, hospital, "emergency")
    return [emergency, urgent, routine, answered]


def test_the_inbox_lists_waiting_referrals_first_the_most_urgent_first(hospital, mixed, client):
    client.force_login(hospital.psychologist)
    page = client.get(reverse("referrals:inbox")).content.decode()
    positions = [page.index(f'data-referral="{referral.pk}"') for referral in mixed]
    assert positions == sorted(positions)
    assert 'data-urgency="emergency"' in page and 'data-urgency="urgent"' in page


def test_the_api_inbox_has_the_same_order(hospital, mixed, client):
    client.force_login(hospital.psychologist)
    body = client.get("/api/v1/referrals/", {"box": "received"}).json()
    assert [row["id"] for row in body["results"]] == [str(referral.pk) for referral in mixed]


def test_the_form_says_how_urgency_shortens_the_time(cast, case, client):
    client.force_login(cast.caseworker)
    page = client.get(reverse("referrals:new", args=[case.pk])).content.decode()
    assert "at the latest in 24 hours for an urgent referral and 4 hours for an emergency" in page
