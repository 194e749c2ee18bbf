"""Initial screening and the comprehensive assessment: the verbs, the pages and who may use them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sigap.cases import actions
from sigap.cases.codes import ClientType, RiskLevel
from sigap.cases.models import Assessment, Stage, TaskKind
from sigap.cases.tests.factories import make_case
from sigap.cases.workflow import check_transition

pytestmark = pytest.mark.django_db


def assessment_url(case, assessment) -> str:
    return reverse("cases:assessment", args=[case.pk, assessment.pk])


def form_data(assessment, **values) -> dict:
    data = {
        "summary": "Ringkasan (sintetis).",
        "risk_level": "medium",
        "risk_reason": "",
        "version": assessment.version,
        "safety_findings": "Tinggal bersama pelaku.",
        "safety_needs": "Tempat aman.",
        "safety_priority": "high",
        "best_interests_findings": "Tetap bersama ibu.",
    }
    data.update(values)
    return data


# --- Screening ------------------------------------------------------------------------------


def test_caseworker_records_the_initial_screening_and_the_case_risk_follows_it(cast, case):
    actions.record_screening(
        case, actor=cast.caseworker, summary="Ancaman berulang.", risk_level="high", risk_reason="Ancaman senjata."
    )
    case.refresh_from_db()
    assert case.risk_level == RiskLevel.HIGH
    assert case.risk_reason == "Ancaman senjata."
    assert case.timeline.filter(verb="screening_recorded").exists()
    assert case.timeline.filter(verb="risk_rated").exists()


def test_a_changed_risk_level_at_screening_needs_a_reason(cast, case):
    with pytest.raises(ValidationError) as error:
        actions.record_screening(case, actor=cast.caseworker, summary="Ancaman.", risk_level="high")
    assert "risk_reason" in error.value.message_dict
    assert not case.assessments.exists()


def test_screening_page_saves_and_returns_to_the_case(cast, case, client):
    client.force_login(cast.caseworker)
    assert client.get(reverse("cases:screening", args=[case.pk])).status_code == 200
    response = client.post(
        reverse("cases:screening", args=[case.pk]), {"summary": "Aman untuk sementara.", "risk_level": "medium"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#assessment")
    assert case.assessments.get().kind == Assessment.Kind.SCREENING


# --- Comprehensive assessment ---------------------------------------------------------------


def test_starting_the_assessment_moves_a_new_case_to_the_assessment_stage(cast, case, client):
    client.force_login(cast.caseworker)
    response = client.post(reverse("cases:assessment_start", args=[case.pk]))
    assessment = case.assessments.get(kind=Assessment.Kind.COMPREHENSIVE)
    assert response["Location"] == assessment_url(case, assessment)
    case.refresh_from_db()
    assert case.stage == Stage.ASSESSMENT


def test_only_one_assessment_is_in_progress_at_a_time(cast, case):
    actions.start_assessment_record(case, actor=cast.caseworker)
    with pytest.raises(ValidationError):
        actions.start_assessment_record(case, actor=cast.caseworker)


def test_caseworker_saves_the_assessment_by_domain(cast, case, client):
    assessment = actions.start_assessment_record(case, actor=cast.caseworker)
    client.force_login(cast.caseworker)
    page = client.get(assessment_url(case, assessment))
    assert "Best interests (children)" in page.text
    response = client.post(assessment_url(case, assessment), form_data(assessment))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.summary == "Ringkasan (sintetis)."
    assert not assessment.is_completed
    entries = {e.domain: e for e in assessment.entries.all()}
    assert set(entries) == {"safety", "best_interests"}
    assert entries["safety"].priority == "high"


def test_best_interests_are_assessed_for_children_only(cast):
    adult = make_case(cast.org, cast.caseworker, client_type=ClientType.ADULT_WOMAN)
    assessment = actions.start_assessment_record(adult, actor=cast.caseworker)
    with pytest.raises(ValidationError):
        actions.save_assessment(
            assessment,
            actor=cast.caseworker,
            summary="x",
            risk_level="medium",
            risk_reason="",
            entries={"best_interests": {"findings": "x"}},
        )
    assert "best_interests" not in dict(actions.assessment_domains(adult))


def test_completing_a_childs_assessment_needs_the_best_interests(cast, case):
    assessment = actions.start_assessment_record(case, actor=cast.caseworker)
    actions.save_assessment(
        assessment,
        actor=cast.caseworker,
        summary="Ringkasan.",
        risk_level="medium",
        risk_reason="",
        entries={"safety": {"findings": "Aman."}},
    )
    with pytest.raises(ValidationError) as error:
        actions.complete_assessment(assessment, actor=cast.caseworker)
    assert "Record the best-interests considerations for this child." in error.value.messages


def test_completing_the_assessment_re_rates_the_risk_meets_the_deadline_and_allows_planning(cast, case, client):
    assessment = actions.start_assessment_record(case, actor=cast.caseworker)
    assert check_transition(case, "start_planning") is not None
    client.force_login(cast.caseworker)
    data = form_data(assessment, risk_level="high", risk_reason="Pelaku tahu alamat baru.", complete="1")
    response = client.post(assessment_url(case, assessment), data)
    assert response.status_code == 302
    assessment.refresh_from_db()
    case.refresh_from_db()
    assert assessment.completed_by == cast.caseworker
    assert case.risk_level == RiskLevel.HIGH
    assert case.tasks.get(kind=TaskKind.ASSESSMENT).done_at is not None
    assert case.stage == Stage.PLANNING
    case.stage = Stage.ASSESSMENT  # the guard itself: a completed assessment opens planning
    assert check_transition(case, "start_planning") is None


def test_a_completed_assessment_cannot_be_changed(cast, case, client):
    assessment = actions.start_assessment_record(case, actor=cast.caseworker)
    client.force_login(cast.caseworker)
    client.post(assessment_url(case, assessment), form_data(assessment, complete="1"))
    assessment.refresh_from_db()
    assert assessment.is_completed
    page = client.get(assessment_url(case, assessment))
    assert "Save draft" not in page.text
    assert "Tinggal bersama pelaku." in page.text
    client.post(assessment_url(case, assessment), form_data(assessment, summary="Diubah"))
    assessment.refresh_from_db()
    assert assessment.summary == "Ringkasan (sintetis)."
    with pytest.raises(ValidationError):
        actions.save_assessment(
            assessment, actor=cast.caseworker, summary="x", risk_level="low", risk_reason="", entries={}
        )


def test_a_stale_assessment_form_gets_a_conflict_not_an_overwrite(cast, case, client):
    assessment = actions.start_assessment_record(case, actor=cast.caseworker)
    stale = form_data(assessment, summary="Versi lama")
    actions.save_assessment(
        assessment, actor=cast.supervisor, summary="Versi baru", risk_level="medium", risk_reason="", entries={}
    )
    client.force_login(cast.caseworker)
    response = client.post(assessment_url(case, assessment), stale)
    assert response.status_code == 409
    assert "Somebody else changed this record" in response.text
    assessment.refresh_from_db()
    assert assessment.summary == "Versi baru"


# --- Denied ---------------------------------------------------------------------------------


def test_caseworker_of_another_organisation_gets_404(cast, case, client):
    assessment = actions.start_assessment_record(case, actor=cast.caseworker)
    client.force_login(cast.other_caseworker)
    assert client.get(assessment_url(case, assessment)).status_code == 404
    assert client.post(assessment_url(case, assessment), form_data(assessment)).status_code == 404
    assert client.post(reverse("cases:assessment_start", args=[case.pk])).status_code == 404
    assert client.get(reverse("cases:screening", args=[case.pk])).status_code == 404


def test_read_only_team_member_sees_the_assessment_but_cannot_change_it(cast, case, client):
    actions.add_team_member(case, actor=cast.caseworker, user=cast.caseworker2, access="read")
    assessment = actions.start_assessment_record(case, actor=cast.caseworker)
    client.force_login(cast.caseworker2)
    page = client.get(assessment_url(case, assessment))
    assert page.status_code == 200
    assert "Save draft" not in page.text
    assert client.post(assessment_url(case, assessment), form_data(assessment)).status_code == 403
    assert client.post(reverse("cases:assessment_start", args=[case.pk])).status_code == 403
    assert client.post(reverse("cases:screening", args=[case.pk]), {"summary": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.complete_assessment(assessment, actor=cast.caseworker2)
