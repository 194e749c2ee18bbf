"""Every route of the cases API under /cases/{id}/ keeps the screens' rules: another organisation's
case and a case the caller may not see are 404 everywhere; a read-only team member gets 403 on writes."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from sigap.cases import actions
from sigap.cases.models import Case, CaseTeamMember
from sigap.cases.tests.factories import case_in_stage

pytestmark = pytest.mark.django_db

ANY_ID = str(uuid.uuid4())

# (method, route name, extra URL kwargs, body) for every route under a case.
NESTED = [
    ("get", "case-detail", {}, None),
    ("patch", "case-detail", {}, {"version": 1, "risk_level": "high", "risk_reason": "x"}),
    ("post", "case-transition", {"name": "start_assessment"}, {}),
    ("post", "case-assign", {}, {"case_manager": ANY_ID}),
    ("post", "case-complete-task", {"kind": "first_contact"}, {}),
    ("post", "case-reopen", {}, {"reason": "x"}),
    ("get", "case-team-list", {}, None),
    ("post", "case-team-list", {}, {"user": ANY_ID, "access": "read"}),
    ("delete", "case-team-detail", {"user_id": ANY_ID}, None),
    ("get", "case-timeline-list", {}, None),
    ("get", "case-assessment-list", {}, None),
    ("post", "case-assessment-list", {}, {"kind": "comprehensive"}),
    ("get", "case-assessment-detail", {"pk": ANY_ID}, None),
    ("patch", "case-assessment-detail", {"pk": ANY_ID}, {"version": 1}),
    ("post", "case-assessment-complete", {"pk": ANY_ID}, {"version": 1}),
    ("get", "case-plan-list", {}, None),
    ("post", "case-plan-list", {}, {}),
    ("get", "case-plan-detail", {"pk": ANY_ID}, None),
    ("patch", "case-plan-detail", {"pk": ANY_ID}, {"version": 1, "goals": []}),
    ("post", "case-plan-submit", {"pk": ANY_ID}, {"version": 1}),
    ("post", "case-plan-approve", {"pk": ANY_ID}, {"version": 1}),
    ("post", "case-plan-return-plan", {"pk": ANY_ID}, {"version": 1, "comment": "x"}),
    ("post", "case-plan-action-status", {"pk": ANY_ID, "action_id": ANY_ID}, {"status": "done"}),
    ("get", "case-service-list", {}, None),
    ("post", "case-service-list", {}, {"service_type": "psikologis", "delivered_on": "2024-01-01"}),
    ("get", "case-service-detail", {"pk": ANY_ID}, None),
    ("get", "case-follow-up-list", {}, None),
    ("post", "case-follow-up-list", {}, {"held_on": "2024-01-01", "method": "phone", "risk_level": "low"}),
    ("get", "case-follow-up-detail", {"pk": ANY_ID}, None),
    ("get", "case-closure-list", {}, None),
    ("post", "case-closure-list", {}, {"reason": "goals_met"}),
    ("get", "case-closure-detail", {"pk": ANY_ID}, None),
    ("post", "case-closure-approve", {"pk": ANY_ID}, {}),
    ("post", "case-closure-return-closure", {"pk": ANY_ID}, {"comment": "x"}),
    ("get", "case-closure-checklist", {}, None),
    ("get", "case-note-list", {}, None),
    ("post", "case-note-list", {}, {"body": "Catatan sintetis."}),
    ("get", "case-note-detail", {"pk": ANY_ID}, None),
    ("patch", "case-note-detail", {"pk": ANY_ID}, {"body": "x"}),
    ("post", "case-note-correct", {"pk": ANY_ID}, {"body": "x"}),
    ("get", "case-attachment-list", {}, None),
    ("post", "case-attachment-list", {}, {"title": "x"}),
    ("get", "case-attachment-detail", {"pk": ANY_ID}, None),
    ("get", "case-attachment-download", {"pk": ANY_ID}, None),
]


# Routes of the case viewset itself take the case id as ``pk``; nested ones as ``case_pk``.
CASE_ROUTES = {"case-detail", "case-transition", "case-assign", "case-complete-task", "case-reopen"}


def url_for(case: Case, name: str, kwargs: dict[str, str]) -> str:
    case_kwarg = "pk" if name in CASE_ROUTES else "case_pk"
    return reverse(f"api:{name}", kwargs={case_kwarg: case.pk, **kwargs})


def call(client, method: str, url: str, body):
    if method == "post" and "attachments" in url:
        return client.post(url, body or {})
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, body, "application/json")


@pytest.mark.parametrize(("method", "name", "kwargs", "body"), NESTED, ids=[f"{m} {n}" for m, n, _k, _b in NESTED])
def test_caseworker_of_another_organisation_gets_404_on_every_case_route(
    client, cast, case, method, name, kwargs, body
):
    client.force_login(cast.other_caseworker)
    response = call(client, method, url_for(case, name, kwargs), body)
    assert response.status_code == 404, response.content
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(("method", "name", "kwargs", "body"), NESTED, ids=[f"{m} {n}" for m, n, _k, _b in NESTED])
def test_data_officer_gets_404_on_every_case_route(client, cast, case, method, name, kwargs, body):
    client.force_login(cast.data_officer)
    assert call(client, method, url_for(case, name, kwargs), body).status_code == 404


def test_unknown_case_id_is_404_on_nested_routes(client, cast):
    client.force_login(cast.caseworker)
    assert client.get(reverse("api:case-note-list", kwargs={"case_pk": ANY_ID})).status_code == 404


@pytest.fixture
def implementing(cast):
    """A case with an approved plan (implementation), with cast.legal_aid on its team with read access."""
    case = case_in_stage(cast.org, cast.caseworker, cast.supervisor, "implementation")
    actions.add_team_member(case, actor=cast.caseworker, user=cast.legal_aid, access=CaseTeamMember.Access.READ)
    return case


def test_read_only_team_member_reads_every_list(client, cast, implementing):
    client.force_login(cast.legal_aid)
    for name in ["assessment", "plan", "service", "follow-up", "closure", "note", "attachment", "timeline", "team"]:
        response = client.get(reverse(f"api:case-{name}-list", kwargs={"case_pk": implementing.pk}))
        assert response.status_code == 200, name


def test_read_only_team_member_gets_403_on_nested_writes(client, cast, implementing):
    case = implementing
    plan = case.plans.get()
    action = plan.goals.get().actions.get()
    assessment = case.assessments.get()
    client.force_login(cast.legal_aid)
    writes = [
        ("case-assessment-list", {}, {"kind": "comprehensive"}),
        ("case-assessment-list", {}, {"kind": "screening", "summary": "x", "risk_level": "medium"}),
        ("case-assessment-complete", {"pk": assessment.pk}, {"version": assessment.version}),
        ("case-plan-list", {}, {}),
        ("case-plan-submit", {"pk": plan.pk}, {"version": plan.version}),
        ("case-plan-approve", {"pk": plan.pk}, {"version": plan.version}),
        ("case-plan-action-status", {"pk": plan.pk, "action_id": action.pk}, {"status": "done"}),
        ("case-service-list", {}, {"service_type": "psikologis", "delivered_on": "2024-01-01", "provider_name": "x"}),
        (
            "case-follow-up-list",
            {},
            {"held_on": "2024-01-01", "method": "phone", "risk_level": "medium", "progress": "x"},
        ),
        ("case-closure-list", {}, {"reason": "declined", "checklist": {}}),
        ("case-note-list", {}, {"body": "Catatan sintetis."}),
        ("case-team-list", {}, {"user": str(cast.caseworker2.pk), "access": "read"}),
    ]
    for name, kwargs, body in writes:
        url = reverse(f"api:{name}", kwargs={"case_pk": case.pk, **kwargs})
        response = client.post(url, body, "application/json")
        assert response.status_code == 403, (name, response.content)
        assert response.json()["error"]["code"] == "permission_denied"
    upload = client.post(reverse("api:case-attachment-list", kwargs={"case_pk": case.pk}), {"title": "x"})
    assert upload.status_code == 403
    patch = client.patch(
        reverse("api:case-plan-detail", kwargs={"case_pk": case.pk, "pk": plan.pk}),
        {"version": plan.version, "goals": []},
        "application/json",
    )
    assert patch.status_code == 403
    assert not case.services.exists()
    assert not case.notes.exists()
    assert list(case.team.values_list("user", flat=True)) == [cast.legal_aid.pk]
    plan.refresh_from_db()
    assert plan.status == "approved"
