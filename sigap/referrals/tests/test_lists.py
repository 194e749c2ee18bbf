"""Lists: the inbox, the outbox and the API list read a fixed number of queries, whatever their length."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sigap.referrals import actions
from sigap.referrals.tests.conftest import referral_input

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("receiver", "/referrals/"),
        ("sender", "/referrals/sent/"),
        ("receiver", "/api/v1/referrals/"),
        ("sender", "/api/v1/referrals/?box=sent"),
        ("sender", "/api/v1/referrals/"),
    ],
)
def test_lists_have_a_fixed_query_count(cast, client, case, hospital, who, url, django_assert_num_queries):
    user = hospital.psychologist if who == "receiver" else cast.caseworker
    actions.send_referral(case, actor=cast.caseworker, data=referral_input(hospital))
    client.force_login(user)
    client.get(url)  # sign-in and per-process caches settle on the first request
    one = _count(client, url)
    for _ in range(4):
        actions.send_referral(case, actor=cast.caseworker, data=referral_input(hospital))
    with django_assert_num_queries(one):
        client.get(url)


def test_the_api_creates_a_referral(cast, client, case, hospital):
    client.force_login(cast.caseworker)
    response = client.post(
        "/api/v1/referrals/",
        {
            "case": str(case.pk),
            "service": str(hospital.service.pk),
            "service_type": "kesehatan",
            "sections": ["identity"],
            "reason": "Perlu visum (sintetis).",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "sent" and response.json()["case"] == str(case.pk)


def test_the_api_refuses_without_consent_and_saves_nothing(cast, client, hospital):
    from sigap.cases.tests.factories import make_case
    from sigap.referrals.models import Referral

    case = make_case(cast.org, cast.caseworker)
    client.force_login(cast.caseworker)
    response = client.post(
        "/api/v1/referrals/",
        {"case": str(case.pk), "service": str(hospital.service.pk), "service_type": "kesehatan",
         "sections": ["identity"], "reason": "Perlu visum."},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "no consent in force" in str(response.json()["error"]["fields"])
    assert not Referral.objects.exists()


def test_the_api_answers_for_the_receiver(client, hospital, referral):
    client.force_login(hospital.caseworker)
    assert client.post(f"/api/v1/referrals/{referral.pk}/accept/").json()["status"] == "accepted"
    delivered = client.post(
        f"/api/v1/referrals/{referral.pk}/services/",
        {"service_type": "kesehatan", "delivered_on": str(referral.sent_at.date()), "outcome": "Diperiksa."},
        content_type="application/json",
    )
    assert delivered.status_code == 201, delivered.content
    completed = client.post(
        f"/api/v1/referrals/{referral.pk}/complete/", {"outcome": "Selesai."}, content_type="application/json"
    )
    assert completed.json()["status"] == "completed"
