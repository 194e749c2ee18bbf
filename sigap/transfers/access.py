"""Who may see and decide transfers: one queryset filter and the object checks.

A transfer is seen by
- whoever may see its case (the sending side while it waits, the receiving side once it owns it);
- supervisors of the receiving organisation (the inbox: only the decision summary, never the case),
  unless the sending side withdrew the proposal;
- once they declined, the receiving supervisors keep only the record of their decline (date,
  comment, old number): the reason, forms of violence and age band are hidden (``sees_details``);
- after acceptance, the old organisation's staff who worked on the case or supervised it then
  (``former_staff``): the read-only "transferred out" record.

Everybody else, including every other organisation, gets 404.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from sigap.accounts.access import organisation_ids
from sigap.cases.access import can_edit_case, can_view_case, visible_cases
from sigap.cases.models import Case
from sigap.lib.access import get_or_404, is_signed_in
from sigap.organisations.roles import Capability
from sigap.transfers.models import Transfer


def supervising_organisation_ids(user: Any) -> set[Any]:
    """Organisations where the user is a supervisor: they decide the transfers sent there."""
    return organisation_ids(user, Capability.SUPERVISE)


def visible_transfers(user: Any) -> QuerySet[Transfer]:
    if not is_signed_in(user):
        return Transfer.objects.none()
    orgs = organisation_ids(user)
    if not orgs:
        return Transfer.objects.none()
    supervising = supervising_organisation_ids(user)
    former = Transfer.former_staff.through.objects.filter(user_id=user.pk).values("transfer_id")
    # The receiving supervisors see a proposal while it waits and the ones they decided; a proposal
    # the sending side withdrew (for example after the client withdrew consent) is no longer theirs.
    receiving = Q(to_organisation_id__in=supervising) & ~Q(status=Transfer.Status.WITHDRAWN)
    rule = Q(case__in=visible_cases(user).values("pk")) | receiving
    rule |= Q(status=Transfer.Status.ACCEPTED, from_organisation_id__in=orgs, pk__in=former)
    return Transfer.objects.filter(rule)


def transfers_waiting_for(user: Any) -> QuerySet[Transfer]:
    """Proposals sent to organisations where the user is a supervisor, oldest first (My work)."""
    return (
        Transfer.objects.filter(
            status=Transfer.Status.PROPOSED, to_organisation_id__in=supervising_organisation_ids(user)
        )
        .select_related("from_organisation")
        .order_by("created_at")
    )


def can_decide(user: Any, transfer: Transfer) -> bool:
    """A supervisor of the receiving organisation accepts or declines a waiting transfer."""
    return transfer.is_open and transfer.to_organisation_id in supervising_organisation_ids(user)


def can_propose(user: Any, case: Case) -> bool:
    """Whoever may change an open case proposes to transfer it."""
    return not case.is_closed and can_edit_case(user, case)


def can_withdraw(user: Any, transfer: Transfer) -> bool:
    return transfer.is_open and can_edit_case(user, transfer.case)


def sees_case(user: Any, transfer: Transfer) -> bool:
    return can_view_case(user, transfer.case)


def sees_details(user: Any, transfer: Transfer) -> bool:
    """The proposal's summary (reason, forms of violence, age band): not for the receiving side once
    it declined; it keeps only the record of its decline (date, comment, old case number)."""
    return transfer.status != Transfer.Status.DECLINED or sees_case(user, transfer)


def with_details_visibility(qs: QuerySet[Transfer], user: Any) -> QuerySet[Transfer]:
    """``sees_details`` for a whole list, in the list's query (``details_visible``)."""
    rule = ~Q(status=Transfer.Status.DECLINED) | Q(case__in=visible_cases(user).values("pk"))
    return qs.annotate(details_visible=ExpressionWrapper(rule, output_field=BooleanField()))


def is_former_owner(user: Any, transfer: Transfer) -> bool:
    """Staff of the old organisation looking at an accepted transfer: the read-only record."""
    if transfer.status != Transfer.Status.ACCEPTED:
        return False
    if transfer.from_organisation_id not in organisation_ids(user):
        return False
    return transfer.former_staff.filter(pk=user.pk).exists()


def can_ask_to_withdraw(user: Any, transfer: Transfer) -> bool:
    """Whether the user may ask to withdraw (the case's editors): a proposal decided meanwhile then
    gets the verb's message ("already declined"), not a 403."""
    return can_edit_case(user, transfer.case)


TRANSFER_VERBS = {"decide": can_decide, "withdraw": can_ask_to_withdraw}


def get_transfer_for_user(user: Any, pk: UUID | str, need: str = "view") -> Transfer:
    """The transfer, or 404 when the user may not see it; ``need="decide"``/``"withdraw"`` adds a 403."""
    transfer = get_or_404(
        visible_transfers(user).select_related(
            "case", "from_organisation", "to_organisation", "proposed_by", "decided_by", "case_manager"
        ),
        pk=pk,
    )
    if need != "view" and not TRANSFER_VERBS[need](user, transfer):
        raise PermissionDenied
    return transfer
