"""Demo referrals (``manage.py seed_demo_cases``): a referral network around UPTD PPA Bandung and
UPTD PPA Mataram — the hospital, the police unit, social services, the safe house, legal aid, an NGO
and a partner not on Sigap — with referrals in every status, made through the verbs on a simulated
clock so the report has times to measure. All content is synthetic.

Sharing follows the rules: a case is chosen whose client's consent covers the receiver (the referral
to the partner not on Sigap chooses first: it has no other way); where none does, the case manager
asks to share without consent and the supervisor approves it (best interests).
Safe to run again: nothing is made when the demo organisations already sent referrals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sigap.accounts.models import User
from sigap.cases.codes import ClientType
from sigap.cases.management.synthetic import simulated_clock
from sigap.cases.models import Case, Stage
from sigap.consent import actions as consent_actions
from sigap.consent.models import Assent, OverrideGround, SharingPurpose
from sigap.consent.sharing import consent_in_force, sharing_decision
from sigap.directory.models import Service
from sigap.organisations.demo import ORGANISATIONS
from sigap.organisations.models import Membership, Organisation
from sigap.organisations.roles import Capability, capabilities_of
from sigap.referrals import actions
from sigap.referrals.models import Referral, Status

EXTERNAL_NAMES = {
    "puskesmas": "Puskesmas Sukajadi (sintetis)",
    "hospital": "Klinik Pratama Harapan (sintetis)",
    "legal_aid": "Posbakum Pengadilan Negeri Bandung (sintetis)",
    "social_service": "Panti Sosial Asuhan Anak Budi Asih (sintetis)",
    "safe_house": "Rumah Singgah Komunitas (sintetis)",
}


@dataclass
class Plan:
    sender: str  # demo organisation key
    receiver: str | None  # demo organisation key; None: a partner not on Sigap
    service_type: str
    status: str
    days_ago: float
    sections: list[str] = field(default_factory=lambda: ["identity", "contact", "violence"])
    urgency: str = "routine"
    reason: str = "Klien membutuhkan layanan lanjutan (sintetis)."
    accept_hours: float = 4
    complete_hours: float = 72


PLANS = [
    Plan("uptd-bandung", "ppt-bandung", "kesehatan", Status.COMPLETED, 30, urgency="urgent",
         reason="Perlu pemeriksaan medis dan visum (sintetis).", accept_hours=2, complete_hours=20),
    Plan("uptd-bandung", "ppt-bandung", "kesehatan", Status.COMPLETED, 21, accept_hours=5, complete_hours=50,
         sections=["identity", "violence", "assessment"]),
    Plan("uptd-bandung", "polres-bandung", "penegakan_hukum", Status.ACCEPTED, 6, urgency="urgent",
         reason="Pendampingan klien saat membuat laporan polisi (sintetis).", accept_hours=3),
    Plan("uptd-bandung", "dinsos-bandung", "rehabilitasi_sosial", Status.SENT, 0.1,
         reason="Keluarga membutuhkan bantuan sosial dan rehabilitasi (sintetis)."),
    Plan("uptd-bandung", "rumah-aman-bandung", "penampungan_sementara", Status.DECLINED, 12, urgency="emergency",
         reason="Klien tidak aman di rumah; butuh tempat tinggal sementara (sintetis).", accept_hours=6),
    Plan("uptd-bandung", "yayasan-makassar", "psikologis", Status.COMPLETED, 45, accept_hours=30,
         complete_hours=400, sections=["identity", "assessment", "plan"],
         reason="Klien pindah ke Makassar; konseling berlanjut di sana (sintetis)."),
    Plan("uptd-bandung", "ppt-bandung", "kesehatan", Status.CANCELLED, 9,
         reason="Pemeriksaan lanjutan (sintetis)."),
    Plan("uptd-bandung", None, "kesehatan", Status.SENT, 0.2, sections=["identity", "contact"],
         reason="Kontrol kesehatan dekat rumah klien (sintetis)."),
    Plan("uptd-mataram", "lbh-mataram", "bantuan_hukum", Status.EXPIRED, 15,
         reason="Klien membutuhkan pendampingan hukum (sintetis)."),
    Plan("uptd-mataram", "lbh-mataram", "bantuan_hukum", Status.ACCEPTED, 4, accept_hours=20,
         reason="Pendampingan hukum di persidangan (sintetis)."),
]  # fmt: skip


def _organisations() -> dict[str, Organisation]:
    by_name = {o.name: o for o in Organisation.objects.filter(name__in=[spec.name for spec in ORGANISATIONS])}
    return {spec.key: by_name[spec.name] for spec in ORGANISATIONS if spec.name in by_name}


def _receiver_staff(organisation: Organisation) -> User | None:
    for membership in Membership.objects.filter(organisation=organisation, is_active=True).select_related("user"):
        if Capability.VIEW_CASES in capabilities_of(membership.role):
            return membership.user
    return None


def _supervisor_of(case: Case) -> User | None:
    membership = (
        Membership.objects.filter(user=case.case_manager, organisation=case.organisation, is_active=True)
        .select_related("supervisor__user")
        .first()
    )
    return membership.supervisor.user if membership and membership.supervisor else None


def _candidates(organisation: Organisation, used: set[Any]) -> list[Case]:
    return list(
        Case.objects.filter(
            organisation=organisation,
            stage__in=[Stage.IMPLEMENTATION, Stage.FOLLOW_UP],
            case_manager__isnull=False,
        )
        .exclude(pk__in=used)
        .select_related("organisation", "case_manager")
        .order_by("number")[:60]
    )


def _external_kind(case: Case) -> str:
    """A kind of partner the case's consent covers (every client), or ""."""
    kinds: set[str] | None = None
    for victim in case.victims.select_related("person"):
        consent = consent_in_force(case, victim.person)
        ok = set(consent.share_kinds) if consent and consent.assent != Assent.REFUSED else set()
        kinds = ok if kinds is None else kinds & ok
    return next((k for k in EXTERNAL_NAMES if k in (kinds or set())), "")


def _pick(plan: Plan, orgs: dict[str, Organisation], used: set[Any]) -> tuple[Case, str] | None:
    """A case whose sharing with the receiver is allowed, or one made allowable by an approved
    decision to share without consent; with the partner's kind for a partner not on Sigap."""
    candidates = _candidates(orgs[plan.sender], used)
    receiver = orgs.get(plan.receiver) if plan.receiver else None
    for case in candidates:
        if receiver is None:
            kind = _external_kind(case)
            if kind:
                return case, kind
        elif sharing_decision(case, None, purpose=SharingPurpose.REFERRAL, organisation=receiver).allowed:
            return case, ""
    if receiver is None:
        return None
    # Children first: sharing without consent in a child's best interests is the common ground.
    children = [c for c in candidates if c.client_type == ClientType.CHILD]
    for case in children + [c for c in candidates if c not in children]:
        supervisor = _supervisor_of(case)
        if supervisor is not None:
            child = case.client_type == ClientType.CHILD
            for victim in case.victims.select_related("person"):
                override = consent_actions.request_override(
                    case,
                    actor=case.case_manager,  # type: ignore[arg-type]
                    person=victim.person,
                    purpose=SharingPurpose.REFERRAL,
                    organisation=receiver,
                    ground=OverrideGround.BEST_INTERESTS if child else OverrideGround.IMMINENT_DANGER,
                    explanation="Keluarga belum dapat dihubungi; layanan tidak dapat ditunda (sintetis).",
                )
                consent_actions.approve_override(override, actor=supervisor, comment="Disetujui (sintetis).")
            return case, ""
    return None


def _play(plan: Plan, orgs: dict[str, Organisation], case: Case, kind: str) -> Referral:
    receiver = orgs.get(plan.receiver) if plan.receiver else None
    sender: User = case.case_manager  # type: ignore[assignment]
    service = (
        Service.objects.filter(organisation=receiver, is_active=True, service_types__icontains=f'"{plan.service_type}"')
        .order_by("name")
        .first()
        if receiver is not None
        else None
    )
    data = actions.ReferralInput(
        service=service,
        external_name="" if receiver else EXTERNAL_NAMES[kind],
        external_contact="" if receiver else "022-555-0150 (sintetis)",
        external_kind="" if receiver else kind,
        service_type=plan.service_type,
        sections=plan.sections,
        urgency=plan.urgency,
        reason=plan.reason,
    )
    sent = timezone.now() - timedelta(days=plan.days_ago)
    answerer = (_receiver_staff(receiver) if receiver else None) or sender
    with simulated_clock(sent) as clock:
        referral = actions.send_referral(case, actor=sender, data=data)
        if referral.is_external and plan.receiver:
            answerer = sender
        if plan.status in {Status.ACCEPTED, Status.COMPLETED, Status.DECLINED}:
            clock["now"] = sent + timedelta(hours=plan.accept_hours)
        if plan.status == Status.DECLINED:
            actions.decline_referral(referral, actor=answerer, reason="Kapasitas penuh saat ini (sintetis).")
        if plan.status in {Status.ACCEPTED, Status.COMPLETED}:
            actions.accept_referral(referral, actor=answerer)
            clock["now"] = sent + timedelta(hours=plan.accept_hours + 1)
            actions.record_referral_service(
                referral,
                actor=answerer,
                service_type=plan.service_type,
                delivered_on=timezone.localdate(),
                outcome="Layanan diberikan sesuai rujukan (sintetis).",
            )
        if plan.status == Status.COMPLETED:
            clock["now"] = sent + timedelta(hours=plan.complete_hours)
            actions.complete_referral(referral, actor=answerer, outcome="Layanan selesai; klien kembali ke UPTD.")
        if plan.status == Status.CANCELLED:
            clock["now"] = sent + timedelta(hours=2)
            actions.cancel_referral(referral, actor=sender, reason="Klien memilih layanan lain (sintetis).")
    if plan.status == Status.EXPIRED:
        actions.expire_overdue()
    return referral


def seed_referral_demo() -> int:
    """Make the demo referrals unless the demo organisations already sent some; return how many were made."""
    orgs = _organisations()
    senders = [orgs[key] for key in {p.sender for p in PLANS} if key in orgs]
    if not senders or Referral.objects.filter(from_organisation__in=senders).exists():
        return 0
    used: set[Any] = set()
    made = 0
    # A referral to a partner not on Sigap needs a case whose consent covers that kind of partner
    # (there is no sharing without consent with an outside partner), so it chooses first; the other
    # plans can fall back to an approved decision to share without consent. Played last, it found
    # every such case taken on the days the consent draws gave few of them.
    for plan in sorted(PLANS, key=lambda p: p.receiver is not None):
        if plan.sender not in orgs or (plan.receiver and plan.receiver not in orgs):
            continue
        try:
            with transaction.atomic():
                with simulated_clock(timezone.now() - timedelta(days=plan.days_ago, hours=1)):
                    picked = _pick(plan, orgs, used)
                if picked is None:
                    continue
                case, kind = picked
                used.add(case.pk)
                _play(plan, orgs, case, kind)
                made += 1
        except ValidationError:  # a demo case that cannot take this referral: the plan is skipped
            continue
    return made
