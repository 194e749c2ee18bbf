"""Capacity building over the API, through the same access rules (``access.py``) and verbs
(``actions``) as the screens."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from sigap.learning.api.certificates import CertificateViewSet, CompetencyViewSet
from sigap.learning.api.elearning import AttemptViewSet, CourseViewSet, QuizViewSet
from sigap.learning.api.events import TrainingEventViewSet
from sigap.learning.api.programmes import ProgrammeViewSet


def register_learning(router: DefaultRouter) -> None:
    router.register("programmes", ProgrammeViewSet, basename="programme")
    router.register("training-events", TrainingEventViewSet, basename="training-event")
    router.register("courses", CourseViewSet, basename="course")
    router.register("quizzes/attempts", AttemptViewSet, basename="quiz-attempt")
    router.register("quizzes", QuizViewSet, basename="quiz")
    router.register("certificates", CertificateViewSet, basename="certificate")
    router.register("competency", CompetencyViewSet, basename="competency")
