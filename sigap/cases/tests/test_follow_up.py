"""Follow-up and review: scheduling, recording progress per goal, re-rating the risk."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sigap.cases import actions
from sigap.cases.codes import RiskLevel
from sigap.cases.models import CaseTask, FollowUp, PlanGoal, Stage, TaskKind
from sigap.cases.tests.factories import case_in_stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def following(cast):
    """A medium-risk case in the follow-up stage, with an approved plan of one goal."""
    return case_in_stage(cast.org, cast.caseworker, cast.supervisor, "follow_up")


def open_follow_ups(case):
    return list(CaseTask.objects.filter(case=case, kind=TaskKind.FOLLOW_UP, done_at__isnull=True))


def follow_up_url(case) -> str:
    return reverse("cases:follow_up_new", args=[case.pk])


def test_entering_follow_up_schedules_the_first_follow_up_at_the_risk_cadence(following):
    (task,) = open_follow_ups(following)
    expected = timezone.now() + timedelta(days=14)  # medium risk: every 14 days
    assert abs((task.due_at - expected).total_seconds()) < 60
    following.refresh_from_db()
    assert following.next_due_at is not None


def test_recording_a_follow_up_meets_the_deadline_and_schedules_the_next_on_the_chosen_date(cast, following, client):
    (first,) = open_follow_ups(following)
    goal = PlanGoal.objects.get(plan__case=following)
    today = timezone.localdate()
    client.force_login(cast.caseworker)
    page = client.get(follow_up_url(following))
    assert "Progress on “Anak merasa aman dan pulih.”" in page.text
    response = client.post(
        follow_up_url(following),
        {
            "held_on": today.isoformat(),
            "method": "home_visit",
            f"goal_{goal.pk}": "Anak tidur nyenyak lagi.",
            "risk_level": "medium",
            "next_date": (today + timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.done_at is not None
    (following_task,) = open_follow_ups(following)
    zone = ZoneInfo(cast.org.time_zone)
    assert following_task.due_at == datetime.combine(today + timedelta(days=10), time(9, 0), tzinfo=zone)
    follow_up = FollowUp.objects.get(case=following)
    assert follow_up.goal_progress == {str(goal.pk): "Anak tidur nyenyak lagi."}
    assert "Anak tidur nyenyak lagi." in client.get(following.get_absolute_url()).text


def test_without_a_next_date_the_next_follow_up_follows_the_new_risk_cadence(cast, following):
    actions.record_follow_up(
        following,
        actor=cast.caseworker,
        held_on=timezone.localdate(),
        method="phone",
        progress="Ancaman baru dari pelaku.",
        new_risks="Pelaku datang ke sekolah.",
        risk_level="high",
    )
    following.refresh_from_db()
    assert following.risk_level == RiskLevel.HIGH
    assert following.risk_reason == "Pelaku datang ke sekolah."
    (task,) = open_follow_ups(following)
    expected = timezone.now() + timedelta(days=7)  # high risk: every 7 days
    assert abs((task.due_at - expected).total_seconds()) < 60


def test_a_changed_risk_level_needs_the_new_risks(cast, following):
    with pytest.raises(ValidationError) as error:
        actions.record_follow_up(
            following,
            actor=cast.caseworker,
            held_on=timezone.localdate(),
            method="phone",
            progress="x",
            risk_level="low",
        )
    assert "new_risks" in error.value.message_dict
    assert len(open_follow_ups(following)) == 1


def test_progress_is_recorded_only_on_goals_of_the_approved_plan(cast, following):
    with pytest.raises(ValidationError) as error:
        actions.record_follow_up(
            following,
            actor=cast.caseworker,
            held_on=timezone.localdate(),
            method="phone",
            goal_progress={"00000000-0000-0000-0000-000000000000": "x"},
            risk_level="medium",
        )
    assert "goal_progress" in error.value.message_dict


def test_the_next_date_comes_after_the_follow_up(cast, following):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        actions.record_follow_up(
            following,
            actor=cast.caseworker,
            held_on=today,
            method="phone",
            progress="x",
            risk_level="medium",
            next_date=today,
        )
    assert "next_date" in error.value.message_dict


def test_follow_ups_wait_until_the_plan_is_carried_out(cast, case, client):
    with pytest.raises(ValidationError):
        actions.record_follow_up(
            case, actor=cast.caseworker, held_on=timezone.localdate(), method="phone", progress="x", risk_level="medium"
        )
    client.force_login(cast.caseworker)
    page = client.get(follow_up_url(case))
    assert "Follow-ups are recorded once the plan is being carried out." in page.text
    assert 'name="held_on"' not in page.text


def test_a_follow_up_during_implementation_is_allowed_and_schedules_the_next(cast):
    case = case_in_stage(cast.org, cast.caseworker, cast.supervisor, "implementation")
    assert case.stage == Stage.IMPLEMENTATION
    actions.record_follow_up(
        case, actor=cast.caseworker, held_on=timezone.localdate(), method="office", progress="x", risk_level="medium"
    )
    assert len(open_follow_ups(case)) == 1
    actions.record_service(
        case, actor=cast.caseworker, service_type="kesehatan", delivered_on=timezone.localdate(), provider_name="RS"
    )
    actions.advance(case, "start_follow_up", actor=cast.caseworker)
    assert len(open_follow_ups(case)) == 1  # not a second one


def test_the_follow_up_section_shows_the_next_due_date_and_says_when_it_is_overdue(cast, following, client):
    CaseTask.objects.filter(case=following, kind=TaskKind.FOLLOW_UP).update(due_at=timezone.now() - timedelta(days=1))
    client.force_login(cast.caseworker)
    page = client.get(following.get_absolute_url())
    assert "Next follow-up due" in page.text
    assert "Overdue" in page.text


def test_caseworker_of_another_organisation_gets_404(cast, following, client):
    client.force_login(cast.other_caseworker)
    assert client.get(follow_up_url(following)).status_code == 404
    assert client.post(follow_up_url(following), {"method": "phone"}).status_code == 404


def test_read_only_team_member_gets_403_on_recording_a_follow_up(cast, following, client):
    actions.add_team_member(following, actor=cast.caseworker, user=cast.caseworker2, access="read")
    client.force_login(cast.caseworker2)
    response = client.post(
        follow_up_url(following),
        {"held_on": timezone.localdate().isoformat(), "method": "phone", "progress": "x", "risk_level": "medium"},
    )
    assert response.status_code == 403
    assert not FollowUp.objects.filter(case=following).exists()
