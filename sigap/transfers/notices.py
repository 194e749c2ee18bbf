"""Who hears about a transfer (sigap.notifications), called by the transfer verbs inside their
transaction: the receiving organisation's supervisors of a proposal, the proposer of the answer, and
the new case manager of the case they now hold. Case numbers and organisation names only."""

from __future__ import annotations

from django.urls import reverse

from sigap.accounts.models import User
from sigap.cases.actions.notices import case_assigned
from sigap.cases.models import Case, TimelineEvent
from sigap.notifications.actions import notify, people_of
from sigap.notifications.models import Kind
from sigap.organisations.roles import Capability
from sigap.transfers.models import Transfer


def transfer_proposed(transfer: Transfer, *, actor: User, event: TimelineEvent) -> None:
    notify(
        people_of(transfer.to_organisation, Capability.SUPERVISE),
        Kind.TRANSFER_PROPOSED,
        actor=actor,
        case=transfer.case,
        target=transfer,
        url=transfer.get_absolute_url(),
        context={"organisation": transfer.from_organisation.name, "case": transfer.old_number},
        dedupe_key=f"timeline:{event.pk}",
    )


def transfer_decided(
    transfer: Transfer, *, actor: User, event: TimelineEvent, assigned: tuple[Case, TimelineEvent] | None = None
) -> None:
    """``assigned``: the case as it is now, and its "assigned" event, when the transfer was accepted."""
    accepted = transfer.status == Transfer.Status.ACCEPTED
    notify(
        [transfer.proposed_by],
        Kind.TRANSFER_DECIDED,
        actor=actor,
        case=transfer.case,
        target=transfer,
        url=transfer.get_absolute_url(),
        context={
            "variant": "accepted" if accepted else "declined",
            "organisation": transfer.to_organisation.name,
            "case": transfer.old_number,
        },
        dedupe_key=f"timeline:{event.pk}",
    )
    if assigned is not None:
        case, assigned_event = assigned
        case_assigned(case, actor=actor, event=assigned_event)


def transfer_withdrawn(transfer: Transfer, *, actor: User, event: TimelineEvent) -> None:
    """A proposal the receiving supervisors had in their inbox was withdrawn (the case was closed)."""
    notify(
        people_of(transfer.to_organisation, Capability.SUPERVISE),
        Kind.TRANSFER_DECIDED,
        actor=actor,
        case=transfer.case,
        target=transfer,
        url=reverse("transfers:list"),
        context={"variant": "withdrawn", "organisation": transfer.from_organisation.name, "case": transfer.old_number},
        dedupe_key=f"timeline:{event.pk}",
    )
