"""What other apps have open on a case when it closes (for example active referrals).

The closure screens list each app's open items with what will happen to them, and approving the
closure lets each app settle its own (inside the approval's transaction). Apps register a
:class:`ClosureHook` with :func:`register_closure_hook` from their ``AppConfig.ready``, so the cases
app never imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sigap.accounts.models import User
from sigap.cases.models import Case


@dataclass(frozen=True)
class OpenItem:
    """One open record on the case: its label, its page and what closing the case does to it."""

    label: str
    url: str
    on_closure: str


@dataclass(frozen=True)
class ClosureHook:
    key: str
    title: Callable[[], str]
    # One query at most: the closure pages' query count stays fixed.
    open_items: Callable[[Case], list[OpenItem]]
    # Called by ``approve_closure`` inside its transaction, before the case moves to closed.
    on_approved: Callable[[Case, Any], None]


_CLOSURE_HOOKS: dict[str, ClosureHook] = {}


def register_closure_hook(hook: ClosureHook) -> None:
    """Called from an app's ``AppConfig.ready``; registering twice is harmless."""
    _CLOSURE_HOOKS[hook.key] = hook


def open_items_by_kind(case: Case) -> list[tuple[str, str, list[OpenItem]]]:
    """(key, title, items) for every app with something open on the case."""
    found = []
    for hook in _CLOSURE_HOOKS.values():
        items = hook.open_items(case)
        if items:
            found.append((hook.key, hook.title(), items))
    return found


def open_items(case: Case) -> list[tuple[str, list[OpenItem]]]:
    """(title, items) for the closure screens."""
    return [(title, items) for _key, title, items in open_items_by_kind(case)]


def settle_on_closure(case: Case, *, actor: User) -> None:
    for hook in _CLOSURE_HOOKS.values():
        hook.on_approved(case, actor)
