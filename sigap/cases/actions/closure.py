"""Closure verbs: request with checklist, a supervisor's decision, reopening."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.accounts.models import User
from sigap.cases.access import can_approve, can_edit_case
from sigap.cases.actions import (
    ConflictError,
    move_stage,
    notices,
    require_edit,
    timeline,
)
from sigap.cases.actions.common import require_decider, require_open_case
from sigap.cases.closure_hooks import settle_on_closure
from sigap.cases.codes import ClosureReason
from sigap.cases.models import (
    Case,
    CasePlan,
    Closure,
)

# --- Closure and reopening ------------------------------------------------------------------

CLOSURE_CHECKLIST: list[tuple[str, Any]] = [
    ("goals_reviewed", gettext_lazy("The plan's goals were reviewed")),
    ("client_informed", gettext_lazy("The client (for a child, also the parent or guardian) was told of the closure")),
    ("referrals_closed", gettext_lazy("Open referrals are closed or handed over")),
    ("safety_checked", gettext_lazy("Safety was checked again: no immediate danger remains")),
    ("records_complete", gettext_lazy("The case record is complete (services, follow-ups, notes)")),
]

# Items that cannot be done for some reasons: nobody to inform after a death or when unreachable.
_NOT_POSSIBLE: dict[str, set[str]] = {
    ClosureReason.DIED: {"client_informed", "safety_checked"},
    ClosureReason.MOVED_UNREACHABLE: {"client_informed"},
}

_DETAIL_REQUIRED = {ClosureReason.OTHER, ClosureReason.TRANSFERRED}


def checklist_items_for(case: Case, reason: str) -> list[tuple[str, Any, bool]]:
    """(key, label, required) for each checklist item, given the case and the closure reason.

    Reviewing goals is only required when the case ever had an approved plan.
    """
    had_plan = case.plans.filter(status__in=[CasePlan.Status.APPROVED, CasePlan.Status.SUPERSEDED]).exists()
    optional = set(_NOT_POSSIBLE.get(reason, set()))
    if not had_plan:
        optional.add("goals_reviewed")
    return [(key, label, key not in optional) for key, label in CLOSURE_CHECKLIST]


@transaction.atomic
def request_closure(
    case: Case, *, actor: User, reason: str, reason_detail: str = "", checklist: Mapping[str, bool]
) -> Closure:
    """Ask a supervisor to close the case, with the reason and the closure checklist confirmed."""
    require_edit(actor, case)
    if case.closures.filter(status=Closure.Status.PENDING).exists():
        raise ValidationError(_("A closure request is already waiting for approval."), code="pending")
    errors: dict[str, list[str]] = {}
    if reason not in ClosureReason.values:
        errors["reason"] = [_("Choose the reason for closing.")]
    elif reason in _DETAIL_REQUIRED and not reason_detail.strip():
        errors["reason_detail"] = [_("Give the details of this reason.")]
    items = checklist_items_for(case, reason)
    missing = [str(label) for key, label, required in items if required and not checklist.get(key)]
    if missing:
        errors["checklist"] = [_("Confirm: %(item)s.") % {"item": item} for item in missing]
    if errors:
        raise ValidationError(errors)
    closure = Closure.objects.create(
        case=case,
        reason=reason,
        reason_detail=reason_detail,
        checklist={key: bool(checklist.get(key)) for key, _label, _required in items},
        requested_by=actor,
    )
    event = timeline(
        case,
        "closure_requested",
        actor=actor,
        summary=str(closure.get_reason_display()),
        closure=str(closure.pk),
        reason=reason,
    )
    notices.approval_requested(closure, actor=actor, event=event)
    return closure


def _decide_closure(closure: Closure, *, actor: User, status: str, comment: str) -> None:
    """Move a pending request to its decision once, even when two supervisors press at once."""
    require_decider(actor, closure.case, closure.requested_by_id)
    require_open_case(closure.case)
    if closure.status != Closure.Status.PENDING:
        raise ValidationError(_("This closure request is not waiting for approval."), code="not_pending")
    now = timezone.now()
    updated = Closure.objects.filter(pk=closure.pk, status=Closure.Status.PENDING).update(
        status=status, decided_at=now, decided_by=actor, decision_comment=comment, updated_at=now
    )
    if not updated:
        raise ConflictError(_("Somebody else decided this request in the meantime."), code="conflict")
    closure.status, closure.decided_at, closure.decided_by, closure.decision_comment = status, now, actor, comment


@transaction.atomic
def approve_closure(closure: Closure, *, actor: User, comment: str = "") -> Closure:
    """A supervisor approves the closure; the case closes and its open deadlines with it, and the
    apps registered in ``sigap.cases.closure_hooks`` settle their open records."""
    case = closure.case
    _decide_closure(closure, actor=actor, status=Closure.Status.APPROVED, comment=comment)
    # Other apps settle what they have open on the case (unanswered referrals are cancelled).
    settle_on_closure(case, actor=actor)
    now = timezone.now()
    case.tasks.filter(done_at__isnull=True).update(
        done_at=now, done_by=actor, note=_("Closed with the case"), updated_at=now
    )
    event = timeline(
        case,
        "closure_approved",
        actor=actor,
        summary=str(closure.get_reason_display()),
        closure=str(closure.pk),
    )
    notices.approval_decided(closure, actor=actor, approved=True, event=event)
    move_stage(case, "close", actor=actor)
    return closure


@transaction.atomic
def return_closure(closure: Closure, *, actor: User, comment: str) -> Closure:
    """A supervisor sends the closure request back; the case stays open."""
    if not comment.strip():
        raise ValidationError({"comment": [_("Say why the case should stay open.")]})
    _decide_closure(closure, actor=actor, status=Closure.Status.RETURNED, comment=comment)
    event = timeline(
        closure.case,
        "closure_returned",
        actor=actor,
        summary=_("Closure returned: %(comment)s") % {"comment": comment},
        closure=str(closure.pk),
    )
    notices.approval_decided(closure, actor=actor, approved=False, event=event)
    return closure


@transaction.atomic
def reopen_case(case: Case, *, actor: User, reason: str) -> Case:
    """Reopen a closed case (back to follow-up, with a follow-up deadline); the reason is kept."""
    if not (can_edit_case(actor, case) or can_approve(actor, case)):
        raise PermissionDenied(_("You may not change this case."))
    if not case.is_closed:
        raise ValidationError(_("This case is not closed."), code="not_closed")
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the case is reopened.")]})
    now = timezone.now()
    Closure.objects.filter(case=case, status=Closure.Status.APPROVED, reopened_at__isnull=True).update(
        status=Closure.Status.REOPENED, reopened_at=now, reopened_by=actor, reopen_reason=reason, updated_at=now
    )
    # The reason is free text that may name people: it stays in the timeline's summary, on the
    # closure and in the access-controlled change history, never in the details the audit event
    # copies (the admin shows those to staff).
    timeline(case, "reopened", actor=actor, summary=reason)
    move_stage(case, "reopen", actor=actor, reason=reason)
    return case
