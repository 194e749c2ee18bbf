"""My work shows the receiving organisation's staff the new referrals waiting for an answer, the most
urgent first, overdue ones marked in text and with an icon; the page's query count stays fixed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sigap.organisations.roles import Role
from sigap.referrals import actions
from sigap.referrals.models import Referral
from sigap.referrals.tests.conftest import referral_input

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")


@pytest.fixture
def hospital_supervisor(hospital):
    from conftest import make_user

    return make_user("spv@rsud.test.sigap.invalid", "Supervisor RSUD", hospital.org, Role.SUPERVISOR)


def send(cast, case, hospital, urgency="routine"):
    return actions.send_referral(case, actor=cast.caseworker, data=referral_input(hospital, urgency=urgency))


def home(client, user) -> str:
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["psychologist", "caseworker", "supervisor"])
def test_the_receivers_staff_see_new_referrals_on_my_work(cast, case, hospital, hospital_supervisor, client, who):
    referral = send(cast, case, hospital)
    user = hospital_supervisor if who == "supervisor" else getattr(hospital, who)
    html = home(client, user)
    assert "New referrals waiting for an answer" in html
    assert referral.get_absolute_url() in html
    assert case.number not in html and "Ibu Contoh" not in html  # no case data on the receiver's side


def test_an_answered_referral_leaves_my_work(cast, case, hospital, client):
    referral = send(cast, case, hospital)
    actions.accept_referral(referral, actor=hospital.psychologist)
    assert "New referrals waiting for an answer" not in home(client, hospital.psychologist)


def test_the_sender_and_the_receivers_admin_do_not_see_it(cast, case, hospital, client):
    send(cast, case, hospital)
    assert "New referrals waiting for an answer" not in home(client, cast.caseworker)
    assert "New referrals waiting for an answer" not in home(client, hospital.org_admin)


def test_overdue_referrals_are_marked_and_the_most_urgent_come_first(cast, case, hospital, client):
    routine = send(cast, case, hospital)
    emergency = send(cast, case, hospital, "emergency")
    Referral.objects.filter(pk=routine.pk).update(due_at=timezone.now() - timedelta(hours=1))
    html = home(client, hospital.psychologist)
    assert html.index(f'data-referral-waiting="{emergency.pk}"') < html.index(f'data-referral-waiting="{routine.pk}"')
    overdue_item = html[html.index(f'data-referral-waiting="{routine.pk}"') :]
    assert "data-overdue" in overdue_item[:1500] and "Overdue" in overdue_item[:1500]
    emergency_item = html[
        html.index(f'data-referral-waiting="{emergency.pk}"') : html.index(f'data-referral-waiting="{routine.pk}"')
    ]
    assert "data-overdue" not in emergency_item and 'data-urgency="emergency"' in emergency_item


def test_my_work_query_count_does_not_grow_with_more_referrals(cast, case, hospital, client):
    send(cast, case, hospital)
    client.force_login(hospital.psychologist)
    client.get(HOME)  # the first request of a session also writes the session
    with CaptureQueriesContext(connection) as before:
        client.get(HOME)
    for urgency in ["urgent", "emergency", "routine"]:
        send(cast, case, hospital, urgency)
    with CaptureQueriesContext(connection) as after:
        html = client.get(HOME).content.decode()
    assert html.count("data-referral-waiting=") == 4
    assert len(after) == len(before)
    # The section costs My work one query (none for a user who receives no referrals).
    assert sum('"referrals_referral"' in query["sql"] for query in after.captured_queries) == 1
