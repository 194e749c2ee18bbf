"""The home page says what to do today, per role, and /api/v1/home/ says the same."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sigap.cases.codes import RiskLevel
from sigap.cases.management.synthetic import simulated_clock
from sigap.cases.tests.factories import make_case
from sigap.home.panels import Panel, PanelData, build_home, panels, register
from sigap.learning import actions as learning_actions
from sigap.learning.models import Programme
from sigap.privacy.tests.factories import breach, receive

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")
API = "/api/v1/home/"


def page(client, user) -> str:
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def overdue_case(cast, days: float, risk: str, name: str, user=None):
    with simulated_clock(timezone.now() - timedelta(days=days)):
        return make_case(cast.org, user or cast.caseworker, risk_level=risk, victim_values={"full_name": name})


def keys(user) -> list[str]:
    return [p.key for p in build_home(user)]


def test_do_now_shows_at_most_five_cases_highest_risk_first_with_a_link_to_all(cast, client):
    for n in range(4):
        overdue_case(cast, 20 + n, RiskLevel.LOW, f"Rendah {n}")
    for n in range(3):
        overdue_case(cast, 5 + n, RiskLevel.HIGH, f"Tinggi {n}")
    html = page(client, cast.caseworker)
    do_now = html[html.index('data-panel="do_now"') : html.index('data-panel="this_week"')]
    assert do_now.count("data-do-now") == 5
    # The three high-risk cases lead, the earliest deadline first within a risk level.
    order = [do_now.index(f"Tinggi {n}") for n in (2, 1, 0)]
    assert order == sorted(order) and order[-1] < do_now.index("Rendah")
    assert ">7</span>" in do_now  # the badge counts all seven
    assert f"?manager={cast.caseworker.pk}&amp;due=attention&amp;sort=risk" in do_now


def test_a_case_is_listed_once_in_do_now_and_this_week_together(cast, client):
    case = overdue_case(cast, 10, RiskLevel.MEDIUM, "Sekali Saja")
    home = {p.key: p for p in build_home(cast.caseworker)}
    listed = [e.case_id for key in ("do_now", "this_week") for e in home[key].entries]
    assert listed == [case.pk]


def test_cases_by_stage_are_collapsed(cast, client):
    make_case(cast.org, cast.caseworker, victim_values={"full_name": "Dalam Lipatan"})
    html = page(client, cast.caseworker)
    mine = html[html.index('data-panel="my_cases"') :]
    assert '<details class="border rounded mb-2" data-stage="identification">' in mine
    assert mine.index("<summary") < mine.index("Dalam Lipatan")


def test_the_dpo_sees_the_overdue_request_first(cast, client):
    later = receive(cast, kind="correction")
    overdue = receive(cast, kind="erasure", received_at=timezone.now() - timedelta(days=40))
    breach(cast, hours_ago=80)
    html = page(client, cast.dpo)
    requests = html[html.index('data-panel="subject_requests"') : html.index('data-panel="breaches"')]
    assert requests.index(reverse("privacy:request", args=[overdue.pk])) < requests.index(
        reverse("privacy:request", args=[later.pk])
    )
    assert "list-group-item-danger" in requests and "Overdue" in requests
    assert "data-breach" in html
    assert "do_now" not in keys(cast.dpo)


def test_the_trainer_sees_an_event_that_starts_soon(cast, client):
    programme = Programme.objects.create(title="Program uji", organisation=cast.org)
    start = timezone.localdate() + timedelta(days=3)
    learning_actions.create_event(
        programme,
        actor=cast.trainer,
        organisation=cast.org,
        values={"title": "Pelatihan Minggu Ini", "start_date": start, "end_date": start},
    )
    learning_actions.create_event(
        programme,
        actor=cast.trainer,
        organisation=cast.org,
        values={"title": "Pelatihan Tahun Depan", "start_date": date(2099, 1, 5), "end_date": date(2099, 1, 5)},
    )
    html = page(client, cast.trainer)
    assert "Pelatihan Minggu Ini" in html and "Pelatihan Tahun Depan" not in html


def test_the_organisation_admin_sees_caseworkers_without_a_supervisor(cast, client):
    html = page(client, cast.org_admin)
    members = html[html.index('data-panel="members"') :]
    assert "Caseworker without a supervisor" in members
    assert cast.caseworker2.full_name in members  # caseworker2 has no supervisor in the cast


def test_a_caseworker_sees_no_other_roles_queues(cast):
    assert {"do_now", "this_week", "my_cases"} <= set(keys(cast.caseworker))
    assert not {"approvals", "team", "subject_requests", "members", "trainer_events"} & set(keys(cast.caseworker))
    assert {"approvals", "team", "do_now"} <= set(keys(cast.supervisor))


def test_a_later_app_adds_its_panel_through_the_registry(cast, client):
    def wellbeing(home):
        return PanelData(title="Kesejahteraan", empty="Istirahat sejenak.")

    register(Panel("test_wellbeing", 95, wellbeing))
    try:
        assert "Istirahat sejenak." in page(client, cast.caseworker)
    finally:
        from sigap.home import panels as registry

        registry._PANELS.pop("test_wellbeing")
    assert "test_wellbeing" not in [p.key for p in panels()]


def test_the_api_returns_the_same_panels_as_the_page(cast, client):
    overdue_case(cast, 10, RiskLevel.HIGH, "Lewat Api")
    make_case(cast.other_org, cast.other_caseworker, victim_values={"full_name": "Organisasi Lain"})
    client.force_login(cast.caseworker)
    body = client.get(API).json()
    assert [p["key"] for p in body["panels"]] == keys(cast.caseworker)
    do_now = next(p for p in body["panels"] if p["key"] == "do_now")
    assert do_now["count"] == 1 and do_now["items"][0]["state"] == "overdue"
    assert do_now["items"][0]["client_name"] == "Lewat Api"
    assert "Organisasi Lain" not in str(body)
    stages = next(p for p in body["panels"] if p["key"] == "my_cases")["stages"]
    assert stages[0]["items"][0]["case_number"]


def test_the_api_gives_the_supervisor_the_team_numbers(cast, client):
    overdue_case(cast, 10, RiskLevel.HIGH, "Tim")
    client.force_login(cast.supervisor)
    team = next(p for p in client.get(API).json()["panels"] if p["key"] == "team")
    worker = next(w for w in team["workers"] if w["user"] == str(cast.caseworker.pk))
    assert worker["active"] == 1 and worker["overdue"] == 1


def test_the_api_needs_a_signed_in_user(client):
    assert client.get(API).status_code == 401


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["caseworker", "supervisor", "dpo", "intake_officer", "trainer", "org_admin"])
@pytest.mark.parametrize("url", [HOME, API])
def test_each_roles_home_takes_the_same_queries_with_more_records(cast, client, who, url):
    user = getattr(cast, who)
    overdue_case(cast, 10, RiskLevel.HIGH, "Awal")
    make_case(cast.org, cast.caseworker, victim_values={"full_name": "Minggu Ini"})
    make_case(cast.org, cast.intake_officer, case_manager=None)
    receive(cast)
    breach(cast)
    client.force_login(user)
    client.get(url)  # the first request of a session also writes the session
    before = _count(client, url)
    for n in range(6):
        overdue_case(cast, 3 + n, RiskLevel.MEDIUM, f"Tambah {n}")
        make_case(cast.org, cast.caseworker, risk_level=RiskLevel.HIGH)
        make_case(cast.org, cast.intake_officer, case_manager=None)
        receive(cast, received_at=timezone.now() - timedelta(days=n * 10))
        breach(cast, hours_ago=n * 20)
    assert _count(client, url) == before


# Measured: session, user, memberships, two-factor device and the notification badge are 5 of them.
QUERIES = {
    "caseworker": 17,
    "supervisor": 23,
    "dpo": 13,
    "intake_officer": 11,
    "trainer": 11,
    "org_admin": 12,
    "learner": 10,
}


@pytest.mark.parametrize("who", sorted(QUERIES))
def test_home_query_budget(cast, client, django_assert_num_queries, who):
    user = getattr(cast, who)
    overdue_case(cast, 10, RiskLevel.HIGH, "Anggaran")
    receive(cast)
    client.force_login(user)
    client.get(HOME)
    with django_assert_num_queries(QUERIES[who]):
        client.get(HOME)


def test_the_supervisor_sees_the_team_chart_with_its_table(cast, client):
    overdue_case(cast, 10, RiskLevel.HIGH, "Bagan")
    html = page(client, cast.supervisor)
    team = html[html.index('data-panel="team"') :]
    assert 'data-chart="chart-team-data"' in team and 'id="chart-team-data"' in team
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "Caseload and deadlines per worker" in team and "<caption" in team
    assert "vendor/chartjs" not in page(client, cast.caseworker)
