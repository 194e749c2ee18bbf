"""Capacity-building verbs. Each checks permission, runs in one transaction and writes its audit event."""

from __future__ import annotations

import calendar
import random
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.actions import record
from sigap.learning import access
from sigap.learning.certification import eligibility
from sigap.learning.models import (
    Attendance,
    Certificate,
    Choice,
    Course,
    Enrolment,
    EventSession,
    Feedback,
    Lesson,
    LessonProgress,
    MentoringSession,
    MentorPair,
    MentorProfile,
    Module,
    Participant,
    Programme,
    ProgrammeSession,
    Question,
    QuestionKind,
    Quiz,
    QuizAttempt,
    TrainingEvent,
)
from sigap.organisations.models import Membership, Organisation

EVENT_FIELDS = ("title", "start_date", "end_date", "mode", "venue")
PARTICIPANT_FIELDS = ("full_name", "organisation", "organisation_name", "role_title", "province", "regency")


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _require_manage(actor: User, event: TrainingEvent) -> None:
    _require(access.can(actor, "manage", event), _("Only the event's trainers and facilitators can do this."))


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- Events -------------------------------------------------------------------------------


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
    _require(
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
    curriculum = list(programme.sessions.order_by("order"))
    days = (event.end_date - event.start_date).days + 1
    per_day = max(1, -(-len(curriculum) // days))
    EventSession.objects.bulk_create(
        EventSession(
            event=event,
            programme_session=item,
            title=item.title,
            held_on=event.start_date + timedelta(days=min(index // per_day, days - 1)),
            order=index,
        )
        for index, item in enumerate(curriculum)
    )
    record("learning.event_create", actor=actor, obj=event, organisation=organisation, request=request)
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
    _require_manage(actor, event)
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
            participant.role_title = participant.role_title or str(membership.get_role_display())
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
    _require_manage(actor, event)
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
        _certify_if_eligible(participant, actor=actor)
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
    """A facilitator enters pre- and post-test scores sat on paper (empty leaves a score as it is)."""
    _require_manage(actor, participant.event)
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
        _certify_if_eligible(participant, actor=actor)
    return participant


@transaction.atomic
def confirm_elearning(
    participant: Participant, *, actor: User, on: date | None = None, request: HttpRequest | None = None
) -> Participant:
    """Record that an invited person finished the required e-learning elsewhere."""
    _require_manage(actor, participant.event)
    participant.elearning_confirmed_on = on or timezone.localdate()
    participant.save(update_fields=["elearning_confirmed_on", "updated_at"])
    record(
        "learning.elearning_confirm",
        actor=actor,
        obj=participant,
        organisation=participant.event.organisation,
        request=request,
    )
    _certify_if_eligible(participant, actor=actor)
    return participant


@transaction.atomic
def submit_feedback(
    participant: Participant, *, actor: User, rating: int, useful: str = "", improve: str = ""
) -> Feedback:
    """A participant's own feedback on the event (once; a second one replaces the first)."""
    _require(participant.user_id == actor.pk, _("Only the participant can give their feedback."))
    if not 1 <= int(rating) <= 5:
        raise ValidationError({"rating": _("Choose a rating from 1 to 5.")})
    feedback, _created = Feedback.objects.update_or_create(
        participant=participant, defaults={"rating": int(rating), "useful": useful, "improve": improve}
    )
    record("learning.feedback_submit", actor=actor, obj=participant.event, organisation=participant.event.organisation)
    return feedback


# --- Certificates -------------------------------------------------------------------------


def _new_certificate(
    participant: Participant, *, actor: User | None, issued_on: date | None, reason: str
) -> Certificate:
    programme = participant.event.programme
    issued = issued_on or timezone.localdate()
    earlier = (
        Certificate.objects.filter(
            programme=programme, holder=participant.user, revoked_at__isnull=True, renewed_by__isnull=True
        )
        .order_by("-issued_on")
        .first()
        if participant.user_id
        else None
    )
    certificate = Certificate.objects.create(
        renews=earlier,
        programme=programme,
        event=participant.event,
        participant=participant,
        holder=participant.user,
        holder_name=participant.full_name,
        issued_on=issued,
        valid_until=add_months(issued, programme.validity_months) if programme.validity_months else None,
        issued_by=actor,
        manual_reason=reason,
    )
    record(
        "learning.certificate_issue",
        actor=actor,
        obj=certificate,
        organisation=participant.event.organisation,
        automatic=not reason,
    )
    return certificate


def _certify_if_eligible(
    participant: Participant, *, actor: User | None, issued_on: date | None = None
) -> Certificate | None:
    if Certificate.objects.filter(participant=participant).exists():
        return None
    if not eligibility(participant).eligible:
        return None
    return _new_certificate(participant, actor=actor, issued_on=issued_on, reason="")


@transaction.atomic
def certify_event(event: TrainingEvent, *, actor: User, issued_on: date | None = None) -> int:
    """Issue the certificates the programme's rule grants and that are not issued yet."""
    _require_manage(actor, event)
    made = 0
    for participant in event.participants.filter(certificate__isnull=True).select_related("event__programme"):
        made += _certify_if_eligible(participant, actor=actor, issued_on=issued_on) is not None
    return made


@transaction.atomic
def issue_certificate(
    participant: Participant, *, actor: User, reason: str, request: HttpRequest | None = None
) -> Certificate:
    """A trainer issues a certificate outside the rule, giving the reason."""
    _require_manage(actor, participant.event)
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": _("Give a reason of at least 10 characters.")})
    if Certificate.objects.filter(participant=participant).exists():
        raise ValidationError(_("This participant already has a certificate."))
    return _new_certificate(participant, actor=actor, issued_on=None, reason=reason.strip())


@transaction.atomic
def revoke_certificate(
    certificate: Certificate, *, actor: User, reason: str, request: HttpRequest | None = None
) -> Certificate:
    _require(access.can_manage_certificate(actor, certificate), _("Only the programme's trainers can revoke it."))
    if certificate.revoked_at is not None:
        raise ValidationError(_("This certificate is already revoked."))
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": _("Give a reason of at least 10 characters.")})
    certificate.revoked_at, certificate.revoked_by, certificate.revoke_reason = timezone.now(), actor, reason.strip()
    certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason", "updated_at"])
    record(
        "learning.certificate_revoke",
        actor=actor,
        obj=certificate,
        organisation=certificate.programme.organisation,
        request=request,
        reason=certificate.revoke_reason,
    )
    return certificate


# --- E-learning ---------------------------------------------------------------------------


def _enrolment(actor: User, course: Course) -> Enrolment:
    enrolment, _created = Enrolment.objects.get_or_create(user=actor, course=course)
    return enrolment


def _after_course_change(actor: User, course: Course) -> None:
    """Complete the enrolment when every lesson is done and every quiz passed; then certify."""
    enrolment = _enrolment(actor, course)
    if enrolment.completed_at is not None:
        return
    lessons = Lesson.objects.filter(module__course=course)
    done = LessonProgress.objects.filter(user=actor, lesson__in=lessons).count()
    quizzes = set(course.quizzes.values_list("pk", flat=True))
    passed = set(
        QuizAttempt.objects.filter(user=actor, quiz__in=quizzes, passed=True).values_list("quiz_id", flat=True)
    )
    if done < lessons.count() or passed != quizzes:
        return
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["completed_at", "updated_at"])
    record("learning.course_complete", actor=actor, obj=course)
    participations = Participant.objects.filter(
        user=actor, certificate__isnull=True, event__programme__required_courses=course
    ).select_related("event__programme")
    for participant in participations:
        _certify_if_eligible(participant, actor=None)


@transaction.atomic
def complete_lesson(lesson: Lesson, *, actor: User) -> LessonProgress:
    """Mark a lesson done and remember it as the place to resume."""
    course = lesson.module.course
    if not access.visible_courses(actor).filter(pk=course.pk).exists():
        raise PermissionDenied
    progress, _created = LessonProgress.objects.get_or_create(user=actor, lesson=lesson)
    enrolment = _enrolment(actor, course)
    enrolment.last_lesson = lesson
    enrolment.save(update_fields=["last_lesson", "updated_at"])
    _after_course_change(actor, course)
    return progress


def attempts_left(quiz: Quiz, user: User) -> int | None:
    if not quiz.max_attempts:
        return None
    used = QuizAttempt.objects.filter(quiz=quiz, user=user, submitted_at__isnull=False).count()
    return max(quiz.max_attempts - used, 0)


@transaction.atomic
def start_attempt(quiz: Quiz, *, actor: User) -> QuizAttempt:
    """Begin (or resume) a sitting; the question order is shuffled once when the quiz says so."""
    if not access.visible_quizzes(actor).filter(pk=quiz.pk).exists():
        raise PermissionDenied
    open_attempt = QuizAttempt.objects.filter(quiz=quiz, user=actor, submitted_at__isnull=True).first()
    if open_attempt is not None:
        return open_attempt
    if attempts_left(quiz, actor) == 0:
        raise ValidationError(_("You have used every attempt at this quiz."))
    order = [str(pk) for pk in quiz.questions.values_list("pk", flat=True)]
    if quiz.shuffle:
        random.shuffle(order)
    return QuizAttempt.objects.create(quiz=quiz, user=actor, question_order=order)


def grade(quiz: Quiz, answers: Mapping[str, Iterable[str]]) -> tuple[Decimal, dict[str, bool]]:
    """The score in percent and, per question, whether it was answered right (exactly the right choices)."""
    results: dict[str, bool] = {}
    for question in quiz.questions.prefetch_related("choices"):
        right = {str(c.pk) for c in question.choices.all() if c.is_correct}
        given = {str(pk) for pk in answers.get(str(question.pk), [])}
        results[str(question.pk)] = bool(given) and given == right
    total = len(results)
    score = Decimal(100 * sum(results.values()) / total).quantize(Decimal("0.1")) if total else Decimal(0)
    return score, results


@transaction.atomic
def submit_attempt(attempt: QuizAttempt, *, actor: User, answers: Mapping[str, Iterable[str]]) -> QuizAttempt:
    """Grade a sitting. A programme's pre- or post-test score goes to the learner's participations."""
    _require(attempt.user_id == actor.pk, _("Only the learner can submit their answers."))
    if attempt.submitted_at is not None:
        raise ValidationError(_("These answers were already submitted."))
    quiz = attempt.quiz
    questions = {str(q.pk): q.kind for q in quiz.questions.all()}
    clean: dict[str, list[str]] = {}
    for pk, kind in questions.items():
        chosen = [str(c) for c in answers.get(pk, [])]
        if kind != QuestionKind.MULTIPLE and len(chosen) > 1:
            raise ValidationError(_("Choose one answer for each single-choice question."))
        clean[pk] = chosen
    if not any(clean.values()):
        raise ValidationError(_("Answer at least one question."))
    score, _results = grade(quiz, clean)
    attempt.answers, attempt.score = clean, score
    attempt.passed = score >= quiz.pass_mark
    attempt.submitted_at = timezone.now()
    attempt.save()
    record("learning.quiz_submit", actor=actor, obj=quiz, score=str(score), passed=attempt.passed)
    for participant in Participant.objects.filter(user=actor).select_related("event__programme"):
        programme = participant.event.programme
        if programme.pre_test_id == quiz.pk and participant.pre_score is None:
            participant.pre_score = score
            participant.save(update_fields=["pre_score", "updated_at"])
        if programme.post_test_id == quiz.pk:
            participant.post_score = max(score, participant.post_score or Decimal(0))
            participant.save(update_fields=["post_score", "updated_at"])
            _certify_if_eligible(participant, actor=None)
    if quiz.course_id is not None:
        _after_course_change(actor, quiz.course)  # type: ignore[arg-type]
    return attempt


# --- Mentoring ----------------------------------------------------------------------------


@transaction.atomic
def become_mentor(*, actor: User, province: Any, regency: Any, expertise: str) -> MentorProfile:
    """Only workers holding a valid certificate can list themselves as mentors."""
    from sigap.learning.competency import valid_certificates

    _require(
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
    """A worker asks a listed mentor to mentor them; the pair starts today."""
    if not profile.is_active:
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
    _require(actor.pk in (pair.mentor.user_id, pair.mentee_id), _("Only the mentor and the mentee log sessions."))
    if not topic.strip():
        raise ValidationError({"topic": _("Give the topic of the session.")})
    session = MentoringSession.objects.create(pair=pair, held_on=held_on, topic=topic, notes=notes)
    record("learning.mentoring_session", actor=actor, obj=pair)
    return session


# --- Content: programmes, courses, lessons, quizzes ---------------------------------------

PROGRAMME_FIELDS = (
    "title",
    "description",
    "competency",
    "pre_test",
    "post_test",
    "min_attendance",
    "post_test_pass_mark",
    "validity_months",
)
COURSE_FIELDS = ("title", "summary", "is_published")
LESSON_FIELDS = ("title", "order", "body", "media_kind", "media_url", "media_title")
QUIZ_FIELDS = ("title", "pass_mark", "max_attempts", "shuffle")


def _require_author(actor: User, organisation: Organisation) -> None:
    _require(
        organisation.pk in access.training_organisation_ids(actor),
        _("Only trainers and admins of the organisation can change its training content."),
    )


def _set(obj: Any, fields: tuple[str, ...], values: Mapping[str, Any]) -> list[str]:
    changed = []
    for name in fields:
        if name in values and getattr(obj, name) != values[name]:
            setattr(obj, name, values[name])
            changed.append(name)
    return changed


@transaction.atomic
def save_programme(
    programme: Programme | None,
    *,
    actor: User,
    organisation: Organisation | None = None,
    values: Mapping[str, Any],
    sessions: list[tuple[str, int, str]] | None = None,
    required_courses: Iterable[Course] | None = None,
    request: HttpRequest | None = None,
) -> Programme:
    """Create or change a programme: its rule, tests, required courses and curriculum
    (``sessions`` as (title, minutes, objectives), replacing the old curriculum when given)."""
    new = programme is None
    if programme is None:
        if organisation is None:
            raise ValueError("a new programme needs its organisation")
        programme = Programme(organisation=organisation)
    _require_author(actor, programme.organisation)
    changed = _set(programme, PROGRAMME_FIELDS, values)
    programme.full_clean()
    programme.save()
    if required_courses is not None:
        programme.required_courses.set(required_courses)
        changed.append("required_courses")
    if sessions is not None:
        programme.sessions.all().delete()
        ProgrammeSession.objects.bulk_create(
            ProgrammeSession(programme=programme, title=title, duration_minutes=minutes, objectives=goals, order=n)
            for n, (title, minutes, goals) in enumerate(sessions)
        )
        changed.append("sessions")
    verb = "learning.programme_create" if new else "learning.programme_update"
    record(verb, actor=actor, obj=programme, organisation=programme.organisation, request=request, changed=changed)
    return programme


@transaction.atomic
def save_course(
    course: Course | None,
    *,
    actor: User,
    organisation: Organisation | None = None,
    values: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> Course:
    new = course is None
    if course is None:
        if organisation is None:
            raise ValueError("a new course needs its organisation")
        course = Course(organisation=organisation)
    _require_author(actor, course.organisation)
    changed = _set(course, COURSE_FIELDS, values)
    course.full_clean()
    course.save()
    verb = "learning.course_create" if new else "learning.course_update"
    record(verb, actor=actor, obj=course, organisation=course.organisation, request=request, changed=changed)
    return course


@transaction.atomic
def add_module(course: Course, *, actor: User, title: str, request: HttpRequest | None = None) -> Module:
    _require_author(actor, course.organisation)
    if not title.strip():
        raise ValidationError({"title": _("Give the module a title.")})
    module = Module.objects.create(course=course, title=title.strip(), order=course.modules.count())
    record("learning.module_add", actor=actor, obj=course, organisation=course.organisation, request=request)
    return module


@transaction.atomic
def save_lesson(
    lesson: Lesson | None,
    *,
    actor: User,
    module: Module | None = None,
    values: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> Lesson:
    if lesson is None:
        if module is None:
            raise ValueError("a new lesson needs its module")
        lesson = Lesson(module=module, order=module.lessons.count())
    course = lesson.module.course
    _require_author(actor, course.organisation)
    _set(lesson, LESSON_FIELDS, values)
    if lesson.media_url and not lesson.media_kind:
        raise ValidationError({"media_kind": _("Say what the media address points to.")})
    lesson.full_clean()
    lesson.save()
    record("learning.lesson_save", actor=actor, obj=course, organisation=course.organisation, request=request)
    return lesson


@transaction.atomic
def save_quiz(
    quiz: Quiz | None,
    *,
    actor: User,
    organisation: Organisation | None = None,
    course: Course | None = None,
    values: Mapping[str, Any],
    questions_text: str | None = None,
    request: HttpRequest | None = None,
) -> Quiz:
    """Create or change a quiz; ``questions_text`` (see ``quiztext``) replaces its questions. A quiz
    somebody already sat keeps its questions, so old answers keep their meaning."""
    from sigap.learning.quiztext import parse

    if quiz is None:
        if organisation is None:
            raise ValueError("a new quiz needs its organisation")
        quiz = Quiz(organisation=organisation, course=course)
    _require_author(actor, quiz.organisation)
    parsed = parse(questions_text) if questions_text is not None else None
    _set(quiz, QUIZ_FIELDS, values)
    quiz.full_clean()
    quiz.save()
    if parsed is not None:
        if quiz.attempts.exists():
            raise ValidationError(
                _("Learners already sat this quiz: make a new quiz instead of changing its questions.")
            )
        quiz.questions.all().delete()
        for n, item in enumerate(parsed):
            question = Question.objects.create(
                quiz=quiz, text=item.text, kind=item.kind, order=n, feedback=item.feedback
            )
            Choice.objects.bulk_create(
                Choice(question=question, text=text, is_correct=right, order=m)
                for m, (text, right) in enumerate(item.choices)
            )
    record("learning.quiz_save", actor=actor, obj=quiz, organisation=quiz.organisation, request=request)
    return quiz
