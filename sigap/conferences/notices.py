"""Who hears about a case conference (sigap.notifications): an invited Sigap user, or the supervisors
(else the case staff) of an invited organisation. People outside Sigap are not sent anything."""

from __future__ import annotations

from sigap.accounts.models import User
from sigap.cases.models import TimelineEvent
from sigap.conferences.models import Invitation
from sigap.notifications.actions import notify, receiving_people
from sigap.notifications.models import Kind


def invited(invitation: Invitation, *, actor: User, event: TimelineEvent) -> None:
    if invitation.user is not None:
        recipients = [invitation.user]
    elif invitation.organisation is not None:
        recipients = receiving_people(invitation.organisation)
    else:
        return
    conference = invitation.conference
    notify(
        recipients,
        Kind.CONFERENCE_INVITATION,
        actor=actor,
        case=conference.case,
        target=conference,
        url=conference.get_absolute_url(),
        dedupe_key=f"timeline:{event.pk}",
    )
