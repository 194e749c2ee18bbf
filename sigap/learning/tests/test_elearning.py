"""E-learning: lessons, progress and resume, quizzes (kinds, pass mark, attempts, shuffle, feedback)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sigap.learning import actions
from sigap.learning.demo import make_quiz
from sigap.learning.models import Enrolment, Lesson, Module, QuestionKind
from sigap.learning.tests.test_events import as_user
from sigap.learning.text import render_markdown

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(programme):
    return programme.required_courses.get()


def test_learner_resumes_at_the_first_lesson_not_done_and_completes_the_course_by_passing_its_quiz(cast, course):
    second = Lesson.objects.create(module=course.modules.get(), title="Pelajaran 2", order=1)
    client = as_user(cast.learner)
    first = Lesson.objects.get(title="Pelajaran 1")
    response = client.post(f"/learning/lessons/{first.pk}/")
    assert response["Location"] == f"/learning/lessons/{second.pk}/"
    page = client.get(f"/learning/courses/{course.pk}/")
    assert f"/learning/lessons/{second.pk}/".encode() in page.content and b"Resume" in page.content
    client.post(f"/learning/lessons/{second.pk}/")
    assert Enrolment.objects.get(user=cast.learner).completed_at is None  # the quiz is not passed yet
    quiz = course.quizzes.get()
    client.post(f"/learning/quizzes/{quiz.pk}/start/")
    attempt = cast.learner.quiz_attempts.get()
    question = quiz.questions.get()
    right = question.choices.get(is_correct=True)
    client.post(f"/learning/attempts/{attempt.pk}/", {f"q-{question.pk}": [right.pk]})
    attempt.refresh_from_db()
    assert attempt.passed and attempt.score == 100
    assert Enrolment.objects.get(user=cast.learner).completed_at is not None
    assert b"You completed this course." in client.get(f"/learning/courses/{course.pk}/").content


def test_multiple_choice_is_right_only_with_exactly_the_right_answers_and_feedback_follows(cast, programme):
    quiz = programme.post_test
    multiple = quiz.questions.get(kind=QuestionKind.MULTIPLE)
    true_false = quiz.questions.get(kind=QuestionKind.TRUE_FALSE)
    a, b, _c = multiple.choices.order_by("order")
    score, results = actions.grade(quiz, {str(multiple.pk): [str(a.pk)], str(true_false.pk): []})
    assert score == 0 and results == {str(multiple.pk): False, str(true_false.pk): False}
    score, _results = actions.grade(quiz, {str(multiple.pk): [str(a.pk), str(b.pk)]})
    assert score == 50


def test_the_quiz_api_never_says_which_answer_is_right(cast, programme):
    client = as_user(cast.learner)
    quiz = programme.required_courses.get().quizzes.get()
    attempt = client.post(f"/api/v1/quizzes/{quiz.pk}/start/").json()
    assert "is_correct" not in str(attempt)
    assert attempt["questions"][0]["choices"][0].keys() == {"id", "text"}


def test_the_attempt_limit_is_kept(cast, course):
    quiz = course.quizzes.get()
    quiz.max_attempts = 1
    quiz.save()
    question = quiz.questions.get()
    wrong = question.choices.get(is_correct=False)
    attempt = actions.start_attempt(quiz, actor=cast.learner)
    actions.submit_attempt(attempt, actor=cast.learner, answers={str(question.pk): [str(wrong.pk)]})
    with pytest.raises(ValidationError, match="every attempt"):
        actions.start_attempt(quiz, actor=cast.learner)


def test_a_single_choice_question_takes_one_answer_and_an_empty_sitting_is_refused(cast, course):
    quiz = course.quizzes.get()
    question = quiz.questions.get()
    attempt = actions.start_attempt(quiz, actor=cast.learner)
    with pytest.raises(ValidationError):
        actions.submit_attempt(
            attempt, actor=cast.learner, answers={str(question.pk): [str(c.pk) for c in question.choices.all()]}
        )
    page = as_user(cast.learner).post(f"/learning/attempts/{attempt.pk}/", {})
    assert b"Answer at least one question." in page.content
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_shuffled_quizzes_keep_one_order_per_sitting_and_an_open_sitting_is_resumed(cast, course):
    questions = [(f"Soal {n}", QuestionKind.TRUE_FALSE, [("Benar", True), ("Salah", False)]) for n in range(8)]
    quiz = make_quiz("Kuis acak", cast.org, course=course, questions=questions)
    attempt = actions.start_attempt(quiz, actor=cast.learner)
    assert sorted(attempt.question_order) == sorted(str(pk) for pk in quiz.questions.values_list("pk", flat=True))
    assert actions.start_attempt(quiz, actor=cast.learner).question_order == attempt.question_order
    progress = as_user(cast.learner).get(f"/api/v1/courses/{course.pk}/progress/").json()
    assert progress["lessons"] == 1 and progress["completed_at"] is None


def test_learner_cannot_see_other_learners_quiz_answers(cast, course):
    quiz = course.quizzes.get()
    question = quiz.questions.get()
    attempt = actions.start_attempt(quiz, actor=cast.caseworker)
    actions.submit_attempt(
        attempt, actor=cast.caseworker, answers={str(question.pk): [str(question.choices.first().pk)]}
    )
    for user in (cast.learner, cast.trainer, cast.supervisor):
        client = as_user(user)
        assert client.get(f"/api/v1/quizzes/attempts/{attempt.pk}/").status_code == 404
        assert client.get(f"/learning/attempts/{attempt.pk}/").status_code == 404
        assert client.get("/api/v1/quizzes/attempts/").json()["results"] == []


def test_a_facilitator_sees_the_cohorts_progress_but_a_participant_gets_403(cast, event):
    actions.add_participant(event, actor=cast.trainer, user=cast.caseworker)
    lesson = Lesson.objects.get(title="Pelajaran 1")
    actions.complete_lesson(lesson, actor=cast.caseworker)
    page = as_user(cast.trainer).get(f"/learning/events/{event.pk}/progress/")
    assert b"1/1" in page.content
    assert as_user(cast.caseworker).get(f"/learning/events/{event.pk}/progress/").status_code == 403


def test_lesson_markdown_is_rendered_safely():
    html = render_markdown(
        "# Judul\n\n<script>alert(1)</script> **tebal** [ok](https://example.org) "
        "[x](javascript:alert(1))\n\n- satu\n- dua"
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<h2>Judul</h2>" in html and "<strong>tebal</strong>" in html
    assert '<a href="https://example.org" rel="noopener nofollow">ok</a>' in html
    assert 'href="javascript' not in html
    assert "<ul>\n<li>satu</li>\n<li>dua</li>\n</ul>" in html


def test_unpublished_courses_are_hidden_from_learners_but_not_from_their_trainers(cast, course):
    course.is_published = False
    course.save()
    assert as_user(cast.learner).get(f"/learning/courses/{course.pk}/").status_code == 404
    assert as_user(cast.trainer).get(f"/learning/courses/{course.pk}/").status_code == 200
    assert Module.objects.filter(course=course).exists()


def test_course_quiz_and_programme_lists_take_a_fixed_number_of_queries(cast, programme, django_assert_num_queries):
    client = as_user(cast.learner)
    for url in ("/api/v1/courses/", "/api/v1/quizzes/", "/api/v1/programmes/", "/learning/courses/"):
        client.get(url)
    with django_assert_num_queries(6):
        client.get("/api/v1/courses/")
    with django_assert_num_queries(6):
        client.get("/api/v1/quizzes/")
    with django_assert_num_queries(8):
        client.get("/api/v1/programmes/")
    with django_assert_num_queries(8):  # 7 + the notification badge
        client.get("/learning/courses/")


def test_the_api_gives_a_facilitator_the_cohorts_progress_and_attendance(cast, event):
    participant = actions.add_participant(event, actor=cast.trainer, user=cast.caseworker)
    actions.complete_lesson(Lesson.objects.get(title="Pelajaran 1"), actor=cast.caseworker)
    actions.mark_attendance(event.sessions.first(), actor=cast.trainer, present=[participant.pk])
    client = as_user(cast.trainer)
    rows = client.get(f"/api/v1/training-events/{event.pk}/progress/").json()["results"]
    assert rows[0]["courses"][0]["done"] == 1 and rows[0]["has_account"] is True
    marks = client.get(f"/api/v1/training-events/{event.pk}/attendance/").json()["results"]
    assert marks == [{"session": str(event.sessions.first().pk), "participant": str(participant.pk), "present": True}]
    assert as_user(cast.caseworker).get(f"/api/v1/training-events/{event.pk}/progress/").status_code == 403


def test_starting_a_quiz_through_the_api_answers_what_the_schema_says(cast, programme):
    client = as_user(cast.learner)
    quiz = programme.required_courses.get().quizzes.get()
    documented = client.get("/api/schema/?format=json").json()["paths"]["/api/v1/quizzes/{id}/start/"]["post"]
    response = client.post(f"/api/v1/quizzes/{quiz.pk}/start/")
    assert str(response.status_code) in documented["responses"]
    assert response.status_code == 201
    assert documented["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Attempt"
    }


def test_submitting_answers_that_are_not_a_map_is_a_400_in_the_api_error_format(cast, programme):
    client = as_user(cast.learner)
    quiz = programme.required_courses.get().quizzes.get()
    attempt = client.post(f"/api/v1/quizzes/{quiz.pk}/start/").json()
    response = client.post(
        f"/api/v1/quizzes/attempts/{attempt['id']}/submit/", {"answers": ["x"]}, content_type="application/json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {"answers": ["A map of question id to chosen answer ids."]}
