"""Transfer demo records (``manage.py seed_demo_cases``), made through the verbs.

Three open children's demo cases of UPTD PPA Kota Bandung are proposed by their case managers
for transfer: one to UPTD PPA Kota Mataram still waiting (its supervisor's inbox shows it), one to
Mataram accepted (its caseworker now manages it under a Mataram number; Bandung keeps the
"transferred out" record), one to UPTD PPA Kota Jayapura declined. Sharing with the receiver is
allowed by a supervisor's approved decision to share without consent (the family moved and a new
written consent follows), as the sharing check requires.

Safe to run again: nothing is made when the Bandung demo unit already has a transfer. All names
and texts are synthetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from sigap.accounts.models import User
from sigap.cases.access import can_approve
from sigap.cases.codes import ClientType
from sigap.cases.models import Case, Stage
from sigap.consent import actions as consent_actions
from sigap.consent.models import OverrideGround
from sigap.consent.sharing import sharing_decision
from sigap.organisations.demo import EMAIL_DOMAIN
from sigap.organisations.models import Organisation
from sigap.transfers import actions
from sigap.transfers.models import Transfer

SENDER = "UPTD PPA Kota Bandung"
RECEIVER = "UPTD PPA Kota Mataram"
DECLINER = "UPTD PPA Kota Jayapura"
REASON = "Keluarga klien pindah domisili ke {city}; layanan lanjutan lebih dekat di sana (data demo sintetis)."


@dataclass
class DemoCase:
    case: Case
    manager: User
    supervisor: User


def demo_user(login: str) -> User | None:
    return User.objects.filter(email=f"{login}@{EMAIL_DOMAIN}", is_active=True).first()


def allow_sharing(case: Case, organisation: Organisation, purpose: str, *, asker: User, approver: User) -> None:
    """A supervisor-approved decision to share the main client's data with ``organisation``."""
    if sharing_decision(case, None, purpose=purpose, organisation=organisation).allowed:
        return
    client = case.victims.select_related("person").get(is_primary=True).person
    override = consent_actions.request_override(
        case,
        actor=asker,
        person=client,
        purpose=purpose,
        organisation=organisation,
        ground=OverrideGround.BEST_INTERESTS,
        explanation="Keluarga pindah; persetujuan tertulis yang baru menyusul (data demo sintetis).",
    )
    consent_actions.approve_override(override, actor=approver, comment="Disetujui demi kepentingan terbaik anak.")


def demo_cases(organisation: Organisation, supervisors: list[User], count: int, skip: Any = ()) -> list[DemoCase]:
    """Open children's demo cases with a case manager and one of ``supervisors`` over them, oldest first."""
    cases = (
        Case.objects.filter(organisation=organisation, case_manager__isnull=False, client_type=ClientType.CHILD)
        .exclude(stage__in=[Stage.CLOSED, Stage.IDENTIFICATION])
        .exclude(pk__in=list(skip))
        .select_related("organisation", "case_manager")
        .order_by("registered_at")
    )
    found = []
    for case in cases[: count * 5]:
        supervisor = next((s for s in supervisors if can_approve(s, case) and s.pk != case.case_manager_id), None)
        if supervisor is not None and case.case_manager is not None:
            found.append(DemoCase(case, case.case_manager, supervisor))
    return found[:count]


def cases_registered_by(organisation: Organisation) -> QuerySet[Case]:
    """The cases an organisation registered, wherever a transfer took them (``seed_demo_cases`` counts
    each unit's demo cases this way, so a re-run makes none again)."""
    accepted = Transfer.objects.filter(status=Transfer.Status.ACCEPTED)
    moved_in = accepted.filter(to_organisation=organisation).values("case_id")
    moved_out = accepted.filter(from_organisation=organisation).values("case_id")
    return Case.objects.filter((Q(organisation=organisation) & ~Q(pk__in=moved_in)) | Q(pk__in=moved_out))


def seed_transfers_demo() -> int:
    """Make the demo transfers (see the module docstring); the number made."""
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=[SENDER, RECEIVER, DECLINER])}
    logins = ("supervisor.bandung", "supervisor2.bandung", "supervisor.mataram", "caseworker.mataram")
    wanted = (*logins, "supervisor.jayapura")
    people = {login: user for login in wanted if (user := demo_user(login)) is not None}
    if len(organisations) < 3 or len(people) < len(wanted):
        return 0
    sender = organisations[SENDER]
    if Transfer.objects.filter(from_organisation=sender).exists():
        return 0
    cases = demo_cases(sender, [people["supervisor.bandung"], people["supervisor2.bandung"]], 3)
    if len(cases) < 3:
        return 0
    plan = [
        (cases[0], organisations[RECEIVER], "Mataram", None),
        (cases[1], organisations[RECEIVER], "Mataram", "accept"),
        (cases[2], organisations[DECLINER], "Jayapura", "decline"),
    ]
    with transaction.atomic():
        for demo, receiver, city, outcome in plan:
            allow_sharing(demo.case, receiver, "transfer", asker=demo.manager, approver=demo.supervisor)
            transfer = actions.propose_transfer(
                demo.case, actor=demo.manager, to_organisation=receiver, reason=REASON.format(city=city)
            )
            if outcome == "accept":
                actions.accept_transfer(
                    transfer,
                    actor=people["supervisor.mataram"],
                    case_manager=people["caseworker.mataram"],
                    comment="Diterima; manajer kasus akan menghubungi keluarga minggu ini.",
                )
            elif outcome == "decline":
                actions.decline_transfer(
                    transfer,
                    actor=people["supervisor.jayapura"],
                    comment="Keluarga ternyata menetap di kabupaten lain; mohon ajukan ke UPTD PPA setempat.",
                )
    return len(plan)
