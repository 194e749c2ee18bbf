"""Verbs on persons after intake (recording them is ``create_person`` in the package)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.actions import record
from sigap.cases.access import can_edit_person, person_cases
from sigap.cases.actions import bump_version, timeline
from sigap.cases.models import Case, CaseVictim, Person
from sigap.cases.models.case import join_client_names
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


def refresh_client_names(case_ids: Iterable[Any]) -> None:
    """Recompute the searchable client names of these cases (main client first)."""
    names: dict[Any, list[str]] = defaultdict(list)
    links = CaseVictim.objects.filter(case_id__in=list(case_ids)).order_by("-is_primary", "created_at")
    for case_id, folded in links.values_list("case_id", "person__name_folded"):
        names[case_id].append(folded)
    for case_id, folded_names in names.items():
        Case.objects.filter(pk=case_id).update(client_names_folded=join_client_names(folded_names))


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
    refresh_client_names(CaseVictim.objects.filter(person=person).values_list("case_id", flat=True))
    # Field names only: the audit trail must not copy personal data.
    record("cases.person_updated", actor=actor, obj=person, organisation=person.organisation, fields=changed)
    for case in person_cases(actor, person):
        timeline(case, "person_updated", actor=actor, summary=person.full_name, person=str(person.pk), fields=changed)
    return person
