"""First-aid guidance per harm type (edited by those who may)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.actions import record
from sigap.online.access import can_edit_guidance
from sigap.online.actions.common import (
    Errors,
    raise_errors,
)
from sigap.online.models import (
    Guidance,
)

# --- First-aid guidance ------------------------------------------------------------------------


@transaction.atomic
def update_guidance(
    guidance: Guidance, *, actor: User, title_id: str, body_id: str, title_en: str, body_en: str
) -> Guidance:
    """Change a first-aid panel (national admins; the same panel is shown in every organisation)."""
    if not can_edit_guidance(actor):
        raise PermissionDenied(_("Only a national admin may change the first-aid guidance."))
    errors: Errors = {}
    values = {"title_id": title_id, "body_id": body_id, "title_en": title_en, "body_en": body_en}
    for name, value in values.items():
        values[name] = (value or "").strip()
        if not values[name]:
            errors[name] = [_("This field is required.")]
        elif name.startswith("title") and len(values[name]) > 200:
            errors[name] = [_("At most %(max)d characters.") % {"max": 200}]
        elif len(values[name]) > 5000:
            errors[name] = [_("At most %(max)d characters.") % {"max": 5000}]
    raise_errors(errors)
    changed = sorted(name for name, value in values.items() if getattr(guidance, name) != value)
    for name, value in values.items():
        setattr(guidance, name, value)
    guidance.save()
    record("online.guidance_changed", actor=actor, obj=guidance, changed=changed)
    return guidance
