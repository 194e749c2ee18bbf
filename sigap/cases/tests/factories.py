"""Test data for cases, made through the verbs (never by writing rows directly).

``make_case(cast.org, cast.caseworker)`` opens a medium-risk physical-violence case for a synthetic
child victim, managed by the registering user when they may manage cases. Any field of
:class:`~sigap.cases.actions.Intake` can be overridden by keyword; ``victim=`` links an existing
person, ``victim_values=`` changes the new victim's fields, ``perpetrators=`` takes
``(name, relationship, is_child)`` tuples. All names are synthetic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from io import BytesIO
from typing import Any

from django.db import connection
from django.utils import timezone
from pypdf import PdfReader

from sigap.accounts.access import has_capability
from sigap.accounts.models import User
from sigap.cases import actions
from sigap.cases.codes import ClientType, IntakeChannel, RiskLevel, Sex, ViolenceForm
from sigap.cases.models import Case, Person
from sigap.organisations.models import Organisation
from sigap.organisations.roles import Capability

_UNSET: Any = object()

VICTIM_DEFAULTS: dict[str, Any] = {
    "full_name": "Sinta Contoh",
    "sex": Sex.FEMALE,
    "date_of_birth": date(2012, 3, 14),
}


def make_person(organisation: Organisation, actor: User, **values: Any) -> Person:
    """A person recorded by ``organisation`` (a synthetic name unless ``full_name`` is given)."""
    values.setdefault("full_name", "Orang Contoh")
    return actions.create_person(actor=actor, organisation=organisation, values=values)


def make_case(
    organisation: Organisation,
    actor: User,
    *,
    victim: Person | None = None,
    victim_values: Mapping[str, Any] | None = None,
    perpetrators: Iterable[tuple[str, str, bool]] = (),
    case_manager: User | None = _UNSET,
    **overrides: Any,
) -> Case:
    """Open a case through ``actions.open_case``; see the module docstring."""
    if victim is None:
        victim = make_person(organisation, actor, **{**VICTIM_DEFAULTS, **(victim_values or {})})
    if case_manager is _UNSET:
        case_manager = actor if has_capability(actor, Capability.MANAGE_CASES, organisation) else None
    links = [
        actions.PerpetratorLink(
            person=make_person(organisation, actor, full_name=name), relationship=relationship, is_child=is_child
        )
        for name, relationship, is_child in perpetrators
    ]
    fields: dict[str, Any] = {
        "client_type": ClientType.CHILD,
        "intake_channel": IntakeChannel.WALK_IN,
        "risk_level": RiskLevel.MEDIUM,
        "forms": [ViolenceForm.FISIK],
        "victims": [victim],
        "perpetrators": links,
        "case_manager": case_manager,
        **overrides,
    }
    return actions.open_case(actor=actor, organisation=organisation, intake=actions.Intake(**fields))


# --- The work on a case (assessment to follow-up), through the verbs -------------------------


def complete_assessment_of(case: Case, actor: User) -> Any:
    """Start, fill and complete a comprehensive assessment (the risk level stays as it is)."""
    assessment = actions.start_assessment_record(case, actor=actor)
    entries = {"safety": {"findings": "Aman di rumah nenek (sintetis).", "needs": "Tempat aman", "priority": "high"}}
    if case.client_type == ClientType.CHILD:
        entries["best_interests"] = {"findings": "Tetap bersama ibu.", "needs": "", "priority": ""}
    actions.save_assessment(
        assessment,
        actor=actor,
        summary="Ringkasan asesmen.",
        risk_level=case.risk_level,
        risk_reason="",
        entries=entries,
    )
    return actions.complete_assessment(assessment, actor=actor)


def approved_plan_of(case: Case, caseworker: User, supervisor: User, *, service: str = "psikologis") -> Any:
    """Write, submit and approve a plan of one goal with one action (``service``)."""
    plan = actions.create_plan(case, actor=caseworker)
    goal = actions.GoalInput(
        text="Anak merasa aman dan pulih.",
        actions=[actions.ActionInput(service_type=service, responsible_organisation=case.organisation)],
    )
    actions.save_plan(plan, actor=caseworker, goals=[goal])
    actions.submit_plan(plan, actor=caseworker)
    return actions.approve_plan(plan, actor=supervisor)


def case_in_stage(organisation: Organisation, caseworker: User, supervisor: User, stage: str, **overrides: Any) -> Case:
    """A new case driven through the verbs up to ``stage`` (planning, implementation or follow_up)."""
    case = make_case(organisation, caseworker, **overrides)
    complete_assessment_of(case, caseworker)  # → planning
    if stage == "planning":
        return case
    approved_plan_of(case, caseworker, supervisor)  # → implementation
    if stage == "implementation":
        return case
    actions.record_service(
        case,
        actor=caseworker,
        service_type="psikologis",
        delivered_on=timezone.localdate(),
        provider_organisation=organisation,
    )
    return actions.advance(case, "start_follow_up", actor=caseworker)


CLOSURE_CHECKLIST = dict.fromkeys(
    ["goals_reviewed", "client_informed", "referrals_closed", "safety_checked", "records_complete"], True
)


def closure_requested_for(case: Case, actor: User, reason: str = "goals_met") -> Any:
    """Ask to close ``case`` with every checklist item confirmed."""
    return actions.request_closure(case, actor=actor, reason=reason, checklist=CLOSURE_CHECKLIST)


def raw_rows(model: Any) -> str:
    """Every cell of the model's table, read with plain SQL, as one string."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - the table name comes from the model
        return " ".join(str(cell) for row in cursor.fetchall() for cell in row)


def pdf_text(pdf: bytes) -> str:
    """The text a reader would copy out of the PDF."""
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
