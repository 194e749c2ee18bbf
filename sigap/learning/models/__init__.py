"""Capacity building (docs/learning.md): programmes, training events, e-learning, certificates, mentoring."""

from sigap.learning.models.certificates import Certificate, CertificateStatus, new_certificate_code
from sigap.learning.models.elearning import (
    Choice,
    Course,
    Enrolment,
    Lesson,
    LessonProgress,
    MediaKind,
    Module,
    Question,
    QuestionKind,
    Quiz,
    QuizAttempt,
)
from sigap.learning.models.events import (
    Attendance,
    Competency,
    EventMode,
    EventSession,
    Feedback,
    Participant,
    Programme,
    ProgrammeSession,
    TrainingEvent,
)
from sigap.learning.models.mentoring import MentoringSession, MentorPair, MentorProfile

__all__ = [
    "Attendance",
    "Certificate",
    "CertificateStatus",
    "Choice",
    "Competency",
    "Course",
    "Enrolment",
    "EventMode",
    "EventSession",
    "Feedback",
    "Lesson",
    "LessonProgress",
    "MediaKind",
    "MentorPair",
    "MentorProfile",
    "MentoringSession",
    "Module",
    "Participant",
    "Programme",
    "ProgrammeSession",
    "Question",
    "QuestionKind",
    "Quiz",
    "QuizAttempt",
    "TrainingEvent",
    "new_certificate_code",
]
