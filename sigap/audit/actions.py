"""Writing audit events. Every verb in every app calls :func:`record`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import HttpRequest

from sigap.audit.models import AuditEvent
from sigap.lib.access import is_signed_in

if TYPE_CHECKING:
    from sigap.accounts.models import User
    from sigap.organisations.models import Organisation


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # django-axes resolves the client address behind the configured number of proxies.
    ip = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")
    return ip or None


def record(
    verb: str,
    *,
    actor: User | None = None,
    obj: models.Model | None = None,
    organisation: Organisation | None = None,
    request: HttpRequest | None = None,
    actor_label: str = "",
    **details: Any,
) -> AuditEvent:
    """Append one audit event. Call it inside the verb's transaction."""
    if actor is not None and not is_signed_in(actor):
        actor = None
    event = AuditEvent(
        verb=verb,
        actor=actor,
        actor_label=actor_label or (actor.email if actor is not None else ""),
        organisation=organisation,
        ip_address=client_ip(request),
        details=details,
    )
    if obj is not None:
        event.object_type = obj._meta.label_lower
        event.object_id = str(obj.pk)
        # Records about survivors name them in str(); they define a neutral audit_label instead.
        label = getattr(obj, "audit_label", None)
        event.object_label = str(label if label is not None else obj)[:200]
    event.save()
    return event
