"""Who hears about a referral (sigap.notifications), called by the referral verbs inside their
transaction. The wording carries the case number and organisation names only, never the client's
name or the reason; links go to the referral page, the one page both sides may open."""

from __future__ import annotations

from sigap.accounts.models import User
from sigap.cases.access import can_view_case
from sigap.cases.models import TimelineEvent
from sigap.notifications.actions import notify, receiving_people
from sigap.notifications.models import Kind
from sigap.referrals.models import Referral


def _receivers(referral: Referral) -> list[User]:
    if referral.to_organisation is None or referral.is_external:
        return []
    return receiving_people(referral.to_organisation)


def _senders(referral: Referral) -> list[User | None]:
    """The sender and the case manager, while they may still see the case: after a transfer the old
    organisation's sender hears nothing more of it."""
    return [
        user for user in (referral.sent_by, referral.case.case_manager) if user and can_view_case(user, referral.case)
    ]


def referral_sent(referral: Referral, *, actor: User, event: TimelineEvent) -> None:
    notify(
        _receivers(referral),
        Kind.REFERRAL_RECEIVED,
        actor=actor,
        case=referral.case,
        target=referral,
        url=referral.get_absolute_url(),
        context={"organisation": referral.from_organisation.name},
        dedupe_key=f"timeline:{event.pk}",
    )


def referral_answered(referral: Referral, *, actor: User | None, event: TimelineEvent, kind: str) -> None:
    """Accepted, declined or expired unanswered: the sender and the case manager."""
    notify(
        _senders(referral),
        kind,
        actor=actor,
        case=referral.case,
        target=referral,
        url=referral.get_absolute_url(),
        context={"organisation": referral.receiver_name},
        dedupe_key=f"timeline:{event.pk}",
    )


def referral_cancelled(referral: Referral, *, actor: User, event: TimelineEvent) -> None:
    """The sender withdrew the referral (or the case closed before an answer): the receiver."""
    notify(
        _receivers(referral),
        Kind.REFERRAL_CANCELLED,
        actor=actor,
        case=referral.case,
        target=referral,
        url=referral.get_absolute_url(),
        context={"organisation": referral.from_organisation.name},
        dedupe_key=f"timeline:{event.pk}",
    )
