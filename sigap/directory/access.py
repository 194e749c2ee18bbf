"""Who may see and change directory services.

Every signed-in user reads the directory (it holds no personal data). Only admins of the owning
organisation (and national admins) change a service or see it while it is deactivated.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from sigap.directory.models import Service, ServiceQuerySet
from sigap.lib.access import get_or_404, is_signed_in
from sigap.organisations.access import administered_organisation_ids, can_manage_organisation, is_national_admin


def visible_services(user: Any) -> ServiceQuerySet:
    qs = Service.objects.select_related("organisation", "village")
    if not is_signed_in(user):
        return qs.none()
    if is_national_admin(user):
        return qs
    return qs.filter(
        Q(is_active=True, organisation__is_active=True) | Q(organisation_id__in=administered_organisation_ids(user))
    )


def public_services() -> ServiceQuerySet:
    """What the public directory and the HSDS endpoints show: active services of active organisations."""
    return Service.objects.select_related("organisation", "village").filter(
        is_active=True, organisation__is_active=True
    )


def can_manage_service(user: Any, service: Service) -> bool:
    return can_manage_organisation(user, service.organisation)


def get_service_for_user(user: Any, pk: UUID | str, *, need: str = "view") -> Service:
    """The service, or 404 when the user cannot see it; 403 when ``need="manage"`` is not met."""
    service = get_or_404(visible_services(user), pk=pk)
    if need == "manage" and not can_manage_service(user, service):
        raise PermissionDenied
    return service
