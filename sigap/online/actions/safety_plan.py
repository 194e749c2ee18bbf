"""The client's digital safety plan."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.cases.actions import timeline
from sigap.cases.models import Case, Person
from sigap.online.actions.common import (
    Errors,
    raise_errors,
    require_change,
)
from sigap.online.models import (
    SafetyItem,
    SafetyPlan,
    SafetyPlanItem,
    SafetyStatus,
)

# --- Digital safety plan ---------------------------------------------------------------------


@transaction.atomic
def save_safety_plan(case: Case, *, actor: User, person: Person, items: dict[str, tuple[str, str]]) -> SafetyPlan:
    """Save a client's digital safety plan: ``items`` maps each checklist point to (status, notes)."""
    require_change(actor, case)
    errors: Errors = {}
    if not case.victims.filter(person=person).exists():
        errors["person"] = [_("Choose a client (victim) of this case.")]
    for key, (status, notes) in items.items():
        if key not in SafetyItem.values:
            errors[key] = [_("Unknown value.")]
        elif status not in SafetyStatus.values:
            errors[f"{key}_status"] = [_("Choose the status.")]
        elif len(notes or "") > 2000:
            errors[f"{key}_notes"] = [_("At most %(max)d characters.") % {"max": 2000}]
    raise_errors(errors)
    plan, _created = SafetyPlan.objects.get_or_create(case=case, person=person, defaults={"updated_by": actor})
    plan.updated_by = actor
    plan.save(update_fields=["updated_by", "updated_at"])
    existing = {item.item: item for item in plan.items.all()}
    for key, (status, notes) in items.items():
        row = existing.get(key) or SafetyPlanItem(plan=plan, item=key)
        row.status, row.notes = status, (notes or "").strip()
        row.save()
    done = sum(1 for status, _notes in items.values() if status == SafetyStatus.DONE)
    timeline(
        case, "online_safety_plan_saved", actor=actor, summary=f"{done}/{len(SafetyItem.values)}", plan=str(plan.pk)
    )
    return plan
