"""Verbs on persons after intake (recording them is ``create_person`` in the package)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.actions import record
from sigap.cases.actions import bump_version, timeline
from sigap.cases.models import Case, Person
from sigap.cases.persons import can_edit_person, person_cases
from sigap.history.actions import record_changes
from sigap.history.tracking import snapshot

# What an edit may change; the organisation, creator and derived fields stay.
EDITABLE_FIELDS = (
    "full_name",
    "known_as",
    "sex",
    "date_of_birth",
    "birth_date_estimated",
    "nik",
    "phone",
    "village",
    "address_detail",
    "has_disability",
    "disability_type",
    "education",
    "occupation",
    "marital_status",
    "nationality",
)


@transaction.atomic
def update_person(
    person: Person,
    *,
    actor: User,
    values: Mapping[str, Any],
    expected_version: int | None = None,
    reason: str = "",
) -> Person:
    """Correct a person's details; refused when somebody else saved them since the form was opened.

    Every changed field goes into the person's history, with ``reason`` (why the data subject's
    details were corrected) when one is given.
    """
    if not can_edit_person(actor, person):
        raise PermissionDenied(_("You may not change this person."))
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    changed = sorted(name for name, value in values.items() if getattr(person, name) != value)
    before = snapshot(person, values.keys())
    for name, value in values.items():
        setattr(person, name, value)
    person.full_clean()
    bump_version(person, expected_version)
    person.save()
    record_changes(actor=actor, instance=person, before=before, reason=reason)
    # The case lists show the main client's name without a join: keep it in step.
    primary = Case.objects.filter(victims__person=person, victims__is_primary=True)
    primary.update(primary_client_name=person.full_name)
    # Field names only: the audit trail must not copy personal data.
    record("cases.person_updated", actor=actor, obj=person, organisation=person.organisation, fields=changed)
    for case in person_cases(actor, person):
        timeline(case, "person_updated", actor=actor, summary=person.full_name, person=str(person.pk), fields=changed)
    return person
