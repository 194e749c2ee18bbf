"""Transfers when their case closes (``sigap.cases.closure_hooks``): the closure screens list a
proposal still waiting, and approving the closure withdraws it (a closed case is not transferred);
the receiving organisation's supervisors are told."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.cases.extensions import ClosureHook, OpenItem
from sigap.cases.models import Case
from sigap.transfers.models import Transfer


def open_transfers(case: Case) -> list[OpenItem]:
    """The case's proposal still waiting for an answer (one query)."""
    waiting = case.transfers.filter(status=Transfer.Status.PROPOSED).select_related("to_organisation")
    return [
        OpenItem(
            label=_("Transfer to %(to)s") % {"to": transfer.to_organisation.name},
            url=transfer.get_absolute_url(),
            on_closure=_("not answered yet: it will be withdrawn when the closure is approved."),
        )
        for transfer in waiting.order_by("created_at")
    ]


def settle(case: Case, actor: User) -> None:
    from sigap.transfers.actions import withdraw_on_case_closure

    withdraw_on_case_closure(case, actor=actor)


# What this app has open when the case closes (registered by apps.py).
HOOK = ClosureHook("transfers", lambda: _("Transfer waiting for an answer"), open_transfers, settle)
