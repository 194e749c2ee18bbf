"""Who may see and manage organisations and memberships.

The directory of organisations is visible to every signed-in user (it holds no personal data).
Memberships name staff, so they are visible to the member themself, to the organisation's admins
and to national admins.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from sigap.accounts.access import active_memberships, has_capability
from sigap.organisations.models import Membership, Organisation
from sigap.organisations.roles import Capability


def visible_organisations(user: Any) -> QuerySet[Organisation]:
    qs = Organisation.objects.select_related("province", "regency", "parent")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(is_active=True)


def get_organisation_for_user(user: Any, pk: UUID | str) -> Organisation:
    try:
        return visible_organisations(user).get(pk=pk)
    except (Organisation.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def administered_organisation_ids(user: Any) -> set[Any]:
    return {m.organisation_id for m in active_memberships(user) if m.can(Capability.MANAGE_ORGANISATION)}


def can_manage_organisation(user: Any, organisation: Organisation) -> bool:
    if has_capability(user, Capability.ADMINISTER_NATIONAL):
        return True
    return organisation.pk in administered_organisation_ids(user)


def visible_memberships(user: Any) -> QuerySet[Membership]:
    qs = Membership.objects.select_related("user", "organisation", "supervisor__user")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if has_capability(user, Capability.ADMINISTER_NATIONAL):
        return qs
    return qs.filter(Q(user=user) | Q(organisation_id__in=administered_organisation_ids(user)))
