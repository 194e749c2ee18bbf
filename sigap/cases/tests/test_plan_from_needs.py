"""Assessment -> plan -> approval without retyping: a new plan proposes one goal per need found in
the assessment (most urgent first), each goal keeps the need it answers, and the supervisor deciding
sees the assessment summary, its risk and the needs no goal answers yet."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sigap.cases import actions
from sigap.cases.models import AssessmentEntry, PlanGoal, TimelineEvent
from sigap.cases.tests.factories import case_in_stage, make_case

pytestmark = pytest.mark.django_db

NEEDS = {
    "safety": {
        "findings": "Pelaku masih datang ke rumah (sintetis).",
        "needs": "Tempat tinggal aman",
        "priority": "high",
    },
    "education": {"findings": "Tidak masuk sekolah dua minggu.", "needs": "Kembali bersekolah", "priority": "medium"},
    "psychosocial": {"findings": "Sulit tidur.", "needs": "Konseling psikologis", "priority": "high"},
    "health": {"findings": "Sehat.", "needs": "", "priority": ""},
    "best_interests": {"findings": "Tetap bersama ibu.", "needs": "", "priority": ""},
}


def assessed(cast, needs=NEEDS):
    """A child's case whose completed assessment found the given needs (stage: planning)."""
    case = make_case(cast.org, cast.caseworker)
    assessment = actions.start_assessment_record(case, actor=cast.caseworker)
    actions.save_assessment(
        assessment,
        actor=cast.caseworker,
        summary="Anak perlu tempat aman dan kembali sekolah.",
        risk_level=case.risk_level,
        risk_reason="",
        entries=needs,
    )
    actions.complete_assessment(assessment, actor=cast.caseworker)
    return case, assessment


def plan_url(case, plan, name="cases:plan") -> str:
    return reverse(name, args=[case.pk, plan.pk])


def one_action(case):
    return [actions.ActionInput(service_type="pendampingan", responsible_organisation=case.organisation)]


def test_a_new_plan_proposes_one_goal_per_need_most_urgent_first(cast):
    case, assessment = assessed(cast)
    plan = actions.create_plan(case, actor=cast.caseworker)
    goals = list(plan.goals.select_related("need"))
    # High before medium; within a priority, the domains' order (safety, then psychosocial).
    assert [(g.text, g.need.domain) for g in goals] == [
        ("Tempat tinggal aman", "safety"),
        ("Konseling psikologis", "psychosocial"),
        ("Kembali bersekolah", "education"),
    ]
    assert all(g.need.assessment_id == assessment.pk for g in goals)
    event = TimelineEvent.objects.get(case=case, verb="plan_created")
    assert event.details["proposed_goals"] == 3


def test_the_plan_form_shows_each_goal_s_need_and_keeps_it_when_saved(cast, client):
    case, _assessment = assessed(cast)
    plan = actions.create_plan(case, actor=cast.caseworker)
    goals = list(plan.goals.all())
    client.force_login(cast.caseworker)
    page = client.get(plan_url(case, plan, "cases:plan_edit"))
    assert page.status_code == 200
    assert page.text.count('name="g0-need"') == 1
    assert f'value="{goals[0].need_id}"' in page.text
    data = {"version": plan.version, "goals": 2, "g0-actions": 1, "g1-actions": 1}
    for i, goal in enumerate(goals[:2]):
        data |= {
            f"g{i}-text": f"{goal.text} (disepakati)",
            f"g{i}-need": str(goal.need_id),
            f"g{i}a0-service_type": "pendampingan",
            f"g{i}a0-responsible_organisation": str(cast.org.pk),
            f"g{i}a0-status": "planned",
        }
    response = client.post(plan_url(case, plan, "cases:plan_edit"), data)
    assert response.status_code == 302, response.content
    saved = list(plan.goals.order_by("order"))
    assert [(g.text, g.need_id) for g in saved] == [(f"{g.text} (disepakati)", g.need_id) for g in goals[:2]]
    detail = client.get(plan_url(case, plan))
    assert "Tempat tinggal aman" in detail.text  # the need shown under its goal


def test_a_need_of_another_case_is_refused(cast):
    case, _assessment = assessed(cast)
    other, _ = assessed(cast)
    foreign = AssessmentEntry.objects.filter(assessment__case=other).exclude(needs="").first()
    plan = actions.create_plan(case, actor=cast.caseworker)
    with pytest.raises(ValidationError) as error:
        actions.save_plan(
            plan, actor=cast.caseworker, goals=[actions.GoalInput("Aman", one_action(case), need=foreign)]
        )
    assert "not from this case" in error.value.messages[0]


def test_supervisor_sees_summary_risk_and_the_needs_not_yet_covered(cast, client):
    case, assessment = assessed(cast)
    plan = actions.create_plan(case, actor=cast.caseworker)
    safety = plan.goals.get(need__domain="safety")
    actions.save_plan(
        plan,
        actor=cast.caseworker,
        goals=[actions.GoalInput(safety.text, one_action(case), need=safety.need)],
    )
    actions.submit_plan(plan, actor=cast.caseworker)
    review = actions.plan_review(plan)
    assert review.assessment == assessment
    assert [e.domain for e in review.uncovered] == ["psychosocial", "education"]

    client.force_login(cast.supervisor)
    page = client.get(plan_url(case, plan))
    assert "Needs no goal answers yet" in page.text
    assert "Anak perlu tempat aman dan kembali sekolah." in page.text
    assert "Konseling psikologis" in page.text and "Kembali bersekolah" in page.text
    client.force_login(cast.caseworker)
    assert "Needs no goal answers yet" not in client.get(plan_url(case, plan)).text  # only the decider


def test_a_revision_adds_only_the_needs_of_a_newer_assessment(cast):
    case = case_in_stage(cast.org, cast.caseworker, cast.supervisor, "implementation")
    first = actions.create_plan(case, actor=cast.caseworker)
    assert [g.need_id for g in first.goals.all()] == [None]  # the approved plan's goal, copied, nothing added
    first.delete()
    reassessment = actions.start_assessment_record(case, actor=cast.caseworker)
    actions.save_assessment(
        reassessment,
        actor=cast.caseworker,
        summary="Asesmen ulang.",
        risk_level=case.risk_level,
        risk_reason="",
        entries={
            "legal": {"findings": "Ada tekanan damai.", "needs": "Pendampingan hukum", "priority": "high"},
            "best_interests": NEEDS["best_interests"],
        },
    )
    actions.complete_assessment(reassessment, actor=cast.caseworker)
    revision = actions.create_plan(case, actor=cast.caseworker)
    assert [(g.text, g.need_id is not None) for g in revision.goals.all()] == [
        ("Anak merasa aman dan pulih.", False),
        ("Pendampingan hukum", True),
    ]


def test_plan_review_and_the_plan_page_queries_do_not_grow_with_needs(cast, client):
    counts = []
    client.force_login(cast.supervisor)
    for needs in ({"safety": NEEDS["safety"], "best_interests": NEEDS["best_interests"]}, NEEDS):
        case, _assessment = assessed(cast, needs)
        plan = actions.create_plan(case, actor=cast.caseworker)
        goals = [actions.GoalInput(g.text, one_action(case), need=g.need) for g in plan.goals.select_related("need")]
        actions.save_plan(plan, actor=cast.caseworker, goals=goals[:1])
        actions.submit_plan(plan, actor=cast.caseworker)
        client.get(plan_url(case, plan))  # the session's first page loads the user's settings once
        with CaptureQueriesContext(connection) as queries:
            assert client.get(plan_url(case, plan)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- API ------------------------------------------------------------------------------------


def api(case, name: str, **kwargs) -> str:
    return reverse(f"api:case-{name}", kwargs={"case_pk": case.pk, **kwargs})


def test_api_goals_carry_their_need_and_the_review_lists_the_uncovered(cast, client):
    case, _assessment = assessed(cast)
    client.force_login(cast.caseworker)
    created = client.post(api(case, "plan-list"), {}, "application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    need = body["goals"][0]["need"]
    assert need is not None
    goal = {
        "text": "Aman",
        "need": need,
        "actions": [{"service_type": "pendampingan", "responsible_organisation": str(cast.org.pk)}],
    }
    patched = client.patch(
        api(case, "plan-detail", pk=body["id"]), {"version": body["version"], "goals": [goal]}, "application/json"
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["goals"][0]["need"] == need
    review = client.get(api(case, "plan-review", pk=body["id"]))
    assert review.status_code == 200
    assert [e["domain"] for e in review.json()["uncovered"]] == ["psychosocial", "education"]
    assert review.json()["assessment"]["summary"] == "Anak perlu tempat aman dan kembali sekolah."


def test_api_unknown_need_is_400_and_denied_users_get_404_or_403(cast, client):
    case, _assessment = assessed(cast)
    other, _ = assessed(cast)
    foreign = str(AssessmentEntry.objects.filter(assessment__case=other).exclude(needs="").first().pk)
    plan = actions.create_plan(case, actor=cast.caseworker)
    goal = {
        "text": "Aman",
        "need": foreign,
        "actions": [{"service_type": "pendampingan", "responsible_organisation": str(cast.org.pk)}],
    }
    client.force_login(cast.caseworker)
    refused = client.patch(
        api(case, "plan-detail", pk=plan.pk), {"version": plan.version, "goals": [goal]}, "application/json"
    )
    assert refused.status_code == 400
    assert PlanGoal.objects.filter(plan=plan, need_id=foreign).count() == 0

    client.force_login(cast.other_caseworker)
    assert client.get(api(case, "plan-review", pk=plan.pk)).status_code == 404
    actions.add_team_member(case, actor=cast.caseworker, user=cast.caseworker2, access="read")
    client.force_login(cast.caseworker2)
    assert client.get(api(case, "plan-review", pk=plan.pk)).status_code == 200
    goal["need"] = None
    denied = client.patch(
        api(case, "plan-detail", pk=plan.pk), {"version": plan.version, "goals": [goal]}, "application/json"
    )
    assert denied.status_code == 403
