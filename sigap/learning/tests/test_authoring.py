"""Trainers write programmes, courses, lessons and quizzes; nobody else does."""

from __future__ import annotations

import pytest

from sigap.learning.models import Course, Programme, Quiz
from sigap.learning.tests.test_events import as_user

pytestmark = pytest.mark.django_db

QUESTIONS = """? Which steps belong to case management? [multiple]
* Assessment
* Case planning
- Mediation in every case
> Mediation is refused where the TPKS law forbids it.

? A child's assent is asked for. [true_false]
* True
- False
"""


def test_trainer_writes_a_programme_with_its_curriculum_and_rule(cast, programme):
    client = as_user(cast.trainer)
    response = client.post(
        "/learning/programmes/new/",
        {
            "organisation": cast.org.pk,
            "title": "Program baru",
            "competency": "psychosocial",
            "min_attendance": 75,
            "post_test_pass_mark": 65,
            "validity_months": 24,
            "required_courses": [programme.required_courses.get().pk],
            "sessions_text": "Pendekatan psikososial | 120 | Memahami dukungan psikososial\nPerawatan diri | 90 |",
        },
    )
    created = Programme.objects.get(title="Program baru")
    assert response["Location"] == f"/learning/programmes/{created.pk}/"
    assert [(s.title, s.duration_minutes) for s in created.sessions.all()] == [
        ("Pendekatan psikososial", 120),
        ("Perawatan diri", 90),
    ]
    assert created.min_attendance == 75 and created.required_courses.count() == 1


def test_a_bad_curriculum_line_is_refused_with_a_message_and_nothing_is_saved(cast):
    response = as_user(cast.trainer).post(
        "/learning/programmes/new/",
        {"organisation": cast.org.pk, "title": "Program salah", "competency": "other", "min_attendance": 80,
         "post_test_pass_mark": 70, "validity_months": 36, "sessions_text": "Sesi | banyak |"},
    )  # fmt: skip
    assert b"Line 1: write title | minutes | objectives" in response.content
    assert not Programme.objects.filter(title="Program salah").exists()


def test_programme_api_creates_and_a_caseworker_gets_403(cast):
    payload = {
        "organisation": str(cast.org.pk),
        "title": "Program API",
        "competency": "online_abuse",
        "sessions": [{"title": "Kekerasan daring", "duration_minutes": 120}],
    }
    assert (
        as_user(cast.caseworker).post("/api/v1/programmes/", payload, content_type="application/json").status_code
        == 403
    )
    response = as_user(cast.trainer).post("/api/v1/programmes/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["sessions"][0]["title"] == "Kekerasan daring"
    patched = as_user(cast.org_admin).patch(
        f"/api/v1/programmes/{response.json()['id']}/", {"min_attendance": 90}, content_type="application/json"
    )
    assert patched.json()["min_attendance"] == 90
    other = as_user(cast.other_org_admin).patch(
        f"/api/v1/programmes/{response.json()['id']}/", {"min_attendance": 10}, content_type="application/json"
    )
    assert other.status_code == 403


def test_trainer_writes_a_course_module_lesson_and_a_quiz_in_plain_text(cast):
    client = as_user(cast.trainer)
    client.post("/learning/courses/new/", {"organisation": cast.org.pk, "title": "Kursus baru", "is_published": "on"})
    course = Course.objects.get(title="Kursus baru")
    client.post(f"/learning/courses/{course.pk}/modules/new/", {"title": "Modul A"})
    module = course.modules.get()
    client.post(
        f"/learning/modules/{module.pk}/lessons/new/",
        {
            "title": "Pelajaran A",
            "order": 0,
            "body": "## Isi",
            "media_kind": "video",
            "media_url": "https://example.org/v.mp4",
        },
    )
    assert module.lessons.get().media_kind == "video"
    response = client.post(
        f"/learning/courses/{course.pk}/quizzes/new/",
        {"title": "Kuis A", "pass_mark": 70, "max_attempts": 2, "shuffle": "on", "questions_text": QUESTIONS},
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    quiz = Quiz.objects.get(title="Kuis A")
    assert quiz.course == course
    kinds = [(q.kind, q.choices.filter(is_correct=True).count()) for q in quiz.questions.all()]
    assert kinds == [("multiple", 2), ("true_false", 1)]
    edit = client.get(f"/learning/quizzes/{quiz.pk}/edit/")
    assert b"? Which steps belong to case management? [multiple]" in edit.content


def test_a_quiz_without_a_right_answer_is_refused_with_the_question_named(cast):
    response = as_user(cast.trainer).post(
        "/learning/quizzes/new/",
        {"organisation": cast.org.pk, "title": "Kuis salah", "pass_mark": 70, "max_attempts": 1,
         "questions_text": "? Pertanyaan tanpa jawaban benar\n- A\n- B"},
    )  # fmt: skip
    assert "“Pertanyaan tanpa jawaban benar” needs at least two answers".encode() in response.content
    assert not Quiz.objects.filter(title="Kuis salah").exists()


def test_questions_of_a_quiz_somebody_sat_cannot_be_rewritten(cast, course_quiz_sat):
    response = as_user(cast.trainer).post(
        f"/learning/quizzes/{course_quiz_sat.pk}/edit/",
        {"title": "Kuis uji", "pass_mark": 70, "max_attempts": 3, "questions_text": QUESTIONS},
    )
    assert b"Learners already sat this quiz" in response.content
    assert course_quiz_sat.questions.count() == 1


def test_learners_and_other_organisations_cannot_author(cast, programme):
    course = programme.required_courses.get()
    for user, expected in ((cast.caseworker, 403), (cast.other_org_admin, 403)):
        client = as_user(user)
        assert client.get(f"/learning/courses/{course.pk}/edit/").status_code == expected
        assert client.get(f"/learning/programmes/{programme.pk}/edit/").status_code == expected
    assert as_user(cast.caseworker).get("/learning/programmes/new/").status_code == 403


@pytest.fixture
def course_quiz_sat(cast, programme):
    from sigap.learning import actions

    quiz = programme.required_courses.get().quizzes.get()
    actions.start_attempt(quiz, actor=cast.learner)
    return quiz
