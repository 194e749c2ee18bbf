"""Directory verbs. Each checks permission, changes the service and writes its audit event."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.actions import record
from sigap.directory.models import Service
from sigap.lib.models import concrete_field
from sigap.organisations.access import can_manage_organisation
from sigap.organisations.models import Organisation

# Fields an organisation admin sets on a service; the form and the API use the same list.
SERVICE_FIELDS = (
    "name",
    "description",
    "service_types",
    "min_age",
    "max_age",
    "sex",
    "client_type",
    "languages",
    "languages_note",
    "is_free",
    "cost_note",
    "opening_hours",
    "phone",
    "email",
    "village",
    "address",
    "accepting_referrals",
)
AREA_FIELDS = ("area_regencies", "area_provinces")


def _require_admin(actor: User, organisation: Organisation) -> None:
    if not can_manage_organisation(actor, organisation):
        raise PermissionDenied(_("Only an admin of the organisation can change its services."))


def _plain(value: Any) -> Any:
    if hasattr(value, "pk"):
        return str(value.pk)
    if isinstance(value, (list, tuple, set)) or (hasattr(value, "__iter__") and not isinstance(value, (str, dict))):
        return sorted(str(getattr(item, "pk", item)) for item in value)
    return value


def _apply(service: Service, values: Mapping[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """Set plain fields; return the names that changed and the service-area values to set after saving."""
    changed = []
    areas = {}
    for name, value in values.items():
        if name in AREA_FIELDS:
            areas[name] = list(value)
            continue
        if name not in SERVICE_FIELDS:
            raise ValueError(f"{name!r} is not a service field a verb may set")
        attname = concrete_field(Service, name).attname
        new = value.pk if hasattr(value, "pk") else value
        if getattr(service, attname) != new:
            changed.append(name)
        setattr(service, name, value)
    return changed, areas


def _set_areas(service: Service, areas: dict[str, Any], *, new: bool) -> list[str]:
    changed = []
    for name, items in areas.items():
        manager = getattr(service, name)
        before = set() if new else {str(pk) for pk in manager.values_list("pk", flat=True)}
        if before != {str(getattr(item, "pk", item)) for item in items}:
            manager.set(items)
            changed.append(name)
    return changed


@transaction.atomic
def create_service(
    organisation: Organisation, *, actor: User, values: Mapping[str, Any], request: HttpRequest | None = None
) -> Service:
    """Add a service of the organisation to the directory. Admins of the organisation only."""
    _require_admin(actor, organisation)
    service = Service(organisation=organisation)
    _changed, areas = _apply(service, values)
    service.full_clean()
    service.save()
    _set_areas(service, areas, new=True)
    record("directory.service_create", actor=actor, obj=service, organisation=organisation, request=request)
    return service


@transaction.atomic
def update_service(
    service: Service, *, actor: User, values: Mapping[str, Any], request: HttpRequest | None = None
) -> Service:
    """Change a service's details. Admins of its organisation only; an unchanged form writes nothing."""
    _require_admin(actor, service.organisation)
    changed, areas = _apply(service, values)
    if changed:
        service.full_clean()
        service.save()
    changed += _set_areas(service, areas, new=False)
    if changed:
        record(
            "directory.service_update",
            actor=actor,
            obj=service,
            organisation=service.organisation,
            request=request,
            changes={name: _plain(values[name]) for name in changed},
        )
    return service


@transaction.atomic
def deactivate_service(service: Service, *, actor: User, request: HttpRequest | None = None) -> Service:
    """Take a service out of the directory (it stays on record). Admins of its organisation only."""
    return _set_active(service, False, actor=actor, request=request)


@transaction.atomic
def reactivate_service(service: Service, *, actor: User, request: HttpRequest | None = None) -> Service:
    """Put a deactivated service back in the directory. Admins of its organisation only."""
    return _set_active(service, True, actor=actor, request=request)


def _set_active(service: Service, active: bool, *, actor: User, request: HttpRequest | None) -> Service:
    _require_admin(actor, service.organisation)
    if service.is_active != active:
        service.is_active = active
        service.save(update_fields=["is_active", "updated_at"])
        verb = "directory.service_reactivate" if active else "directory.service_deactivate"
        record(verb, actor=actor, obj=service, organisation=service.organisation, request=request)
    return service
