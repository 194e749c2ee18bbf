"""Case verbs. Each takes the acting user by keyword, checks permission, runs in one transaction,
writes the change with its timeline event and audit event, and schedules side effects on commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from sigap.accounts.access import has_capability
from sigap.accounts.models import User
from sigap.audit.actions import record
from sigap.cases import deadlines, extensions
from sigap.cases.access import can_approve, can_edit_case
from sigap.cases.actions import notices
from sigap.cases.codes import ClientType, RiskLevel, ServiceType, ViolenceForm
from sigap.cases.models import (
    Case,
    CaseNumberSequence,
    CasePerpetrator,
    CaseTask,
    CaseTeamMember,
    CaseVictim,
    CaseViolenceForm,
    Person,
    Stage,
    TaskKind,
    TimelineEvent,
)
from sigap.cases.models.case import join_client_names
from sigap.cases.workflow import check_transition
from sigap.history.actions import record_changes
from sigap.history.tracking import snapshot
from sigap.organisations.models import Membership, Organisation
from sigap.organisations.roles import Capability


class ConflictError(ValidationError):
    """Somebody else saved the record since it was opened: a lost update was prevented."""


def timeline(case: Case, verb: str, *, actor: User | None, summary: str = "", **details: Any) -> TimelineEvent:
    """Write one timeline event on the case and the matching audit event."""
    event = TimelineEvent.objects.create(case=case, actor=actor, verb=verb, summary=summary[:300], details=details)
    record(f"cases.{verb}", actor=actor, obj=case, organisation=case.organisation, **details)
    extensions.case_changed(case, verb)
    return event


def bump_version(obj: Case | Person, expected: int | None) -> None:
    """Refuse a save based on an old copy; otherwise raise the version by one (in the same transaction)."""
    model = type(obj)
    if expected is not None:
        updated = model.objects.filter(pk=obj.pk, version=expected).update(version=F("version") + 1)
        if not updated:
            raise ConflictError(
                _("Somebody else changed this record while you were editing it. Reload the page to see their changes."),
                code="conflict",
            )
        obj.version = expected + 1
    else:
        model.objects.filter(pk=obj.pk).update(version=F("version") + 1)
        obj.refresh_from_db(fields=["version"])


# --- Numbers --------------------------------------------------------------------------------


def number_prefix(organisation: Organisation) -> str:
    """The regency code without dots (3273), or the province code + 00 for a provincial/national body."""
    if organisation.regency_id:
        return str(organisation.regency_id).replace(".", "")
    return f"{organisation.province_id}00"


def allocate_case_number(organisation: Organisation, year: int) -> str:
    """``<regency code>-<year>-<5-digit sequence>``, unique per organisation, safe under concurrency.

    The UPDATE takes a row lock (PostgreSQL) or the write lock (SQLite, IMMEDIATE transactions), so
    two intakes at the same moment get different numbers. Call inside a transaction.
    """
    for _attempt in range(3):
        updated = CaseNumberSequence.objects.filter(organisation=organisation, year=year).update(
            last_value=F("last_value") + 1
        )
        if updated:
            break
        try:
            with transaction.atomic():
                CaseNumberSequence.objects.create(organisation=organisation, year=year, last_value=1)
            break
        except IntegrityError:
            continue  # created by a concurrent intake: update it on the next round
    value = CaseNumberSequence.objects.get(organisation=organisation, year=year).last_value
    return f"{number_prefix(organisation)}-{year}-{value:05d}"


# --- Intake ---------------------------------------------------------------------------------


def _require_registration(actor: User, organisation: Organisation) -> None:
    if not has_capability(actor, Capability.REGISTER_CASES, organisation):
        raise PermissionDenied(_("You may not register cases for this organisation."))


@transaction.atomic
def create_person(*, actor: User, organisation: Organisation, values: Mapping[str, Any]) -> Person:
    """Record a person (victim, perpetrator, reporter, family member) for an organisation."""
    _require_registration(actor, organisation)
    person = Person(organisation=organisation, created_by=actor, **values)
    person.full_clean()
    person.save()
    record("cases.person_created", actor=actor, obj=person, organisation=organisation)
    return person


@dataclass
class PerpetratorLink:
    person: Person
    relationship: str
    is_child: bool = False


@dataclass
class Intake:
    """What is known at registration (docs/cases.md, stage 1)."""

    client_type: str
    intake_channel: str
    risk_level: str
    victims: list[Person]
    forms: list[str]
    risk_reason: str = ""
    intake_narrative: str = ""
    reporter: Person | None = None
    perpetrators: list[PerpetratorLink] = field(default_factory=list)
    tpks_offences: list[str] = field(default_factory=list)
    place: str = ""
    incident_date: date | None = None
    incident_date_estimated: bool = False
    incident_regency_id: str | None = None
    is_online: bool = False
    flag_disability: bool = False
    flag_pregnancy: bool = False
    flag_immediate_danger: bool = False
    case_manager: User | None = None


def _validate_intake(intake: Intake, organisation: Organisation) -> None:
    errors: dict[str, list[str]] = {}
    if not intake.victims:
        errors.setdefault("victims", []).append(_("Register at least one victim."))
    if not intake.forms:
        errors.setdefault("forms", []).append(_("Choose at least one form of violence."))
    unknown = set(intake.forms) - set(ViolenceForm.values)
    if unknown:
        errors.setdefault("forms", []).append(_("Unknown form of violence."))
    if intake.tpks_offences and ViolenceForm.SEKSUAL not in intake.forms:
        errors.setdefault("tpks_offences", []).append(
            _("TPKS offences apply only when the forms include sexual violence.")
        )
    if intake.risk_level not in RiskLevel.values:
        errors.setdefault("risk_level", []).append(_("Choose a risk level."))
    if intake.client_type not in ClientType.values:
        errors.setdefault("client_type", []).append(_("Choose the client type."))
    for person in [*intake.victims, *(p.person for p in intake.perpetrators)]:
        if person.organisation_id != organisation.pk:
            errors.setdefault("victims", []).append(_("A person recorded by another organisation cannot be linked."))
            break
    if (
        intake.case_manager is not None
        and not Membership.objects.filter(
            user=intake.case_manager, organisation=organisation, is_active=True, role__in=["caseworker", "supervisor"]
        ).exists()
    ):
        errors.setdefault("case_manager", []).append(_("The case manager must be a caseworker or supervisor here."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def open_case(*, actor: User, organisation: Organisation, intake: Intake) -> Case:
    """Register a case: number, victims, perpetrators, forms, deadlines, timeline."""
    _require_registration(actor, organisation)
    _validate_intake(intake, organisation)
    now = timezone.now()
    case = Case(
        organisation=organisation,
        created_by=actor,
        case_manager=intake.case_manager,
        client_type=intake.client_type,
        intake_channel=intake.intake_channel,
        reporter=intake.reporter,
        intake_narrative=intake.intake_narrative,
        tpks_offences=sorted(set(intake.tpks_offences)),
        place=intake.place,
        incident_date=intake.incident_date,
        incident_date_estimated=intake.incident_date_estimated,
        incident_regency_id=intake.incident_regency_id,
        is_online=intake.is_online,
        risk_level=intake.risk_level,
        risk_reason=intake.risk_reason,
        flag_disability=intake.flag_disability,
        flag_pregnancy=intake.flag_pregnancy,
        flag_immediate_danger=intake.flag_immediate_danger,
        stage=Stage.IDENTIFICATION,
        stage_entered_at=now,
        registered_at=now,
        primary_client_name=intake.victims[0].full_name,
        client_names_folded=join_client_names(p.name_folded for p in intake.victims),
    )
    case.number = allocate_case_number(organisation, timezone.localtime(now).year)
    case.save()
    CaseViolenceForm.objects.bulk_create([CaseViolenceForm(case=case, form=f) for f in sorted(set(intake.forms))])
    CaseVictim.objects.bulk_create(
        [CaseVictim(case=case, person=p, is_primary=(i == 0)) for i, p in enumerate(intake.victims)]
    )
    CasePerpetrator.objects.bulk_create(
        [
            CasePerpetrator(case=case, person=p.person, relationship=p.relationship, is_child=p.is_child)
            for p in intake.perpetrators
        ]
    )
    deadlines.create_intake_tasks(case, intake.forms)
    deadlines.refresh_next_due(case)
    timeline(case, "opened", actor=actor, summary=_("Case registered"), number=case.number, risk=case.risk_level)
    if intake.case_manager is not None:
        event = timeline(
            case, "assigned", actor=actor, summary=intake.case_manager.full_name, to=str(intake.case_manager.pk)
        )
        notices.case_assigned(case, actor=actor, event=event)
    return case


@transaction.atomic
def assign_case(case: Case, *, actor: User, case_manager: User) -> Case:
    """Give the case to a case manager (a caseworker or supervisor of the owner organisation)."""
    if not (can_approve(actor, case) or (case.case_manager_id is None and case.created_by_id == actor.pk)):
        raise PermissionDenied(_("Only a supervisor may assign this case."))
    if not Membership.objects.filter(
        user=case_manager, organisation=case.organisation, is_active=True, role__in=["caseworker", "supervisor"]
    ).exists():
        raise ValidationError({"case_manager": [_("The case manager must be a caseworker or supervisor here.")]})
    previous = case.case_manager_id
    before = snapshot(case, ["case_manager"])
    case.case_manager = case_manager
    case.save(update_fields=["case_manager", "updated_at"])
    record_changes(actor=actor, instance=case, before=before)
    bump_version(case, None)
    event = timeline(
        case,
        "assigned",
        actor=actor,
        summary=case_manager.full_name,
        to=str(case_manager.pk),
        previous=str(previous) if previous else None,
    )
    if previous != case_manager.pk:
        notices.case_assigned(case, actor=actor, event=event)
    return case


def require_open(case: Case) -> None:
    if case.is_closed:
        raise ValidationError(_("This case is closed. Reopen it first."), code="closed")


def require_edit(actor: User, case: Case) -> None:
    if not can_edit_case(actor, case):
        raise PermissionDenied(_("You may not change this case."))
    require_open(case)


@transaction.atomic
def rate_risk(case: Case, *, actor: User, risk_level: str, reason: str, expected_version: int | None = None) -> Case:
    """Re-rate the risk; open stage deadlines move with it."""
    require_edit(actor, case)
    if risk_level not in RiskLevel.values:
        raise ValidationError({"risk_level": [_("Choose a risk level.")]})
    if not reason.strip():
        raise ValidationError({"risk_reason": [_("Say why the risk level changes.")]})
    bump_version(case, expected_version)
    previous = case.risk_level
    before = snapshot(case, ["risk_level", "risk_reason"])
    case.risk_level = risk_level
    case.risk_reason = reason
    case.save(update_fields=["risk_level", "risk_reason", "updated_at"])
    record_changes(actor=actor, instance=case, before=before)
    deadlines.reschedule_for_risk(case)
    deadlines.refresh_next_due(case)
    timeline(case, "risk_rated", actor=actor, summary=reason, previous=previous, risk=risk_level)
    return case


@transaction.atomic
def set_forms(case: Case, *, actor: User, forms: Iterable[str], expected_version: int | None = None) -> Case:
    require_edit(actor, case)
    forms = sorted(set(forms))
    if not forms or set(forms) - set(ViolenceForm.values):
        raise ValidationError({"forms": [_("Choose at least one form of violence.")]})
    bump_version(case, expected_version)
    before = snapshot(case, ["violence_forms"])
    existing = set(before["violence_forms"])
    case.violence_forms.exclude(form__in=forms).delete()
    CaseViolenceForm.objects.bulk_create([CaseViolenceForm(case=case, form=f) for f in forms if f not in existing])
    record_changes(actor=actor, instance=case, before=before, after={"violence_forms": forms})
    if ViolenceForm.SEKSUAL in forms:
        deadlines.ensure_police_report_task(case)
        deadlines.refresh_next_due(case)
    timeline(case, "forms_changed", actor=actor, forms=forms)
    return case


TASK_NOTE_MAX_LENGTH = 1000


@transaction.atomic
def complete_task(case: Case, kind: str, *, actor: User, note: str) -> CaseTask:
    """Mark a manual task done (first contact made, report passed to police), saying what was done.

    A deadline that follows an event in Sigap (assessment, plan approval, follow-up) is met only by
    the verb that records the event: marking it done by hand is refused. The note is encrypted on
    the task; the timeline event points at the task and shows the note to those who see the case.
    """
    require_edit(actor, case)
    if not deadlines.is_manual(kind):
        met_by = deadlines.MET_BY_EVENT.get(kind)
        raise ValidationError(
            _("%(task)s cannot be marked done by hand. %(met_by)s")
            % {"task": TaskKind(kind).label, "met_by": met_by or ""},
            code="event_driven",
        )
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Say briefly what was done.")]})
    if len(note) > TASK_NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": [_("The note can be at most %(max)d characters.") % {"max": TASK_NOTE_MAX_LENGTH}]}
        )
    task = case.tasks.select_for_update().filter(kind=kind, done_at__isnull=True).order_by("due_at").first()
    if task is None:
        raise ValidationError(_("There is no open task of this kind."), code="no_task")
    task.done_at, task.done_by, task.note = timezone.now(), actor, note
    task.save(update_fields=["done_at", "done_by", "note", "updated_at"])
    deadlines.refresh_next_due(case)
    timeline(case, "task_done", actor=actor, summary=str(TaskKind(kind).label), task=kind, task_id=str(task.pk))
    return task


def move_stage(case: Case, transition: str, *, actor: User, reason: str = "") -> Case:
    """Apply a guarded transition (the caller holds the transaction and has checked permission)."""
    from sigap.cases.workflow import TRANSITIONS

    blocked = check_transition(case, transition)
    if blocked:
        raise ValidationError(str(blocked), code="transition_blocked")
    previous = case.stage
    before = snapshot(case, ["stage", "closed_at"])
    case.stage = TRANSITIONS[transition].target
    case.stage_entered_at = timezone.now()
    fields = ["stage", "stage_entered_at", "updated_at"]
    if case.stage == Stage.CLOSED:
        case.closed_at = case.stage_entered_at
        fields.append("closed_at")
    elif previous == Stage.CLOSED:
        case.closed_at = None
        fields.append("closed_at")
    case.save(update_fields=fields)
    record_changes(actor=actor, instance=case, before=before, reason=reason)
    bump_version(case, None)
    if case.stage == Stage.FOLLOW_UP and not case.tasks.filter(kind=TaskKind.FOLLOW_UP, done_at__isnull=True).exists():
        deadlines.schedule_follow_up(case)
    deadlines.refresh_next_due(case)
    timeline(
        case, "stage_changed", actor=actor, summary=str(case.get_stage_display()), previous=previous, stage=case.stage
    )
    return case


@transaction.atomic
def advance(case: Case, transition: str, *, actor: User) -> Case:
    """A forward step in the stages by an editor of the case (closing and reopening have their own verbs)."""
    if transition in {"close", "reopen"}:
        raise ValueError("use request_closure/approve_closure/reopen_case")
    require_edit(actor, case)
    return move_stage(case, transition, actor=actor)


# --- Case team -----------------------------------------------------------------------------


@transaction.atomic
def add_team_member(case: Case, *, actor: User, user: User, access: str) -> CaseTeamMember:
    """The case manager (or their supervisor) shares the case with a colleague of the same organisation."""
    if not (case.case_manager_id == actor.pk or can_approve(actor, case)):
        raise PermissionDenied(_("Only the case manager or their supervisor may change the case team."))
    if access not in CaseTeamMember.Access.values:
        raise ValidationError({"access": [_("Choose read or edit access.")]})
    if not Membership.objects.filter(user=user, organisation=case.organisation, is_active=True).exists():
        raise ValidationError({"user": [_("Only colleagues of the same organisation can join the case team.")]})
    if user.pk == case.case_manager_id:
        raise ValidationError({"user": [_("The case manager is already responsible for this case.")]})
    member, _created = CaseTeamMember.objects.update_or_create(
        case=case, user=user, defaults={"access": access, "added_by": actor}
    )
    timeline(case, "team_member_added", actor=actor, summary=user.full_name, user=str(user.pk), access=access)
    return member


@transaction.atomic
def remove_team_member(case: Case, *, actor: User, user: User) -> None:
    if not (case.case_manager_id == actor.pk or can_approve(actor, case)):
        raise PermissionDenied(_("Only the case manager or their supervisor may change the case team."))
    deleted, _rows = CaseTeamMember.objects.filter(case=case, user=user).delete()
    if deleted:
        timeline(case, "team_member_removed", actor=actor, summary=user.full_name, user=str(user.pk))


# --- Services -------------------------------------------------------------------------------


def mediation_refusal(case: Case) -> str | None:
    """Why mediation may not be offered on this case (TPKS: no out-of-court settlement of sexual
    violence unless every perpetrator is a child), or None when it may."""
    if not case.violence_forms.filter(form=ViolenceForm.SEKSUAL).exists():
        return None
    perpetrators = list(case.perpetrators.values_list("is_child", flat=True))
    if perpetrators and all(perpetrators):
        return None
    return _(
        "Mediation is not allowed: the law on sexual violence (UU 12/2022 TPKS) forbids settling sexual "
        "violence out of court unless every perpetrator is a child."
    )


def allowed_service_types(case: Case) -> list[tuple[str, StrOrPromise]]:
    refused = mediation_refusal(case) is not None
    return [(value, label) for value, label in ServiceType.choices if not (refused and value == ServiceType.MEDIASI)]


from sigap.cases.actions.records import *  # noqa: E402, F403  (notes, attachments, printed summary)
from sigap.cases.actions.work import *  # noqa: E402, F403  (work verbs: assessment to closure)
