"""The cases API's routes, added to the API router by sigap/api/urls.py."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from sigap.cases.api.access_log import BreakGlassViewSet, CaseAccessLogViewSet
from sigap.cases.api.cases import CaseTeamViewSet, CaseTimelineViewSet, CaseViewSet
from sigap.cases.api.delivery import ClosureViewSet, FollowUpViewSet, ServiceViewSet
from sigap.cases.api.metadata import CaseMetadataViewSet
from sigap.cases.api.persons import PersonViewSet
from sigap.cases.api.records import AttachmentViewSet, NoteViewSet
from sigap.cases.api.work import AssessmentViewSet, PlanViewSet

# Records nested under a case: /cases/{case_pk}/<name>/.
CASE = r"cases/(?P<case_pk>[0-9a-f-]{36})"

NESTED = [
    ("team", CaseTeamViewSet, "case-team"),
    ("timeline", CaseTimelineViewSet, "case-timeline"),
    ("assessments", AssessmentViewSet, "case-assessment"),
    ("plans", PlanViewSet, "case-plan"),
    ("services", ServiceViewSet, "case-service"),
    ("follow-ups", FollowUpViewSet, "case-follow-up"),
    ("closures", ClosureViewSet, "case-closure"),
    ("notes", NoteViewSet, "case-note"),
    ("attachments", AttachmentViewSet, "case-attachment"),
    ("access-log", CaseAccessLogViewSet, "case-access-log"),
    ("break-glass", BreakGlassViewSet, "case-break-glass"),
]


def register_cases(router: DefaultRouter) -> None:
    router.register("persons", PersonViewSet, basename="person")
    router.register("cases", CaseViewSet, basename="case")
    router.register("case-metadata", CaseMetadataViewSet, basename="case-metadata")
    for name, viewset, basename in NESTED:
        router.register(f"{CASE}/{name}", viewset, basename=basename)
