"""Security review (statistics and tests): a programme's tests reveal no answers, facilitators do not
certify themselves, the attempt limit holds under concurrent starts, mentors need a valid certificate."""

from __future__ import annotations

import json

import pytest
from django.db import connection  # noqa: F401 - named in a skipif condition
from django.utils import translation

from sigap.learning import actions
from sigap.learning.models import QuestionKind
from sigap.learning.tests.test_events import as_user

pytestmark = pytest.mark.django_db


def _submit_wrong_on_the_page(client, quiz) -> str:
    client.post(f"/learning/quizzes/{quiz.pk}/start/")
    attempt = quiz.attempts.get()
    question = quiz.questions.get(kind=QuestionKind.TRUE_FALSE) if quiz.questions.count() > 1 else quiz.questions.get()
    wrong = question.choices.get(is_correct=False)
    response = client.post(f"/learning/attempts/{attempt.pk}/", {f"q-{question.pk}": [wrong.pk]}, follow=True)
    return response.content.decode()


def _sit(cast, event):
    actions.add_participant(event, actor=cast.trainer, user=cast.caseworker)


def test_a_programme_post_test_shows_only_the_score_and_pass_or_fail_after_submitting(cast, programme, event):
    _sit(cast, event)
    quiz = programme.post_test
    quiz.questions.update(feedback="Rahasia jawaban yang benar")
    body = _submit_wrong_on_the_page(as_user(cast.caseworker), quiz)
    assert 'id="quiz-result"' in body and "not passed" in body
    assert "Rahasia jawaban" not in body
    assert "Not right" not in body and "✓" not in body and "✗" not in body
    assert "only your score is shown" in body


def test_a_programme_pre_test_shows_no_feedback_either(cast, programme, event):
    _sit(cast, event)
    programme.pre_test, programme.post_test = programme.post_test, None
    programme.save()
    quiz = programme.pre_test
    quiz.questions.update(feedback="Rahasia jawaban yang benar")
    body = _submit_wrong_on_the_page(as_user(cast.caseworker), quiz)
    assert "Rahasia jawaban" not in body and "Not right" not in body


def test_an_ordinary_course_quiz_keeps_its_feedback(cast, programme):
    quiz = programme.required_courses.get().quizzes.get()
    quiz.questions.update(feedback="Penjelasan untuk belajar")
    body = _submit_wrong_on_the_page(as_user(cast.caseworker), quiz)
    assert "Not right" in body and "Penjelasan untuk belajar" in body


def test_the_attempt_api_of_a_programme_test_gives_the_score_and_no_correctness(cast, programme, event):
    _sit(cast, event)
    client = as_user(cast.caseworker)
    quiz = programme.post_test
    quiz.questions.update(feedback="Rahasia jawaban yang benar")
    attempt = client.post(f"/api/v1/quizzes/{quiz.pk}/start/").json()
    answers = {q["id"]: [q["choices"][0]["id"]] for q in attempt["questions"]}
    data = client.post(
        f"/api/v1/quizzes/attempts/{attempt['id']}/submit/",
        json.dumps({"answers": answers}),
        content_type="application/json",
    )
    assert data.status_code == 200, data.content
    body = data.json()
    assert body["score"] is not None and body["passed"] in (True, False)
    assert "Rahasia" not in str(body) and "is_correct" not in str(body) and "feedback" not in str(body)


@pytest.fixture
def self_facilitator(cast, event):
    """The trainer's colleague (a caseworker) facilitates the event and also sits it."""
    event.facilitators.add(cast.caseworker)
    return actions.add_participant(event, actor=cast.trainer, user=cast.caseworker)


def test_a_facilitator_cannot_enter_their_own_scores_in_the_verb_page_or_api(cast, event, self_facilitator):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="your own scores"):
        actions.record_scores(self_facilitator, actor=cast.caseworker, post="100")
    client = as_user(cast.caseworker)
    page = client.post(f"/learning/events/{event.pk}/scores/", {f"post-{self_facilitator.pk}": "100"})
    assert page.status_code == 200 and "your own scores" in page.content.decode()
    api = client.post(
        f"/api/v1/training-events/{event.pk}/scores/",
        {"participant": str(self_facilitator.pk), "post": 100},
        content_type="application/json",
    )
    assert api.status_code == 403 and "your own scores" in api.json()["error"]["message"]
    self_facilitator.refresh_from_db()
    assert self_facilitator.post_score is None
    # another facilitator may
    actions.record_scores(self_facilitator, actor=cast.trainer, post="100")


def test_a_facilitator_cannot_issue_their_own_certificate(cast, event, self_facilitator):
    from django.core.exceptions import PermissionDenied

    from sigap.learning.models import Certificate

    with pytest.raises(PermissionDenied, match="your own certificate"):
        actions.issue_certificate(self_facilitator, actor=cast.caseworker, reason="Saya layak mendapatkannya")
    client = as_user(cast.caseworker)
    page = client.post(
        f"/learning/participants/{self_facilitator.pk}/certificate/", {"reason": "Saya layak mendapatkannya"}
    )
    assert page.status_code == 200 and "your own certificate" in page.content.decode()
    assert not Certificate.objects.filter(participant=self_facilitator).exists()
    actions.issue_certificate(self_facilitator, actor=cast.trainer, reason="Alasan sah dari pelatih lain")
    assert Certificate.objects.filter(participant=self_facilitator).exists()


def test_certifying_the_cohort_by_the_rule_skips_the_facilitator_doing_it(cast, event, self_facilitator):
    from sigap.learning.models import Certificate

    actions.record_scores(self_facilitator, actor=cast.trainer, post="100")
    for session in event.sessions.all():
        actions.mark_attendance(session, actor=cast.trainer, present=[self_facilitator.pk])
    actions.confirm_elearning(self_facilitator, actor=cast.trainer)
    Certificate.objects.filter(participant=self_facilitator).delete()
    assert actions.certify_event(event, actor=cast.caseworker) == 0
    assert actions.certify_event(event, actor=cast.trainer) == 1


def test_a_start_beyond_the_attempt_limit_is_refused_and_an_open_sitting_is_resumed(cast, programme):
    from django.core.exceptions import ValidationError

    from sigap.learning.models import QuizAttempt

    quiz = programme.required_courses.get().quizzes.get()
    quiz.max_attempts = 1
    quiz.save()
    first = actions.start_attempt(quiz, actor=cast.learner)
    assert actions.start_attempt(quiz, actor=cast.learner) == first  # resumed, not a second sitting
    question = quiz.questions.get()
    actions.submit_attempt(first, actor=cast.learner, answers={str(question.pk): [str(question.choices.first().pk)]})
    with translation.override("en"), pytest.raises(ValidationError, match="every attempt"):
        actions.start_attempt(quiz, actor=cast.learner)
    assert QuizAttempt.objects.filter(quiz=quiz, user=cast.learner).count() == 1


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_concurrent_starts_on_postgresql_open_one_sitting_only(cast, programme):
    """Eight starts at once with an attempt limit of 1: the lock on the learner's row lets one sitting
    be opened and the others resume it (SQLite cannot run this; run with DATABASE_URL=postgres://…)."""
    import threading

    from django.db import connections

    from sigap.learning.models import QuizAttempt

    quiz = programme.required_courses.get().quizzes.get()
    quiz.max_attempts = 1
    quiz.save()
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def start() -> None:
        try:
            barrier.wait()
            actions.start_attempt(quiz, actor=cast.learner)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert QuizAttempt.objects.filter(quiz=quiz, user=cast.learner).count() == 1


@pytest.fixture
def listed_mentor(cast, event):
    participant = actions.add_participant(event, actor=cast.trainer, user=cast.caseworker2)
    certificate = actions.issue_certificate(participant, actor=cast.trainer, reason="Alasan uji mentor sintetis")
    profile = actions.become_mentor(actor=cast.caseworker2, province=cast.org.province, regency=None, expertise="Uji")
    return profile, certificate


def _listed(cast) -> bool:
    return cast.caseworker2.full_name in as_user(cast.caseworker).get("/learning/mentors/").content.decode()


def test_a_mentor_whose_certificate_is_revoked_is_no_longer_listed_or_asked(cast, listed_mentor):
    profile, certificate = listed_mentor
    assert _listed(cast)
    actions.revoke_certificate(certificate, actor=cast.trainer, reason="Dicabut untuk uji daftar mentor")
    assert not _listed(cast)
    response = as_user(cast.caseworker).post(f"/learning/mentors/{profile.pk}/ask/")
    assert response.status_code == 404
    assert not profile.pairs.exists()


def test_a_mentor_whose_certificate_expired_is_no_longer_listed(cast, listed_mentor):
    from datetime import timedelta

    from django.utils import timezone

    _profile, certificate = listed_mentor
    certificate.valid_until = timezone.localdate() - timedelta(days=1)
    certificate.save(update_fields=["valid_until"])
    assert not _listed(cast)
