"""Who hears about what happens on a case (sigap.notifications): called by the case verbs inside
their transaction. Only case numbers and plan numbers go into the wording, never a client's name."""

from __future__ import annotations

from django.urls import reverse

from sigap.accounts.models import User
from sigap.cases.access import approvers_of
from sigap.cases.models import Case, CasePlan, Closure, TimelineEvent
from sigap.notifications.actions import notify
from sigap.notifications.models import Kind


def case_assigned(case: Case, *, actor: User, event: TimelineEvent) -> None:
    """The new case manager, unless they took the case themselves."""
    notify([case.case_manager], Kind.CASE_ASSIGNED, actor=actor, case=case, dedupe_key=f"timeline:{event.pk}")


def _about(item: CasePlan | Closure) -> tuple[str, str, dict[str, object]]:
    if isinstance(item, CasePlan):
        return "plan", reverse("cases:plan", args=[item.case_id, item.pk]), {"number": item.number}
    return "closure", reverse("cases:closure", args=[item.case_id, item.pk]), {}


def approval_requested(item: CasePlan | Closure, *, actor: User, event: TimelineEvent) -> None:
    """The supervisors who may decide (as on their "My work"), never the one who asked."""
    subject, url, params = _about(item)
    notify(
        approvers_of(item.case),
        Kind.APPROVAL_REQUESTED,
        actor=actor,
        case=item.case,
        target=item,
        url=url,
        context={"variant": subject, **params},
        dedupe_key=f"timeline:{event.pk}",
    )


def approval_decided(item: CasePlan | Closure, *, actor: User, approved: bool, event: TimelineEvent) -> None:
    """The case manager and whoever asked for the decision, if somebody else."""
    subject, url, params = _about(item)
    asked_by = item.submitted_by if isinstance(item, CasePlan) else item.requested_by
    notify(
        [item.case.case_manager, asked_by],
        Kind.APPROVAL_DECIDED,
        actor=actor,
        case=item.case,
        target=item,
        url=url,
        context={"variant": f"{subject}_{'approved' if approved else 'returned'}", **params},
        dedupe_key=f"timeline:{event.pk}",
    )
