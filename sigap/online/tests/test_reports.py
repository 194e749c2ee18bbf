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


# --- What can be shown, and charts of it (issue #14, item 8) ---------------------------------


def _case_of_age(cast, age: int, sex: str = "female"):
    from datetime import date

    born = date(timezone.now().year - age - 1, 1, 1)
    case = make_case(cast.org, cast.caseworker, is_online=True, victim_values={"date_of_birth": born, "sex": sex})
    actions.record_incident(
        case, actor=cast.caseworker, data=actions.IncidentInput(harm_types=["grooming"], platforms=["games"])
    )
    return case


def _reader_lines(report):
    """Every set of figures a reader can add up against a published total: (cells, total)."""
    cells = dict(report.by_age_band)
    groups = dict(report.by_age_group)
    child = [cell for band, cell in cells.items() if band in reports.CHILD_BANDS]
    adult = [cell for band, cell in cells.items() if band not in reports.CHILD_BANDS and band != "?"]
    lines = [([c for _l, c in rows], report.cases) for rows in (report.by_harm, report.by_platform, report.by_sex)]
    lines += [(list(cells.values()), report.cases), (list(groups.values()), report.cases)]
    if child:
        lines.append((child, groups["Children (under 18)"]))
    if adult:
        lines.append((adult, groups["Adults (18 and over)"]))
    return lines


def _assert_nothing_hidden_can_be_worked_out(report):
    for cells, total in _reader_lines(report):
        if total.hidden:
            continue
        hidden = [c for c in cells if c.hidden]
        assert len(hidden) != 1, "one hidden cell beside a shown total is the total minus the others"
        if hidden:
            assert sum(c.count for c in hidden) >= report.min_cell and sum(c.count for c in hidden) > len(hidden)


def test_children_and_adults_are_shown_where_their_age_bands_are_hidden(cast, settings):
    settings.SIGAP_REPORT_MIN_CELL = 5
    for age in [15] * 6 + [8] + [30] * 8:
        _case_of_age(cast, age)
    report = reports.build(report_organisations(cast.data_officer))
    bands = {label: str(cell) for label, cell in report.by_age_band}
    assert bands == {"6-12": "*", "13-17": "*", "25-44": "8"}
    groups = {label: str(cell) for label, cell in report.by_age_group}
    assert groups == {"Children (under 18)": "7", "Adults (18 and over)": "8"}
    _assert_nothing_hidden_can_be_worked_out(report)


def test_a_single_adult_stays_hidden_in_the_coarser_groups_too(cast, settings):
    settings.SIGAP_REPORT_MIN_CELL = 5
    for age in [15] * 6 + [20]:
        _case_of_age(cast, age)
    report = reports.build(report_organisations(cast.data_officer))
    groups = {label: str(cell) for label, cell in report.by_age_group}
    assert groups == {"Children (under 18)": "*", "Adults (18 and over)": "*"}
    assert all(cell.hidden for _label, cell in report.by_age_band)
    _assert_nothing_hidden_can_be_worked_out(report)


@pytest.mark.parametrize(
    "ages",
    [[3, 3, 15, 15, 15, 15, 30], [16] * 5 + [70] * 2 + [40] * 5, [10, 20, 30, 50, 70, 2, 2, 2, 2, 2], [17] * 9],
)
def test_no_hidden_figure_can_be_worked_out_from_any_published_line(cast, settings, ages):
    settings.SIGAP_REPORT_MIN_CELL = 5
    for age in ages:
        _case_of_age(cast, age, sex="female" if age % 2 else "male")
    _assert_nothing_hidden_can_be_worked_out(reports.build(report_organisations(cast.data_officer)))


def test_the_page_says_why_and_how_many_counts_are_hidden_and_charts_only_what_is_shown(cast, client, settings):
    import json
    import re

    settings.SIGAP_REPORT_MIN_CELL = 5
    for age in [15] * 6 + [8] + [30] * 8:
        _case_of_age(cast, age)
    client.force_login(cast.data_officer)
    body = client.get("/online/reports/").content.decode()
    assert "complementary suppression" in body and "A count from 1 to 4 could point at one girl" in body
    assert "On this page 2 counts are hidden." in body and "2 of 3 counts hidden." in body
    data = json.loads(re.search(r'<script id="chart-age-data" type="application/json">(.*?)</script>', body).group(1))
    assert data["labels"] == ["6-12", "13-17", "25-44"] and data["series"][0]["values"] == [None, None, 8]
    groups = json.loads(re.search(r'id="chart-age-group-data" type="application/json">(.*?)</script>', body).group(1))
    assert groups["series"][0]["values"] == [7, 8]
    assert "<script>" not in body and "chart.umd.min.js" in body
