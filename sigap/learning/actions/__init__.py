"""Capacity-building verbs (one function per business verb), grouped by what they change.

Each checks permission, runs in one transaction and writes its audit event. Import them from here:
``from sigap.learning import actions; actions.mark_attendance(...)``.
"""

from sigap.learning.actions.certificates import certify_event, issue_certificate, revoke_certificate
from sigap.learning.actions.common import add_months
from sigap.learning.actions.content import (
    COURSE_FIELDS,
    LESSON_FIELDS,
    PROGRAMME_FIELDS,
    QUIZ_FIELDS,
    add_module,
    open_lesson_file,
    save_course,
    save_lesson,
    save_programme,
    save_quiz,
)
from sigap.learning.actions.elearning import (
    attempts_left,
    complete_lesson,
    grade,
    is_programme_test,
    start_attempt,
    submit_attempt,
)
from sigap.learning.actions.events import (
    EVENT_FIELDS,
    PARTICIPANT_FIELDS,
    add_facilitator,
    add_participant,
    confirm_elearning,
    create_event,
    mark_attendance,
    record_scores,
    submit_feedback,
    update_event,
)
from sigap.learning.actions.mentoring import ask_mentor, become_mentor, log_mentoring_session

__all__ = [
    "COURSE_FIELDS",
    "EVENT_FIELDS",
    "LESSON_FIELDS",
    "PARTICIPANT_FIELDS",
    "PROGRAMME_FIELDS",
    "QUIZ_FIELDS",
    "add_facilitator",
    "add_module",
    "add_months",
    "add_participant",
    "ask_mentor",
    "attempts_left",
    "become_mentor",
    "certify_event",
    "complete_lesson",
    "confirm_elearning",
    "create_event",
    "grade",
    "is_programme_test",
    "issue_certificate",
    "log_mentoring_session",
    "mark_attendance",
    "open_lesson_file",
    "record_scores",
    "revoke_certificate",
    "save_course",
    "save_lesson",
    "save_programme",
    "save_quiz",
    "start_attempt",
    "submit_attempt",
    "submit_feedback",
    "update_event",
]
