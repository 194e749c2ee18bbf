"""The case plan: drafting goals and actions, submitting, a supervisor's approval or return,
read-only approved versions, revisions, and the approvals a supervisor has waiting."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sigap.cases import actions
from sigap.cases.models import CasePlan, PlanAction, Stage, TaskKind
from sigap.cases.mywork import approvals_waiting_for
from sigap.cases.tests.factories import approved_plan_of, case_in_stage, complete_assessment_of, make_case
from sigap.cases.workflow import check_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def planning(cast):
    """A case whose assessment is completed (stage: planning), managed by cast.caseworker."""
    return case_in_stage(cast.org, cast.caseworker, cast.supervisor, "planning")


def plan_url(case, plan, name="cases:plan") -> str:
    return reverse(name, args=[case.pk, plan.pk])


def edit_data(plan, *, goal="Anak kembali bersekolah.", service="pendampingan", org=None, **extra) -> dict:
    data = {
        "version": plan.version,
        "goals": 1,
        "g0-actions": 1,
        "g0-text": goal,
        "g0a0-service_type": service,
        "g0a0-description": "Mendampingi ke sekolah.",
        "g0a0-responsible_organisation": str(org.pk) if org else "",
        "g0a0-due_date": "2030-01-31",
        "g0a0-status": "planned",
    }
    data.update(extra)
    return data


# --- The full path --------------------------------------------------------------------------


def test_plan_is_submitted_returned_with_a_comment_resubmitted_and_approved(cast, planning, client):
    case = planning
    client.force_login(cast.caseworker)
    response = client.post(reverse("cases:plan_create", args=[case.pk]))
    plan = case.plans.get()
    assert response["Location"] == plan_url(case, plan, "cases:plan_edit")
    assert client.get(plan_url(case, plan, "cases:plan_edit")).status_code == 200

    response = client.post(plan_url(case, plan, "cases:plan_edit"), edit_data(plan, org=cast.org, submit="1"))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == CasePlan.Status.SUBMITTED
    assert plan.submitted_by == cast.caseworker
    action = PlanAction.objects.get(goal__plan=plan)
    assert action.responsible_organisation == cast.org

    client.force_login(cast.supervisor)
    page = client.get(plan_url(case, plan))
    assert "Approve the plan" in page.text
    no_comment = client.post(plan_url(case, plan, "cases:plan_decide"), {"decision": "return", "version": plan.version})
    assert no_comment.status_code == 400
    assert "Say what needs to change." in no_comment.text
    client.post(
        plan_url(case, plan, "cases:plan_decide"),
        {"decision": "return", "comment": "Tambahkan layanan psikologis.", "version": plan.version},
    )
    plan.refresh_from_db()
    assert plan.status == CasePlan.Status.RETURNED
    assert plan.decision_comment == "Tambahkan layanan psikologis."

    client.force_login(cast.caseworker)
    assert "Tambahkan layanan psikologis." in client.get(plan_url(case, plan, "cases:plan_edit")).text
    client.post(plan_url(case, plan, "cases:plan_edit"), edit_data(plan, service="psikologis", org=cast.org))
    client.post(plan_url(case, plan, "cases:plan_submit"), {"version": plan.version + 1})
    plan.refresh_from_db()
    assert plan.status == CasePlan.Status.SUBMITTED

    client.force_login(cast.supervisor)
    response = client.post(plan_url(case, plan, "cases:plan_decide"), {"decision": "approve", "version": plan.version})
    assert response.status_code == 302
    plan.refresh_from_db()
    case.refresh_from_db()
    assert plan.status == CasePlan.Status.APPROVED
    assert plan.decided_by == cast.supervisor
    assert case.tasks.get(kind=TaskKind.PLAN_APPROVAL).done_at is not None
    assert case.stage == Stage.IMPLEMENTATION
    verbs = set(case.timeline.values_list("verb", flat=True))
    assert {"plan_created", "plan_saved", "plan_submitted", "plan_returned", "plan_approved"} <= verbs


def test_no_plan_before_the_assessment_is_completed(cast, case, client):
    with pytest.raises(ValidationError):
        actions.create_plan(case, actor=cast.caseworker)
    actions.start_assessment_record(case, actor=cast.caseworker)
    with pytest.raises(ValidationError) as error:
        actions.create_plan(case, actor=cast.caseworker)
    assert "Complete the comprehensive assessment before planning." in error.value.messages
    client.force_login(cast.caseworker)
    page = client.get(case.get_absolute_url())
    assert "Not yet:" in page.text
    assert reverse("cases:plan_create", args=[case.pk]) not in page.text


def test_a_plan_needs_a_goal_with_an_action_before_it_is_submitted(cast, planning):
    plan = actions.create_plan(planning, actor=cast.caseworker)
    with pytest.raises(ValidationError):
        actions.submit_plan(plan, actor=cast.caseworker)
    actions.save_plan(plan, actor=cast.caseworker, goals=[actions.GoalInput(text="Aman.")])
    with pytest.raises(ValidationError) as error:
        actions.submit_plan(plan, actor=cast.caseworker)
    assert "Goal 1 has no action yet." in error.value.messages


def test_every_action_names_who_is_responsible(cast, planning):
    plan = actions.create_plan(planning, actor=cast.caseworker)
    goal = actions.GoalInput(text="Aman.", actions=[actions.ActionInput(service_type="kesehatan")])
    with pytest.raises(ValidationError):
        actions.save_plan(plan, actor=cast.caseworker, goals=[goal])
    goal.actions[0].responsible_user = cast.caseworker
    actions.save_plan(plan, actor=cast.caseworker, goals=[goal])
    assert PlanAction.objects.get(goal__plan=plan).responsible_user == cast.caseworker


def test_caseworker_cannot_approve_their_own_plan(cast, planning, client):
    plan = actions.create_plan(planning, actor=cast.caseworker)
    client.force_login(cast.caseworker)
    client.post(plan_url(planning, plan, "cases:plan_edit"), edit_data(plan, org=cast.org, submit="1"))
    plan.refresh_from_db()
    assert "Approve the plan" not in client.get(plan_url(planning, plan)).text
    response = client.post(plan_url(planning, plan, "cases:plan_decide"), {"decision": "approve"})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        actions.approve_plan(plan, actor=cast.caseworker)
    plan.refresh_from_db()
    assert plan.status == CasePlan.Status.SUBMITTED


def test_a_supervisor_who_submitted_the_plan_cannot_approve_it_too(cast, planning, client):
    plan = actions.create_plan(planning, actor=cast.supervisor)
    actions.save_plan(
        plan,
        actor=cast.supervisor,
        goals=[actions.GoalInput("Aman.", [actions.ActionInput("kesehatan", responsible_organisation=cast.org)])],
    )
    actions.submit_plan(plan, actor=cast.supervisor)
    with pytest.raises(PermissionDenied):
        actions.approve_plan(plan, actor=cast.supervisor)
    client.force_login(cast.supervisor)
    assert "another supervisor must approve it" in client.get(plan_url(planning, plan)).text
    assert list(approvals_waiting_for(cast.supervisor).plans) == []


def test_an_approved_plan_is_read_only(cast, planning, client):
    plan = approved_plan_of(planning, cast.caseworker, cast.supervisor)
    with pytest.raises(ValidationError):
        actions.save_plan(plan, actor=cast.caseworker, goals=[])
    with pytest.raises(ValidationError):
        actions.submit_plan(plan, actor=cast.caseworker)
    client.force_login(cast.caseworker)
    response = client.post(plan_url(planning, plan, "cases:plan_edit"), edit_data(plan, goal="Diubah"))
    assert response.status_code == 302
    assert response["Location"] == plan_url(planning, plan)
    assert plan.goals.get().text == "Anak merasa aman dan pulih."
    assert "Edit the plan" not in client.get(plan_url(planning, plan)).text


def test_revising_an_approved_plan_makes_version_2_which_replaces_it_only_once_approved(cast, planning, client):
    first = approved_plan_of(planning, cast.caseworker, cast.supervisor)
    client.force_login(cast.caseworker)
    client.post(reverse("cases:plan_create", args=[planning.pk]))
    second = planning.plans.get(number=2)
    assert second.status == CasePlan.Status.DRAFT
    assert [g.text for g in second.goals.all()] == ["Anak merasa aman dan pulih."]
    assert PlanAction.objects.filter(goal__plan=second, service_type="psikologis").exists()
    first.refresh_from_db()
    assert first.status == CasePlan.Status.APPROVED
    assert actions.current_plan(planning) == first

    actions.submit_plan(second, actor=cast.caseworker)
    actions.approve_plan(second, actor=cast.supervisor)
    first.refresh_from_db()
    assert first.status == CasePlan.Status.SUPERSEDED
    assert actions.current_plan(planning) == second


def test_only_one_version_is_prepared_at_a_time(cast, planning):
    actions.create_plan(planning, actor=cast.caseworker)
    with pytest.raises(ValidationError):
        actions.create_plan(planning, actor=cast.caseworker)


def test_mediation_is_not_planned_on_a_sexual_violence_case_with_an_adult_perpetrator(cast):
    case = case_in_stage(
        cast.org,
        cast.caseworker,
        cast.supervisor,
        "planning",
        forms=["seksual"],
        perpetrators=[("Pelaku Contoh", "keluarga", False)],
    )
    plan = actions.create_plan(case, actor=cast.caseworker)
    goal = actions.GoalInput("Damai.", [actions.ActionInput("mediasi", responsible_organisation=cast.org)])
    with pytest.raises(ValidationError) as error:
        actions.save_plan(plan, actor=cast.caseworker, goals=[goal])
    assert "UU 12/2022 TPKS" in error.value.messages[0]


def test_add_buttons_bring_blank_blocks_without_saving(cast, planning, client):
    plan = actions.create_plan(planning, actor=cast.caseworker)
    proposed = list(plan.goals.values_list("text", "need_id"))  # the goal proposed from the assessment's need
    client.force_login(cast.caseworker)
    response = client.post(plan_url(planning, plan, "cases:plan_edit"), edit_data(plan, add="goal"))
    assert response.status_code == 200
    assert 'name="g1-text"' in response.text
    response = client.post(plan_url(planning, plan, "cases:plan_edit"), edit_data(plan, add="action-0"))
    assert 'name="g0a1-service_type"' in response.text
    assert list(plan.goals.values_list("text", "need_id")) == proposed


def test_a_stale_plan_form_gets_a_conflict(cast, planning, client):
    plan = actions.create_plan(planning, actor=cast.caseworker)
    stale = edit_data(plan, org=cast.org)
    actions.save_plan(plan, actor=cast.supervisor, goals=[])
    client.force_login(cast.caseworker)
    response = client.post(plan_url(planning, plan, "cases:plan_edit"), stale)
    assert response.status_code == 409
    assert "Somebody else changed this record" in response.text
    assert not plan.goals.exists()


# --- Progress on the approved plan ----------------------------------------------------------


def test_action_status_is_updated_on_the_approved_plan(cast, planning, client):
    plan = approved_plan_of(planning, cast.caseworker, cast.supervisor)
    action = PlanAction.objects.get(goal__plan=plan)
    client.force_login(cast.caseworker)
    url = reverse("cases:plan_action_status", args=[planning.pk, action.pk])
    client.post(url, {"status": "in_progress", "expected": "planned"})
    action.refresh_from_db()
    assert action.status == PlanAction.Status.IN_PROGRESS
    client.post(url, {"status": "done", "expected": "planned"})  # a stale page: nothing overwritten
    action.refresh_from_db()
    assert action.status == PlanAction.Status.IN_PROGRESS


def test_action_status_is_not_changed_on_a_draft(cast, planning):
    plan = actions.create_plan(planning, actor=cast.caseworker)
    actions.save_plan(
        plan,
        actor=cast.caseworker,
        goals=[actions.GoalInput("Aman.", [actions.ActionInput("kesehatan", responsible_organisation=cast.org)])],
    )
    action = PlanAction.objects.get(goal__plan=plan)
    with pytest.raises(ValidationError):
        actions.update_action_status(action, actor=cast.caseworker, status="done")


# --- Approvals waiting ----------------------------------------------------------------------


def test_supervisor_sees_the_plans_waiting_for_approval(cast, planning):
    other = case_in_stage(cast.org, cast.caseworker, cast.supervisor, "planning")
    for case in (planning, other):
        plan = actions.create_plan(case, actor=cast.caseworker)
        actions.save_plan(
            plan,
            actor=cast.caseworker,
            goals=[actions.GoalInput("Aman.", [actions.ActionInput("kesehatan", responsible_organisation=cast.org)])],
        )
        actions.submit_plan(plan, actor=cast.caseworker)
    waiting = approvals_waiting_for(cast.supervisor)
    assert {p.case_id for p in waiting.plans} == {planning.pk, other.pk}
    assert waiting.count() == 2
    assert approvals_waiting_for(cast.caseworker).count() == 0
    assert approvals_waiting_for(cast.other_caseworker).count() == 0


def test_approvals_waiting_take_a_fixed_number_of_queries(cast, planning, django_assert_num_queries):
    for _ in range(3):
        case = make_case(cast.org, cast.caseworker)
        complete_assessment_of(case, cast.caseworker)
        plan = actions.create_plan(case, actor=cast.caseworker)
        actions.save_plan(
            plan,
            actor=cast.caseworker,
            goals=[actions.GoalInput("A.", [actions.ActionInput("kesehatan", responsible_organisation=cast.org)])],
        )
        actions.submit_plan(plan, actor=cast.caseworker)
    from sigap.accounts.models import User

    supervisor = User.objects.get(pk=cast.supervisor.pk)  # nothing cached
    with django_assert_num_queries(3):  # memberships, plans, closures (the supervised workers are a subquery)
        waiting = approvals_waiting_for(supervisor)
        assert [p.case.number for p in waiting.plans]
        assert list(waiting.closures) == []


# --- Denied ---------------------------------------------------------------------------------


def test_caseworker_of_another_organisation_gets_404_for_the_plan(cast, planning, client):
    plan = approved_plan_of(planning, cast.caseworker, cast.supervisor)
    action = PlanAction.objects.get(goal__plan=plan)
    client.force_login(cast.other_caseworker)
    assert client.get(plan_url(planning, plan)).status_code == 404
    assert client.post(reverse("cases:plan_create", args=[planning.pk])).status_code == 404
    assert client.post(reverse("cases:plan_action_status", args=[planning.pk, action.pk])).status_code == 404


def test_read_only_team_member_sees_the_plan_but_gets_403_on_changes(cast, planning, client):
    actions.add_team_member(planning, actor=cast.caseworker, user=cast.caseworker2, access="read")
    plan = actions.create_plan(planning, actor=cast.caseworker)
    client.force_login(cast.caseworker2)
    assert client.get(plan_url(planning, plan)).status_code == 200
    assert client.post(plan_url(planning, plan, "cases:plan_edit"), edit_data(plan)).status_code == 403
    assert client.post(plan_url(planning, plan, "cases:plan_submit")).status_code == 403
    assert client.post(plan_url(planning, plan, "cases:plan_decide"), {"decision": "approve"}).status_code == 403
    assert client.post(reverse("cases:plan_create", args=[planning.pk])).status_code == 403


def test_planning_opens_after_the_assessment(cast, case):
    complete_assessment_of(case, cast.caseworker)
    case.refresh_from_db()
    assert case.stage == Stage.PLANNING
    assert check_transition(case, "start_implementation") is not None


def test_plan_pages_take_the_same_number_of_queries_however_long_the_plan(cast, planning, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plan = actions.create_plan(planning, actor=cast.caseworker)
    client.force_login(cast.caseworker)

    def counts(goals: int) -> tuple[int, int]:
        action = actions.ActionInput("kesehatan", responsible_organisation=cast.org, responsible_user=cast.caseworker)
        actions.save_plan(
            plan,
            actor=cast.caseworker,
            goals=[actions.GoalInput(f"Tujuan {n}", [action] * goals) for n in range(goals)],
        )
        result = []
        for name in ("cases:plan", "cases:plan_edit"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(plan_url(planning, plan, name)).status_code == 200
            result.append(len(queries))
        return result[0], result[1]

    counts(1)  # the first request of a session does more (session, last seen)
    assert counts(1) == counts(3)


def test_caseworker_who_submitted_a_plan_is_told_it_waits_for_the_supervisor(cast, planning, client):
    case = planning
    client.force_login(cast.caseworker)
    client.post(reverse("cases:plan_create", args=[case.pk]))
    plan = case.plans.get()
    client.post(plan_url(case, plan, "cases:plan_edit"), edit_data(plan, org=cast.org, submit="1"))
    page = client.get(plan_url(case, plan)).text
    assert "Waiting for the supervisor's approval." in page.replace("&#x27;", "'")
    assert "another supervisor must approve it" not in page
