"""The other roles' queues: the intake officer's registrations, the DPO's requests and breaches
(overdue first), the trainer's events, the organisation admin's members to settle, the learner's
courses and events; and what comes to anyone (new referrals to answer, takedown requests without
progress, break-glass openings of one's cases)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sigap.accounts.access import active_memberships, has_capability
from sigap.cases import mywork
from sigap.home.panels import Entry, Home, Panel, PanelData, register
from sigap.learning import access as learning_access
from sigap.learning.models import Certificate, Enrolment, Participant, TrainingEvent
from sigap.online.access import reminders_for
from sigap.organisations.access import administered_organisation_ids
from sigap.organisations.models import Membership
from sigap.organisations.roles import Capability, Role
from sigap.privacy.access import visible_breaches, visible_requests
from sigap.privacy.models import BREACH_NOTIFICATION_HOURS, Breach, SubjectRequest
from sigap.referrals.access import referrals_waiting_for

SHOWN = 10
EVENTS_AHEAD_DAYS = 14
EVENTS_BEHIND_DAYS = 60  # finished events whose scores or certificates are still missing
CERTIFICATE_NOTICE_DAYS = 90


def _first(qs: Any, n: int = SHOWN) -> tuple[list[Any], bool]:
    rows = list(qs[: n + 1])
    return rows[:n], len(rows) > n


# --- Intake ---------------------------------------------------------------------------------


def registrations(home: Home) -> PanelData | None:
    """Intake officers only: caseworkers and supervisors have their cases instead."""
    user = home.user
    if not has_capability(user, Capability.REGISTER_CASES) or has_capability(user, Capability.MANAGE_CASES):
        return None
    entries = []
    for case in mywork.recent_registrations(user):
        detail: str | Promise = _("waiting for a case manager")
        if case.case_manager is not None:
            detail = _("assigned to %(name)s") % {"name": case.case_manager.full_name}
        visible = bool(getattr(case, "still_visible", False))
        entries.append(
            Entry(
                title=case.number,
                url=reverse("cases:detail", args=[case.pk]) if visible else "",
                case_id=case.pk if visible else None,
                case_number=case.number,
                client_name=case.primary_client_name if visible else "",
                detail=detail,
                since=case.registered_at,
                tag="registration",
            )
        )
    return PanelData(
        title=_("Your recent registrations"),
        entries=entries,
        lead=_("Register a new report as soon as it comes in; a supervisor assigns the case manager."),
        more_url=reverse("cases:new"),
        more_label=_("Register a case"),
        empty=_("You have not registered a case yet."),
        extra={"emphasis": True},
    )


# --- Data protection ------------------------------------------------------------------------


def subject_requests(home: Home) -> PanelData | None:
    """The DPO's open requests, the earliest answer due first (so the overdue ones lead)."""
    if not has_capability(home.user, Capability.MANAGE_DATA_PROTECTION):
        return None
    open_requests = visible_requests(home.user).filter(
        status__in=[SubjectRequest.Status.RECEIVED, SubjectRequest.Status.IN_PROGRESS]
    )
    rows, _more = _first(open_requests.select_related("organisation").order_by("due_at", "id"))
    entries = [
        Entry(
            title=request.get_kind_display(),
            url=reverse("privacy:request", args=[request.pk]),
            detail=f"{request.get_status_display()} · {request.organisation.short_name or request.organisation.name}",
            due_at=request.due_at,
            state=_state(request.due_state),
            since=request.received_at,
            tag="subject-request",
        )
        for request in rows
    ]
    return PanelData(
        title=_("Data subjects' requests to answer"),
        entries=entries,
        total=open_requests.count(),
        more_url=reverse("privacy:requests"),
        more_label=_("All requests"),
        empty=_("No request is waiting for an answer."),
        extra={"emphasis": True},
    )


def breaches(home: Home) -> PanelData | None:
    """Breaches whose authority or people affected are not notified yet (3×24 hours)."""
    if not has_capability(home.user, Capability.MANAGE_DATA_PROTECTION):
        return None
    pending = visible_breaches(home.user).exclude(status=Breach.Status.CLOSED)
    pending = pending.filter(Q(authority_notified_at__isnull=True) | Q(subjects_notified_at__isnull=True))
    rows, more = _first(pending.select_related("organisation").order_by("discovered_at", "id"))
    entries = [
        Entry(
            title=_("Breach discovered %(when)s") % {"when": _short(breach.discovered_at)},
            url=reverse("privacy:breach", args=[breach.pk]),
            detail=breach.get_risk_display() if breach.risk else "",
            due_at=breach.notification_due_at,
            state=_state(breach.due_state),
            tag="breach",
        )
        for breach in rows
    ]
    return PanelData(
        title=_("Breaches to notify"),
        lead=_("The supervisory body and the people affected are told within %(h)s hours.")
        % {"h": BREACH_NOTIFICATION_HOURS},
        entries=entries,
        more_url=reverse("privacy:breaches") if more else "",
        more_label=_("The breach register"),
        extra={"more": more, "api": {"more": more}},
    )


def _state(privacy_state: str) -> str:
    return privacy_state if privacy_state in {"overdue", "due_soon"} else ""


def _short(value: Any) -> str:
    from django.utils import dateformat

    return dateformat.format(timezone.localtime(value), "j M Y")


# --- Training -------------------------------------------------------------------------------


def trainer_events(home: Home) -> PanelData | None:
    """Events under way or starting within two weeks, and finished ones with scores or
    certificates still to record."""
    if not has_capability(home.user, Capability.MANAGE_TRAINING):
        return None
    today = timezone.localdate(home.now)
    managed = learning_access.managed_events(home.user)
    missing_scores = Exists(Participant.objects.filter(event=OuterRef("pk"), post_score__isnull=True))
    no_certificate = ~Exists(Certificate.objects.filter(event=OuterRef("pk")))
    coming = Q(end_date__gte=today, start_date__lte=today + timedelta(days=EVENTS_AHEAD_DAYS))
    finished = Q(end_date__lt=today, end_date__gte=today - timedelta(days=EVENTS_BEHIND_DAYS)) & (
        Q(missing_scores=True) | Q(no_certificate=True)
    )
    events = (
        managed.annotate(missing_scores=missing_scores, no_certificate=no_certificate)
        .filter(coming | finished)
        .order_by("end_date", "start_date", "id")
    )
    rows, more = _first(events)
    entries = []
    for event in rows:
        detail: str | Promise
        if event.end_date < today:
            todo = [str(_("post-test scores")) if event.missing_scores else "", ""]
            if event.no_certificate:
                todo[1] = str(_("certificates"))
            detail = _("Finished; still to record: %(what)s") % {"what": ", ".join(t for t in todo if t)}
            state = "overdue"
        elif event.start_date <= today:
            detail, state = _("Under way"), "due_soon"
        else:
            detail, state = _("Starts %(day)s") % {"day": _day(event.start_date)}, ""
        entries.append(
            Entry(title=event.title, url=event.get_absolute_url(), detail=detail, state=state, tag="training-event")
        )
    return PanelData(
        title=_("Your training events"),
        entries=entries,
        more_url=reverse("learning:events"),
        more_label=_("All events"),
        empty=_("No event in the next two weeks, nothing left to record."),
        extra={"more": more, "api": {"more": more}},
    )


def _day(value: Any) -> str:
    from django.utils import dateformat

    return dateformat.format(value, "j M Y")


def learner(home: Home) -> PanelData | None:
    """What the user is learning: courses to continue, events to attend, certificates to renew."""
    user = home.user
    today = timezone.localdate(home.now)
    enrolments, _m1 = _first(
        Enrolment.objects.filter(user=user, completed_at__isnull=True).select_related("course").order_by("-updated_at"),
        5,
    )
    events, _m2 = _first(
        TrainingEvent.objects.filter(participants__user=user, end_date__gte=today).order_by("start_date", "id"), 5
    )
    certificates, _m3 = _first(
        Certificate.objects.filter(
            holder=user,
            revoked_at__isnull=True,
            valid_until__gte=today,
            valid_until__lte=today + timedelta(days=CERTIFICATE_NOTICE_DAYS),
        )
        .select_related("programme")
        .order_by("valid_until"),
        5,
    )
    entries = [
        Entry(
            title=_("Continue: %(course)s") % {"course": e.course.title},
            url=e.course.get_absolute_url(),
            since=e.updated_at,
            tag="course",
        )
        for e in enrolments
    ]
    entries += [
        Entry(
            title=event.title,
            url=event.get_absolute_url(),
            detail=_("Training from %(day)s") % {"day": _day(event.start_date)},
            state="due_soon" if event.start_date <= today else "",
            tag="my-event",
        )
        for event in events
    ]
    entries += [
        Entry(
            title=_("Certificate valid until %(day)s") % {"day": _day(c.valid_until)},
            url=c.get_absolute_url(),
            detail=str(c.programme) if c.programme_id else "",
            state="due_soon",
            tag="certificate",
        )
        for c in certificates
    ]
    without_organisation = not active_memberships(user)
    return PanelData(
        title=_("Your learning"),
        entries=entries,
        more_url=reverse("learning:home"),
        more_label=_("Courses and training"),
        # Those with no organisation have nothing else here: say where to start.
        empty=_("Nothing in progress. Start a course from the learning pages.") if without_organisation else "",
    )


# --- Organisation admin ---------------------------------------------------------------------


def members(home: Home) -> PanelData | None:
    """Caseworkers without a supervisor (their plans and closures wait for nobody) and members who
    never signed in (their welcome email may not have arrived)."""
    orgs = administered_organisation_ids(home.user)
    if not orgs:
        return None
    active = Membership.objects.filter(organisation_id__in=orgs, is_active=True).select_related("user", "organisation")
    no_supervisor, more1 = _first(
        active.filter(role=Role.CASEWORKER, supervisor__isnull=True).order_by("user__full_name", "id")
    )
    never, more2 = _first(active.filter(user__last_login__isnull=True).order_by("-created_at", "id"))
    entries = [
        Entry(
            title=m.user.full_name,
            url=reverse("organisations:member", args=[m.pk]),
            detail=_("Caseworker without a supervisor"),
            state="due_soon",
            tag="member",
        )
        for m in no_supervisor
    ]
    entries += [
        Entry(
            title=m.user.full_name,
            url=reverse("organisations:member", args=[m.pk]),
            detail=_("Has not signed in yet (%(role)s)") % {"role": m.get_role_display()},
            since=m.created_at,
            tag="member",
        )
        for m in never
    ]
    more = more1 or more2
    return PanelData(
        title=_("Members to settle"),
        entries=entries,
        more_url=reverse("organisations:my_members"),
        more_label=_("All members"),
        empty=_("Every caseworker has a supervisor and every member has signed in."),
        extra={"more": more, "api": {"more": more}},
    )


# --- What comes to anyone -------------------------------------------------------------------


def referrals(home: Home) -> PanelData | None:
    rows, more = _first(referrals_waiting_for(home.user), 20)
    entries = [
        Entry(
            title=str(r.get_service_type_display()) + (f" · {r.service.name}" if r.service_id else ""),
            url=r.get_absolute_url(),
            detail=_("From %(org)s") % {"org": r.from_organisation.name},
            due_at=r.due_at,
            state="overdue" if r.is_overdue else "",
            tag="referral-waiting",
            extra={"urgency": r.urgency, "urgency_label": r.get_urgency_display()},
        )
        for r in rows
    ]
    return PanelData(
        title=_("New referrals waiting for an answer"),
        entries=entries,
        more_url=reverse("referrals:inbox") + "?status=sent",
        more_label=_("All referrals received"),
        extra={"more": more, "api": {"more": more}, "referrals": rows},
    )


def takedowns(home: Home) -> PanelData | None:
    rows, more = _first(reminders_for(home.user), 20)
    entries = [
        Entry(
            title=f"{r.takedown.get_channel_display()} · {r.takedown.get_platform_display()}",
            url=reverse("online:takedown", args=[r.takedown.case_id, r.takedown_id]),
            case_id=r.takedown.case_id,
            case_number=r.takedown.case.number,
            detail=_("no progress since %(day)s") % {"day": _short(r.quiet_since)},
            state="due_soon",
            tag="takedown-reminder",
        )
        for r in rows
    ]
    return PanelData(
        title=_("Takedown requests without progress"), entries=entries, extra={"more": more, "reminders": rows}
    )


def break_glass(home: Home) -> PanelData | None:
    notices = mywork.break_glass_notices(home.user)
    entries = [
        Entry(
            title=_("%(who)s opened %(number)s")
            % {"who": n.user.full_name if n.user else "", "number": n.object_label},
            url=reverse("cases:access_log", args=[n.case_id]),
            case_id=n.case_id,
            detail=_("Reason: %(reason)s") % {"reason": n.reason},
            since=n.time,
            tag="break-glass",
        )
        for n in notices
    ]
    return PanelData(title=_("Your cases opened by break-glass"), entries=entries, extra={"notices": notices})


register(Panel("break_glass", 1, break_glass, template="home/panels/break_glass.html"))
register(Panel("registrations", 8, registrations))
register(Panel("subject_requests", 10, subject_requests))
register(Panel("breaches", 12, breaches))
register(Panel("trainer_events", 14, trainer_events))
register(Panel("members", 16, members))
register(Panel("referrals", 25, referrals, template="home/panels/referrals.html"))
register(Panel("takedowns", 26, takedowns, template="home/panels/takedowns.html"))
register(Panel("learner", 90, learner))
