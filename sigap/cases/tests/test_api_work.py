"""Assessments and case plans over the API (/cases/{id}/assessments/, /plans/), through the verbs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sigap.cases import actions
from sigap.cases.codes import RiskLevel
from sigap.cases.models import Assessment, CasePlan, PlanAction, Stage
from sigap.cases.tests.factories import case_in_stage

pytestmark = pytest.mark.django_db


def url(case, name: str, **kwargs) -> str:
    return reverse(f"api:case-{name}", kwargs={"case_pk": case.pk, **kwargs})


def post(client, path: str, body=None):
    return client.post(path, body or {}, "application/json")


ENTRIES = [
    {"domain": "safety", "findings": "Tinggal bersama nenek (sintetis).", "needs": "Tempat aman", "priority": "high"},
    {"domain": "best_interests", "findings": "Tetap bersama ibu."},
]


# --- Assessments ----------------------------------------------------------------------------


def test_caseworker_records_the_initial_screening(client, cast, case):
    client.force_login(cast.caseworker)
    body = {"kind": "screening", "summary": "Skrining awal.", "risk_level": "high", "risk_reason": "Ancaman."}
    response = post(client, url(case, "assessment-list"), body)
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "screening"
    case.refresh_from_db()
    assert case.risk_level == RiskLevel.HIGH


def test_screening_without_a_summary_is_refused(client, cast, case):
    client.force_login(cast.caseworker)
    response = post(client, url(case, "assessment-list"), {"kind": "screening", "risk_level": "medium"})
    assert response.status_code == 400
    assert "summary" in response.json()["error"]["fields"]


def test_caseworker_runs_the_assessment_to_completion_and_the_case_moves_to_planning(client, cast, case):
    client.force_login(cast.caseworker)
    created = post(client, url(case, "assessment-list"), {"kind": "comprehensive", "summary": "Draf."})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["summary"] == "Draf."
    case.refresh_from_db()
    assert case.stage == Stage.ASSESSMENT

    detail = url(case, "assessment-detail", pk=body["id"])
    patch = client.patch(
        detail,
        {"version": body["version"], "summary": "Ringkasan.", "risk_level": "medium", "entries": ENTRIES},
        "application/json",
    )
    assert patch.status_code == 200, patch.content
    assert {e["domain"] for e in patch.json()["entries"]} == {"safety", "best_interests"}

    # Only the summary changes: the domains stay as they were.
    again = client.patch(detail, {"version": patch.json()["version"], "summary": "Ringkasan 2."}, "application/json")
    assert again.status_code == 200
    assert len(again.json()["entries"]) == 2

    done = post(client, url(case, "assessment-complete", pk=body["id"]), {"version": again.json()["version"]})
    assert done.status_code == 200, done.content
    assert done.json()["completed_at"]
    case.refresh_from_db()
    assert case.stage == Stage.PLANNING


def test_incomplete_assessment_cannot_be_completed(client, cast, case):
    assessment = actions.start_assessment_record(case, actor=cast.caseworker)
    client.force_login(cast.caseworker)
    response = post(client, url(case, "assessment-complete", pk=assessment.pk), {"version": assessment.version})
    assert response.status_code == 400
    assessment.refresh_from_db()
    assert assessment.completed_at is None


def test_assessment_saved_with_a_stale_version_gets_409(client, cast, case):
    assessment = actions.start_assessment_record(case, actor=cast.caseworker)
    stale = assessment.version
    client.force_login(cast.caseworker)
    first = client.patch(
        url(case, "assessment-detail", pk=assessment.pk), {"version": stale, "summary": "A"}, "application/json"
    )
    assert first.status_code == 200
    second = client.patch(
        url(case, "assessment-detail", pk=assessment.pk), {"version": stale, "summary": "B"}, "application/json"
    )
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "conflict"
    assessment.refresh_from_db()
    assert assessment.summary == "A"


def test_duplicate_domains_are_refused(client, cast, case):
    assessment = actions.start_assessment_record(case, actor=cast.caseworker)
    client.force_login(cast.caseworker)
    body = {"version": assessment.version, "entries": [ENTRIES[0], ENTRIES[0]]}
    response = client.patch(url(case, "assessment-detail", pk=assessment.pk), body, "application/json")
    assert response.status_code == 400
    assert "entries" in response.json()["error"]["fields"]


def test_assessment_of_another_case_is_404_under_this_case(client, cast, case):
    other = case_in_stage(cast.org, cast.caseworker, cast.supervisor, "planning")
    assessment = other.assessments.get()
    client.force_login(cast.caseworker)
    assert client.get(url(case, "assessment-detail", pk=assessment.pk)).status_code == 404
    assert client.get(url(other, "assessment-detail", pk=assessment.pk)).status_code == 200


# --- Plans ----------------------------------------------------------------------------------


@pytest.fixture
def planning(cast):
    return case_in_stage(cast.org, cast.caseworker, cast.supervisor, "planning")


def goals(cast, service: str = "pendampingan"):
    return [
        {
            "text": "Anak kembali bersekolah.",
            "actions": [
                {"service_type": service, "responsible_organisation": str(cast.org.pk), "due_date": "2030-01-31"}
            ],
        }
    ]


def test_plan_is_drafted_submitted_returned_resubmitted_and_approved(client, cast, planning):
    case = planning
    client.force_login(cast.caseworker)
    created = post(client, url(case, "plan-list"), {"goals": goals(cast)})
    assert created.status_code == 201, created.content
    plan = created.json()
    assert plan["status"] == "draft"
    assert plan["goals"][0]["actions"][0]["service_type"] == "pendampingan"

    submitted = post(client, url(case, "plan-submit", pk=plan["id"]), {"version": plan["version"]})
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"

    # The caseworker may not decide their own plan.
    refused = post(client, url(case, "plan-approve", pk=plan["id"]), {"version": submitted.json()["version"]})
    assert refused.status_code == 403

    client.force_login(cast.supervisor)
    no_comment = post(client, url(case, "plan-return-plan", pk=plan["id"]), {"version": submitted.json()["version"]})
    assert no_comment.status_code == 400
    returned = post(
        client,
        url(case, "plan-return-plan", pk=plan["id"]),
        {"version": submitted.json()["version"], "comment": "Tambahkan layanan psikologis."},
    )
    assert returned.status_code == 200, returned.content
    assert returned.json()["status"] == "returned"

    client.force_login(cast.caseworker)
    edited = client.patch(
        url(case, "plan-detail", pk=plan["id"]),
        {"version": returned.json()["version"], "goals": goals(cast, "psikologis")},
        "application/json",
    )
    assert edited.status_code == 200, edited.content
    resubmitted = post(client, url(case, "plan-submit", pk=plan["id"]), {"version": edited.json()["version"]})
    assert resubmitted.status_code == 200

    client.force_login(cast.supervisor)
    approved = post(client, url(case, "plan-approve", pk=plan["id"]), {"version": resubmitted.json()["version"]})
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved"
    case.refresh_from_db()
    assert case.stage == Stage.IMPLEMENTATION


def test_approved_plan_is_read_only(client, cast):
    case = case_in_stage(cast.org, cast.caseworker, cast.supervisor, "implementation")
    plan = case.plans.get()
    client.force_login(cast.caseworker)
    response = client.patch(
        url(case, "plan-detail", pk=plan.pk), {"version": plan.version, "goals": goals(cast)}, "application/json"
    )
    assert response.status_code == 400
    assert plan.goals.get().text != "Anak kembali bersekolah."


def test_plan_saved_with_a_stale_version_gets_409(client, cast, planning):
    plan = actions.create_plan(planning, actor=cast.caseworker)
    stale = plan.version
    client.force_login(cast.caseworker)
    path = url(planning, "plan-detail", pk=plan.pk)
    assert client.patch(path, {"version": stale, "goals": goals(cast)}, "application/json").status_code == 200
    response = client.patch(path, {"version": stale, "goals": []}, "application/json")
    assert response.status_code == 409
    assert plan.goals.count() == 1


def test_plan_with_an_unknown_responsible_organisation_is_refused(client, cast, planning):
    client.force_login(cast.caseworker)
    body = goals(cast)
    body[0]["actions"][0]["responsible_organisation"] = "00000000-0000-0000-0000-000000000000"
    response = post(client, url(planning, "plan-list"), {"goals": body})
    assert response.status_code == 400
    assert not planning.plans.exists()


def test_mediation_in_a_plan_is_refused_on_a_sexual_violence_case(client, cast):
    case = case_in_stage(
        cast.org,
        cast.caseworker,
        cast.supervisor,
        "planning",
        forms=["seksual"],
        perpetrators=[("Budi", "keluarga", False)],
    )
    client.force_login(cast.caseworker)
    response = post(client, url(case, "plan-list"), {"goals": goals(cast, "mediasi")})
    assert response.status_code == 400
    assert "TPKS" in str(response.json()["error"]["fields"])


def test_caseworker_records_progress_on_an_action_of_the_approved_plan(client, cast):
    case = case_in_stage(cast.org, cast.caseworker, cast.supervisor, "implementation")
    plan = case.plans.get()
    action = plan.goals.get().actions.get()
    client.force_login(cast.caseworker)
    path = url(case, "plan-action-status", pk=plan.pk, action_id=action.pk)
    response = post(client, path, {"status": "in_progress", "expected_status": "planned"})
    assert response.status_code == 200, response.content
    action.refresh_from_db()
    assert action.status == PlanAction.Status.IN_PROGRESS
    stale = post(client, path, {"status": "done", "expected_status": "planned"})
    assert stale.status_code == 409


def test_plan_list_shows_versions_newest_first(client, cast):
    case = case_in_stage(cast.org, cast.caseworker, cast.supervisor, "implementation")
    actions.create_plan(case, actor=cast.caseworker)
    client.force_login(cast.caseworker)
    rows = client.get(url(case, "plan-list")).json()
    assert [(r["number"], r["status"]) for r in rows] == [(2, "draft"), (1, "approved")]
    # The revision starts as a copy of the approved plan.
    assert rows[0]["goals"][0]["text"] == rows[1]["goals"][0]["text"]
    assert CasePlan.objects.filter(case=case).count() == 2
    assert Assessment.objects.filter(case=case).count() == 1
