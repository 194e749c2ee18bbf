"""The guided assessment and screening with the standard forms: pages and API, entries and risk
derived from the answers, the worker's confirmation, old assessments, form versions, access."""

from __future__ import annotations

import copy

import pytest
from django.core.management import call_command
from django.urls import reverse

from sigap.cases import actions
from sigap.cases.actions import guided as verbs
from sigap.cases.codes import RiskLevel
from sigap.cases.models import Assessment, Stage, TimelineEvent
from sigap.cases.tests.factories import make_case
from sigap.forms import actions as form_actions
from sigap.forms.models import FormVersion

pytestmark = pytest.mark.django_db

ANSWERS = {
    "safety_findings": "Tinggal di rumah nenek (sintetis).",
    "safety_perpetrator_access": "no",
    "safety_threats": "yes",
    "safety_client_words": "Saya mau tetap sama nenek.",
    "safety_need": "Tempat tinggal aman",
    "safety_priority": "high",
    "psy_changes": "yes",
    "psychosocial_need": "Konseling",
    "psychosocial_priority": "medium",
    "bi_views": "Ingin tetap sekolah.",
    "bi_considerations": "Tetap bersama nenek yang melindungi.",
    "summary": "Anak aman di rumah nenek; perlu konseling.",
}


@pytest.fixture
def forms_loaded(db):
    call_command("load_forms", verbosity=0)


@pytest.fixture
def child_case(cast, forms_loaded):
    return make_case(cast.org, cast.caseworker)  # the factory's victim is a child


def page(case, assessment) -> str:
    return reverse("cases:assessment", args=[case.pk, assessment.pk])


def post_data(assessment, answers, **extra) -> dict:
    """The answers as the page's form sends them (``<section>__<question>``)."""
    schema = assessment.form_response.version.schema
    names = {q["key"]: f"{s['key']}__{q['key']}" for s in schema["sections"] for q in s["questions"]}
    data = {names[key]: value for key, value in answers.items()}
    return {"version": assessment.version, **data, **extra}


def started(case, actor) -> Assessment:
    assessment = verbs.start_assessment(case, actor=actor)
    assert assessment.form_response is not None
    return assessment


def test_start_opens_a_guided_assessment_with_a_menu_of_sections(cast, child_case, client):
    client.force_login(cast.caseworker)
    response = client.post(reverse("cases:assessment_start", args=[child_case.pk]))
    assessment = child_case.assessments.get()
    assert assessment.form_response is not None
    assert response["Location"] == page(child_case, assessment)
    form = client.get(page(child_case, assessment))
    assert form.status_code == 200
    assert 'href="#form-safety"' in form.text and 'href="#form-best_interests"' in form.text
    assert 'name="safety__safety_need"' in form.text


def test_saving_a_draft_derives_entries_and_the_proposed_risk(cast, child_case, client):
    assessment = started(child_case, cast.caseworker)
    client.force_login(cast.caseworker)
    response = client.post(page(child_case, assessment), post_data(assessment, ANSWERS))
    assert response.status_code == 302, response.content
    assessment.refresh_from_db()
    entries = {e.domain: e for e in assessment.entries.all()}
    assert entries["safety"].needs == "Tempat tinggal aman" and entries["safety"].priority == "high"
    assert "Saya mau tetap sama nenek." in entries["safety"].findings
    assert entries["psychosocial"].priority == "medium"
    assert "bersama nenek" in entries["best_interests"].findings
    # Two risk factors "yes" (threats, changes in behaviour): medium.
    assert assessment.proposed_risk_level == RiskLevel.MEDIUM
    assert assessment.summary == "Anak aman di rumah nenek; perlu konseling."
    assert assessment.completed_at is None
    assert TimelineEvent.objects.filter(case=child_case, verb="assessment_saved").count() == 1


def test_choosing_another_level_than_proposed_needs_a_reason(cast, child_case, client):
    assessment = started(child_case, cast.caseworker)
    client.force_login(cast.caseworker)
    refused = client.post(
        page(child_case, assessment), post_data(assessment, {**ANSWERS, "risk_level": "low"}, complete="1")
    )
    assert refused.status_code == 400
    assert "say why you choose" in refused.text
    assessment.refresh_from_db()
    assert assessment.completed_at is None
    assert not assessment.entries.exists()  # one transaction: nothing of the refused save was kept

    done = client.post(
        page(child_case, assessment),
        post_data(assessment, {**ANSWERS, "risk_level": "low", "risk_reason": "Nenek melindungi penuh."}, complete="1"),
    )
    assert done.status_code == 302, done.content
    assessment.refresh_from_db()
    child_case.refresh_from_db()
    assert assessment.is_completed and assessment.risk_level == RiskLevel.LOW
    assert assessment.proposed_risk_level == RiskLevel.MEDIUM
    assert child_case.risk_level == RiskLevel.LOW and child_case.stage == Stage.PLANNING
    verbs_written = set(TimelineEvent.objects.filter(case=child_case).values_list("verb", flat=True))
    assert {"assessment_started", "assessment_saved", "assessment_completed"} <= verbs_written


def test_confirming_the_proposal_keeps_its_reason(cast, child_case):
    assessment = started(child_case, cast.caseworker)
    answers = {**ANSWERS, "safety_perpetrator_access": "yes", "risk_level": "high"}
    verbs.save_guided_assessment(assessment, actor=cast.caseworker, answers=answers, complete=True)
    assessment.refresh_from_db()
    assert assessment.risk_level == assessment.proposed_risk_level == RiskLevel.HIGH
    assert assessment.risk_reason == assessment.proposed_risk_reason != ""


def test_the_completed_assessment_reads_with_its_questions_and_the_plan_takes_its_needs(cast, child_case, client):
    assessment = started(child_case, cast.caseworker)
    verbs.save_guided_assessment(
        assessment, actor=cast.caseworker, answers={**ANSWERS, "risk_level": "medium"}, complete=True
    )
    client.force_login(cast.caseworker)
    detail = client.get(page(child_case, assessment))
    assert detail.status_code == 200
    assert "Tempat tinggal aman" in detail.text
    assert 'name="safety__safety_need"' not in detail.text
    plan = actions.create_plan(child_case, actor=cast.caseworker)
    assert [g.text for g in plan.goals.all()] == ["Tempat tinggal aman", "Konseling"]


def test_an_old_typed_assessment_stays_readable(cast, child_case, client):
    typed = actions.start_assessment_record(child_case, actor=cast.caseworker)
    actions.save_assessment(
        typed,
        actor=cast.caseworker,
        summary="Asesmen lama.",
        risk_level=child_case.risk_level,
        risk_reason="",
        entries={"safety": {"findings": "Temuan lama.", "needs": "Kebutuhan lama", "priority": "low"}},
    )
    client.force_login(cast.caseworker)
    response = client.get(page(child_case, typed))
    assert response.status_code == 200
    assert "Temuan lama." in response.text  # the typed form, not a standard form
    assert 'name="safety_findings"' in response.text


def test_a_new_form_version_leaves_old_answers_with_their_old_questions(cast, child_case, client):
    first = started(child_case, cast.caseworker)
    verbs.save_guided_assessment(
        first, actor=cast.caseworker, answers={**ANSWERS, "risk_level": "medium"}, complete=True
    )
    old_version = first.form_response.version
    schema = copy.deepcopy(old_version.schema)
    need = next(q for s in schema["sections"] for q in s["questions"] if q["key"] == "safety_need")
    need["label"] = {"id": "Kebutuhan keselamatan (versi baru)", "en": "Safety need (new version)"}
    draft = form_actions.save_draft(old_version.definition, schema, by=None)
    form_actions.publish_version(draft, by=None)
    assert verbs.published_version(verbs.ASSESSMENT_FORM).number == old_version.number + 1

    first.refresh_from_db()
    assert first.form_response.version_id == old_version.pk
    assert first.form_response.answers["safety_need"] == "Tempat tinggal aman"
    client.force_login(cast.caseworker)
    old_page = client.get(page(child_case, first))
    assert "Need in this area" in old_page.text  # the test users read English
    assert "new version" not in old_page.text

    second = verbs.start_assessment(child_case, actor=cast.caseworker)
    assert second.form_response.version.number == old_version.number + 1
    assert "Safety need (new version)" in client.get(page(child_case, second)).text


def test_the_assessment_page_has_a_fixed_number_of_queries(cast, child_case, client, django_assert_max_num_queries):
    assessment = started(child_case, cast.caseworker)
    verbs.save_guided_assessment(assessment, actor=cast.caseworker, answers=ANSWERS)
    client.force_login(cast.caseworker)
    client.get(page(child_case, assessment))
    with django_assert_max_num_queries(25):
        assert client.get(page(child_case, assessment)).status_code == 200


def test_guided_screening_records_the_answers_and_the_proposal(cast, child_case, client):
    client.force_login(cast.caseworker)
    form = client.get(reverse("cases:screening", args=[child_case.pk]))
    assert 'name="urgent__immediate_danger"' in form.text
    data = {
        "urgent__immediate_danger": "yes",
        "urgent__client_words": "Saya takut pulang.",
        "summary__summary": "Anak dalam bahaya; dibawa ke rumah aman.",
        "summary__risk_level": "high",
    }
    response = client.post(reverse("cases:screening", args=[child_case.pk]), data)
    assert response.status_code == 302, response.content
    screening = child_case.assessments.get(kind=Assessment.Kind.SCREENING)
    assert screening.form_response is not None and screening.form_response.is_complete
    assert screening.proposed_risk_level == screening.risk_level == RiskLevel.HIGH
    child_case.refresh_from_db()
    assert child_case.risk_level == RiskLevel.HIGH
    assert TimelineEvent.objects.filter(case=child_case, verb="screening_recorded").exists()


# --- API --------------------------------------------------------------------------------------


def api(case, name: str, **kwargs) -> str:
    return reverse(f"api:case-{name}", kwargs={"case_pk": case.pk, **kwargs})


def test_api_runs_the_guided_assessment(cast, child_case, client):
    client.force_login(cast.caseworker)
    created = client.post(api(child_case, "assessment-list"), {"kind": "comprehensive"}, "application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["form_response"] is not None
    answers_url = api(child_case, "assessment-answers", pk=body["id"])
    read = client.get(answers_url).json()
    assert read["form"] == "psychosocial-assessment" and read["answers"]["client_is_child"] == "yes"
    assert any(s["key"] == "safety" for s in read["questions"]["sections"])
    saved = client.post(
        answers_url,
        {"answers": {**ANSWERS, "risk_level": "medium"}, "version": body["version"], "complete": True},
        "application/json",
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["completed"] is True and saved.json()["proposed_risk_level"] == "medium"
    typed = client.patch(
        api(child_case, "assessment-detail", pk=body["id"]), {"summary": "x", "version": 1}, "application/json"
    )
    assert typed.status_code == 400


def test_api_bad_answers_are_400_and_nothing_is_saved(cast, child_case, client):
    assessment = started(child_case, cast.caseworker)
    client.force_login(cast.caseworker)
    response = client.post(
        api(child_case, "assessment-answers", pk=assessment.pk),
        {"answers": {"safety_priority": "very"}, "version": assessment.version},
        "application/json",
    )
    assert response.status_code == 400
    assert not assessment.entries.exists()


def test_other_organisation_gets_404_and_read_only_member_403(cast, child_case, client):
    assessment = started(child_case, cast.caseworker)
    client.force_login(cast.other_caseworker)
    assert client.get(page(child_case, assessment)).status_code == 404
    assert client.get(api(child_case, "assessment-answers", pk=assessment.pk)).status_code == 404
    actions.add_team_member(child_case, actor=cast.caseworker, user=cast.caseworker2, access="read")
    client.force_login(cast.caseworker2)
    assert client.get(page(child_case, assessment)).status_code == 200  # read-only: the answers, no form
    assert client.post(page(child_case, assessment), post_data(assessment, ANSWERS)).status_code == 403
    denied = client.post(
        api(child_case, "assessment-answers", pk=assessment.pk),
        {"answers": ANSWERS, "version": assessment.version},
        "application/json",
    )
    assert denied.status_code == 403
    assert client.get(api(child_case, "assessment-answers", pk=assessment.pk)).status_code == 200
    assert FormVersion.objects.exists()


def test_api_records_a_guided_screening_and_refuses_another_level_without_a_reason(cast, child_case, client):
    client.force_login(cast.caseworker)
    body = {"kind": "screening", "answers": {"threats": "yes", "summary": "Ada ancaman.", "risk_level": "low"}}
    refused = client.post(api(child_case, "assessment-list"), body, "application/json")
    assert refused.status_code == 400
    assert not child_case.assessments.exists()
    body["answers"]["risk_level"] = "medium"  # the proposal: one risk factor
    created = client.post(api(child_case, "assessment-list"), body, "application/json")
    assert created.status_code == 201, created.content
    screening = child_case.assessments.get()
    assert screening.form_response is not None
    assert screening.risk_level == screening.proposed_risk_level == RiskLevel.MEDIUM
    assert TimelineEvent.objects.filter(case=child_case, verb="screening_form_saved").exists()
