"""The case list's counts by stage and deadline state (/cases/counts/, loaded into the list)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sigap.cases.codes import RiskLevel
from sigap.cases.models import Case, Stage
from sigap.cases.tests.factories import make_case

pytestmark = pytest.mark.django_db

COUNTS = reverse("cases:counts")


def case(cast, *, due: timedelta | None, stage: str = Stage.ASSESSMENT, actor=None, org=None, **kwargs) -> Case:
    made = make_case(org or cast.org, actor or cast.caseworker, **kwargs)
    next_due = None if due is None else timezone.now() + due
    Case.objects.filter(pk=made.pk).update(stage=stage, next_due_at=next_due)
    return made


def figure(html: str, label: str) -> int:
    """The number in the row of ``label`` of a chart's table."""
    found = re.search(
        rf'<th scope="row"[^>]*>(?:<a [^>]*>)?{re.escape(label)}(?:</a>)?</th>\s*<td[^>]*>.*?'
        r'<span class="sigap-chart-num">(\d+)</span>',
        html,
        re.S,
    )
    assert found, f"no row {label!r}"
    return int(found.group(1))


@pytest.fixture
def cases(cast):
    now_hour = timezone.localtime().hour
    case(cast, due=timedelta(hours=-5))
    case(cast, due=timedelta(hours=-30), stage=Stage.PLANNING, risk_level=RiskLevel.HIGH)
    # Due later today (when it is not yet late in the day) or tomorrow: which bucket depends on the
    # clock, so the test puts it safely inside one.
    case(cast, due=timedelta(minutes=5) if now_hour < 23 else timedelta(hours=30), stage=Stage.PLANNING)
    case(cast, due=timedelta(days=3), stage=Stage.IMPLEMENTATION)
    case(cast, due=timedelta(days=20), stage=Stage.FOLLOW_UP)
    case(cast, due=None, stage=Stage.CLOSED)
    case(cast, due=timedelta(hours=-1), actor=cast.other_caseworker, org=cast.other_org)  # not theirs
    return now_hour


def test_the_counts_are_by_stage_and_deadline_state_over_the_cases_the_user_may_see(cast, client, cases):
    client.force_login(cast.supervisor)
    html = client.get(COUNTS).content.decode()
    assert figure(html, "Assessment") == 1 and figure(html, "Case planning") == 2
    assert figure(html, "Implementing the plan") == 1 and figure(html, "Follow-up &amp; review") == 1
    assert figure(html, "Closed") == 1 and figure(html, "Identification &amp; registration") == 0
    assert figure(html, "Overdue") == 2 and figure(html, "Later") == 1 and figure(html, "No open deadline") == 1
    today, week = (1, 1) if cases < 23 else (0, 2)
    assert figure(html, "Due today") == today and figure(html, "In the next 7 days") == week
    assert "6 cases in all" in html  # the other organisation's case is not counted


def test_a_caseworker_counts_only_the_cases_she_may_see(cast, client, cases):
    case(cast, due=timedelta(hours=-2), actor=cast.caseworker2)
    client.force_login(cast.caseworker2)
    html = client.get(COUNTS).content.decode()
    assert "1 case in all" in html and figure(html, "Overdue") == 1


def test_the_counts_follow_the_lists_filters_and_link_back_to_it(cast, client, cases):
    client.force_login(cast.supervisor)
    html = client.get(COUNTS, {"risk": RiskLevel.HIGH}).content.decode()
    assert "1 case in all" in html and "with the list's filters" in html
    assert figure(html, "Case planning") == 1 and figure(html, "Overdue") == 1
    assert f'href="{reverse("cases:list")}?risk=high&amp;stage=planning"' in html
    assert f'href="{reverse("cases:list")}?risk=high&amp;due=overdue"' in html


def test_the_counts_take_a_fixed_number_of_queries(cast, client, cases, django_assert_num_queries):
    client.force_login(cast.supervisor)
    client.get(COUNTS)  # the first request of a session reads more (the session, the membership cache)
    with CaptureQueriesContext(connection) as baseline:
        client.get(COUNTS, {"stage": Stage.PLANNING})
    for n in range(12):
        case(cast, due=timedelta(days=n - 6), stage=Stage.PLANNING)
    with django_assert_num_queries(len(baseline)):
        response = client.get(COUNTS, {"stage": Stage.PLANNING})
    assert figure(response.content.decode(), "Case planning") == 14
    counting = [q["sql"] for q in baseline.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counting) == 1  # one aggregate, not a query per case or per bar


def test_htmx_gets_the_fragment_and_a_browser_without_javascript_gets_a_page(cast, client, cases):
    client.force_login(cast.caseworker)
    fragment = client.get(COUNTS, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and "sigap-chart-bar" in fragment
    page = client.get(COUNTS).content.decode()
    assert "<html" in page and "Cases in numbers" in page and "charts.css" in page
    assert "chart.umd.min.js" not in page  # the bars are SVG: no Chart.js on the case list's pages


def test_the_list_loads_the_counts_with_its_own_filters(cast, client, cases):
    client.force_login(cast.caseworker)
    html = client.get(reverse("cases:list"), {"stage": Stage.PLANNING}).content.decode()
    assert f'hx-get="{COUNTS}?stage=planning"' in html and f'href="{COUNTS}?stage=planning"' in html


@pytest.mark.parametrize("role", ["org_admin", "data_officer", "learner", "trainer"])
def test_people_who_do_not_work_on_cases_cannot_count_them(cast, client, role):
    client.force_login(getattr(cast, role))
    assert client.get(COUNTS).status_code == 403


def test_the_page_speaks_indonesian_by_default(cast, client, cases):
    from django.test import Client

    indonesian = Client()
    indonesian.force_login(cast.supervisor)
    cast.supervisor.language = "id"
    cast.supervisor.save(update_fields=["language"])
    html = indonesian.get(COUNTS).content.decode()
    assert "Terlambat" in html and "Kasus per tahap" in html


# --- The same counts in the API -------------------------------------------------------------

API = "/api/v1/cases/counts/"


def test_the_api_gives_the_same_counts_with_the_same_filters(cast, client, cases):
    client.force_login(cast.supervisor)
    data = client.get(API, {"risk": RiskLevel.HIGH}).json()
    assert data["total"] == 1 and data["by_stage"]["planning"] == 1 and data["by_deadline"]["overdue"] == 1
    everything = client.get(API).json()
    assert everything["total"] == 6 and everything["by_deadline"]["none"] == 1 and everything["by_stage"]["closed"] == 1
    assert sum(everything["by_stage"].values()) == sum(everything["by_deadline"].values()) == 6


def test_the_api_counts_only_what_the_caller_may_see_and_refuses_other_roles(cast, client, cases):
    client.force_login(cast.other_caseworker)
    assert client.get(API).json()["total"] == 1
    client.force_login(cast.org_admin)
    assert client.get(API).status_code == 403
