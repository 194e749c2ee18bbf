"""What the old organisation keeps of a transferred case: the records its own staff created there.

"The old organisation keeps only what it created" (issue #5): after acceptance, staff of the sending
organisation who worked on or supervised the case (``former_staff``) see, read-only, the notes, assessments,
services delivered, follow-ups and timeline events that users of their organisation wrote before
the transfer — never what the receiving organisation does afterwards. Restricted notes stay with
their author and with whoever reads restricted notes in the old organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from sigap.cases.access import readable_notes
from sigap.cases.models import Assessment, FollowUp, Note, ServiceDelivery, TimelineEvent
from sigap.organisations.models import Membership
from sigap.transfers.models import Transfer


@dataclass
class KeptRecords:
    notes: list[Note]
    assessments: list[Assessment]
    services: list[ServiceDelivery]
    follow_ups: list[FollowUp]
    events: list[TimelineEvent]


def _staff(transfer: Transfer) -> QuerySet[Any, Any]:
    """Everybody who ever was a member of the old organisation (the author was one when writing)."""
    return Membership.objects.filter(organisation_id=transfer.from_organisation_id).values("user_id")


def kept_records(transfer: Transfer, user: Any, *, limit: int = 200) -> KeptRecords:
    """The old organisation's own records of the case (five queries; see the module docstring)."""
    case_id, until, staff = transfer.case_id, transfer.decided_at, _staff(transfer)
    notes = readable_notes(
        user,
        Note.objects.filter(case_id=case_id, author_id__in=staff, created_at__lte=until),
        transfer.from_organisation_id,
    )
    return KeptRecords(
        notes=list(notes.select_related("author").order_by("-created_at")[:limit]),
        assessments=list(
            Assessment.objects.filter(case_id=case_id, created_by_id__in=staff, created_at__lte=until)
            .select_related("created_by")
            .order_by("created_at")[:limit]
        ),
        services=list(
            ServiceDelivery.objects.filter(case_id=case_id, recorded_by_id__in=staff, created_at__lte=until)
            .select_related("provider_organisation", "recorded_by")
            .order_by("-delivered_on")[:limit]
        ),
        follow_ups=list(
            FollowUp.objects.filter(case_id=case_id, recorded_by_id__in=staff, created_at__lte=until)
            .select_related("recorded_by")
            .order_by("-held_on")[:limit]
        ),
        events=list(
            TimelineEvent.objects.filter(case_id=case_id, actor_id__in=staff, at__lte=until)
            .select_related("actor")
            .order_by("-at", "-id")[:limit]
        ),
    )
