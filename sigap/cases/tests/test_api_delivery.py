"""Services, follow-ups, closure and reopening over the API, through the verbs."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.cases import actions
from sigap.cases.models import Closure, Stage
from sigap.cases.tests.factories import case_in_stage

pytestmark = pytest.mark.django_db


def url(case, name: str, **kwargs) -> str:
    return reverse(f"api:case-{name}", kwargs={"case_pk": case.pk, **kwargs})


def post(client, path: str, body=None):
    return client.post(path, body or {}, "application/json")


TODAY = timezone.localdate().isoformat()
CHECKLIST = {
    "goals_reviewed": True,
    "client_informed": True,
    "referrals_closed": True,
    "safety_checked": True,
    "records_complete": True,
}


@pytest.fixture
def implementing(cast):
    return case_in_stage(cast.org, cast.caseworker, cast.supervisor, "implementation")


@pytest.fixture
def following_up(cast):
    return case_in_stage(cast.org, cast.caseworker, cast.supervisor, "follow_up")


# --- Services -------------------------------------------------------------------------------


def test_caseworker_records_a_service_linked_to_the_plan(client, cast, implementing):
    action = implementing.plans.get().goals.get().actions.get()
    client.force_login(cast.caseworker)
    body = {
        "service_type": "psikologis",
        "delivered_on": TODAY,
        "provider_name": "Psikolog mitra (sintetis)",
        "plan_action": str(action.pk),
        "outcome": "Sesi pertama.",
    }
    response = post(client, url(implementing, "service-list"), body)
    assert response.status_code == 201, response.content
    assert response.json()["plan_action"] == str(action.pk)
    listed = client.get(url(implementing, "service-list")).json()["results"]
    assert [s["id"] for s in listed] == [response.json()["id"]]


def test_service_needs_exactly_one_provider(client, cast, implementing):
    client.force_login(cast.caseworker)
    response = post(client, url(implementing, "service-list"), {"service_type": "kesehatan", "delivered_on": TODAY})
    assert response.status_code == 400
    assert "provider_name" in response.json()["error"]["fields"]


def test_mediation_is_refused_on_a_sexual_violence_case_with_the_reason(client, cast):
    case = case_in_stage(
        cast.org,
        cast.caseworker,
        cast.supervisor,
        "implementation",
        forms=["seksual"],
        perpetrators=[("Budi Contoh", "keluarga", False)],
    )
    client.force_login(cast.caseworker)
    detail = client.get(reverse("api:case-detail", args=[case.pk])).json()
    assert "TPKS" in detail["mediation_refused"]
    body = {"service_type": "mediasi", "delivered_on": TODAY, "provider_organisation": str(cast.org.pk)}
    response = post(client, url(case, "service-list"), body)
    assert response.status_code == 400
    assert "TPKS" in response.json()["error"]["fields"]["service_type"][0]
    assert not case.services.exists()


def test_a_plan_action_of_another_case_cannot_be_linked(client, cast, implementing):
    other = case_in_stage(cast.org, cast.caseworker, cast.supervisor, "implementation")
    foreign = other.plans.get().goals.get().actions.get()
    client.force_login(cast.caseworker)
    body = {
        "service_type": "psikologis",
        "delivered_on": TODAY,
        "provider_organisation": str(cast.org.pk),
        "plan_action": str(foreign.pk),
    }
    response = post(client, url(implementing, "service-list"), body)
    assert response.status_code == 400
    assert "plan_action" in response.json()["error"]["fields"]


# --- Follow-ups -----------------------------------------------------------------------------


def test_caseworker_records_a_follow_up_with_progress_per_goal(client, cast, following_up):
    goal = following_up.plans.get().goals.get()
    client.force_login(cast.caseworker)
    body = {
        "held_on": TODAY,
        "method": "home_visit",
        "risk_level": following_up.risk_level,
        "goal_progress": {str(goal.pk): "Sudah kembali ke sekolah."},
    }
    response = post(client, url(following_up, "follow-up-list"), body)
    assert response.status_code == 201, response.content
    assert response.json()["goal_progress"] == {str(goal.pk): "Sudah kembali ke sekolah."}


def test_follow_up_before_implementation_is_refused(client, cast, case):
    client.force_login(cast.caseworker)
    body = {"held_on": TODAY, "method": "phone", "risk_level": case.risk_level, "progress": "Baik."}
    response = post(client, url(case, "follow-up-list"), body)
    assert response.status_code == 400
    assert not case.follow_ups.exists()


# --- Closure and reopening ------------------------------------------------------------------


def test_closure_checklist_says_which_items_are_required(client, cast, following_up):
    client.force_login(cast.caseworker)
    items = client.get(url(following_up, "closure-checklist"), {"reason": "died"}).json()
    required = {item["key"]: item["required"] for item in items}
    assert required["client_informed"] is False
    assert required["records_complete"] is True
    assert all(item["label"] for item in items)
    assert client.get(url(following_up, "closure-checklist"), {"reason": "nope"}).status_code == 400


def test_case_is_closed_with_a_supervisors_approval_and_reopened(client, cast, following_up):
    case = following_up
    client.force_login(cast.caseworker)
    incomplete = post(client, url(case, "closure-list"), {"reason": "goals_met", "checklist": {}})
    assert incomplete.status_code == 400
    assert "checklist" in incomplete.json()["error"]["fields"]

    requested = post(client, url(case, "closure-list"), {"reason": "goals_met", "checklist": CHECKLIST})
    assert requested.status_code == 201, requested.content
    closure_id = requested.json()["id"]
    assert requested.json()["status"] == "pending"

    assert post(client, url(case, "closure-approve", pk=closure_id)).status_code == 403

    client.force_login(cast.supervisor)
    approved = post(client, url(case, "closure-approve", pk=closure_id), {"comment": "Tujuan tercapai."})
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved"
    case.refresh_from_db()
    assert case.stage == Stage.CLOSED

    # A closed case takes no more work until it is reopened.
    client.force_login(cast.caseworker)
    note = post(client, url(case, "note-list"), {"body": "Catatan sintetis."})
    assert note.status_code == 400
    reopen = reverse("api:case-reopen", args=[case.pk])
    assert post(client, reopen, {"reason": ""}).status_code == 400
    reopened = post(client, reopen, {"reason": "Ancaman baru (sintetis)."})
    assert reopened.status_code == 200, reopened.content
    assert reopened.json()["stage"] == Stage.FOLLOW_UP
    assert case.closures.get().status == Closure.Status.REOPENED


def test_supervisor_returns_a_closure_request_with_a_comment(client, cast, following_up):
    closure = actions.request_closure(following_up, actor=cast.caseworker, reason="goals_met", checklist=CHECKLIST)
    client.force_login(cast.supervisor)
    path = url(following_up, "closure-return-closure", pk=closure.pk)
    assert post(client, path).status_code == 400
    response = post(client, path, {"comment": "Lakukan satu kunjungan lagi."})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "returned"
    following_up.refresh_from_db()
    assert following_up.stage == Stage.FOLLOW_UP
    # Deciding it again finds it no longer pending.
    assert post(client, url(following_up, "closure-approve", pk=closure.pk)).status_code == 400


def test_reopening_an_open_case_is_refused(client, cast, case):
    client.force_login(cast.caseworker)
    response = post(client, reverse("api:case-reopen", args=[case.pk]), {"reason": "x"})
    assert response.status_code == 400
