"""``{% person_privacy_panel person %}``: the restriction banner and the export button on a person page."""

from __future__ import annotations

from typing import Any

from django import template

from sigap.privacy.access import can_export
from sigap.privacy.models import PersonRestriction

register = template.Library()


@register.inclusion_tag("privacy/person_panel.html", takes_context=True)
def person_privacy_panel(context: dict[str, Any], person: Any) -> dict[str, Any]:
    user = context["request"].user
    return {
        "person": person,
        "restriction": PersonRestriction.objects.filter(person=person, lifted_at__isnull=True).first(),
        # The page was reached through get_person_for_user; exporting also needs this capability.
        "can_export": can_export(user, person),
    }
