"""Transfer verbs: propose, accept, decline, withdraw. Each checks permission, runs in one
transaction and writes the case timeline (and so the audit log).

Notifications (``notices.py``): a proposal tells the receiving organisation's supervisors; the
answer tells the proposer, and an accepted transfer tells the new case manager.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.cases.access import can_approve, can_edit_case
from sigap.cases.actions import allocate_case_number, bump_version, timeline
from sigap.cases.models import Case, CaseTeamMember
from sigap.consent.models import SharingPurpose
from sigap.consent.sharing import require_sharing_allowed
from sigap.history.actions import record_changes
from sigap.history.tracking import snapshot
from sigap.organisations.models import Membership, Organisation
from sigap.organisations.roles import ROLE_CAPABILITIES, Capability, Role
from sigap.referrals.actions import cancel_on_transfer
from sigap.transfers import notices
from sigap.transfers.access import can_propose, can_withdraw, supervising_organisation_ids
from sigap.transfers.models import Transfer
from sigap.transfers.persons import hand_over_persons

CASE_MANAGER_ROLES = (Role.CASEWORKER, Role.SUPERVISOR)
SUPERVISOR_ROLES = [role for role, capabilities in ROLE_CAPABILITIES.items() if Capability.SUPERVISE in capabilities]


def _main_client_age_band(case: Case) -> str:
    victim = case.victims.select_related("person").order_by("-is_primary", "created_at").first()
    return victim.person.age_band if victim is not None else ""


def _locked(transfer: Transfer) -> Transfer:
    return (
        Transfer.objects.select_for_update()
        .select_related("case", "to_organisation", "from_organisation")
        .get(pk=transfer.pk)
    )


def _require_open(transfer: Transfer) -> None:
    if not transfer.is_open:
        raise ValidationError(
            _("This transfer is already %(status)s.") % {"status": transfer.get_status_display()}, code="decided"
        )


def _require_decider(actor: User, transfer: Transfer) -> None:
    if transfer.to_organisation_id not in supervising_organisation_ids(actor):
        raise PermissionDenied(_("Only a supervisor of the receiving organisation may decide."))
    _require_open(transfer)


def _already_waiting(case: Case) -> bool:
    return Transfer.objects.filter(case=case, status=Transfer.Status.PROPOSED).exists()


def _pending() -> ValidationError:
    return ValidationError(_("A transfer of this case is already waiting for an answer."), code="pending")


def _create_proposal(case: Case, *, actor: User, to_organisation: Organisation, reason: str) -> Transfer:
    return Transfer.objects.create(
        case=case,
        from_organisation=case.organisation,
        to_organisation=to_organisation,
        reason=reason.strip(),
        old_number=case.number,
        client_type=case.client_type,
        forms=sorted(case.violence_forms.values_list("form", flat=True)),
        risk_level=case.risk_level,
        age_band=_main_client_age_band(case),
        proposed_by=actor,
    )


@transaction.atomic
def propose_transfer(case: Case, *, actor: User, to_organisation: Organisation, reason: str) -> Transfer:
    """Propose that ``to_organisation`` takes over the case. Needs consent (or an approved decision to
    share without it) for the transfer to that organisation."""
    if not can_propose(actor, case):
        raise PermissionDenied(_("You may not transfer this case."))
    errors: dict[str, list[str]] = {}
    if to_organisation.pk == case.organisation_id or not to_organisation.is_active:
        errors["to_organisation"] = [_("Choose another active organisation.")]
    if not reason.strip():
        errors["reason"] = [_("Say why the case should move.")]
    if errors:
        raise ValidationError(errors)
    if _already_waiting(case):
        raise _pending()
    require_sharing_allowed(case, None, purpose=SharingPurpose.TRANSFER, organisation=to_organisation)
    try:
        # A double submission passes the check above twice: the constraint decides, in a savepoint so
        # the outer transaction stays usable, and the second one gets the message.
        with transaction.atomic():
            transfer = _create_proposal(case, actor=actor, to_organisation=to_organisation, reason=reason)
    except IntegrityError as exc:
        raise _pending() from exc
    event = timeline(
        case,
        "transfer_proposed",
        actor=actor,
        summary=_("Transfer to %(organisation)s proposed") % {"organisation": to_organisation.name},
        transfer=str(transfer.pk),
        to_organisation=str(to_organisation.pk),
    )
    notices.transfer_proposed(transfer, actor=actor, event=event)
    return transfer


def _require_case_manager(user: User, organisation: Organisation) -> None:
    if not Membership.objects.filter(
        user=user, organisation=organisation, is_active=True, role__in=CASE_MANAGER_ROLES
    ).exists():
        raise ValidationError({"case_manager": [_("The case manager must be a caseworker or supervisor here.")]})


def _former_staff(case: Case, transfer: Transfer) -> set[Any]:
    """Who keeps the old organisation's record: the proposer, the case manager, the case team, and the
    supervisors who could approve the case at the time (all of them for an unassigned case)."""
    former: set[Any] = {transfer.proposed_by_id, case.case_manager_id}
    former |= set(CaseTeamMember.objects.filter(case=case).values_list("user_id", flat=True))
    supervisors = Membership.objects.filter(organisation_id=case.organisation_id, is_active=True)
    if case.case_manager_id is None:
        supervisors = supervisors.filter(role__in=SUPERVISOR_ROLES)
        former |= set(supervisors.values_list("user_id", flat=True))
    else:
        supervisors = supervisors.filter(user_id=case.case_manager_id, supervisor__is_active=True)
        former |= set(supervisors.values_list("supervisor__user_id", flat=True))
    return former - {None}


@transaction.atomic
def accept_transfer(transfer: Transfer, *, actor: User, case_manager: User, comment: str = "") -> Transfer:
    """A supervisor of the receiving organisation accepts: the case gets a number there, its persons
    move (or are copied), the old organisation's team leaves, and ``case_manager`` takes it over."""
    transfer = _locked(transfer)
    _require_decider(actor, transfer)
    case = Case.objects.select_for_update().select_related("organisation").get(pk=transfer.case_id)
    receiver = transfer.to_organisation
    if case.organisation_id != transfer.from_organisation_id:
        raise ValidationError(_("The case no longer belongs to the sending organisation."), code="moved")
    if case.is_closed:
        raise ValidationError(_("The case was closed; a closed case is not transferred."), code="closed")
    _require_case_manager(case_manager, receiver)
    # Consent may have been withdrawn since the proposal: check again at the moment of sharing.
    require_sharing_allowed(case, None, purpose=SharingPurpose.TRANSFER, organisation=receiver)
    transfer.former_staff.set(_former_staff(case, transfer))
    CaseTeamMember.objects.filter(case=case).delete()
    moved, copied = hand_over_persons(case, to=receiver, actor=actor)
    old_org, old_number = case.organisation, case.number
    before = snapshot(case, ["organisation", "number", "case_manager"])
    case.organisation = receiver
    case.number = allocate_case_number(receiver, timezone.localtime().year)
    case.case_manager = case_manager
    case.save(update_fields=["organisation", "number", "case_manager", "updated_at"])
    record_changes(actor=actor, instance=case, before=before)
    bump_version(case, None)
    transfer.status = Transfer.Status.ACCEPTED
    transfer.decided_by = actor
    transfer.decided_at = timezone.now()
    transfer.decision_comment = comment.strip()
    transfer.new_number = case.number
    transfer.case_manager = case_manager
    transfer.persons_moved, transfer.persons_copied = moved, copied
    transfer.save()
    event = timeline(
        case,
        "transfer_accepted",
        actor=actor,
        summary=_("Transferred from %(old)s (%(old_number)s) to %(new)s (%(new_number)s)")
        % {"old": old_org.name, "old_number": old_number, "new": receiver.name, "new_number": case.number},
        transfer=str(transfer.pk),
        from_organisation=str(old_org.pk),
        old_number=old_number,
        new_number=case.number,
        persons_moved=moved,
        persons_copied=copied,
    )
    assigned = timeline(case, "assigned", actor=actor, summary=case_manager.full_name, to=str(case_manager.pk))
    # The case's referrals to the receiver would only sit in its inbox: it holds the case itself now.
    cancel_on_transfer(case, organisation=receiver, actor=actor, transfer=transfer)
    notices.transfer_decided(transfer, actor=actor, event=event, assigned=(case, assigned))
    return transfer


@transaction.atomic
def decline_transfer(transfer: Transfer, *, actor: User, comment: str) -> Transfer:
    """A supervisor of the receiving organisation declines, saying why; the case stays where it is."""
    transfer = _locked(transfer)
    _require_decider(actor, transfer)
    if not comment.strip():
        raise ValidationError({"comment": [_("Say why the transfer is declined.")]})
    transfer.status = Transfer.Status.DECLINED
    transfer.decided_by = actor
    transfer.decided_at = timezone.now()
    transfer.decision_comment = comment.strip()
    transfer.save(update_fields=["status", "decided_by", "decided_at", "decision_comment", "updated_at"])
    event = timeline(
        transfer.case,
        "transfer_declined",
        actor=actor,
        summary=_("%(organisation)s declined the transfer") % {"organisation": transfer.to_organisation.name},
        transfer=str(transfer.pk),
    )
    notices.transfer_decided(transfer, actor=actor, event=event)
    return transfer


@transaction.atomic
def withdraw_transfer(transfer: Transfer, *, actor: User) -> Transfer:
    """The sending side takes back a proposal that is still waiting."""
    transfer = _locked(transfer)
    _require_open(transfer)
    if not can_withdraw(actor, transfer):
        raise PermissionDenied(_("You may not withdraw this transfer."))
    transfer.status = Transfer.Status.WITHDRAWN
    transfer.decided_by = actor
    transfer.decided_at = timezone.now()
    transfer.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    timeline(transfer.case, "transfer_withdrawn", actor=actor, transfer=str(transfer.pk))
    return transfer


@transaction.atomic
def withdraw_on_case_closure(case: Case, *, actor: User) -> list[Transfer]:
    """When a supervisor approves the case's closure, a proposal still waiting is withdrawn (a closed
    case is not transferred) and the receiving supervisors are told.

    Called by ``approve_closure`` (through ``sigap.cases.closure_hooks``), which has already checked
    that the actor decides this closure; the case is still open at that point."""
    if not (can_approve(actor, case) or can_edit_case(actor, case)):
        raise PermissionDenied(_("You may not change this case."))
    withdrawn = []
    waiting = Transfer.objects.select_for_update().filter(case=case, status=Transfer.Status.PROPOSED)
    for transfer in waiting.select_related("case", "to_organisation", "from_organisation").order_by("created_at"):
        transfer.status = Transfer.Status.WITHDRAWN
        transfer.decided_by = actor
        transfer.decided_at = timezone.now()
        transfer.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        event = timeline(
            case,
            "transfer_withdrawn",
            actor=actor,
            summary=_("Transfer to %(organisation)s withdrawn: the case was closed")
            % {"organisation": transfer.to_organisation.name},
            transfer=str(transfer.pk),
            case_closed=True,
        )
        notices.transfer_withdrawn(transfer, actor=actor, event=event)
        withdrawn.append(transfer)
    return withdrawn
