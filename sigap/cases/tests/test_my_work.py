"""The "My work" home page: a caseworker's cases and deadlines, a supervisor's approvals and caseloads."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sigap.cases import actions, mywork
from sigap.cases.actions import work
from sigap.cases.codes import AssessmentDomain, ClosureReason, RiskLevel, ServiceType
from sigap.cases.management.synthetic import simulated_clock
from sigap.cases.tests.factories import make_case

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")


def page(client, user) -> str:
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def registered_days_ago(cast, days: float, user=None, **kwargs):
    with simulated_clock(timezone.now() - timedelta(days=days)):
        return make_case(cast.org, user or cast.caseworker, **kwargs)


def submitted_plan(cast, name: str = "Rencana Menunggu"):
    case = make_case(cast.org, cast.caseworker, victim_values={"full_name": name})
    assessment = work.start_assessment_record(case, actor=cast.caseworker)
    work.save_assessment(
        assessment,
        actor=cast.caseworker,
        summary="Asesmen selesai.",
        risk_level=case.risk_level,
        risk_reason="",
        entries={
            AssessmentDomain.SAFETY: {"findings": "Aman di rumah nenek."},
            AssessmentDomain.BEST_INTERESTS: {"findings": "Anak ingin tetap sekolah."},
        },
    )
    work.complete_assessment(assessment, actor=cast.caseworker)
    plan = work.create_plan(case, actor=cast.caseworker)
    goal = work.GoalInput(
        text="Klien aman",
        actions=[work.ActionInput(service_type=ServiceType.PENDAMPINGAN, responsible_organisation=cast.org)],
    )
    work.save_plan(plan, actor=cast.caseworker, goals=[goal])
    return work.submit_plan(plan, actor=cast.caseworker)


def pending_closure(cast, user, name: str):
    case = make_case(cast.org, user, victim_values={"full_name": name})
    items = work.checklist_items_for(case, ClosureReason.DECLINED)
    return work.request_closure(
        case, actor=user, reason=ClosureReason.DECLINED, checklist={key: True for key, _l, _r in items}
    )


def test_caseworker_sees_open_cases_grouped_by_stage(cast, client):
    make_case(cast.org, cast.caseworker, victim_values={"full_name": "Kasus Baru"})
    moved = make_case(cast.org, cast.caseworker, victim_values={"full_name": "Sedang Asesmen"})
    actions.advance(moved, "start_assessment", actor=cast.caseworker)
    make_case(cast.org, cast.caseworker2, victim_values={"full_name": "Milik Rekan"})
    html = page(client, cast.caseworker)
    mine = html[html.index("Your open cases") :]
    assert mine.index("Identification &amp; registration") < mine.index("Kasus Baru")
    assert mine.index("Kasus Baru") < mine.index("Assessment <span") < mine.index("Sedang Asesmen")
    assert "Milik Rekan" not in html


def test_overdue_cases_come_first_within_a_stage(cast, client):
    make_case(cast.org, cast.caseworker, victim_values={"full_name": "Masih Lama"}, risk_level=RiskLevel.LOW)
    registered_days_ago(cast, 10, victim_values={"full_name": "Sudah Terlambat"})
    html = page(client, cast.caseworker)
    assert html.index("Sudah Terlambat") < html.index("Masih Lama")
    assert '<span class="badge text-bg-danger">Overdue</span>' in html


def test_do_now_lists_overdue_cases_once_with_their_deadlines_and_this_week_the_next_ones(cast, client):
    registered_days_ago(cast, 10, victim_values={"full_name": "Terlambat"})
    make_case(cast.org, cast.caseworker, victim_values={"full_name": "Segera"}, risk_level=RiskLevel.HIGH)
    make_case(cast.org, cast.caseworker, victim_values={"full_name": "Jauh"}, risk_level=RiskLevel.LOW)
    html = page(client, cast.caseworker)
    now_part = html[html.index("Do now") : html.index("This week")]
    week = html[html.index("This week") : html.index("Your open cases")]
    # Two deadlines missed on one case: one row, both named.
    assert now_part.count("data-do-now") == 1 and now_part.count("Terlambat") == 1
    assert "list-group-item-danger" in now_part and "Overdue" in now_part
    assert "First contact / safety action · Complete the assessment" in now_part
    # A high-risk case registered now is due within 24 hours (amber), a low-risk one in 7 days.
    assert "Segera" in week and "list-group-item-warning" in week and "Due soon" in week
    assert week.count("Jauh") == 1 and "Terlambat" not in week


def test_supervisor_sees_plans_and_closures_waiting_for_approval(cast, client):
    plan = submitted_plan(cast)
    pending_closure(cast, cast.caseworker, "Minta Ditutup")
    pending_closure(cast, cast.caseworker2, "Bukan Binaan")  # caseworker2 is not supervised by cast.supervisor
    html = page(client, cast.supervisor)
    waiting = html[html.index("Waiting for your approval") : html.index("Your team")]
    assert f"Case plan, version {plan.number}" in waiting and "Rencana Menunggu" in waiting
    assert "Closure request" in waiting and "Minta Ditutup" in waiting
    assert "Bukan Binaan" not in waiting
    assert waiting.count("data-approval") == 2
    assert reverse("cases:plan", args=[plan.case_id, plan.pk]) in waiting


def test_caseworker_sees_no_approvals_section(cast, client):
    submitted_plan(cast)
    html = page(client, cast.caseworker)
    assert "Waiting for your approval" not in html


def test_supervisor_sees_each_workers_caseload_and_overdue_count(cast, client, settings):
    settings.SIGAP_CASELOAD_THRESHOLD = 2
    for name in ("Satu", "Dua", "Tiga"):
        make_case(cast.org, cast.caseworker, victim_values={"full_name": name}, risk_level=RiskLevel.LOW)
    registered_days_ago(cast, 10, victim_values={"full_name": "Empat"})
    make_case(cast.other_org, cast.other_caseworker)
    html = page(client, cast.supervisor)
    loads = html[html.index("Your team") :]
    assert "Test Caseworker" in loads and "Test Caseworker Two" not in loads
    assert "4 / 2" in loads
    assert "Over the threshold" in loads and 'class="table-danger"' in loads
    assert "1 overdue" in loads


def test_caseload_under_the_threshold_is_not_highlighted(cast, client):
    make_case(cast.org, cast.caseworker)
    loads = page(client, cast.supervisor)
    assert "1 / 25" in loads and "Over the threshold" not in loads


def test_supervisor_sees_new_cases_waiting_for_a_case_manager(cast, client):
    make_case(cast.org, cast.intake_officer, victim_values={"full_name": "Perlu Manajer"})
    html = page(client, cast.supervisor)
    assert "New cases to assign" in html and "Perlu Manajer" in html


def test_only_the_oldest_cases_to_assign_are_listed_with_a_link_to_the_rest(cast, client, monkeypatch):
    monkeypatch.setattr(mywork, "UNASSIGNED_LIMIT", 2)
    for n in range(3):
        registered_days_ago(cast, 3 - n, user=cast.intake_officer, victim_values={"full_name": f"Tunggu {n}"})
    html = page(client, cast.supervisor)
    assert "Tunggu 0" in html and "Tunggu 1" in html and "Tunggu 2" not in html
    assert "?manager=none&amp;sort=oldest" in html


def test_intake_officer_sees_their_recent_registrations(cast, client):
    waiting = make_case(cast.org, cast.intake_officer, victim_values={"full_name": "Menunggu Manajer"})
    assigned = make_case(cast.org, cast.intake_officer, victim_values={"full_name": "Sudah Ada Manajer"})
    actions.assign_case(assigned, actor=cast.supervisor, case_manager=cast.caseworker)
    html = page(client, cast.intake_officer)
    recent = html[html.index("Your recent registrations") :]
    assert "Menunggu Manajer" in recent and waiting.number in recent
    # Once assigned the case is the case manager's: the number only, no name, no link.
    assert assigned.number in recent and "Sudah Ada Manajer" not in recent
    assert "assigned to Test Caseworker" in recent


def test_roles_without_cases_see_their_roles_and_what_they_can_use(cast, client):
    make_case(cast.org, cast.caseworker)
    html = page(client, cast.org_admin)
    assert "Your roles" in html and "What you can use" in html
    assert "Your open cases" not in html and "Waiting for your approval" not in html


def test_learner_without_organisation_sees_the_welcome(cast, client):
    html = page(client, cast.learner)
    assert "You do not belong to any organisation yet." in html


@pytest.mark.parametrize("who", ["caseworker", "supervisor"])
def test_my_work_query_count_does_not_grow_with_more_cases(cast, client, who):
    user = getattr(cast, who)
    submitted_plan(cast, "Pertama")
    registered_days_ago(cast, 10)
    client.force_login(user)
    client.get(HOME)  # the first request of a session also writes the session
    with CaptureQueriesContext(connection) as before:
        client.get(HOME)
    submitted_plan(cast, "Kedua")
    pending_closure(cast, cast.caseworker, "Ketiga")
    for _ in range(4):
        registered_days_ago(cast, 10)
        make_case(cast.org, cast.intake_officer)
    with CaptureQueriesContext(connection) as after:
        client.get(HOME)
    assert len(after) == len(before)
