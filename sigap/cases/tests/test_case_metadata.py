"""The case overview for organisation admins (/cases/metadata/ and /api/v1/case-metadata/): the
workload without personal data — no client name, no narrative, no person, no link into a case."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sigap.cases import actions
from sigap.cases.codes import RiskLevel
from sigap.cases.tests.factories import make_case
from sigap.organisations.actions import deactivate_member
from sigap.organisations.models import Membership

pytestmark = pytest.mark.django_db

PAGE = reverse("cases:metadata")
API = "/api/v1/case-metadata/"
VICTIM = "Kirana Rahasia"
PERPETRATOR = "Bima Tersangka"
NARRATIVE = "Cerita kejadian yang sangat pribadi"


@pytest.fixture
def sensitive_case(cast):
    return make_case(
        cast.org,
        cast.caseworker,
        victim_values={"full_name": VICTIM, "phone": "081234567890"},
        perpetrators=[(PERPETRATOR, "parent", False)],
        intake_narrative=NARRATIVE,
        risk_level=RiskLevel.HIGH,
    )


def personal(text: str) -> list[str]:
    return [value for value in (VICTIM, PERPETRATOR, NARRATIVE, "081234567890") if value in text]


def test_org_admin_sees_the_case_number_stage_risk_and_case_manager(client, cast, sensitive_case):
    client.force_login(cast.org_admin)
    response = client.get(PAGE)
    assert response.status_code == 200
    body = response.content.decode()
    assert sensitive_case.number in body
    assert cast.caseworker.full_name in body
    assert "High" in body


def test_org_admin_page_shows_no_personal_data_and_no_link_into_the_case(client, cast, sensitive_case):
    client.force_login(cast.org_admin)
    body = client.get(PAGE).content.decode()
    assert personal(body) == []
    assert reverse("cases:detail", args=[sensitive_case.pk]) not in body


def test_org_admin_api_lists_metadata_and_counts_without_personal_data(client, cast, sensitive_case):
    client.force_login(cast.org_admin)
    response = client.get(API)
    assert response.status_code == 200
    assert personal(response.content.decode()) == []
    (row,) = response.json()["results"]
    assert row["number"] == sensitive_case.number
    assert row["case_manager_name"] == cast.caseworker.full_name
    assert (row["victim_count"], row["perpetrator_count"], row["is_closed"]) == (1, 1, False)
    assert set(row) == {
        "id",
        "number",
        "organisation",
        "stage",
        "risk_level",
        "is_closed",
        "case_manager",
        "case_manager_name",
        "registered_at",
        "closed_at",
        "next_due_at",
        "victim_count",
        "perpetrator_count",
        "service_count",
        "open_task_count",
    }


def test_org_admin_still_cannot_open_the_case_itself(client, cast, sensitive_case):
    client.force_login(cast.org_admin)
    # Only break-glass opens it: the page asks for a reason and shows nothing of the case yet.
    page = client.get(reverse("cases:detail", args=[sensitive_case.pk]))
    assert page.status_code == 403 and "reason" in page.text
    assert sensitive_case.victims.get().person.full_name not in page.text
    assert client.get(f"/api/v1/cases/{sensitive_case.pk}/").status_code == 404


def test_org_admin_of_another_organisation_sees_none_of_these_cases(client, cast, sensitive_case):
    client.force_login(cast.other_org_admin)
    assert sensitive_case.number not in client.get(PAGE).content.decode()
    assert client.get(API).json()["results"] == []


@pytest.mark.parametrize("role", ["caseworker", "supervisor", "psychologist", "data_officer", "dpo", "learner"])
def test_roles_that_do_not_manage_the_organisation_get_403(client, cast, sensitive_case, role):
    client.force_login(getattr(cast, role))
    assert client.get(PAGE).status_code == 403
    assert client.get(API).status_code == 403


def test_filters_by_stage_risk_and_case_manager_find_the_cases_to_reassign(client, cast, sensitive_case):
    low = make_case(cast.org, cast.caseworker2, risk_level=RiskLevel.LOW)
    unassigned = make_case(cast.org, cast.intake_officer)
    client.force_login(cast.org_admin)

    def numbers(**params):
        return {row["number"] for row in client.get(API, params).json()["results"]}

    assert numbers(risk="low") == {low.number}
    assert numbers(case_manager=str(cast.caseworker.pk)) == {sensitive_case.number}
    assert numbers(case_manager="none") == {unassigned.number}
    assert numbers(stage="identification") == {sensitive_case.number, low.number, unassigned.number}
    assert numbers(stage="closed") == set()
    page = client.get(PAGE, {"case_manager": str(cast.caseworker2.pk)}).content.decode()
    assert low.number in page and sensitive_case.number not in page


def test_a_caseworker_who_left_stays_in_the_case_manager_filter(client, cast, sensitive_case):
    membership = Membership.objects.get(user=cast.caseworker, organisation=cast.org)
    deactivate_member(membership, actor=cast.org_admin)
    client.force_login(cast.org_admin)
    page = client.get(PAGE, {"case_manager": str(cast.caseworker.pk)})
    assert page.status_code == 200
    assert sensitive_case.number in page.content.decode()


def test_an_invalid_filter_is_a_400_in_the_api(client, cast):
    client.force_login(cast.org_admin)
    assert client.get(API, {"case_manager": "nobody"}).status_code == 400


def test_metadata_lists_run_a_fixed_number_of_queries(client, cast, sensitive_case, django_assert_num_queries):
    from sigap.organisations.tests.helpers import queries_for

    client.force_login(cast.org_admin)
    page_queries, api_queries = queries_for(client, PAGE), queries_for(client, API)
    for _ in range(4):
        case = make_case(cast.org, cast.caseworker2, perpetrators=[("Orang Lain", "other", False)])
        actions.add_team_member(case, actor=cast.caseworker2, user=cast.psychologist, access="read")
    with django_assert_num_queries(page_queries):
        assert client.get(PAGE).content.decode().count("data-metadata-row") == 5
    with django_assert_num_queries(api_queries):
        assert len(client.get(API).json()["results"]) == 5


def test_the_navigation_offers_the_case_overview_to_org_admins_only(client, cast):
    client.force_login(cast.org_admin)
    assert PAGE in client.get("/").content.decode()
    client.force_login(cast.caseworker)
    assert PAGE not in client.get("/").content.decode()
