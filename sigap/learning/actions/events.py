"""Verbs of training events: scheduling, participants, attendance, scores, e-learning confirmation, feedback."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.actions import record
from sigap.learning import access
from sigap.learning.actions.certificates import certify_if_eligible
from sigap.learning.actions.common import require, require_manage, set_fields
from sigap.learning.models import (
    Attendance,
    EventSession,
    Feedback,
    Participant,
    Programme,
    TrainingEvent,
)
from sigap.organisations.models import Membership, Organisation

EVENT_FIELDS = ("title", "start_date", "end_date", "mode", "venue")


PARTICIPANT_FIELDS = ("full_name", "organisation", "organisation_name", "role_title", "province", "regency")


@transaction.atomic
def create_event(
    programme: Programme,
    *,
    actor: User,
    organisation: Organisation,
    values: Mapping[str, Any],
    partners: Iterable[Organisation] = (),
    facilitators: Iterable[User] = (),
    request: HttpRequest | None = None,
) -> TrainingEvent:
    """Schedule a run of a programme; its sessions are laid out over the event's days in order."""
    require(
        organisation.pk in access.training_organisation_ids(actor),
        _("Only trainers and admins of the organiser can schedule its training."),
    )
    event = TrainingEvent(programme=programme, organisation=organisation)
    for name in EVENT_FIELDS:
        if name in values:
            setattr(event, name, values[name])
    if event.start_date and event.end_date and event.end_date < event.start_date:
        raise ValidationError({"end_date": _("The last day cannot be before the first day.")})
    event.full_clean()
    event.save()
    event.partners.set(partners)
    event.facilitators.set(facilitators)
    EventSession.objects.bulk_create(
        EventSession(event=event, programme_session=item, title=item.title, held_on=event.start_date, order=index)
        for index, item in enumerate(programme.sessions.order_by("order"))
    )
    EventSession.objects.bulk_update(_lay_out_sessions(event), ["held_on"])
    record("learning.event_create", actor=actor, obj=event, organisation=organisation, request=request)
    return event


def _lay_out_sessions(event: TrainingEvent) -> list[EventSession]:
    """Spread the event's sessions over its days in order (as many per day as needed)."""
    sessions = list(event.sessions.order_by("order"))
    days = (event.end_date - event.start_date).days + 1
    per_day = max(1, -(-len(sessions) // days))
    for index, session in enumerate(sessions):
        session.held_on = event.start_date + timedelta(days=min(index // per_day, days - 1))
    return sessions


@transaction.atomic
def update_event(
    event: TrainingEvent,
    *,
    actor: User,
    values: Mapping[str, Any],
    partners: Iterable[Organisation] | None = None,
    request: HttpRequest | None = None,
) -> TrainingEvent:
    """Change an event's title, dates, mode or venue; new dates move its sessions with them."""
    require_manage(actor, event)
    changed = set_fields(event, EVENT_FIELDS, values)
    if event.end_date < event.start_date:
        raise ValidationError({"end_date": _("The last day cannot be before the first day.")})
    event.full_clean()
    event.save()
    if "start_date" in changed or "end_date" in changed:
        EventSession.objects.bulk_update(_lay_out_sessions(event), ["held_on", "updated_at"])
    if partners is not None:
        event.partners.set(partners)
        changed.append("partners")
    if changed:
        record(
            "learning.event_update",
            actor=actor,
            obj=event,
            organisation=event.organisation,
            request=request,
            changed=changed,
        )
    return event


@transaction.atomic
def add_facilitator(
    event: TrainingEvent, *, actor: User, user: User, request: HttpRequest | None = None
) -> TrainingEvent:
    """Name somebody a facilitator of the event: they may then manage it."""
    require_manage(actor, event)
    if not user.is_active:
        raise ValidationError(_("This account is not active."))
    event.facilitators.add(user)
    record(
        "learning.facilitator_add",
        actor=actor,
        obj=event,
        organisation=event.organisation,
        request=request,
        facilitator=user.email,
    )
    return event


@transaction.atomic
def add_participant(
    event: TrainingEvent,
    *,
    actor: User,
    user: User | None = None,
    values: Mapping[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> Participant:
    """Add a Sigap user (their name, organisation and region come from their account) or an invited
    person (name, organisation, role and region given)."""
    require_manage(actor, event)
    participant = Participant(event=event, user=user)
    for name, value in (values or {}).items():
        if name not in PARTICIPANT_FIELDS:
            raise ValueError(f"{name!r} is not a participant field")
        setattr(participant, name, value)
    if user is not None:
        if event.participants.filter(user=user).exists():
            raise ValidationError(_("This person already takes part in the event."))
        membership = Membership.objects.filter(user=user, is_active=True).select_related("organisation").first()
        participant.full_name = participant.full_name or user.full_name
        if membership is not None:
            org = membership.organisation
            participant.organisation = participant.organisation or org
            participant.organisation_name = participant.organisation_name or org.name
            if not participant.role_title:
                # Stored text, so in the platform's language rather than whichever the adder uses.
                with translation.override(settings.LANGUAGE_CODE):
                    participant.role_title = str(membership.get_role_display())
            if participant.province_id is None:
                participant.province_id, participant.regency_id = org.province_id, org.regency_id
    if not participant.full_name:
        raise ValidationError({"full_name": _("Give the participant's name.")})
    if participant.province_id is None:
        raise ValidationError({"province": _("Give the province the participant works in.")})
    if participant.regency_id and not str(participant.regency_id).startswith(f"{participant.province_id}."):
        raise ValidationError({"regency": _("The regency/city must be in the chosen province.")})
    if participant.organisation is not None and not participant.organisation_name:
        participant.organisation_name = participant.organisation.name
    participant.save()
    record("learning.participant_add", actor=actor, obj=participant, organisation=event.organisation, request=request)
    return participant


@transaction.atomic
def mark_attendance(
    session: EventSession, *, actor: User, present: Iterable[Any], request: HttpRequest | None = None
) -> int:
    """Set who was present at a session: the given participants present, everybody else absent.
    Returns how many were present."""
    event = session.event
    require_manage(actor, event)
    present_ids = {str(pk) for pk in present}
    participants = list(event.participants.values_list("pk", flat=True))
    unknown = present_ids - {str(pk) for pk in participants}
    if unknown:
        raise ValidationError(_("Some of the people marked are not participants of this event."))
    existing = {str(a.participant_id): a for a in session.attendance.all()}
    new, changed = [], []
    for pk in participants:
        is_present = str(pk) in present_ids
        row = existing.get(str(pk))
        if row is None:
            new.append(Attendance(participant_id=pk, session=session, present=is_present, marked_by=actor))
        elif row.present != is_present:
            row.present, row.marked_by = is_present, actor
            changed.append(row)
    Attendance.objects.bulk_create(new)
    Attendance.objects.bulk_update(changed, ["present", "marked_by", "updated_at"])
    record(
        "learning.attendance_mark",
        actor=actor,
        obj=session,
        organisation=event.organisation,
        request=request,
        present=len(present_ids),
        absent=len(participants) - len(present_ids),
    )
    for participant in event.participants.filter(pk__in=present_ids, certificate__isnull=True):
        certify_if_eligible(participant, actor=actor)
    return len(present_ids)


def _score(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    score = Decimal(str(value))
    if not Decimal(0) <= score <= Decimal(100):
        raise ValidationError(_("A score is a percentage between 0 and 100."))
    return score.quantize(Decimal("0.1"))


@transaction.atomic
def record_scores(
    participant: Participant,
    *,
    actor: User,
    pre: Any = None,
    post: Any = None,
    request: HttpRequest | None = None,
) -> Participant:
    """A facilitator enters pre- and post-test scores sat on paper (empty leaves a score as it is).
    Nobody enters their own: a facilitator who also sits the event is scored by another."""
    require_manage(actor, participant.event)
    require(participant.user_id != actor.pk, _("You cannot enter your own scores: ask another trainer or facilitator."))
    pre_score, post_score = _score(pre), _score(post)
    changes = {}
    if pre_score is not None and pre_score != participant.pre_score:
        participant.pre_score = changes["pre_score"] = pre_score
    if post_score is not None and post_score != participant.post_score:
        participant.post_score = changes["post_score"] = post_score
    if changes:
        participant.save(update_fields=[*changes, "updated_at"])
        record(
            "learning.scores_record",
            actor=actor,
            obj=participant,
            organisation=participant.event.organisation,
            request=request,
            changes={k: str(v) for k, v in changes.items()},
        )
        certify_if_eligible(participant, actor=actor)
    return participant


@transaction.atomic
def confirm_elearning(
    participant: Participant, *, actor: User, on: date | None = None, request: HttpRequest | None = None
) -> Participant:
    """Record that an invited person finished the required e-learning elsewhere."""
    require_manage(actor, participant.event)
    participant.elearning_confirmed_on = on or timezone.localdate()
    participant.save(update_fields=["elearning_confirmed_on", "updated_at"])
    record(
        "learning.elearning_confirm",
        actor=actor,
        obj=participant,
        organisation=participant.event.organisation,
        request=request,
    )
    certify_if_eligible(participant, actor=actor)
    return participant


@transaction.atomic
def submit_feedback(
    participant: Participant, *, actor: User, rating: int, useful: str = "", improve: str = ""
) -> Feedback:
    """A participant's own feedback on the event (once; a second one replaces the first)."""
    require(participant.user_id == actor.pk, _("Only the participant can give their feedback."))
    if not 1 <= int(rating) <= 5:
        raise ValidationError({"rating": _("Choose a rating from 1 to 5.")})
    feedback, _created = Feedback.objects.update_or_create(
        participant=participant, defaults={"rating": int(rating), "useful": useful, "improve": improve}
    )
    record("learning.feedback_submit", actor=actor, obj=participant.event, organisation=participant.event.organisation)
    return feedback
