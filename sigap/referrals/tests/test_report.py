"""The referral report: numbers on known data, aggregates only, for holders of view_aggregates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sigap.referrals import actions
from sigap.referrals.models import Referral
from sigap.referrals.report import build_report
from sigap.referrals.tests.conftest import referral_input

pytestmark = pytest.mark.django_db


def _at(referral, **hours):
    """Move a referral's times to known offsets (hours after sending) for measurable medians."""
    sent = timezone.now() - timedelta(days=3)
    values = {"sent_at": sent}
    for name, offset in hours.items():
        values[name] = sent + timedelta(hours=offset)
    Referral.objects.filter(pk=referral.pk).update(**values)


@pytest.fixture
def known(cast, case, hospital):
    """Five referrals to the hospital: completed (accepted after 2 h, done after 10 h), completed
    (4 h, 20 h), accepted (6 h), declined, expired; and one still waiting."""
    made = [actions.send_referral(case, actor=cast.caseworker, data=referral_input(hospital)) for _ in range(6)]
    who = hospital.psychologist
    for referral, accept, complete in ((made[0], 2, 10), (made[1], 4, 20)):
        actions.accept_referral(referral, actor=who)
        actions.complete_referral(referral, actor=who, outcome="Selesai.")
        _at(referral, accepted_at=accept, completed_at=complete)
    actions.accept_referral(made[2], actor=who)
    _at(made[2], accepted_at=6)
    actions.decline_referral(made[3], actor=who, reason="Penuh.")
    Referral.objects.filter(pk=made[4].pk).update(due_at=timezone.now() - timedelta(hours=1))
    actions.expire_overdue()
    return made


def test_report_numbers_on_known_data(cast, hospital, known):
    report = build_report([cast.org.pk])
    total = report.total
    assert total.total == 6
    assert total.counts == {"sent": 1, "accepted": 1, "declined": 1, "completed": 2, "cancelled": 0, "expired": 1}
    assert total.accepted == 3 and total.answered == 5
    assert total.acceptance_rate == 60.0
    assert total.median_hours_to_accept == 4.0
    assert total.median_hours_to_complete == 15.0
    assert [row.label for row in report.by_receiver] == [hospital.org.name]
    assert [row.label for row in report.by_service_type] == ["Health"]
    assert build_report([cast.org.pk], direction="received").total.total == 0
    assert build_report([hospital.org.pk], direction="received").total.total == 6


def test_the_report_page_and_api_show_figures_only(cast, client, hospital, known):
    client.force_login(cast.supervisor)
    page = client.get("/referrals/report/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "60.0%" in body and hospital.org.name in body
    assert known[0].case.number not in body and "Sinta" not in body
    api = client.get("/api/v1/referral-report/").json()
    assert api["total"]["acceptance_rate"] == 60.0 and api["total"]["median_hours_to_complete"] == 15.0
    assert "Sinta" not in str(api)


def test_the_receiving_organisation_admin_sees_its_figures(client, hospital, known):
    client.force_login(hospital.org_admin)
    assert client.get("/api/v1/referral-report/?direction=received").json()["total"]["total"] == 6


def test_a_caseworker_gets_403_on_the_report(cast, client):
    client.force_login(cast.caseworker)
    assert client.get("/referrals/report/").status_code == 403
    assert client.get("/api/v1/referral-report/").status_code == 403


def test_another_organisation_sees_none_of_these_referrals(cast, client, known):
    from conftest import make_user
    from sigap.organisations.roles import Role

    admin = make_user("admin.other@test.sigap.invalid", "Admin Lain", cast.other_org, Role.SUPERVISOR)
    client.force_login(admin)
    assert client.get("/api/v1/referral-report/").json()["total"]["total"] == 0
    assert client.get(f"/api/v1/referral-report/?organisation={cast.org.pk}").json()["total"]["total"] == 0
