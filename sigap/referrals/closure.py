"""Referrals when their case closes (``sigap.cases.closure_hooks``): the closure screens list the active
ones, and approving the closure cancels those still waiting for an answer. Accepted ones stay, so the
receiver can record its services and complete them (its referral page says the case is closed)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.cases.extensions import ClosureHook, OpenItem
from sigap.cases.models import Case
from sigap.referrals.models import ACTIVE, Referral, Status


def _consequence(referral: Referral) -> str:
    if referral.status == Status.SENT:
        return _("not answered yet: it will be cancelled when the closure is approved.")
    if referral.is_external:
        return _(
            "accepted by a partner not on Sigap: it stays open; record its services and outcome when the "
            "partner reports back."
        )
    return _("accepted: it stays open so the receiving organisation can complete it.")


def open_referrals(case: Case) -> list[OpenItem]:
    """The case's active referrals (one query)."""
    active = case.referrals.filter(status__in=ACTIVE).select_related("to_organisation").order_by("sent_at")
    return [
        OpenItem(
            label=_("Referral to %(to)s (%(status)s)")
            % {"to": referral.receiver_name, "status": referral.get_status_display()},
            url=referral.get_absolute_url(),
            on_closure=_consequence(referral),
        )
        for referral in active
    ]


def settle(case: Case, actor: User) -> None:
    from sigap.referrals.actions import cancel_on_case_closure

    cancel_on_case_closure(case, actor=actor)


# What this app has open when the case closes (registered by apps.py).
HOOK = ClosureHook("referrals", lambda: _("Active referrals"), open_referrals, settle)
