"""Test data for other apps' tests too (import from here, never from a conftest or a test module)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from sigap.learning.demo import make_quiz
from sigap.learning.models import Course, Lesson, Module, Programme, ProgrammeSession, QuestionKind
from sigap.regions.models import Province, Regency

DATA = Path(__file__).resolve().parents[2] / "regions" / "data"


def load_region_rows(provinces: set[str], regencies: set[str]) -> None:
    """Just the named provinces and regencies, with their official names (load_regions loads all)."""
    with open(DATA / "provinces.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["code"] in provinces:
                Province.objects.get_or_create(code=row["code"], defaults={"name": row["name"]})
    with open(DATA / "regencies.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["code"] in regencies:
                Regency.objects.get_or_create(
                    code=row["code"], defaults={"name": row["name"], "province_id": row["province_code"]}
                )


def make_learning_world(cast: Any, learning_actions: Any) -> dict[str, Any]:
    """Organisation A's training records for the access matrix (the fixtures above, as a function)."""
    from sigap.learning.models import QuizAttempt

    course = Course.objects.create(title="Kursus matriks", organisation=cast.org)
    module = Module.objects.create(course=course, title="Modul matriks")
    lesson = Lesson.objects.create(module=module, title="Pelajaran matriks", body="Isi")
    quiz = make_quiz(
        "Kuis matriks",
        cast.org,
        course=course,
        questions=[("Ya?", QuestionKind.TRUE_FALSE, [("Benar", True), ("Salah", False)])],
    )
    programme = Programme.objects.create(title="Program matriks", organisation=cast.org, post_test=quiz)
    ProgrammeSession.objects.create(programme=programme, title="Sesi matriks")
    event = learning_actions.create_event(
        programme,
        actor=cast.trainer,
        organisation=cast.org,
        values={"title": "Pelatihan matriks", "start_date": date(2026, 3, 2), "end_date": date(2026, 3, 2)},
    )
    learning_actions.add_participant(event, actor=cast.trainer, user=cast.caseworker)
    invited = learning_actions.add_participant(
        event,
        actor=cast.trainer,
        values={"full_name": "Peserta Matriks Rahasia", "province": cast.org.province, "regency": cast.org.regency},
    )
    certificate = learning_actions.issue_certificate(invited, actor=cast.trainer, reason="Alasan uji matriks sintetis")
    attempt = learning_actions.start_attempt(quiz, actor=cast.caseworker)
    own = learning_actions.add_participant(event, actor=cast.trainer, user=cast.caseworker2)
    learning_actions.issue_certificate(own, actor=cast.trainer, reason="Alasan uji matriks sintetis")
    mentor = learning_actions.become_mentor(
        actor=cast.caseworker2, province=cast.org.province, regency=None, expertise="Uji"
    )
    pair = learning_actions.ask_mentor(mentor, actor=cast.caseworker)
    learning_actions.log_mentoring_session(
        pair, actor=cast.caseworker, held_on=date(2026, 3, 3), topic="Topik", notes="Peserta Matriks Rahasia"
    )
    assert isinstance(attempt, QuizAttempt)
    return {
        "programme": programme,
        "course": course,
        "quiz": quiz,
        "event": event,
        "participant": invited,
        "certificate": certificate,
        "attempt": attempt,
        "lesson": lesson,
        "mentor": mentor,
        "pair": pair,
        "session": event.sessions.get(),
    }
