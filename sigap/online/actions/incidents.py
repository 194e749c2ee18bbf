"""Incidents and offender accounts on a case."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.actions import record
from sigap.cases import deadlines
from sigap.cases.actions import timeline
from sigap.cases.codes import ClientType
from sigap.cases.models import Case, TaskKind
from sigap.history.actions import record_changes
from sigap.history.tracking import snapshot
from sigap.online.actions.common import (
    Errors,
    check_choices,
    check_text,
    check_url,
    raise_errors,
    require_change,
)
from sigap.online.models import (
    Demand,
    HarmType,
    Known,
    OffenderAccount,
    OnlineIncident,
    Platform,
)

# --- Incidents --------------------------------------------------------------------------------


@dataclass
class IncidentInput:
    """The online incident profile (issue #6, item 1)."""

    harm_types: list[str]
    platforms: list[str]
    first_contact_on: date | None = None
    last_contact_on: date | None = None
    demands: list[str] = field(default_factory=list)
    amount_demanded: Decimal | None = None
    amount_paid: Decimal | None = None
    images_shared: bool = False
    images_shared_where: str = ""
    description: str = ""


def _validate_incident(data: IncidentInput) -> Errors:
    errors: Errors = {}
    data.harm_types = check_choices(
        data.harm_types, HarmType.values, "harm_types", errors, _("Choose at least one kind of harm.")
    )
    data.platforms = check_choices(
        data.platforms, Platform.values, "platforms", errors, _("Choose at least one platform.")
    )
    data.demands = check_choices(data.demands, Demand.values, "demands", errors, "")
    today = timezone.localdate()
    for name in ("first_contact_on", "last_contact_on"):
        value = getattr(data, name)
        if value is not None and value > today:
            errors[name] = [_("The date cannot be in the future.")]
    if data.first_contact_on and data.last_contact_on and data.last_contact_on < data.first_contact_on:
        errors["last_contact_on"] = [_("The last contact cannot be before the first.")]
    for name in ("amount_demanded", "amount_paid"):
        value = getattr(data, name)
        if value is not None and value < 0:
            errors[name] = [_("The amount cannot be negative.")]
    data.images_shared_where = check_text(data.images_shared_where, "images_shared_where", errors)
    if data.images_shared and not data.images_shared_where:
        errors["images_shared_where"] = [
            _("Say where the images were shared (platform, group, site) — not the images.")
        ]
    data.description = check_text(data.description, "description", errors)
    return errors


def needs_police_report(case: Case, incident: OnlineIncident) -> bool:
    """A child victim of online sexual abuse: the TPKS report to police (3×24 hours) applies."""
    return case.client_type == ClientType.CHILD and incident.is_sexual


INCIDENT_FIELDS = [f.name for f in fields(IncidentInput)]


def incident_input(incident: OnlineIncident) -> IncidentInput:
    """The incident's current values, as a verb takes them (the start of an edit)."""
    return IncidentInput(**{name: getattr(incident, name) for name in INCIDENT_FIELDS})


def _police_report_if_due(case: Case, incident: OnlineIncident, actor: User) -> None:
    """Create the case's TPKS police-report task when this incident makes it due and it is missing."""
    if not needs_police_report(case, incident):
        return
    had_task = case.tasks.filter(kind=TaskKind.POLICE_REPORT).exists()
    deadlines.ensure_police_report_task(case)
    deadlines.refresh_next_due(case)
    if not had_task:
        record("online.police_report_task_created", actor=actor, obj=case, organisation=case.organisation)


@transaction.atomic
def record_incident(case: Case, *, actor: User, data: IncidentInput) -> OnlineIncident:
    """Record an online incident on a case. For a child victim of online sexual abuse the case gets the
    police-report task (``ensure_police_report_task``), like a case whose forms include sexual violence."""
    require_change(actor, case)
    raise_errors(_validate_incident(data))
    incident = OnlineIncident.objects.create(case=case, recorded_by=actor, **data.__dict__)
    timeline(
        case,
        "online_incident_recorded",
        actor=actor,
        summary=", ".join(incident.harm_labels()),
        incident=str(incident.pk),
        harm_types=incident.harm_types,
        platforms=incident.platforms,
    )
    _police_report_if_due(case, incident, actor)
    return incident


@transaction.atomic
def update_incident(incident: OnlineIncident, *, actor: User, data: IncidentInput) -> OnlineIncident:
    """Change a recorded incident (every field of ``data``; start from :func:`incident_input`). Validated
    exactly as :func:`record_incident`; the changed fields go to the field history (the description and
    where images were shared encrypted there too) and the case timeline names them, never their values.
    A harm type that makes the police-report task due creates it, as on record. Nothing changed: no-op."""
    case = incident.case
    require_change(actor, case)
    raise_errors(_validate_incident(data))
    incident = OnlineIncident.objects.select_for_update().get(pk=incident.pk)
    before = snapshot(incident, INCIDENT_FIELDS)
    for name in INCIDENT_FIELDS:
        setattr(incident, name, getattr(data, name))
    changes = record_changes(actor=actor, instance=incident, before=before)
    if not changes:
        return incident
    incident.save()
    changed = sorted({change.field for change in changes})
    timeline(
        case,
        "online_incident_changed",
        actor=actor,
        summary=", ".join(incident.harm_labels()),
        incident=str(incident.pk),
        fields=changed,
        harm_types=incident.harm_types,
        platforms=incident.platforms,
    )
    _police_report_if_due(case, incident, actor)
    return incident


@transaction.atomic
def add_offender_account(
    incident: OnlineIncident, *, actor: User, platform: str, handle: str, profile_url: str = "", known_to_victim: str
) -> OffenderAccount:
    case = incident.case
    require_change(actor, case)
    errors: Errors = {}
    if platform not in Platform.values:
        errors["platform"] = [_("Choose the platform.")]
    handle = check_text(handle, "handle", errors, required=_("Give the account name or number."))
    if len(handle) > 200:
        errors["handle"] = [_("At most %(max)d characters.") % {"max": 200}]
    profile_url = check_url(profile_url, "profile_url", errors)
    if known_to_victim not in Known.values:
        errors["known_to_victim"] = [_("Say whether the victim knows the account holder.")]
    raise_errors(errors)
    account = OffenderAccount.objects.create(
        incident=incident, platform=platform, handle=handle, profile_url=profile_url, known_to_victim=known_to_victim
    )
    timeline(case, "online_account_added", actor=actor, summary=account.get_platform_display(), account=str(account.pk))
    return account
