"""The cases API's routes, added to the API router by sigap/api/urls.py."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from sigap.cases.api.cases import CaseTeamViewSet, CaseTimelineViewSet, CaseViewSet
from sigap.cases.api.persons import PersonViewSet

# Records nested under a case: /cases/{case_pk}/<name>/.
CASE = r"cases/(?P<case_pk>[0-9a-f-]{36})"


def register_cases(router: DefaultRouter) -> None:
    router.register("persons", PersonViewSet, basename="person")
    router.register("cases", CaseViewSet, basename="case")
    router.register(f"{CASE}/team", CaseTeamViewSet, basename="case-team")
    router.register(f"{CASE}/timeline", CaseTimelineViewSet, basename="case-timeline")
