"""Small helpers shared by the work verbs."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.cases.access import can_approve
from sigap.cases.actions import (
    bump_version,
    rate_risk,
    require_open,
)
from sigap.cases.models import (
    Case,
)


def bump(obj: Model, expected: int | None) -> None:
    bump_version(obj, expected)  # type: ignore[arg-type]  # works for any model with a ``version`` field


def risk_follows(case: Case, *, actor: User, risk_level: str, reason: str) -> None:
    """The case risk follows a new rating (assessment, follow-up); unchanged levels leave it alone."""
    if risk_level and risk_level != case.risk_level:
        rate_risk(case, actor=actor, risk_level=risk_level, reason=reason)


def require_open_case(case: Case) -> None:
    require_open(case)


def require_decider(actor: User, case: Case, submitted_by_id: Any) -> None:
    """Plans and closures are decided by a supervisor of the case, never by whoever asked."""
    if not can_approve(actor, case):
        raise PermissionDenied(_("Only a supervisor of this case may decide."))
    if submitted_by_id == actor.pk:
        raise PermissionDenied(_("You asked for this yourself: another supervisor must decide."))
