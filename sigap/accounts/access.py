"""What a signed-in user may do, derived from their active memberships."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings

from sigap.accounts.models import ApiToken, ApiTokenQuerySet
from sigap.lib.access import get_or_404, is_signed_in
from sigap.organisations.roles import Capability, capabilities_of

_CACHE_ATTR = "_sigap_memberships"


def active_memberships(user: Any) -> list[Any]:
    """The user's active memberships, loaded once per request object."""
    if not is_signed_in(user):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            user.memberships.filter(is_active=True, organisation__is_active=True).select_related(
                "organisation", "organisation__province"
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def organisation_ids(user: Any, capability: Capability | None = None) -> set[Any]:
    """The ids of the organisations the user is an active member of (holding ``capability`` there,
    when one is given)."""
    return {m.organisation_id for m in active_memberships(user) if capability is None or m.can(capability)}


def forget_memberships(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def capabilities(user: Any) -> frozenset[Capability]:
    caps: frozenset[Capability] = frozenset()
    for membership in active_memberships(user):
        caps |= capabilities_of(membership.role)
    if is_signed_in(user):
        caps |= capabilities_of("")
    return caps


def has_capability(user: Any, capability: Capability, organisation: Any = None) -> bool:
    """Whether the user holds ``capability`` (in ``organisation`` when given)."""
    for membership in active_memberships(user):
        if organisation is not None and membership.organisation_id != organisation.pk:
            continue
        if capability in capabilities_of(membership.role):
            return True
    return False


def requires_two_factor(user: Any) -> bool:
    """Two-factor is required by policy for accounts that can see personal data."""
    if not settings.SIGAP_REQUIRE_2FA or not is_signed_in(user):
        return False
    return bool(user.is_staff or user.is_superuser or Capability.SEE_PERSONAL_DATA in capabilities(user))


def own_api_tokens(user: Any) -> ApiTokenQuerySet:
    """A user sees and manages only their own API tokens (administrators use the admin site)."""
    if not is_signed_in(user):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)


def get_api_token_for_user(user: Any, pk: UUID | str) -> ApiToken:
    return get_or_404(own_api_tokens(user), pk=pk)
