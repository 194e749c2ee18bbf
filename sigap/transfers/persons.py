"""Handing a transferred case's persons over to the receiving organisation.

A person belongs to one organisation (``Person.organisation``) and is seen only there. Each person on
the case (victims, alleged perpetrators, the reporter, and the clients and guardians named on its
consents and sharing decisions) is

- **moved** to the receiving organisation when no other record of the old organisation refers to
  them: the old organisation has no reason to keep them;
- **copied** when the old organisation still needs them (they are on another of its cases, named
  on a consent there, or the subject of a data protection request it handles): the copy belongs to
  the receiver and this case's links point to it, the original stays with the old organisation
  unchanged. An active restriction of processing is copied with the person.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from sigap.accounts.models import User
from sigap.cases.models import Case, CasePerpetrator, CaseVictim, Person
from sigap.consent.models import Consent, SharingOverride
from sigap.online.models import SafetyPlan
from sigap.organisations.models import Organisation
from sigap.privacy.models import PersonRestriction, SubjectRequest

# Fields a copy does not take from the original (its own identity, owner and bookkeeping).
_NOT_COPIED = {"id", "organisation", "created_by", "created_at", "updated_at", "version", "name_folded"}


def persons_of_case(case: Case) -> set[Any]:
    ids: set[Any] = set(CaseVictim.objects.filter(case=case).values_list("person_id", flat=True))
    ids |= set(CasePerpetrator.objects.filter(case=case).values_list("person_id", flat=True))
    if case.reporter_id:
        ids.add(case.reporter_id)
    for person_id, guardian_id in Consent.objects.filter(case=case).values_list("person_id", "guardian_id"):
        ids |= {person_id, guardian_id} - {None}
    ids |= set(SharingOverride.objects.filter(case=case).values_list("person_id", flat=True))
    return ids


def needed_elsewhere(person_id: Any, case: Case, organisation: Organisation) -> bool:
    """Whether another record of ``organisation`` refers to the person."""
    on_case = Q(victims__person_id=person_id) | Q(perpetrators__person_id=person_id) | Q(reporter_id=person_id)
    if Case.objects.filter(on_case, organisation=organisation).exclude(pk=case.pk).exists():
        return True
    if SubjectRequest.objects.filter(person_id=person_id, organisation=organisation).exists():
        return True  # the old organisation's data protection officer still answers about them
    return (
        Consent.objects.filter(Q(person_id=person_id) | Q(guardian_id=person_id), case__organisation=organisation)
        .exclude(case=case)
        .exists()
    )


def copy_person(person: Person, *, organisation: Organisation, actor: User) -> Person:
    values = {
        field.attname: getattr(person, field.attname)
        for field in Person._meta.concrete_fields
        if field.name not in _NOT_COPIED
    }
    copy = Person(organisation=organisation, created_by=actor, **values)
    copy.save()
    restriction = PersonRestriction.objects.filter(person=person, lifted_at__isnull=True).first()
    if restriction is not None:
        PersonRestriction.objects.create(
            person=copy, reason=restriction.reason, restricted_by=restriction.restricted_by
        )
    return copy


def relink(case: Case, old: Person, new: Person) -> None:
    """Point this case's links (and only this case's) from ``old`` to ``new``."""
    CaseVictim.objects.filter(case=case, person=old).update(person=new)
    CasePerpetrator.objects.filter(case=case, person=old).update(person=new)
    Consent.objects.filter(case=case, person=old).update(person=new)
    Consent.objects.filter(case=case, guardian=old).update(guardian=new)
    SharingOverride.objects.filter(case=case, person=old).update(person=new)
    SafetyPlan.objects.filter(case=case, person=old).update(person=new)
    if case.reporter_id == old.pk:
        Case.objects.filter(pk=case.pk).update(reporter=new)
        case.reporter = new


def hand_over_persons(case: Case, *, to: Organisation, actor: User) -> tuple[int, int]:
    """Move or copy the case's persons to ``to`` (see the module docstring); (moved, copied)."""
    old = case.organisation
    moved = copied = 0
    for person in Person.objects.filter(pk__in=persons_of_case(case), organisation=old).order_by("pk"):
        if needed_elsewhere(person.pk, case, old):
            relink(case, person, copy_person(person, organisation=to, actor=actor))
            copied += 1
        else:
            Person.objects.filter(pk=person.pk).update(organisation=to, updated_at=timezone.now())
            moved += 1
    return moved, copied
