"""Assessment verbs: initial risk screening and the comprehensive assessment by domain."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.cases import deadlines
from sigap.cases.actions import (
    move_stage,
    require_edit,
    timeline,
)
from sigap.cases.actions.common import bump, risk_follows
from sigap.cases.codes import AssessmentDomain, ClientType, Priority, RiskLevel
from sigap.cases.models import (
    Assessment,
    AssessmentEntry,
    Case,
    Stage,
    TaskKind,
)
from sigap.history.actions import record_changes
from sigap.history.tracking import assessment_snapshot, snapshot

# --- Assessment -----------------------------------------------------------------------------


def assessment_domains(case: Case) -> list[tuple[str, Any]]:
    """The domains assessed on this case: best interests only for a child."""
    return [
        (value, label)
        for value, label in AssessmentDomain.choices
        if value != AssessmentDomain.BEST_INTERESTS or case.client_type == ClientType.CHILD
    ]


@transaction.atomic
def record_screening(case: Case, *, actor: User, summary: str, risk_level: str, risk_reason: str = "") -> Assessment:
    """The initial risk screening at intake (identification or early assessment stage)."""
    require_edit(actor, case)
    if case.stage not in {Stage.IDENTIFICATION, Stage.ASSESSMENT}:
        raise ValidationError(_("The initial screening is recorded at intake, before planning."), code="stage")
    errors: dict[str, list[str]] = {}
    if not summary.strip():
        errors["summary"] = [_("Summarise what the screening found.")]
    if risk_level not in RiskLevel.values:
        errors["risk_level"] = [_("Choose a risk level.")]
    elif risk_level != case.risk_level and not risk_reason.strip():
        errors["risk_reason"] = [_("Say why the risk level changes.")]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    screening = Assessment.objects.create(
        case=case,
        kind=Assessment.Kind.SCREENING,
        summary=summary,
        risk_level=risk_level,
        risk_reason=risk_reason,
        completed_at=now,
        completed_by=actor,
        created_by=actor,
    )
    risk_follows(case, actor=actor, risk_level=risk_level, reason=risk_reason)
    timeline(
        case,
        "screening_recorded",
        actor=actor,
        summary=_("Initial risk screening: %(risk)s") % {"risk": screening.get_risk_level_display()},
        assessment=str(screening.pk),
        risk=risk_level,
    )
    return screening


@transaction.atomic
def start_assessment_record(case: Case, *, actor: User) -> Assessment:
    """Open a comprehensive assessment draft; a case still in identification moves to assessment."""
    require_edit(actor, case)
    if case.assessments.filter(kind=Assessment.Kind.COMPREHENSIVE, completed_at__isnull=True).exists():
        raise ValidationError(_("An assessment is already in progress on this case."), code="open_assessment")
    if case.stage == Stage.IDENTIFICATION:
        move_stage(case, "start_assessment", actor=actor)
    assessment = Assessment.objects.create(
        case=case,
        kind=Assessment.Kind.COMPREHENSIVE,
        risk_level=case.risk_level,
        created_by=actor,
    )
    timeline(case, "assessment_started", actor=actor, summary=_("Assessment started"), assessment=str(assessment.pk))
    return assessment


def _require_open_assessment(assessment: Assessment) -> None:
    if assessment.is_completed:
        raise ValidationError(_("This assessment is completed and can no longer be changed."), code="completed")


@transaction.atomic
def save_assessment(
    assessment: Assessment,
    *,
    actor: User,
    summary: str,
    risk_level: str,
    risk_reason: str,
    entries: Mapping[str, Mapping[str, str]],
    expected_version: int | None = None,
) -> Assessment:
    """Save the draft: summary, proposed risk level, and per domain findings, needs and priority."""
    case = assessment.case
    require_edit(actor, case)
    _require_open_assessment(assessment)
    domains = dict(assessment_domains(case))
    errors: dict[str, list[str]] = {}
    if set(entries) - set(domains):
        errors["entries"] = [_("The best-interests domain is assessed for children only.")]
    if risk_level and risk_level not in RiskLevel.values:
        errors["risk_level"] = [_("Choose a risk level.")]
    if any(values.get("priority") and values["priority"] not in Priority.values for values in entries.values()):
        errors["entries"] = [_("Unknown priority.")]
    if errors:
        raise ValidationError(errors)
    bump(assessment, expected_version)
    before = assessment_snapshot(assessment)
    assessment.summary = summary
    assessment.risk_level = risk_level
    assessment.risk_reason = risk_reason
    assessment.save(update_fields=["summary", "risk_level", "risk_reason", "updated_at"])
    existing = {entry.domain: entry for entry in assessment.entries.all()}
    for domain in domains:
        values = entries.get(domain, {})
        findings, needs, priority = values.get("findings", ""), values.get("needs", ""), values.get("priority", "")
        entry = existing.get(domain)
        if not (findings.strip() or needs.strip() or priority):
            if entry is not None:
                entry.delete()
            continue
        if entry is None:
            entry = AssessmentEntry(assessment=assessment, domain=domain)
        entry.findings, entry.needs, entry.priority = findings, needs, priority
        entry.save()
    record_changes(actor=actor, instance=assessment, before=before, after=assessment_snapshot(assessment))
    timeline(case, "assessment_saved", actor=actor, summary=_("Assessment saved"), assessment=str(assessment.pk))
    return assessment


@transaction.atomic
def complete_assessment(assessment: Assessment, *, actor: User, expected_version: int | None = None) -> Assessment:
    """Complete the assessment: the case risk follows it, the assessment deadline is met, and a case
    in the assessment stage moves on to planning."""
    case = assessment.case
    require_edit(actor, case)
    _require_open_assessment(assessment)
    entries = list(assessment.entries.all())
    errors: list[str] = []
    if not assessment.summary.strip():
        errors.append(_("Write a summary of the assessment."))
    if not assessment.risk_level:
        errors.append(_("Rate the risk."))
    elif assessment.risk_level != case.risk_level and not assessment.risk_reason.strip():
        errors.append(_("Say why the risk level changes."))
    if not any(entry.findings.strip() for entry in entries):
        errors.append(_("Record the findings of at least one domain."))
    if case.client_type == ClientType.CHILD and not any(
        entry.domain == AssessmentDomain.BEST_INTERESTS and entry.findings.strip() for entry in entries
    ):
        errors.append(_("Record the best-interests considerations for this child."))
    if errors:
        raise ValidationError(errors, code="incomplete")
    bump(assessment, expected_version)
    before = snapshot(assessment, ["completed_at"])
    assessment.completed_at = timezone.now()
    assessment.completed_by = actor
    assessment.save(update_fields=["completed_at", "completed_by", "updated_at"])
    record_changes(actor=actor, instance=assessment, before=before)
    risk_follows(case, actor=actor, risk_level=assessment.risk_level, reason=assessment.risk_reason)
    deadlines.complete_tasks(case, TaskKind.ASSESSMENT, by=actor)
    deadlines.refresh_next_due(case)
    timeline(
        case,
        "assessment_completed",
        actor=actor,
        summary=_("Assessment completed"),
        assessment=str(assessment.pk),
        risk=assessment.risk_level,
    )
    if case.stage == Stage.ASSESSMENT:
        move_stage(case, "start_planning", actor=actor)
    return assessment
