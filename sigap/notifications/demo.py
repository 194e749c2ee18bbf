"""Demo notifications (``manage.py seed_demo_cases``): what the demo caseworkers and supervisors
would have been told about their demo cases, so the notification centre has something to show.

The demo cases are seeded with notifications muted (they replay months of events at once); this
then tells each supervisor about up to three approvals waiting for them (unread), and each
caseworker about their three latest open cases (the newest unread), their oldest takedown request
without progress (unread) and their latest approved plan (read). No email is sent. Safe to run
again: every notification has a ``demo:`` dedupe key.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from sigap.cases.models import Case, CasePlan, Closure, Stage
from sigap.cases.mywork import approvals_waiting_for
from sigap.notifications.actions import mark_read, muted, notify
from sigap.notifications.models import Kind
from sigap.online.access import reminders_for
from sigap.organisations.demo import ORGANISATIONS
from sigap.organisations.models import Membership
from sigap.organisations.roles import Role

PER_PERSON = 3


def _memberships(role: str) -> list[Membership]:
    names = [spec.name for spec in ORGANISATIONS]
    return list(
        Membership.objects.filter(organisation__name__in=names, role=role, is_active=True)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__email")
    )


@transaction.atomic
def seed_notifications_demo() -> int:
    """Make the demo notifications that are missing; returns how many were made."""
    made = 0
    with muted(email_only=True):
        for membership in _memberships(Role.SUPERVISOR):
            supervisor = membership.user
            waiting = approvals_waiting_for(supervisor)
            items: list[CasePlan | Closure] = [*waiting.plans[:PER_PERSON], *waiting.closures[:PER_PERSON]]
            for item in items[:PER_PERSON]:
                is_plan = isinstance(item, CasePlan)
                made += len(
                    notify(
                        [supervisor],
                        Kind.APPROVAL_REQUESTED,
                        actor=item.submitted_by if isinstance(item, CasePlan) else item.requested_by,
                        case=item.case,
                        target=item,
                        url=reverse("cases:plan" if is_plan else "cases:closure", args=[item.case_id, item.pk]),
                        context={"variant": "plan" if is_plan else "closure", "number": getattr(item, "number", "")},
                        dedupe_key=f"demo:approval:{item.pk}",
                    )
                )
        for membership in _memberships(Role.CASEWORKER):
            worker = membership.user
            cases = Case.objects.filter(case_manager=worker, organisation=membership.organisation).exclude(
                stage=Stage.CLOSED
            )
            for n, case in enumerate(cases.order_by("-registered_at")[:PER_PERSON]):
                for notification in notify(
                    [worker], Kind.CASE_ASSIGNED, case=case, dedupe_key=f"demo:assigned:{case.pk}"
                ):
                    made += 1
                    if n:
                        mark_read(notification, actor=worker)
            plan = (
                CasePlan.objects.filter(case__case_manager=worker, status=CasePlan.Status.APPROVED)
                .select_related("case", "decided_by")
                .order_by("-decided_at")
                .first()
            )
            reminder = reminders_for(worker).first()  # a quiet takedown request of the online demo
            if reminder is not None:
                takedown = reminder.takedown
                made += len(
                    notify(
                        [worker],
                        Kind.TAKEDOWN_REMINDER,
                        case=takedown.case,
                        target=takedown,
                        url=reverse("online:takedown", args=[takedown.case_id, takedown.pk]),
                        context={"days": (reminder.created_at - reminder.quiet_since).days},
                        dedupe_key=f"demo:takedown_reminder:{reminder.pk}",
                    )
                )
            if plan is not None:
                for notification in notify(
                    [worker],
                    Kind.APPROVAL_DECIDED,
                    actor=plan.decided_by,
                    case=plan.case,
                    target=plan,
                    url=reverse("cases:plan", args=[plan.case_id, plan.pk]),
                    context={"variant": "plan_approved", "number": plan.number},
                    dedupe_key=f"demo:plan_approved:{plan.pk}",
                ):
                    made += 1
                    mark_read(notification, actor=worker)
    return made
