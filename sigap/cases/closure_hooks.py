"""What other apps have open on a case when it closes (for example active referrals).

The closure screens list each app's open items with what will happen to them, and approving the
closure lets each app settle its own (inside the approval's transaction). Apps register a
:class:`~sigap.cases.extensions.ClosureHook` in their case extension (``sigap.cases.extensions``), so
the cases app never imports them.
"""

from __future__ import annotations

from sigap.accounts.models import User
from sigap.cases.extensions import OpenItem, closure_hooks
from sigap.cases.models import Case


def open_items_by_kind(case: Case) -> list[tuple[str, str, list[OpenItem]]]:
    """(key, title, items) for every app with something open on the case."""
    found = []
    for hook in closure_hooks():
        items = hook.open_items(case)
        if items:
            found.append((hook.key, hook.title(), items))
    return found


def open_items(case: Case) -> list[tuple[str, list[OpenItem]]]:
    """(title, items) for the closure screens."""
    return [(title, items) for _key, title, items in open_items_by_kind(case)]


def settle_on_closure(case: Case, *, actor: User) -> None:
    for hook in closure_hooks():
        hook.on_approved(case, actor)
