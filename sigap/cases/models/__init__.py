"""Case management models (docs/cases.md)."""

from sigap.cases.models.case import (
    Case,
    CaseNumberSequence,
    CasePerpetrator,
    CaseTask,
    CaseTeamMember,
    CaseVictim,
    CaseViolenceForm,
    ResponseTime,
    Stage,
    TaskKind,
)
from sigap.cases.models.persons import Person
from sigap.cases.models.records import Attachment, Note, TimelineEvent
from sigap.cases.models.work import (
    Assessment,
    AssessmentEntry,
    CasePlan,
    Closure,
    FollowUp,
    PlanAction,
    PlanGoal,
    ServiceDelivery,
)

__all__ = [
    "Assessment",
    "AssessmentEntry",
    "Attachment",
    "Case",
    "CaseNumberSequence",
    "CasePerpetrator",
    "CasePlan",
    "CaseTask",
    "CaseTeamMember",
    "CaseVictim",
    "CaseViolenceForm",
    "Closure",
    "FollowUp",
    "Note",
    "Person",
    "PlanAction",
    "PlanGoal",
    "ResponseTime",
    "ServiceDelivery",
    "Stage",
    "TaskKind",
    "TimelineEvent",
]
