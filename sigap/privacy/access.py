"""Who may work on data protection, and who may export a person's data.

The data protection officer (capability ``manage_data_protection``) sees the requests, restrictions
and breaches of the organisations where they hold that role: another organisation's record is a
404, and somebody without the role gets 403. A person's data may be exported by whoever may see
the person (``sigap.cases.persons``) and holds ``see_personal_data`` in the person's organisation;
the DPO also exports the person a request of their organisation is about.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from sigap.accounts.access import active_memberships, organisation_ids
from sigap.cases.access import cases_of_person, get_person_for_user, person_cases
from sigap.cases.models import Case, Person
from sigap.lib.access import get_or_404
from sigap.organisations.roles import Capability
from sigap.privacy.models import Breach, SubjectRequest


def dpo_organisation_ids(user: Any) -> set[Any]:
    return organisation_ids(user, Capability.MANAGE_DATA_PROTECTION)


def dpo_organisations(user: Any) -> list[Any]:
    return sorted(
        {m.organisation for m in active_memberships(user) if m.can(Capability.MANAGE_DATA_PROTECTION)},
        key=lambda o: o.name,
    )


def require_dpo(user: Any) -> set[Any]:
    """The organisations the user is DPO of; 403 when there is none."""
    organisations = dpo_organisation_ids(user)
    if not organisations:
        raise PermissionDenied
    return organisations


def visible_requests(user: Any) -> QuerySet[SubjectRequest]:
    return SubjectRequest.objects.filter(organisation_id__in=dpo_organisation_ids(user))


def visible_breaches(user: Any) -> QuerySet[Breach]:
    return Breach.objects.filter(organisation_id__in=dpo_organisation_ids(user))


def _get(queryset: QuerySet[Any], user: Any, pk: UUID | str) -> Any:
    require_dpo(user)
    return get_or_404(queryset, pk=pk)


def get_request_for_user(user: Any, pk: UUID | str) -> SubjectRequest:
    """A request of the user's DPO organisations, or 404 (403 when the user is no DPO anywhere)."""
    qs = visible_requests(user).select_related("organisation", "person", "handled_by")
    return _get(qs, user, pk)


def get_breach_for_user(user: Any, pk: UUID | str) -> Breach:
    return _get(visible_breaches(user).select_related("organisation", "recorded_by"), user, pk)


def dpo_persons(user: Any) -> QuerySet[Person]:
    """Persons recorded by the organisations the user is DPO of (to link a request to one)."""
    return Person.objects.filter(organisation_id__in=dpo_organisation_ids(user))


def get_exportable_person(user: Any, pk: UUID | str) -> Person:
    """A person the user may export: seen through a case (404 otherwise), with ``see_personal_data``
    in the person's organisation (403 otherwise)."""
    person = get_person_for_user(user, pk)
    if not can_export(user, person):
        raise PermissionDenied
    return person


def can_export(user: Any, person: Person) -> bool:
    """The capability half of the export check (the caller has loaded the person for the user)."""
    return any(
        m.organisation_id == person.organisation_id and m.can(Capability.SEE_PERSONAL_DATA)
        for m in active_memberships(user)
    )


def exported_cases(user: Any, person: Person) -> QuerySet[Case]:
    """The cases an export for ``user`` covers: those they may see; for the DPO of the person's
    organisation (answering an access request), every case of the person in that organisation."""
    if person.organisation_id in dpo_organisation_ids(user):
        return (
            Case.objects.filter(cases_of_person(person.pk), organisation_id=person.organisation_id)
            .distinct()
            .order_by("-registered_at")
        )
    return person_cases(user, person)
