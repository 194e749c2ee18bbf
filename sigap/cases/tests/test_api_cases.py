"""The case API (/api/v1/cases/) applies the same rules as the screens, through the same verbs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.accounts.actions import create_api_token
from sigap.cases import actions
from sigap.cases.codes import RiskLevel, ViolenceForm
from sigap.cases.models import Case, CaseTask, CaseTeamMember, Stage, TaskKind
from sigap.cases.tests.factories import make_case, make_person

pytestmark = pytest.mark.django_db

CASES = reverse("api:case-list")


def case_url(case: Case, route: str = "detail", /, **kwargs: str) -> str:
    return reverse(f"api:case-{route}", kwargs={"pk": case.pk, **kwargs})


def intake_body(**overrides):
    body = {
        "client_type": "child",
        "intake_channel": "walk_in",
        "risk_level": "high",
        "risk_reason": "Lives with the alleged perpetrator.",
        "forms": ["fisik", "seksual"],
        "victims": [{"full_name": "Putri Contoh", "sex": "female", "date_of_birth": "2013-05-02"}],
        "perpetrators": [{"person": {"full_name": "Budi Contoh", "sex": "male"}, "relationship": "keluarga"}],
    }
    body.update(overrides)
    return body


# --- List -----------------------------------------------------------------------------------


def test_caseworker_lists_their_cases_and_not_another_organisations(client, cast, case, other_case):
    client.force_login(cast.caseworker)
    response = client.get(CASES)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["number"] for r in rows] == [case.number]
    assert rows[0]["forms"] == ["fisik"]
    assert rows[0]["case_manager_name"] == cast.caseworker.full_name


def test_supervisor_lists_the_cases_of_the_caseworkers_they_supervise(client, cast, case):
    client.force_login(cast.supervisor)
    assert [r["id"] for r in client.get(CASES).json()["results"]] == [str(case.pk)]


def test_data_officer_gets_an_empty_case_list_and_404_for_a_case(client, cast, case):
    client.force_login(cast.data_officer)
    assert client.get(CASES).json()["results"] == []
    assert client.get(case_url(case)).status_code == 404


def test_case_list_filters_by_stage_risk_form_overdue_and_number(client, cast, case):
    sexual = make_case(cast.org, cast.caseworker, forms=[ViolenceForm.SEKSUAL], risk_level=RiskLevel.HIGH)
    CaseTask.objects.filter(case=sexual).update(due_at=timezone.now() - timedelta(hours=1))
    Case.objects.filter(pk=sexual.pk).update(next_due_at=timezone.now() - timedelta(hours=1))
    client.force_login(cast.caseworker)

    def ids(**params):
        return [r["id"] for r in client.get(CASES, params).json()["results"]]

    assert ids(form="seksual") == [str(sexual.pk)]
    assert ids(risk="medium") == [str(case.pk)]
    assert ids(overdue="true") == [str(sexual.pk)]
    assert ids(overdue="false") == [str(case.pk)]
    assert ids(stage="assessment") == []
    searched = client.post(reverse("api:case-search"), {"q": case.number, "risk": "medium"}, "application/json")
    assert [r["id"] for r in searched.json()["results"]] == [str(case.pk)]
    assert ids(case_manager=str(cast.caseworker.pk), sort="number") == [str(case.pk), str(sexual.pk)]
    assert ids(case_manager="none") == []


def test_case_search_finds_a_client_by_part_of_the_name_ignoring_case_and_accents(client, cast, case):
    other = make_case(cast.org, cast.caseworker, victim_values={"full_name": "Dési Ratnasari"})
    client.force_login(cast.caseworker)
    rows = client.post(reverse("api:case-search"), {"q": "desi RATNA"}, "application/json").json()["results"]
    assert [r["id"] for r in rows] == [str(other.pk)]
    assert rows[0]["primary_client_name"] == "Dési Ratnasari"


def test_a_case_search_in_the_web_address_is_refused(client, cast, case):
    """Names, NIKs and phones in a query string end up in access logs: the search is POSTed."""
    client.force_login(cast.caseworker)
    response = client.get(CASES, {"q": "3273045403120001"})
    assert response.status_code == 400
    assert "q" in response.json()["error"]["fields"]


def test_a_case_search_reaches_only_cases_the_caller_may_see(client, cast, case):
    client.force_login(cast.caseworker2)
    response = client.post(reverse("api:case-search"), {"q": "Sinta"}, "application/json")
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_invalid_case_filters_are_a_400_not_an_empty_list(client, cast, case):
    client.force_login(cast.caseworker)
    for params in [{"stage": "nowhere"}, {"case_manager": "not-a-uuid"}, {"registered_from": "yesterday"}]:
        response = client.get(CASES, params)
        assert response.status_code == 400, params
        assert response.json()["error"]["code"] == "invalid"


def test_case_list_query_count_does_not_grow_with_rows(client, cast, case, django_assert_num_queries):
    from sigap.organisations.tests.helpers import queries_for

    client.force_login(cast.caseworker)
    expected = queries_for(client, CASES)
    for _ in range(5):
        make_case(cast.org, cast.caseworker, forms=[ViolenceForm.FISIK, ViolenceForm.PSIKIS])
    with django_assert_num_queries(expected):
        assert len(client.get(CASES).json()["results"]) == 6


def test_anonymous_caller_is_refused(client, case):
    assert client.get(CASES).status_code == 401


def test_api_token_authenticates_the_case_list(client, cast, case):
    _token, key = create_api_token(cast.caseworker, name="script")
    response = client.get(CASES, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(case.pk)]


def test_revoked_token_is_refused(client, cast, case):
    token, key = create_api_token(cast.caseworker, name="script")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    assert client.get(CASES, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


# --- Detail ---------------------------------------------------------------------------------


def test_case_detail_shows_persons_tasks_and_blocked_transitions(client, cast):
    case = make_case(cast.org, cast.caseworker, perpetrators=[("Budi Contoh", "keluarga", False)])
    client.force_login(cast.caseworker)
    body = client.get(case_url(case)).json()
    assert body["number"] == case.number
    assert body["stage"] == Stage.IDENTIFICATION
    assert body["victims"][0]["person"]["full_name"] == "Sinta Contoh"
    assert body["victims"][0]["is_primary"] is True
    assert body["perpetrators"][0]["relationship"] == "keluarga"
    assert {t["kind"] for t in body["tasks"]} == {"first_contact", "assessment", "plan_approval"}
    assert {t["state"] for t in body["tasks"]} <= {"open", "due_soon", "overdue"}
    transitions = {t["name"]: t for t in body["transitions"]}
    assert transitions["start_assessment"]["allowed"] is True
    assert transitions["close"]["allowed"] is False
    assert transitions["close"]["blocked_reason"]
    assert body["can_edit"] is True
    assert body["can_approve"] is False


def test_caseworker_of_another_organisation_gets_404_for_the_case(client, cast, case):
    client.force_login(cast.other_caseworker)
    assert client.get(case_url(case)).status_code == 404
    response = client.patch(case_url(case), {"version": case.version, "risk_level": "high"}, "application/json")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_malformed_case_id_is_a_404(client, cast):
    client.force_login(cast.caseworker)
    assert client.get("/api/v1/cases/not-a-case/").status_code == 404


# --- Intake ---------------------------------------------------------------------------------


def test_intake_officer_opens_a_case_with_new_persons(client, cast):
    client.force_login(cast.intake_officer)
    response = client.post(CASES, intake_body(), "application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get(pk=body["id"])
    assert case.organisation == cast.org
    assert case.created_by == cast.intake_officer
    assert sorted(case.forms) == ["fisik", "seksual"]
    assert case.primary_client_name == "Putri Contoh"
    assert case.perpetrators.get().person.full_name == "Budi Contoh"
    # Sexual violence: the TPKS police-report deadline (3×24 h) is set.
    assert "police_report" in {t["kind"] for t in body["tasks"]}
    assert case.timeline.filter(verb="opened").exists()


def test_intake_officer_who_assigns_a_case_manager_no_longer_sees_the_case(client, cast):
    client.force_login(cast.intake_officer)
    response = client.post(CASES, intake_body(case_manager=str(cast.caseworker.pk)), "application/json")
    assert response.status_code == 201, response.content
    case = Case.objects.get(pk=response.json()["id"])
    assert case.case_manager == cast.caseworker
    # As on the screens: the case now belongs to its case manager's need-to-know circle.
    assert client.get(case_url(case)).status_code == 404
    assert client.get(CASES).json()["results"] == []


def test_intake_links_an_existing_person_of_the_organisation(client, cast):
    person = make_person(cast.org, cast.caseworker, full_name="Rina Contoh")
    client.force_login(cast.caseworker)
    body = intake_body(victims=[{"id": str(person.pk)}], case_manager=str(cast.caseworker.pk))
    response = client.post(CASES, body, "application/json")
    assert response.status_code == 201, response.content
    case = Case.objects.get(pk=response.json()["id"])
    assert case.victims.get().person == person
    assert case.case_manager == cast.caseworker


def test_intake_cannot_link_a_person_of_another_organisation(client, cast):
    stranger = make_person(cast.other_org, cast.other_caseworker, full_name="Orang Lain")
    client.force_login(cast.caseworker)
    response = client.post(CASES, intake_body(victims=[{"id": str(stranger.pk)}]), "application/json")
    assert response.status_code == 400
    assert "victims" in response.json()["error"]["fields"]
    assert not Case.objects.exists()


def test_intake_with_invalid_data_creates_nothing(client, cast):
    client.force_login(cast.caseworker)
    response = client.post(CASES, intake_body(forms=[]), "application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert "forms" in response.json()["error"]["fields"]
    assert not Case.objects.exists()


def test_intake_without_a_victim_name_is_refused(client, cast):
    client.force_login(cast.caseworker)
    response = client.post(CASES, intake_body(victims=[{"sex": "female"}]), "application/json")
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_psychologist_may_not_register_a_case(client, cast):
    client.force_login(cast.psychologist)
    response = client.post(CASES, intake_body(), "application/json")
    assert response.status_code == 403
    assert not Case.objects.exists()


# --- Changes through verbs ------------------------------------------------------------------


def test_caseworker_re_rates_the_risk_with_the_version_they_read(client, cast, case):
    client.force_login(cast.caseworker)
    response = client.patch(
        case_url(case), {"version": case.version, "risk_level": "high", "risk_reason": "Threats."}, "application/json"
    )
    assert response.status_code == 200, response.content
    case.refresh_from_db()
    assert case.risk_level == RiskLevel.HIGH
    assert response.json()["version"] == case.version
    assert case.timeline.filter(verb="risk_rated").exists()


def test_stale_version_gets_409_conflict_and_changes_nothing(client, cast, case):
    stale = case.version
    actions.rate_risk(case, actor=cast.caseworker, risk_level=RiskLevel.LOW, reason="Safe now.")
    client.force_login(cast.caseworker)
    response = client.patch(
        case_url(case), {"version": stale, "risk_level": "high", "risk_reason": "Threats."}, "application/json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    case.refresh_from_db()
    assert case.risk_level == RiskLevel.LOW


def test_risk_and_forms_change_together_in_one_request(client, cast, case):
    client.force_login(cast.caseworker)
    body = {"version": case.version, "risk_level": "high", "risk_reason": "Threats.", "forms": ["psikis", "seksual"]}
    response = client.patch(case_url(case), body, "application/json")
    assert response.status_code == 200, response.content
    assert sorted(response.json()["forms"]) == ["psikis", "seksual"]
    assert response.json()["risk_level"] == "high"


def test_patch_without_version_is_refused(client, cast, case):
    client.force_login(cast.caseworker)
    response = client.patch(case_url(case), {"risk_level": "high", "risk_reason": "x"}, "application/json")
    assert response.status_code == 400
    assert "version" in response.json()["error"]["fields"]


def test_read_only_team_member_gets_403_on_every_case_write(client, cast, case):
    actions.add_team_member(case, actor=cast.caseworker, user=cast.legal_aid, access=CaseTeamMember.Access.READ)
    client.force_login(cast.legal_aid)
    assert client.get(case_url(case)).status_code == 200
    patch = client.patch(case_url(case), {"version": case.version, "forms": ["psikis"]}, "application/json")
    assert patch.status_code == 403
    assert client.post(case_url(case, "transition", name="start_assessment")).status_code == 403
    assert client.post(case_url(case, "complete-task", kind="first_contact"), {}).status_code == 403
    body = {"case_manager": str(cast.caseworker2.pk)}
    assert client.post(case_url(case, "assign"), body, "application/json").status_code == 403
    case.refresh_from_db()
    assert case.stage == Stage.IDENTIFICATION


def test_caseworker_starts_the_assessment_through_the_transition_endpoint(client, cast, case):
    client.force_login(cast.caseworker)
    response = client.post(case_url(case, "transition", name="start_assessment"))
    assert response.status_code == 200, response.content
    assert response.json()["stage"] == Stage.ASSESSMENT


def test_blocked_transition_gives_400_with_the_reason(client, cast, case):
    actions.advance(case, "start_assessment", actor=cast.caseworker)
    client.force_login(cast.caseworker)
    response = client.post(case_url(case, "transition", name="start_planning"))
    assert response.status_code == 400
    assert "assessment" in str(response.json()["error"]["fields"]).lower()


def test_close_and_unknown_names_are_not_transition_endpoints(client, cast, case):
    client.force_login(cast.caseworker)
    assert client.post(case_url(case, "transition", name="close")).status_code == 404
    assert client.post(case_url(case, "transition", name="fly_away")).status_code == 404


def test_caseworker_completes_the_first_contact_task(client, cast, case):
    client.force_login(cast.caseworker)
    url = case_url(case, "complete-task", kind=TaskKind.FIRST_CONTACT)
    response = client.post(url, {"note": "Called the mother."}, "application/json")
    assert response.status_code == 200, response.content
    task = next(t for t in response.json()["tasks"] if t["kind"] == "first_contact")
    assert task["state"] == "done"
    assert task["note"] == "Called the mother."
    again = client.post(url, {"note": "Again."}, "application/json")
    assert again.status_code == 400
    assert "There is no open task of this kind." in str(again.json()["error"]["fields"])


@pytest.mark.parametrize("body", [{}, {"note": ""}, {"note": "   "}])
def test_completing_a_task_needs_a_note_of_what_was_done(client, cast, case, body):
    client.force_login(cast.caseworker)
    response = client.post(case_url(case, "complete-task", kind=TaskKind.FIRST_CONTACT), body, "application/json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["note"] == ["Say briefly what was done."]
    assert case.tasks.get(kind=TaskKind.FIRST_CONTACT).done_at is None


@pytest.mark.parametrize("kind", [TaskKind.ASSESSMENT, TaskKind.PLAN_APPROVAL])
def test_a_deadline_met_by_an_event_cannot_be_completed_through_the_api(client, cast, case, kind):
    client.force_login(cast.supervisor)
    url = case_url(case, "complete-task", kind=kind)
    response = client.post(url, {"note": "Done."}, "application/json")
    assert response.status_code == 400
    message = str(response.json()["error"]["fields"])
    assert "cannot be marked done by hand" in message
    assert "This deadline is met when" in message
    assert case.tasks.get(kind=kind).done_at is None


def test_supervisor_assigns_an_unassigned_case(client, cast):
    case = make_case(cast.org, cast.intake_officer)
    client.force_login(cast.supervisor)
    body = {"case_manager": str(cast.caseworker2.pk)}
    response = client.post(case_url(case, "assign"), body, "application/json")
    assert response.status_code == 200, response.content
    assert response.json()["case_manager"] == str(cast.caseworker2.pk)
    # As on the assign screen: the new case manager holds no case-management certificate.
    assert len(response.json()["warnings"]) == 1


def test_case_cannot_be_assigned_to_somebody_outside_the_organisation(client, cast):
    case = make_case(cast.org, cast.intake_officer)
    client.force_login(cast.supervisor)
    body = {"case_manager": str(cast.other_caseworker.pk)}
    response = client.post(case_url(case, "assign"), body, "application/json")
    assert response.status_code == 400
    assert "case_manager" in response.json()["error"]["fields"]


def test_case_list_counts_at_most_a_bounded_number_of_cases_and_still_pages_to_the_end(client, cast, case, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sigap.api import pagination

    for _ in range(4):
        make_case(cast.org, cast.caseworker)
    client.force_login(cast.caseworker)
    exact = client.get(CASES, {"page_size": 2}).json()
    assert (exact["count"], exact["count_exact"]) == (5, True)
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 3)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(CASES, {"page_size": 2}).json()
    assert (first["count"], first["count_exact"]) == (3, False)
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1 and "LIMIT 4" in counts[0].upper()  # never a count of every visible case
    assert len(first["results"]) == 2 and "page=2" in first["next"]
    last = client.get(CASES, {"page_size": 2, "page": 3}).json()
    assert len(last["results"]) == 1 and last["next"] is None and "page=2" in last["previous"]
    seen = [
        row["id"] for page in (1, 2, 3) for row in client.get(CASES, {"page_size": 2, "page": page}).json()["results"]
    ]
    assert len(set(seen)) == 5
    assert client.get(CASES, {"page_size": 2, "page": 4}).status_code == 404


def test_the_schema_documents_the_bounded_count_of_the_case_list(client):
    schema = client.get("/api/schema/?format=json").json()
    listed = schema["paths"]["/api/v1/cases/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    page = schema["components"]["schemas"][listed["$ref"].rsplit("/", 1)[1]]
    assert page["properties"]["count_exact"]["type"] == "boolean"
    assert "count_exact" in page["required"]
