"""Online-abuse aggregates: counts by harm type, platform, age band and sex, takedown outcomes and the
median days to removal; small cells suppressed; only for users with the aggregates capability."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sigap.cases.tests.factories import make_case
from sigap.online import actions, reports
from sigap.online.access import report_organisations
from sigap.online.models import Takedown, TakedownStatus

pytestmark = pytest.mark.django_db


def _online_case(cast, harm: str, platform: str):
    case = make_case(cast.org, cast.caseworker, is_online=True)
    actions.record_incident(
        case, actor=cast.caseworker, data=actions.IncidentInput(harm_types=[harm], platforms=[platform])
    )
    return case


def test_counts_and_median_days_to_removal(cast, settings):
    settings.SIGAP_REPORT_MIN_CELL = 2
    cases = [_online_case(cast, "sextortion", "instagram") for _ in range(3)] + [
        _online_case(cast, "grooming", "games")
    ]
    now = timezone.now()
    for days, case in zip([2, 4, 9], cases, strict=False):
        takedown = actions.create_takedown(
            case,
            actor=cast.caseworker,
            data=actions.TakedownInput(
                platform="instagram",
                channel="platform",
                url="https://example.org/r",
                status="submitted",
                submitted_at=now - timedelta(days=days),
            ),
        )
        actions.update_takedown(takedown, actor=cast.caseworker, status=TakedownStatus.REMOVED, at=now)
    report = reports.build(report_organisations(cast.data_officer))
    assert str(report.cases) == "4"
    harms = {label: str(cell) for label, cell in report.by_harm}
    # one grooming case is hidden, and so is the next-smallest cell of the line: 4 − 3 would give it away
    assert harms == {"Sexual extortion (sextortion)": "*", "Grooming": "*"}
    assert [(label, str(n), median) for label, n, median in report.removal_by_platform] == [("Instagram", "3", 4.0)]
    assert report.by_sex and report.by_age_band
    assert Takedown.objects.count() == 3


def test_the_report_page_is_for_the_aggregates_capability_only(cast, client):
    _online_case(cast, "cyberbullying", "tiktok")
    client.force_login(cast.data_officer)
    response = client.get("/online/reports/")
    assert response.status_code == 200
    assert "Cases with an online incident" in response.content.decode()
    client.force_login(cast.caseworker)
    assert client.get("/online/reports/").status_code == 403


def test_another_organisations_cases_are_not_counted(cast):
    other = make_case(cast.other_org, cast.other_caseworker, is_online=True)
    actions.record_incident(
        other, actor=cast.other_caseworker, data=actions.IncidentInput(harm_types=["doxxing"], platforms=["x"])
    )
    assert str(reports.build(report_organisations(cast.data_officer)).cases) == "0"


def test_a_suppressed_count_cannot_be_worked_out_from_the_total(cast, settings):
    """Seven cases, six girls and one boy: "<5" next to 6 under a total of 7 used to give the boy away."""
    settings.SIGAP_REPORT_MIN_CELL = 5
    for sex in ["female"] * 6 + ["male"]:
        case = make_case(cast.org, cast.caseworker, is_online=True, victim_values={"sex": sex})
        actions.record_incident(
            case, actor=cast.caseworker, data=actions.IncidentInput(harm_types=["grooming"], platforms=["games"])
        )
    report = reports.build(report_organisations(cast.data_officer))
    assert str(report.cases) == "7"
    sexes = dict((label, str(cell)) for label, cell in report.by_sex)
    assert sexes == {"Female": "*", "Male": "*"}


def test_the_report_page_explains_hidden_cells(cast, client, settings):
    settings.SIGAP_REPORT_MIN_CELL = 5
    _online_case(cast, "cyberbullying", "tiktok")
    client.force_login(cast.data_officer)
    body = client.get("/online/reports/").content.decode()
    assert "hidden so that it cannot be worked out from the totals" in body
