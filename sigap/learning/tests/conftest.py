from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sigap.learning import actions
from sigap.learning.demo import PROVINCES, REGENCY_SHARE, make_quiz
from sigap.learning.models import Course, Lesson, Module, Programme, ProgrammeSession, QuestionKind
from sigap.learning.tests.factories import load_region_rows


@pytest.fixture
def learning_regions(regions: dict[str, Any]) -> dict[str, Any]:
    """The regions of the demo event and of seed_demo's organisations."""
    load_region_rows({*PROVINCES, "31", "73"}, {*REGENCY_SHARE, "31.71", "31.74", "73.71", "91.71"})
    return regions


@pytest.fixture
def programme(cast: Any) -> Programme:
    """A two-session programme of organisation A with a required course (one lesson, one quiz) and a post-test."""
    course = Course.objects.create(title="Kursus uji", organisation=cast.org)
    module = Module.objects.create(course=course, title="Modul 1")
    Lesson.objects.create(module=module, title="Pelajaran 1", body="## Judul\n\nIsi **penting**.")
    make_quiz(
        "Kuis uji",
        cast.org,
        course=course,
        questions=[("Dua tambah dua?", QuestionKind.SINGLE, [("Empat", True), ("Lima", False)])],
    )
    post = make_quiz(
        "Tes akhir uji",
        cast.org,
        questions=[
            ("Benar atau salah: anak didengar.", QuestionKind.TRUE_FALSE, [("Benar", True), ("Salah", False)]),
            ("Pilih semua yang aman.", QuestionKind.MULTIPLE, [("A", True), ("B", True), ("C", False)]),
        ],
    )
    programme = Programme.objects.create(title="Program uji", organisation=cast.org, post_test=post, min_attendance=50)
    programme.required_courses.set([course])
    ProgrammeSession.objects.create(programme=programme, title="Sesi 1", order=0)
    ProgrammeSession.objects.create(programme=programme, title="Sesi 2", order=1)
    return programme


@pytest.fixture
def event(cast: Any, programme: Programme) -> Any:
    return actions.create_event(
        programme,
        actor=cast.trainer,
        organisation=cast.org,
        values={
            "title": "Pelatihan uji",
            "start_date": date(2026, 3, 2),
            "end_date": date(2026, 3, 3),
            "venue": "Bandung",
        },
    )
