"""Who may see and manage organisations and memberships.

The directory of organisations is visible to every signed-in user (it holds no personal data);
national admins also see deactivated organisations. Memberships name staff, so they are visible to
the member themself, to the organisation's admins and to national admins.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from sigap.accounts.access import has_capability, organisation_ids
from sigap.lib.access import get_or_404, is_signed_in
from sigap.organisations.models import Membership, Organisation
from sigap.organisations.roles import Capability


def is_national_admin(user: Any) -> bool:
    return has_capability(user, Capability.ADMINISTER_NATIONAL)


def visible_organisations(user: Any) -> QuerySet[Organisation]:
    qs = Organisation.objects.select_related("province", "regency", "parent")
    if not is_signed_in(user):
        return qs.none()
    if is_national_admin(user):
        return qs
    return qs.filter(is_active=True)


def get_organisation_for_user(user: Any, pk: UUID | str, *, need: str = "view") -> Organisation:
    """The organisation, or 404 when the user cannot see it; 403 when ``need="manage"`` is not met."""
    organisation = get_or_404(visible_organisations(user), pk=pk)
    if need == "manage" and not can_manage_organisation(user, organisation):
        raise PermissionDenied
    return organisation


def administered_organisation_ids(user: Any) -> set[Any]:
    return organisation_ids(user, Capability.MANAGE_ORGANISATION)


def can_manage_organisation(user: Any, organisation: Organisation) -> bool:
    if is_national_admin(user):
        return True
    return organisation.pk in administered_organisation_ids(user)


def visible_memberships(user: Any) -> QuerySet[Membership]:
    qs = Membership.objects.select_related("user", "organisation", "supervisor__user")
    if not is_signed_in(user):
        return qs.none()
    if is_national_admin(user):
        return qs
    return qs.filter(Q(user=user) | Q(organisation_id__in=administered_organisation_ids(user)))


def manageable_memberships(user: Any) -> QuerySet[Membership]:
    """Memberships whose role, supervisor and status the user may change."""
    qs = visible_memberships(user)
    if is_national_admin(user):
        return qs
    return qs.filter(organisation_id__in=administered_organisation_ids(user))


def get_membership_for_user(user: Any, pk: UUID | str, *, need: str = "view") -> Membership:
    """The membership, or 404 when the user cannot see it; 403 when ``need="manage"`` is not met."""
    membership = get_or_404(visible_memberships(user), pk=pk)
    if need == "manage" and not can_manage_organisation(user, membership.organisation):
        raise PermissionDenied
    return membership
