"""``manage.py seed_demo_cases``: synthetic cases in every stage, through the verbs, safe to run twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import CommandError
from django.db.models import Count
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.cases.codes import ViolenceForm
from sigap.cases.demo import (
    TOTAL_CASES,
    demo_case_ids,
    demo_units,
    plan_cases,
    share_cases,
)
from sigap.cases.management import synthetic
from sigap.cases.models import (
    Assessment,
    Case,
    CasePerpetrator,
    CasePlan,
    CaseTask,
    Closure,
    Person,
    PlanGoal,
    Stage,
    TaskKind,
    TimelineEvent,
)
from sigap.cases.tests.fixtures import seed

pytestmark = pytest.mark.django_db


def test_demo_cases_are_refused_in_production(demo, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        seed()
    assert not Case.objects.exists()


def test_demo_cases_need_the_demo_organisations_first(db):
    with pytest.raises(CommandError, match="seed_demo"):
        seed()


@pytest.fixture
def seeded(demo):
    seed(cases=80)
    return Case.objects.filter(pk__in=demo_case_ids(Case.objects.all()))


def test_demo_cases_cover_every_stage_through_the_verbs(seeded):
    assert seeded.count() == 80
    stages = dict(seeded.values_list("stage").annotate(n=Count("pk")))
    assert set(stages) == set(Stage.values)
    # Made through the verbs: every case has its opening on the timeline, closed ones their approval.
    assert TimelineEvent.objects.filter(verb="opened", case__in=seeded).count() == 80
    closed = seeded.filter(stage=Stage.CLOSED)
    assert Closure.objects.filter(case__in=closed, status=Closure.Status.APPROVED).count() == closed.count()
    assert CasePlan.objects.filter(case__in=seeded.filter(stage=Stage.IMPLEMENTATION), status="approved").exists()
    assert CasePerpetrator.objects.filter(case__in=seeded).exists()
    assert Person.objects.filter(victim_of__case__in=seeded).exclude(nik="").exclude(phone="").exists()
    assert AuditEvent.objects.filter(verb="cases.seed_demo_cases").count() == 1


def test_demo_cases_are_spread_over_the_units_with_some_overdue_and_police_report_tasks(seeded):
    per_org = dict(seeded.values_list("organisation__short_name").annotate(n=Count("pk")))
    assert set(per_org) == {
        "UPTD PPA Bandung",
        "Unit PPA Bandung",
        "UPTD PPA Mataram",
        "Pelita Anak",
        "UPTD PPA Jayapura",
    }
    # Java has the most cases nationally; Maluku-Papua the fewest.
    assert per_org["UPTD PPA Bandung"] > per_org["UPTD PPA Mataram"] > per_org["UPTD PPA Jayapura"]
    now = timezone.now()
    assert seeded.filter(next_due_at__lt=now).exists()
    sexual = seeded.filter(violence_forms__form=ViolenceForm.SEKSUAL)
    assert sexual.exists()
    assert CaseTask.objects.filter(case__in=sexual, kind=TaskKind.POLICE_REPORT).count() == sexual.count()
    # The history is spread over past months, not all stamped today.
    assert seeded.filter(registered_at__lt=now - timedelta(days=60)).exists()


def test_a_default_run_plans_over_300_cases_in_every_stage_with_children_hurt_by_children(demo):
    units = demo_units()
    share_cases(units, TOTAL_CASES)
    plans = [plan for unit in units for plan in plan_cases(unit)]
    assert len(plans) == TOTAL_CASES >= 300
    assert {plan.stage for plan in plans} == set(Stage.values)
    assert any(is_child for plan in plans for _person, _relationship, is_child in plan.perpetrators)
    assert sum(ViolenceForm.SEKSUAL in plan.forms for plan in plans) > TOTAL_CASES / 4


def test_running_again_adds_nothing(seeded):
    before = sorted(seeded.values_list("pk", flat=True))
    out = seed(cases=80)
    assert "0 made now, 80 in all" in out
    assert sorted(seeded.values_list("pk", flat=True)) == before


def test_names_are_made_up_from_the_synthetic_lists():
    import random

    rng = random.Random(1)
    for _ in range(50):
        name = synthetic.full_name(rng, "female")
        parts = name.split(" ")
        assert parts[0] in {n.split(" ")[0] for n in synthetic.FEMALE_GIVEN}


def test_demo_cases_are_assessed_with_the_standard_form_and_planned_from_its_needs(seeded):
    guided = Assessment.objects.filter(case__in=seeded, form_response__isnull=False, completed_at__isnull=False)
    assert guided.exists()
    assert all(a.proposed_risk_level for a in guided)
    assert PlanGoal.objects.filter(plan__case__in=seeded, need__assessment__in=guided).exists()


def test_demo_deadlines_are_spread_around_now_not_all_overdue(seeded):
    from sigap.cases.mywork import end_of_today

    now = timezone.now()
    open_cases = seeded.exclude(stage=Stage.CLOSED).exclude(next_due_at=None)
    total = open_cases.count()
    overdue = open_cases.filter(next_due_at__lt=now).count()
    today = open_cases.filter(next_due_at__gte=now, next_due_at__lt=end_of_today(now)).count()
    week = open_cases.filter(next_due_at__gte=end_of_today(now), next_due_at__lt=now + timedelta(days=7)).count()
    assert total > 20
    assert 0 < overdue < total * 0.3
    assert week > overdue
    # "Due today" needs some of today left (the seeding may run minutes before midnight).
    assert today > 0 or end_of_today(now) - now < timedelta(hours=2)
