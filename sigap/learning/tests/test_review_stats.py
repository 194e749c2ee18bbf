"""Security review (statistics and tests): a programme's tests reveal no answers, facilitators do not
certify themselves, the attempt limit holds under concurrent starts, mentors need a valid certificate."""

from __future__ import annotations

import json

import pytest

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

