"""Who may see and do what in capacity building (docs/learning.md has the table).

- **Trainers and facilitators manage their events**: the facilitators named on an event, and staff of
  the organiser organisation with the ``manage_training`` capability (trainers) or
  ``manage_organisation`` (organisation admins).
- **Staff of the organiser** see its events and their reports (counts, no names) read-only; changes
  are 403.
- **Participants** see the events they take part in, with their own attendance and scores only.
- **Learners** see their own progress, quiz attempts and certificates only; nobody else sees a
  learner's quiz answers.
- **Supervisors** see the competency (valid certificates) of the workers they supervise.
- Anybody else gets 404 for an event or certificate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from sigap.accounts.access import active_memberships, organisation_ids
from sigap.learning.models import (
    Certificate,
    Course,
    EventSession,
    MentorPair,
    MentorProfile,
    Participant,
    Quiz,
    QuizAttempt,
    TrainingEvent,
)
from sigap.lib.access import get_or_404, is_signed_in
from sigap.organisations.roles import Capability

if TYPE_CHECKING:
    pass

# Verbs asked of an event: ``view`` (the event page), ``report`` (counts and scores of the cohort),
# ``manage`` (participants, attendance, scores, certificates).
EVENT_VERBS = ("view", "report", "manage")


def training_organisation_ids(user: Any) -> set[Any]:
    """Organisations whose training the user runs: trainers and organisation admins."""
    return {
        m.organisation_id
        for m in active_memberships(user)
        if m.can(Capability.MANAGE_TRAINING) or m.can(Capability.MANAGE_ORGANISATION)
    }


def get_authored_for_user(
    user: Any, queryset: QuerySet[Any], pk: UUID | str, *, organisation: str = "organisation_id"
) -> Any:
    """Training content (programme, course, module, lesson, quiz) for its authors: 404 when it does not
    exist, 403 unless the user runs the training of the organisation named by the ``organisation``
    attribute path (e.g. ``"module.course.organisation_id"``)."""
    obj = get_or_404(queryset, pk=pk)
    owner: Any = obj
    for part in organisation.split("."):
        owner = getattr(owner, part)
    if owner not in training_organisation_ids(user):
        raise PermissionDenied
    return obj


def can_manage_training(user: Any) -> bool:
    return bool(training_organisation_ids(user))


def visible_events(user: Any) -> QuerySet[TrainingEvent]:
    qs = TrainingEvent.objects.select_related("programme", "organisation")
    if not is_signed_in(user):
        return qs.none()
    ids = (
        TrainingEvent.objects.filter(
            Q(organisation_id__in=organisation_ids(user)) | Q(facilitators=user) | Q(participants__user=user)
        )
        .values("pk")
        .distinct()
    )
    return qs.filter(pk__in=ids)


def managed_events(user: Any) -> QuerySet[TrainingEvent]:
    if not is_signed_in(user):
        return TrainingEvent.objects.none()
    ids = TrainingEvent.objects.filter(
        Q(organisation_id__in=training_organisation_ids(user)) | Q(facilitators=user)
    ).values("pk")
    return TrainingEvent.objects.filter(pk__in=ids)


def can(user: Any, verb: str, event: TrainingEvent) -> bool:
    """Whether ``user`` may ``verb`` (one of :data:`EVENT_VERBS`) the event."""
    if verb not in EVENT_VERBS:
        raise ValueError(f"unknown event verb {verb!r}")
    if not is_signed_in(user):
        return False
    manages = event.organisation_id in training_organisation_ids(user) or event.facilitators.filter(pk=user.pk).exists()
    if verb == "manage" or manages:
        return manages
    staff = event.organisation_id in organisation_ids(user)
    if verb == "report":
        return staff
    return staff or event.participants.filter(user=user).exists()


def get_event_for_user(user: Any, pk: UUID | str, *, need: str = "view") -> TrainingEvent:
    """The event, or 404 when the user cannot see it; 403 when ``need`` is not allowed."""
    event = get_or_404(visible_events(user), pk=pk)
    if not can(user, need, event):
        raise PermissionDenied
    return event


def get_session_for_user(user: Any, pk: UUID | str, *, need: str = "manage") -> EventSession:
    session = get_or_404(EventSession.objects.select_related("event"), pk=pk)
    get_event_for_user(user, session.event_id, need=need)
    return session


def visible_participants(user: Any, event: TrainingEvent) -> QuerySet[Participant]:
    """Everybody for the event's trainers and facilitators; anybody else sees only themself (the
    organiser's other staff read the report's counts, not names and scores)."""
    qs = event.participants.select_related("province", "regency", "user")
    if can(user, "manage", event):
        return qs
    return qs.filter(user=user)


def get_participant_for_user(user: Any, pk: UUID | str, *, need: str = "view") -> Participant:
    participant = get_or_404(Participant.objects.select_related("event"), pk=pk)
    event = get_event_for_user(user, participant.event_id, need="view")
    if participant.user_id != user.pk and not can(user, "manage", event):
        raise Http404
    if need == "manage" and not can(user, "manage", event):
        raise PermissionDenied
    if need == "own" and participant.user_id != user.pk:
        raise PermissionDenied
    return participant


# --- E-learning ---------------------------------------------------------------------------


def visible_courses(user: Any) -> QuerySet[Course]:
    """Every learner reads the published courses; trainers also their organisation's drafts."""
    qs = Course.objects.select_related("organisation")
    if not is_signed_in(user):
        return qs.none()
    return qs.filter(Q(is_published=True) | Q(organisation_id__in=training_organisation_ids(user)))


def get_course_for_user(user: Any, pk: UUID | str) -> Course:
    return get_or_404(visible_courses(user), pk=pk)


def visible_quizzes(user: Any) -> QuerySet[Quiz]:
    """Quizzes of visible courses, and the tests of programmes whose events the user sees."""
    if not is_signed_in(user):
        return Quiz.objects.none()
    events = visible_events(user)
    return Quiz.objects.filter(
        Q(course__in=visible_courses(user))
        | Q(pk__in=events.values("programme__pre_test"))
        | Q(pk__in=events.values("programme__post_test"))
    ).distinct()


def get_quiz_for_user(user: Any, pk: UUID | str) -> Quiz:
    return get_or_404(visible_quizzes(user), pk=pk)


def own_attempts(user: Any) -> QuerySet[QuizAttempt]:
    """A learner's quiz answers are theirs alone: nobody else reads an attempt."""
    if not is_signed_in(user):
        return QuizAttempt.objects.none()
    return QuizAttempt.objects.filter(user=user).select_related("quiz")


def get_attempt_for_user(user: Any, pk: UUID | str) -> QuizAttempt:
    return get_or_404(own_attempts(user), pk=pk)


# --- Certificates -------------------------------------------------------------------------


def supervised_user_ids(user: Any) -> set[Any]:
    ids: set[Any] = set()
    for membership in active_memberships(user):
        if membership.can(Capability.SUPERVISE):
            ids |= set(membership.supervisees.filter(is_active=True).values_list("user_id", flat=True))
    return ids


def visible_certificates(user: Any) -> QuerySet[Certificate]:
    """Own certificates; those of events the user manages or of their organisation's programmes
    (trainers, organisation admins); those of the workers a supervisor supervises."""
    qs = Certificate.objects.select_related("programme", "event", "holder")
    if not is_signed_in(user):
        return qs.none()
    return qs.filter(
        Q(holder=user)
        | Q(event__in=managed_events(user))
        | Q(programme__organisation_id__in=training_organisation_ids(user))
        | Q(holder_id__in=supervised_user_ids(user))
    )


def can_manage_certificate(user: Any, certificate: Certificate) -> bool:
    if certificate.programme.organisation_id in training_organisation_ids(user):
        return True
    return certificate.event is not None and can(user, "manage", certificate.event)


def get_certificate_for_user(user: Any, pk: UUID | str, *, need: str = "view") -> Certificate:
    certificate = get_or_404(visible_certificates(user), pk=pk)
    if need == "manage" and not can_manage_certificate(user, certificate):
        raise PermissionDenied
    return certificate


# --- Mentoring ----------------------------------------------------------------------------


def listed_mentors() -> QuerySet[MentorProfile]:
    """Mentors shown and asked: active profiles of active users who hold a valid certificate *now*
    (not revoked, not expired) — checked at query time, so a revocation or an expiry takes them off
    the list at once."""
    from sigap.learning.competency import valid_certificates

    return MentorProfile.objects.filter(
        Exists(valid_certificates().filter(holder=OuterRef("user"))), is_active=True, user__is_active=True
    )


def get_mentor_for_user(user: Any, pk: UUID | str) -> MentorProfile:
    """A listed mentor to ask (404 for a mentor no longer listed)."""
    if not is_signed_in(user):
        raise Http404
    return get_or_404(listed_mentors(), pk=pk)


def visible_pairs(user: Any) -> QuerySet[MentorPair]:
    """A mentoring pair and its session notes: the mentor, the mentee and the mentee's supervisor."""
    if not is_signed_in(user):
        return MentorPair.objects.none()
    return MentorPair.objects.select_related("mentor__user", "mentee").filter(
        Q(mentor__user=user) | Q(mentee=user) | Q(mentee_id__in=supervised_user_ids(user))
    )


def get_pair_for_user(user: Any, pk: UUID | str, *, need: str = "view") -> MentorPair:
    pair = get_or_404(visible_pairs(user), pk=pk)
    if need == "log" and user.pk not in (pair.mentor.user_id, pair.mentee_id):
        raise PermissionDenied
    return pair


def can_see_coverage(user: Any) -> bool:
    """Coverage by region is an aggregate: supervisors, admins, data officers, trainers."""
    return any(m.can(Capability.VIEW_AGGREGATES) or m.can(Capability.MANAGE_TRAINING) for m in active_memberships(user))
