"""Verbs for the work on a case: assessment, case plan and its approval, services, follow-up,
closure and reopening (docs/cases.md stages 2–6), one module per area. Same rules as the other verbs:
acting user by keyword, permission first, one transaction, a timeline event for every change.
"""

from sigap.cases.actions.assessment import (
    assessment_domains,
    complete_assessment,
    record_screening,
    save_assessment,
    start_assessment_record,
)
from sigap.cases.actions.closure import (
    CLOSURE_CHECKLIST,
    approve_closure,
    checklist_items_for,
    reopen_case,
    request_closure,
    return_closure,
)
from sigap.cases.actions.delivery import record_follow_up, record_service
from sigap.cases.actions.planning import (
    ActionInput,
    GoalInput,
    PlanReview,
    approve_plan,
    assessment_needs,
    create_plan,
    current_plan,
    latest_assessment,
    plan_review,
    return_plan,
    save_plan,
    submit_plan,
    update_action_status,
)

__all__ = [
    "CLOSURE_CHECKLIST",
    "ActionInput",
    "GoalInput",
    "PlanReview",
    "approve_closure",
    "approve_plan",
    "assessment_domains",
    "assessment_needs",
    "checklist_items_for",
    "complete_assessment",
    "create_plan",
    "current_plan",
    "latest_assessment",
    "plan_review",
    "record_follow_up",
    "record_screening",
    "record_service",
    "reopen_case",
    "request_closure",
    "return_closure",
    "return_plan",
    "save_assessment",
    "save_plan",
    "start_assessment_record",
    "submit_plan",
    "update_action_status",
]
