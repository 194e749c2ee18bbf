"""Mentoring verbs: certified workers list themselves, pairs form, sessions are logged."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.actions import record
from sigap.learning import access
from sigap.learning.actions.common import require
from sigap.learning.models import (
    MentoringSession,
    MentorPair,
    MentorProfile,
)


@transaction.atomic
def become_mentor(*, actor: User, province: Any, regency: Any, expertise: str) -> MentorProfile:
    """Only workers holding a valid certificate can list themselves as mentors."""
    from sigap.learning.competency import valid_certificates

    require(
        valid_certificates().filter(holder=actor).exists(),
        _("Only workers with a valid training certificate can become mentors."),
    )
    profile, _created = MentorProfile.objects.update_or_create(
        user=actor, defaults={"province": province, "regency": regency, "expertise": expertise, "is_active": True}
    )
    record("learning.mentor_register", actor=actor, obj=profile)
    return profile


@transaction.atomic
def ask_mentor(profile: MentorProfile, *, actor: User) -> MentorPair:
    """A worker asks a listed mentor (a valid certificate now, ``access.listed_mentors``) to mentor
    them; the pair starts today."""
    if not access.listed_mentors().filter(pk=profile.pk).exists():
        raise ValidationError(_("This mentor is not taking on mentees now."))
    if profile.user_id == actor.pk:
        raise ValidationError(_("Nobody can mentor themselves."))
    pair = MentorPair.objects.filter(mentor=profile, mentee=actor, ended_on__isnull=True).first()
    if pair is None:
        pair = MentorPair.objects.create(mentor=profile, mentee=actor)
        record("learning.mentor_pair", actor=actor, obj=pair)
    return pair


@transaction.atomic
def log_mentoring_session(pair: MentorPair, *, actor: User, held_on: date, topic: str, notes: str) -> MentoringSession:
    """A meeting of the pair; the notes are encrypted and read only by the pair and the mentee's supervisor."""
    require(actor.pk in (pair.mentor.user_id, pair.mentee_id), _("Only the mentor and the mentee log sessions."))
    if not topic.strip():
        raise ValidationError({"topic": _("Give the topic of the session.")})
    session = MentoringSession.objects.create(pair=pair, held_on=held_on, topic=topic, notes=notes)
    record("learning.mentoring_session", actor=actor, obj=pair)
    return session
