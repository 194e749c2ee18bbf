"""The certification rule of a programme and the numbers of an event's report."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Avg, Count, Q

from sigap.learning.models import Attendance, Certificate, Enrolment, LessonProgress, Participant, TrainingEvent


@dataclass(frozen=True)
class Eligibility:
    attendance: int  # percent of the event's sessions attended
    attendance_ok: bool
    elearning_ok: bool
    post_test_ok: bool

    @property
    def eligible(self) -> bool:
        return self.attendance_ok and self.elearning_ok and self.post_test_ok


def attendance_percent(participant: Participant, sessions: int | None = None) -> int:
    total = participant.event.sessions.count() if sessions is None else sessions
    if not total:
        return 0
    present = participant.attendance.filter(present=True).count()
    return round(100 * present / total)


def elearning_done(participant: Participant) -> bool:
    """Every required course completed by the participant's account, or confirmed by a facilitator
    (an invited person who did the e-learning elsewhere)."""
    required = list(participant.event.programme.required_courses.values_list("pk", flat=True))
    if not required or participant.elearning_confirmed_on is not None:
        return True
    if participant.user_id is None:
        return False
    done = Enrolment.objects.filter(
        user_id=participant.user_id, course_id__in=required, completed_at__isnull=False
    ).count()
    return done == len(required)


def eligibility(participant: Participant) -> Eligibility:
    programme = participant.event.programme
    attended = attendance_percent(participant)
    return Eligibility(
        attendance=attended,
        attendance_ok=attended >= programme.min_attendance,
        elearning_ok=elearning_done(participant),
        post_test_ok=participant.post_score is not None
        and participant.post_score >= Decimal(programme.post_test_pass_mark),
    )


def _mean(value: Any) -> float | None:
    return None if value is None else round(float(value), 1)


def event_report(event: TrainingEvent) -> dict[str, Any]:
    """The cohort's numbers: who came from where, attendance, scores and certificates (no names)."""
    participants = event.participants.all()
    totals = participants.aggregate(
        count=Count("pk"),
        provinces=Count("province", distinct=True),
        regencies=Count("regency", distinct=True),
        mean_pre=Avg("pre_score"),
        mean_post=Avg("post_score"),
    )
    sessions = list(event.sessions.order_by("order").values("pk", "title"))
    present = dict(
        Attendance.objects.filter(session__event=event, present=True)
        .values_list("session_id")
        .annotate(n=Count("pk"))
        .values_list("session_id", "n")
    )
    possible = totals["count"] * len(sessions)
    attended = sum(present.values())
    by_province = list(
        participants.values("province_id", "province__name").annotate(n=Count("pk")).order_by("province_id")
    )
    certificates = Certificate.objects.filter(event=event)
    buckets = [0] * 5  # post-test scores 0–19, 20–39 … 80–100
    for score in participants.exclude(post_score__isnull=True).values_list("post_score", flat=True):
        buckets[min(int(score or 0) // 20, 4)] += 1
    return {
        "event": str(event.pk),
        "title": event.title,
        "participants": totals["count"],
        "provinces": totals["provinces"],
        "regencies": totals["regencies"],
        "sessions": len(sessions),
        "attendance_rate": round(100 * attended / possible, 1) if possible else None,
        "mean_pre_score": _mean(totals["mean_pre"]),
        "mean_post_score": _mean(totals["mean_post"]),
        "certificates_issued": certificates.count(),
        "certificates_revoked": certificates.filter(revoked_at__isnull=False).count(),
        "feedback_count": participants.filter(feedback__isnull=False).count(),
        "mean_feedback_rating": _mean(participants.aggregate(r=Avg("feedback__rating"))["r"]),
        "by_province": [
            {"code": row["province_id"], "name": row["province__name"], "participants": row["n"]} for row in by_province
        ],
        "attendance_by_session": [{"title": s["title"], "present": present.get(s["pk"], 0)} for s in sessions],
        "post_score_distribution": [
            {"range": label, "participants": n}
            for label, n in zip(("0–19", "20–39", "40–59", "60–79", "80–100"), buckets, strict=True)
        ],
    }


def small_cohort(report: dict[str, Any]) -> bool:
    """Fewer participants than ``SIGAP_REPORT_MIN_CELL``: a mean or a comment points at a person."""
    return bool(report["participants"] < settings.SIGAP_REPORT_MIN_CELL)


def report_for_reader(report: dict[str, Any], *, manages: bool) -> dict[str, Any]:
    """The report as a reader who does not run the event sees it: for a small cohort, no mean scores,
    score distribution or feedback rating (colleagues who sat the event could work out each other's
    scores). The event's trainers see everything, as they see each participant's row."""
    if manages or not small_cohort(report):
        return report
    return {
        **report,
        "mean_pre_score": None,
        "mean_post_score": None,
        "mean_feedback_rating": None,
        "post_score_distribution": [{**row, "participants": 0} for row in report["post_score_distribution"]],
    }


def participants_with_progress(event: TrainingEvent) -> Any:
    """Participants annotated with their attendance count (one query)."""
    return event.participants.select_related("province", "regency", "certificate").annotate(
        present=Count("attendance", filter=Q(attendance__present=True))
    )


def cohort_rows(event: TrainingEvent, participants: list[Participant]) -> tuple[list[Any], list[dict[str, Any]]]:
    """The required courses, and per participant lessons done and completion of each (fixed queries)."""
    courses = list(event.programme.required_courses.annotate(lessons=Count("modules__lessons")).order_by("title"))
    user_ids = [p.user_id for p in participants if p.user_id]
    done = {
        (row["user_id"], row["lesson__module__course_id"]): row["n"]
        for row in LessonProgress.objects.filter(user_id__in=user_ids, lesson__module__course__in=courses)
        .values("user_id", "lesson__module__course_id")
        .annotate(n=Count("pk"))
    }
    completed = set(
        Enrolment.objects.filter(user_id__in=user_ids, course__in=courses, completed_at__isnull=False).values_list(
            "user_id", "course_id"
        )
    )
    rows = [
        {
            "participant": p,
            "courses": [
                {
                    "course": c.pk,
                    "done": done.get((p.user_id, c.pk), 0) if p.user_id else 0,
                    "total": c.lessons,
                    "complete": (p.user_id, c.pk) in completed,
                }
                for c in courses
            ],
        }
        for p in participants
    ]
    return courses, rows
