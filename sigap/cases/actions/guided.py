"""Verbs of the guided assessment and screening: the standard forms' answers saved through the
forms engine, and what the case reads of them (entries, summary, risk) derived by ``sigap.cases.guided``.

A guided assessment is an :class:`Assessment` with a ``form_response``: the answers of the national
psychosocial assessment, in the version that was published when the assessment started (a later
version never changes them). Its ``AssessmentEntry`` rows, summary and risk are rewritten from the
answers on every save, so everything that reads entries (the plan's proposed goals, the case summary,
exports) works as for an assessment typed by domain. Old assessments have no form and stay as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.cases import guided
from sigap.cases.actions import require_edit, timeline
from sigap.cases.actions.assessment import (
    assessment_domains,
    complete_assessment,
    record_screening,
    save_assessment,
    start_assessment_record,
)
from sigap.cases.codes import ClientType, RiskLevel
from sigap.cases.models import Assessment, Case
from sigap.forms.actions import save_response
from sigap.forms.models import FormResponse, FormVersion
from sigap.forms.rendering import effective_schema, response_schema

ASSESSMENT_FORM = "psychosocial-assessment"
SCREENING_FORM = "initial-screening"


def published_version(key: str) -> FormVersion | None:
    """The national form's version in force (None when the forms were not loaded: the typed forms serve)."""
    return (
        FormVersion.objects.filter(
            definition__key=key, definition__organisation__isnull=True, status=FormVersion.Status.PUBLISHED
        )
        .select_related("definition")
        .first()
    )


def case_answers(case: Case, schema: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers with what the case already knows: whether the client is a child."""
    keys = {question["key"] for _s, question in guided.questions(schema)}
    given = dict(answers)
    if "client_is_child" in keys:
        given["client_is_child"] = "yes" if case.client_type == ClientType.CHILD else "no"
    return given


def start_form_response(case: Case, *, actor: User, key: str = ASSESSMENT_FORM) -> FormResponse | None:
    """An empty response to the form in force, pinning its version (None without the form)."""
    version = published_version(key)
    if version is None:
        return None
    schema = effective_schema(version, case.organisation)
    return save_response(version, case.organisation, case_answers(case, schema, {}), by=actor, case_id=case.pk)


def _confirmed(proposal: guided.RiskProposal, level: str, reason: str) -> list[str]:
    """What is wrong with the worker's rating: another level than proposed (or than the case's) needs a reason."""
    if not level:
        return [_("Rate the risk: confirm the proposed level or choose another.")]
    if level != proposal.level and not reason.strip():
        return [
            _("Sigap proposed %(proposed)s risk from the answers: say why you choose %(chosen)s.")
            % {"proposed": RiskLevel(proposal.level).label, "chosen": RiskLevel(level).label}
        ]
    return []


@transaction.atomic
def save_guided_assessment(
    assessment: Assessment,
    *,
    actor: User,
    answers: Mapping[str, Any],
    complete: bool = False,
    expected_version: int | None = None,
) -> Assessment:
    """Save the answers (a draft, or ``complete``), then the entries, summary and proposed risk
    derived from them; completing also re-rates the case as :func:`complete_assessment` does.
    One transaction: a refusal leaves the answers and the assessment as they were."""
    case = assessment.case
    require_edit(actor, case)
    response = assessment.form_response
    if response is None:
        raise ValidationError(_("This assessment was not made with a standard form."), code="not_guided")
    if assessment.is_completed:
        raise ValidationError(_("This assessment is completed and can no longer be changed."), code="completed")
    schema = response_schema(response)
    given = case_answers(case, schema, answers)
    response = save_response(
        response.version, case.organisation, given, by=actor, response=response, complete=complete, case_id=case.pk
    )
    kept = response.answers or {}
    proposal = guided.propose_risk(schema, kept)
    summary, level, reason = guided.summary_of(schema, kept)
    if complete:
        errors = _confirmed(proposal, level, reason)
        if errors:
            raise ValidationError(errors, code="incomplete")
    if level == proposal.level and not reason.strip():
        reason = proposal.reason  # the worker confirmed the proposal: its reason is the record's
    domains = [domain for domain, _label in assessment_domains(case)]
    save_assessment(
        assessment,
        actor=actor,
        summary=summary,
        risk_level=level,
        risk_reason=reason,
        entries=guided.domain_entries(schema, kept, domains),
        expected_version=expected_version,
    )
    Assessment.objects.filter(pk=assessment.pk).update(
        proposed_risk_level=proposal.level, proposed_risk_reason=proposal.reason
    )
    assessment.proposed_risk_level, assessment.proposed_risk_reason = proposal.level, proposal.reason
    if complete:
        # Read again: the caller's copy may hold the entries as they were before this save.
        fresh = Assessment.objects.select_related("case", "form_response").get(pk=assessment.pk)
        assessment = complete_assessment(fresh, actor=actor, expected_version=assessment.version)
    return assessment


@transaction.atomic
def record_guided_screening(case: Case, *, actor: User, answers: Mapping[str, Any]) -> Assessment:
    """The initial screening with the short standard form: answers saved completed, the summary and
    the worker's rating recorded by :func:`record_screening`, the proposal kept beside it."""
    require_edit(actor, case)
    version = published_version(SCREENING_FORM)
    if version is None:
        raise ValidationError(_("The standard screening form is not available."), code="no_form")
    given = case_answers(case, effective_schema(version, case.organisation), answers)
    response = save_response(version, case.organisation, given, by=actor, complete=True, case_id=case.pk)
    schema = response_schema(response)
    kept = response.answers or {}
    proposal = guided.propose_risk(schema, kept)
    summary, level, reason = guided.summary_of(schema, kept)
    if level and level != proposal.level and not reason.strip():
        raise ValidationError(
            {
                "risk_reason": _confirmed(proposal, level, reason),
            }
        )
    if level == proposal.level and not reason.strip():
        reason = proposal.reason
    screening = record_screening(case, actor=actor, summary=summary, risk_level=level, risk_reason=reason)
    Assessment.objects.filter(pk=screening.pk).update(
        form_response=response, proposed_risk_level=proposal.level, proposed_risk_reason=proposal.reason
    )
    screening.form_response = response
    screening.proposed_risk_level, screening.proposed_risk_reason = proposal.level, proposal.reason
    timeline(
        case,
        "screening_form_saved",
        actor=actor,
        summary=_("Screening answers saved (form version %(number)s)") % {"number": version.number},
        assessment=str(screening.pk),
        form=SCREENING_FORM,
        form_version=version.number,
        proposed_risk=proposal.level,
    )
    return screening


@transaction.atomic
def start_assessment(case: Case, *, actor: User) -> Assessment:
    """Open the comprehensive assessment: guided by the national psychosocial form when it is
    published (its version pinned now), else the assessment typed by domain."""
    assessment = start_assessment_record(case, actor=actor)
    response = start_form_response(case, actor=actor)
    if response is not None:
        Assessment.objects.filter(pk=assessment.pk).update(form_response=response)
        assessment.form_response = response
    return assessment
