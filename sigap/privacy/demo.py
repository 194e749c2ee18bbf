"""Data-protection demo records (``manage.py seed_demo_cases``), made through the verbs on a
simulated clock relative to now, so the data protection officer's queue always has something due.

For each demo organisation with a data protection officer: five data subjects' requests (an access
request received a day ago, a correction in progress, an erasure refused because the person's case
is still kept, an objection received four days ago and now overdue, a completed restriction on a
demo person) and a breach register with one breach notified in time and one open breach discovered
50 hours ago (its notification is due soon). In the main demo organisation, a supervisor also opens
a case outside their scope by break-glass, so the DPO's list and the case manager's notice on My
work show an opening.

Safe to run again: each record carries a fixed synthetic text (the request's details, the breach's
description, the opening's reason) and is made only when it is missing. All names are synthetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from sigap.accounts.models import User
from sigap.audit.models import AccessAction, AccessLog
from sigap.cases.access import visible_cases
from sigap.cases.actions.access_log import break_glass
from sigap.cases.demo import demo_case_ids
from sigap.cases.management.synthetic import simulated_clock
from sigap.cases.models import Case, Person, Stage
from sigap.organisations.demo import ORGANISATIONS
from sigap.organisations.models import Membership, Organisation
from sigap.organisations.roles import Role
from sigap.privacy import actions, retention
from sigap.privacy.models import Breach, DataCategory, SubjectRequest

Kind = SubjectRequest.Kind

# The organisation whose supervisor opens a case by break-glass (seed_demo's main unit).
MAIN_ORGANISATION = "UPTD PPA Kota Bandung"
BREAK_GLASS_REASON = (
    "Manajer kasus sedang cuti sakit dan klien menelepon meminta pendampingan hari ini (data demo sintetis)."
)
BREAK_GLASS_HOURS_AGO = 3


@dataclass(frozen=True)
class RequestPlan:
    key: str  # the request's details: how a re-run recognises it
    kind: str
    requester: str
    received_hours_ago: float
    outcome: str  # "received", "started", "refused" or "completed"
    person: str = ""  # "kept" (a case still holds the person) or "any" (any demo client)
    decision: str = ""


REQUESTS = [
    RequestPlan(
        "Meminta salinan seluruh data dirinya yang dicatat layanan (data demo sintetis).",
        Kind.ACCESS,
        "Klien sendiri, datang langsung ke kantor",
        received_hours_ago=24,
        outcome="received",
    ),
    RequestPlan(
        "Nomor telepon dan alamat tempat tinggal yang tercatat sudah tidak berlaku (data demo sintetis).",
        Kind.CORRECTION,
        "Klien sendiri, melalui telepon",
        received_hours_ago=40,
        outcome="started",
    ),
    RequestPlan(
        "Meminta agar seluruh data anaknya dihapus dari layanan (data demo sintetis).",
        Kind.ERASURE,
        "Ibu klien (wali), melalui surat",
        received_hours_ago=10 * 24,
        outcome="refused",
        person="kept",
        decision=(
            "Kasus klien masih ditangani dan catatannya wajib disimpan selama masa retensi; "
            "data akan dianonimkan setelah masa retensi berakhir."
        ),
    ),
    RequestPlan(
        "Keberatan datanya dibagikan kepada puskesmas tanpa diberi tahu lebih dulu (data demo sintetis).",
        Kind.OBJECTION,
        "Kuasa hukum klien dari LBH",
        received_hours_ago=4 * 24,
        outcome="received",
    ),
    RequestPlan(
        "Meminta agar datanya tidak diolah lebih lanjut selama pengaduannya diperiksa (data demo sintetis).",
        Kind.RESTRICTION,
        "Klien sendiri, melalui surel",
        received_hours_ago=6 * 24,
        outcome="completed",
        person="any",
        decision="Pemrosesan data klien dibatasi sampai pemeriksaan pengaduan selesai.",
    ),
]


@dataclass(frozen=True)
class BreachPlan:
    key: str  # the breach's description: how a re-run recognises it
    discovered_hours_ago: float
    values: dict[str, Any]
    notified_after_hours: float | None = None  # after discovery; None: not notified yet


BREACHES = [
    BreachPlan(
        "Laptop kantor berisi rekap kasus tertinggal di angkutan umum; perangkat terenkripsi tetapi "
        "kata sandinya tertempel di laptop (data demo sintetis).",
        discovered_hours_ago=20 * 24,
        values={
            "data_categories": [DataCategory.IDENTITY, DataCategory.CASE, DataCategory.CHILDREN],
            "subjects_affected": 35,
            "risk": Breach.Risk.HIGH,
            "risk_assessment": "Rekap memuat nama dan bentuk kekerasan yang dialami anak; risiko tinggi bagi klien.",
            "containment": "Akun diblokir dari jarak jauh, kata sandi diganti, staf dilatih ulang.",
            "status": Breach.Status.CLOSED,
        },
        notified_after_hours=30,
    ),
    BreachPlan(
        "Surel berisi daftar rujukan terkirim ke alamat mitra yang salah (data demo sintetis).",
        discovered_hours_ago=50,
        values={
            "data_categories": [DataCategory.IDENTITY, DataCategory.CONTACT],
            "subjects_affected": 4,
            "risk": Breach.Risk.MEDIUM,
            "risk_assessment": "Penerima adalah lembaga layanan lain; belum diketahui apakah surel sudah dibuka.",
            "containment": "Penerima diminta menghapus surel dan mengonfirmasi secara tertulis.",
            "status": Breach.Status.OPEN,
        },
    ),
]


def demo_dpo_units() -> list[tuple[Organisation, User]]:
    """The demo organisations with an active data protection officer, and that officer."""
    names = [spec.name for spec in ORGANISATIONS]
    memberships = (
        Membership.objects.filter(
            organisation__name__in=names, organisation__is_active=True, role=Role.DPO, is_active=True
        )
        .select_related("organisation", "user")
        .order_by("organisation__name", "user__email")
    )
    units: dict[Any, tuple[Organisation, User]] = {}
    for membership in memberships:
        units.setdefault(membership.organisation_id, (membership.organisation, membership.user))
    return list(units.values())


def seed_privacy_demo() -> int:
    """Make the missing demo requests, breaches and break-glass opening; return how many were made."""
    made = 0
    for organisation, dpo in demo_dpo_units():
        made += seed_requests(organisation, dpo) + seed_breaches(organisation, dpo)
    made += seed_break_glass()
    return made


def _missing(model: Any, organisation: Organisation, field: str, plans: list[Any]) -> list[Any]:
    """The plans whose record (found by its fixed text in ``field``) the organisation does not have yet."""
    keys = [plan.key for plan in plans]
    found = model.objects.filter(organisation=organisation, **{f"{field}__in": keys})
    existing = set(found.values_list(field, flat=True))
    return [plan for plan in plans if plan.key not in existing]


def seed_requests(organisation: Organisation, dpo: User) -> int:
    made = 0
    used: set[Any] = set()
    for plan in _missing(SubjectRequest, organisation, "details", REQUESTS):
        person = _person(organisation, plan.person, used) if plan.person else None
        if plan.person and person is None:
            continue  # no demo case yet to take a client from
        if person is not None:
            used.add(person.pk)
        real_now = timezone.now()
        received = real_now - timedelta(hours=plan.received_hours_ago)
        with transaction.atomic(), simulated_clock(received) as clock:
            subject_request = actions.receive_request(
                actor=dpo,
                organisation=organisation,
                kind=plan.kind,
                requester=plan.requester,
                details=plan.key,
                received_at=received,
                person=person,
            )
            clock["now"] = min(received + timedelta(hours=3), real_now)
            if plan.outcome != "received":
                subject_request = actions.start_request(subject_request, actor=dpo)
            clock["now"] = min(received + timedelta(days=2), real_now)
            if plan.outcome == "refused":
                actions.refuse_request(subject_request, actor=dpo, reason=plan.decision)
            elif plan.outcome == "completed":
                actions.complete_request(subject_request, actor=dpo, notes=plan.decision)
        made += 1
    return made


def _person(organisation: Organisation, which: str, used: set[Any]) -> Person | None:
    """A demo client of the organisation: for "kept", one whose case is still open (so an erasure
    must be refused); for "any", the client of the most recently registered closed case."""

    cases = Case.objects.filter(pk__in=demo_case_ids(Case.objects.filter(organisation=organisation)))
    cases = cases.exclude(stage=Stage.CLOSED) if which == "kept" else cases.filter(stage=Stage.CLOSED)
    persons = Person.objects.filter(
        victim_of__case__in=cases, victim_of__is_primary=True, restrictions__isnull=True
    ).exclude(pk__in=used)
    for person in persons.order_by("-victim_of__case__registered_at", "pk")[:20]:
        if which != "kept" or retention.legal_holds(person):
            return person
    return None


def seed_breaches(organisation: Organisation, dpo: User) -> int:
    made = 0
    for plan in _missing(Breach, organisation, "description", BREACHES):
        real_now = timezone.now()
        discovered = real_now - timedelta(hours=plan.discovered_hours_ago)
        with transaction.atomic(), simulated_clock(min(discovered + timedelta(hours=1), real_now)) as clock:
            breach = actions.record_breach(
                actor=dpo,
                organisation=organisation,
                values={"discovered_at": discovered, "description": plan.key, **plan.values},
            )
            if plan.notified_after_hours is not None:
                notified = discovered + timedelta(hours=plan.notified_after_hours)
                clock["now"] = min(notified, real_now)
                actions.mark_breach_notified(breach, actor=dpo, authority_at=notified, subjects_at=notified)
        made += 1
    return made


def seed_break_glass() -> int:
    """A supervisor of the main demo organisation opens an open demo case outside their scope."""
    organisation = Organisation.objects.filter(name=MAIN_ORGANISATION).first()
    if organisation is None:
        return 0
    done = AccessLog.objects.filter(
        action=AccessAction.BREAK_GLASS, organisation=organisation, reason=BREAK_GLASS_REASON
    ).exists()
    if done:
        return 0

    supervisors = (
        Membership.objects.filter(organisation=organisation, role=Role.SUPERVISOR, is_active=True)
        .select_related("user")
        .order_by("user__email")
    )
    demo_cases = demo_case_ids(Case.objects.filter(organisation=organisation))
    for membership in supervisors:
        supervisor = membership.user
        outside = (
            Case.objects.filter(pk__in=demo_cases, case_manager__isnull=False)
            .exclude(stage=Stage.CLOSED)
            .exclude(pk__in=visible_cases(supervisor).values("pk"))
            .select_related("organisation")
            .order_by("-registered_at", "pk")
            .first()
        )
        if outside is None:
            continue
        opened = timezone.now() - timedelta(hours=BREAK_GLASS_HOURS_AGO)
        with simulated_clock(opened):
            break_glass(outside, actor=supervisor, reason=BREAK_GLASS_REASON)
        return 1
    return 0
