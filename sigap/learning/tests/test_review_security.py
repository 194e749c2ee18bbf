"""Second-review findings: cross-organisation references, safe Markdown and report small cells."""

from __future__ import annotations

import pytest

from sigap.learning.demo import make_quiz
from sigap.learning.models import Course, Programme, QuestionKind
from sigap.learning.tests.test_events import as_user
from sigap.learning.text import render_markdown

pytestmark = pytest.mark.django_db


def _other_org_quiz(cast):
    return make_quiz(
        "Kuis rahasia organisasi lain",
        cast.other_org,
        questions=[("Rahasia?", QuestionKind.TRUE_FALSE, [("Benar", True), ("Salah", False)])],
    )


def test_programme_api_refuses_a_test_quiz_of_another_organisation(cast):
    foreign = _other_org_quiz(cast)
    payload = {
        "organisation": str(cast.org.pk),
        "title": "Program dengan kuis asing",
        "competency": "other",
        "post_test": str(foreign.pk),
    }
    response = as_user(cast.trainer).post("/api/v1/programmes/", payload, content_type="application/json")
    assert response.status_code == 400, response.content
    assert not Programme.objects.filter(title="Program dengan kuis asing").exists()


def test_programme_api_patch_refuses_a_pre_test_of_another_organisation(cast, programme):
    foreign = _other_org_quiz(cast)
    response = as_user(cast.trainer).patch(
        f"/api/v1/programmes/{programme.pk}/", {"pre_test": str(foreign.pk)}, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    programme.refresh_from_db()
    assert programme.pre_test_id is None


def test_programme_api_refuses_an_unpublished_course_of_another_organisation(cast, programme):
    draft = Course.objects.create(title="Draf organisasi lain", organisation=cast.other_org, is_published=False)
    response = as_user(cast.trainer).patch(
        f"/api/v1/programmes/{programme.pk}/", {"required_courses": [str(draft.pk)]}, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert list(programme.required_courses.all()) != [draft]


def test_a_link_address_with_asterisks_is_not_turned_into_bold_or_italic():
    html = str(render_markdown("[a](https://example.org/**x) **b** and [c](https://example.org/*y) *d*"))
    assert 'href="https://example.org/**x"' in html
    assert 'href="https://example.org/*y"' in html
    assert "<strong>b</strong>" in html and "<em>d</em>" in html


def test_bold_never_spans_into_a_link_tag():
    html = str(render_markdown("[**](https://example.org/a) [**](https://example.org/b)"))
    assert "<strong>" not in html
    assert html.count("<a ") == 2 and html.count("</a>") == 2


def _small_cohort(cast, event):
    from sigap.learning import actions

    colleague = actions.add_participant(event, actor=cast.trainer, user=cast.caseworker)
    other = actions.add_participant(event, actor=cast.trainer, user=cast.caseworker2)
    actions.record_scores(colleague, actor=cast.trainer, pre=None, post=60)
    actions.record_scores(other, actor=cast.trainer, pre=None, post=90)
    actions.submit_feedback(other, actor=cast.caseworker2, rating=1, useful="", improve="Komentar unik peserta kecil")
    return colleague, other


def test_a_small_cohorts_report_hides_scores_and_comments_from_staff_who_do_not_run_the_event(cast, event):
    _small_cohort(cast, event)
    for reader in (cast.caseworker, cast.data_officer):
        report = as_user(reader).get(f"/api/v1/training-events/{event.pk}/report/").json()
        assert report["participants"] == 2
        assert report["mean_post_score"] is None and report["mean_feedback_rating"] is None
        assert all(row["participants"] == 0 for row in report["post_score_distribution"])
        page = as_user(reader).get(f"/learning/events/{event.pk}/report/").content.decode()
        assert "Komentar unik peserta kecil" not in page and "75.0" not in page


def test_the_events_trainer_still_sees_a_small_cohorts_scores(cast, event):
    _small_cohort(cast, event)
    report = as_user(cast.trainer).get(f"/api/v1/training-events/{event.pk}/report/").json()
    assert report["mean_post_score"] == 75.0
    page = as_user(cast.trainer).get(f"/learning/events/{event.pk}/report/").content.decode()
    assert "Komentar unik peserta kecil" in page


def test_a_sitting_cannot_be_submitted_twice_through_a_stale_copy(cast, programme):
    from django.core.exceptions import ValidationError

    from sigap.learning import actions
    from sigap.learning.models import QuizAttempt

    quiz = programme.required_courses.get().quizzes.get()
    attempt = actions.start_attempt(quiz, actor=cast.caseworker)
    stale = QuizAttempt.objects.get(pk=attempt.pk)
    question = quiz.questions.get()
    wrong = question.choices.get(is_correct=False)
    right = question.choices.get(is_correct=True)
    actions.submit_attempt(attempt, actor=cast.caseworker, answers={str(question.pk): [str(wrong.pk)]})
    with pytest.raises(ValidationError):
        actions.submit_attempt(stale, actor=cast.caseworker, answers={str(question.pk): [str(right.pk)]})
    attempt.refresh_from_db()
    assert attempt.passed is False and attempt.answers == {str(question.pk): [str(wrong.pk)]}


def test_a_spreadsheet_cell_starting_with_a_tab_or_carriage_return_is_never_a_formula():
    from sigap.learning.export import safe_cell

    assert safe_cell("\t=HYPERLINK(1)") == "'\t=HYPERLINK(1)"
    assert safe_cell("\r=1+1") == "'\r=1+1"
    assert safe_cell("Budi") == "Budi"


def _second_event(cast, programme):
    from datetime import date

    from sigap.learning import actions

    return actions.create_event(
        programme,
        actor=cast.trainer,
        organisation=cast.org,
        values={"title": "Pelatihan kedua", "start_date": date(2026, 5, 4), "end_date": date(2026, 5, 4)},
    )


def test_a_facilitator_of_one_event_cannot_mark_or_score_another_event_through_their_own(cast, event, programme):
    from sigap.learning import actions

    other = _second_event(cast, programme)
    stranger = actions.add_participant(other, actor=cast.trainer, user=cast.caseworker2)
    actions.add_facilitator(event, actor=cast.trainer, user=cast.caseworker)
    client = as_user(cast.caseworker)
    other_session = other.sessions.first()
    assert client.get(f"/learning/events/{event.pk}/sessions/{other_session.pk}/attendance/").status_code == 404
    assert client.get(f"/learning/events/{other.pk}/scores/").status_code == 403
    attendance = client.post(
        f"/api/v1/training-events/{event.pk}/attendance/",
        {"session": str(other_session.pk), "present": [str(stranger.pk)]},
        content_type="application/json",
    )
    assert attendance.status_code in (403, 404)
    scores = client.post(
        f"/api/v1/training-events/{event.pk}/scores/",
        {"participant": str(stranger.pk), "post": "100"},
        content_type="application/json",
    )
    assert scores.status_code in (403, 404)
    stranger.refresh_from_db()
    assert stranger.post_score is None and not stranger.attendance.exists()
    assert client.post(f"/learning/participants/{stranger.pk}/certificate/", {"reason": "x" * 20}).status_code == 404


def test_a_learner_never_reads_another_learners_sitting(cast, programme):
    from sigap.learning import actions

    quiz = programme.required_courses.get().quizzes.get()
    attempt = actions.start_attempt(quiz, actor=cast.caseworker)
    for reader in (cast.caseworker2, cast.trainer, cast.supervisor):
        client = as_user(reader)
        assert client.get(f"/learning/attempts/{attempt.pk}/").status_code == 404
        assert client.get(f"/api/v1/quizzes/attempts/{attempt.pk}/").status_code == 404
        assert (
            client.post(
                f"/api/v1/quizzes/attempts/{attempt.pk}/submit/", {"answers": {}}, content_type="application/json"
            ).status_code
            == 404
        )
        assert str(attempt.pk) not in client.get("/api/v1/quizzes/attempts/").content.decode()


def test_the_public_verification_page_shows_only_name_programme_dates_and_status(cast, event, client):
    from sigap.learning import actions

    participant = actions.add_participant(event, actor=cast.trainer, user=cast.caseworker)
    certificate = actions.issue_certificate(participant, actor=cast.trainer, reason="Alasan manual rahasia sintetis")
    actions.revoke_certificate(certificate, actor=cast.trainer, reason="Alasan pencabutan rahasia sintetis")
    page = client.get(f"/verify/{certificate.code.lower()}").content.decode()
    assert cast.caseworker.full_name in page
    for secret in ("Alasan manual rahasia", "Alasan pencabutan rahasia", cast.caseworker.email, event.title):
        assert secret not in page
    assert client.get("/verify/SGP-AAAA-AAAA-AAAA").status_code == 404


def test_the_public_verification_page_is_neither_indexed_nor_cached(cast, event, client):
    from sigap.learning import actions

    participant = actions.add_participant(event, actor=cast.trainer, user=cast.caseworker)
    certificate = actions.issue_certificate(participant, actor=cast.trainer, reason="Alasan manual sintetis")
    response = client.get(f"/verify/{certificate.code}")
    assert response.status_code == 200
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-store" in response["Cache-Control"]
