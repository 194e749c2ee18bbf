"""The verbs of the wellbeing app. Audit events name the verb and the check-in's id, never an answer,
a score or the note."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.access import active_memberships
from sigap.accounts.models import User
from sigap.audit.actions import record
from sigap.wellbeing import who5
from sigap.wellbeing.models import CheckIn

NOTE_MAX = 2000


def clean_answers(answers: dict[str, Any]) -> dict[str, int]:
    """The answers as whole numbers in range, or a translated ValidationError naming what is wrong."""
    cleaned: dict[str, int] = {}
    errors: dict[str, str] = {}
    allowed_who5 = {value for value, _label in who5.WHO5_CHOICES}
    items = [(key, allowed_who5) for key, _label in who5.WHO5_ITEMS] + [
        (key, {value for value, _label in choices}) for key, _label, choices in who5.STRAIN_ITEMS
    ]
    for key, allowed in items:
        raw = answers.get(key)
        try:
            value = int(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            errors[key] = _("Please choose an answer.")
            continue
        if value not in allowed:
            errors[key] = _("Please choose one of the answers offered.")
            continue
        cleaned[key] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def record_checkin(*, actor: User, answers: dict[str, Any], note: str = "", in_team_figure: bool = False) -> CheckIn:
    """Save the worker's own check-in. Counted in her organisation's anonymous team figure only if she
    chose so (and then in her first active organisation)."""
    cleaned = clean_answers(answers)
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": _("The note can be at most %(max)d characters.") % {"max": NOTE_MAX}})
    memberships = active_memberships(actor)
    organisation = memberships[0].organisation if memberships else None
    with transaction.atomic():
        checkin = CheckIn(
            user=actor,
            organisation=organisation if in_team_figure else None,
            in_team_figure=bool(in_team_figure and organisation is not None),
            note=note,
        )
        checkin.answers = cleaned
        checkin.save()
        record("wellbeing.checkin_recorded", actor=actor, obj=checkin)
    return checkin


def delete_checkin(checkin: CheckIn, *, actor: User) -> None:
    """She deletes one of her own check-ins: gone at once, no copy kept."""
    if checkin.user_id != actor.pk:
        raise ValidationError(_("You can only delete your own check-ins."))
    with transaction.atomic():
        record("wellbeing.checkin_deleted", actor=actor, obj=checkin)
        checkin.delete()


def delete_all_checkins(*, actor: User) -> int:
    """She deletes every check-in of hers."""
    with transaction.atomic():
        count, _rows = CheckIn.objects.filter(user=actor).delete()
        record("wellbeing.checkins_deleted_all", actor=actor, count=count)
    return count


def export_checkins(*, actor: User) -> dict[str, Any]:
    """Her own check-ins as a JSON-ready document (the download); the audit event holds only the count."""
    rows = list(CheckIn.objects.filter(user=actor).order_by("created_at", "id"))
    with transaction.atomic():
        record("wellbeing.checkins_exported", actor=actor, count=len(rows))
    return {
        "source": "Sigap wellbeing check-ins",
        "instrument": "WHO-5 Well-Being Index, © World Health Organization, public domain",
        "exported_at": timezone.now().isoformat(),
        "checkins": [
            {
                "id": str(row.pk),
                "created_at": row.created_at.isoformat(),
                "who5_percentage": row.score,
                "answers": row.answers,
                "note": row.note,
                "in_team_figure": row.in_team_figure,
            }
            for row in rows
        ],
    }


def retention_months() -> int:
    return int(settings.SIGAP_WELLBEING_RETENTION_MONTHS)


def retention_cutoff(now: Any = None) -> Any:
    """Check-ins made before this moment are deleted (a month counted as 30 days)."""
    return (now or timezone.now()) - timedelta(days=30 * retention_months())


def apply_wellbeing_retention(*, now: Any = None) -> int:
    """Delete every check-in older than the retention period; safe to run any number of times."""
    with transaction.atomic():
        count, _rows = CheckIn.objects.filter(created_at__lt=retention_cutoff(now)).delete()
        if count:
            record(
                "wellbeing.retention_applied",
                actor_label="wellbeing retention",
                count=count,
                months=retention_months(),
            )
    return count
