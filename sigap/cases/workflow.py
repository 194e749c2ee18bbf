"""The case stages as an explicit state machine (docs/cases.md).

identification → assessment → planning → implementation → follow_up → closed, and closed → reopened
(back to follow_up). Each transition has a guard that says, in the user's language, why it cannot
happen yet. Verbs in actions.py call :func:`check_transition` before changing ``Case.stage``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sigap.cases.models import Case, CasePlan, Closure, Stage

Guard = Callable[[Case], str | Promise | None]


def _has_primary_client(case: Case) -> str | Promise | None:
    if not case.victims.exists():
        return _("Register at least one victim before the assessment.")
    if not case.risk_level:
        return _("Rate the risk before the assessment.")
    return None


def _assessment_completed(case: Case) -> str | Promise | None:
    if not case.assessments.filter(kind="comprehensive", completed_at__isnull=False).exists():
        return _("Complete the comprehensive assessment before planning.")
    return None


def _plan_approved(case: Case) -> str | Promise | None:
    if not case.plans.filter(status=CasePlan.Status.APPROVED).exists():
        return _("A supervisor must approve the case plan before it is carried out.")
    return None


def _services_under_way(case: Case) -> str | Promise | None:
    if not case.services.exists():
        return _("Record at least one service delivered before moving to follow-up.")
    return None


def _closure_approved(case: Case) -> str | Promise | None:
    if not case.closures.filter(status=Closure.Status.APPROVED, reopened_at__isnull=True).exists():
        return _("Closing needs a reason, the checklist and a supervisor's approval.")
    return None


def _always(case: Case) -> None:
    return None


@dataclass(frozen=True)
class Transition:
    source: frozenset[str]
    target: str
    guard: Guard


TRANSITIONS: dict[str, Transition] = {
    "start_assessment": Transition(frozenset({Stage.IDENTIFICATION}), Stage.ASSESSMENT, _has_primary_client),
    "start_planning": Transition(frozenset({Stage.ASSESSMENT}), Stage.PLANNING, _assessment_completed),
    "start_implementation": Transition(frozenset({Stage.PLANNING}), Stage.IMPLEMENTATION, _plan_approved),
    "start_follow_up": Transition(frozenset({Stage.IMPLEMENTATION}), Stage.FOLLOW_UP, _services_under_way),
    # Closing is possible from any open stage (a client may decline, move away or turn 18 early).
    "close": Transition(
        frozenset({Stage.IDENTIFICATION, Stage.ASSESSMENT, Stage.PLANNING, Stage.IMPLEMENTATION, Stage.FOLLOW_UP}),
        Stage.CLOSED,
        _closure_approved,
    ),
    "reopen": Transition(frozenset({Stage.CLOSED}), Stage.FOLLOW_UP, _always),
}

STAGE_ORDER = [
    Stage.IDENTIFICATION,
    Stage.ASSESSMENT,
    Stage.PLANNING,
    Stage.IMPLEMENTATION,
    Stage.FOLLOW_UP,
    Stage.CLOSED,
]


def check_transition(case: Case, name: str) -> str | Promise | None:
    """Why ``name`` cannot happen now, or None when it may."""
    transition = TRANSITIONS[name]
    if case.stage not in transition.source:
        return _("This step is not possible in the stage “%(stage)s”.") % {"stage": case.get_stage_display()}
    return transition.guard(case)


def available_transitions(case: Case) -> dict[str, str | Promise | None]:
    """Every transition from the current stage, with the reason it is blocked (None when open)."""
    return {name: t.guard(case) for name, t in TRANSITIONS.items() if case.stage in t.source}
