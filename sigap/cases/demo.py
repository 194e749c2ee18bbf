"""Demo cases: a few hundred synthetic cases in the demo organisations, in every stage, made through
the verbs so each has its timeline, deadlines and approvals.

Each case is planned up front from a fixed random seed (so a re-run plans the same cases) and then
played through the verbs on a simulated clock: registered weeks or months ago, assessed, planned,
approved, served, followed up and closed on the days its plan says. Deadlines missed on that clock
are overdue today, as in a real service. Timeline and audit events carry the simulated times; one
audit event records the seeding itself at the real time.

Proportions follow the SIMFONI-PPA 2024 shape (``sigap/cases/data/simfoni-2024-shape.csv``): forms
of violence, victims' sex and age, place, relationship to the perpetrator, and island group (cases
are shared among the demo organisations by the island group of their province). Names, NIKs and
phone numbers are synthetic (``sigap.cases.management.synthetic``).

Safe to run again: every demo case's intake narrative starts with :data:`MARKER` (read after
decryption, see :func:`demo_case_ids`), and cases an organisation already has are not made twice.
``manage.py seed_demo_cases`` (``sigap.home``) plays these plans and then the other apps' demo records.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from sigap.accounts.models import User
from sigap.cases import actions
from sigap.cases.actions import guided as guided_actions
from sigap.cases.actions import work
from sigap.cases.codes import (
    AssessmentDomain,
    ClientType,
    ClosureReason,
    IntakeChannel,
    Place,
    Priority,
    RiskLevel,
    ServiceType,
    Sex,
    TPKSOffence,
    ViolenceForm,
)
from sigap.cases.management import synthetic
from sigap.cases.management.synthetic import simulated_clock
from sigap.cases.models import Case, FollowUp, Stage, TaskKind
from sigap.organisations.demo import ORGANISATIONS
from sigap.organisations.models import Membership, Organisation
from sigap.organisations.roles import Role
from sigap.regions.models import District

AfterIntake = Callable[..., None]

MARKER = "Synthetic demo case."
TOTAL_CASES = 320
SEED = 2024

# Nearly half closed: a unit's open caseload then sits around the caseload threshold (docs/cases.md).
STAGE_WEIGHTS = {
    Stage.IDENTIFICATION: 9,
    Stage.ASSESSMENT: 10,
    Stage.PLANNING: 10,
    Stage.IMPLEMENTATION: 13,
    Stage.FOLLOW_UP: 13,
    Stage.CLOSED: 45,
}
# How long a case has been in its current stage today, in days (a longer stay misses deadlines).
DWELL_DAYS = {
    Stage.IDENTIFICATION: (0, 4),
    Stage.ASSESSMENT: (0, 16),
    Stage.PLANNING: (0, 14),
    Stage.IMPLEMENTATION: (2, 60),
    Stage.FOLLOW_UP: (5, 90),
    Stage.CLOSED: (1, 300),
}
RISK_WEIGHTS = {RiskLevel.HIGH: 25, RiskLevel.MEDIUM: 50, RiskLevel.LOW: 25}
CHANNEL_WEIGHTS = {
    IntakeChannel.WALK_IN: 30,
    IntakeChannel.SAPA_129: 15,
    IntakeChannel.WHATSAPP: 15,
    IntakeChannel.POLICE: 12,
    IntakeChannel.HEALTH_FACILITY: 8,
    IntakeChannel.SCHOOL: 8,
    IntakeChannel.OUTREACH: 5,
    IntakeChannel.ONLINE_REPORT: 5,
    IntakeChannel.OTHER: 2,
}
CHILD_BANDS = {"0-5", "6-12", "13-17"}
STAGES = list(STAGE_WEIGHTS)
CLOSURE_REASONS = [ClosureReason.GOALS_MET] * 6 + [
    ClosureReason.DECLINED,
    ClosureReason.MOVED_UNREACHABLE,
    ClosureReason.TURNED_18,
    ClosureReason.TRANSFERRED,
]
GOALS = [
    "Klien aman dari kekerasan lanjutan",
    "Klien mendapat layanan kesehatan yang dibutuhkan",
    "Proses hukum didampingi sampai selesai",
    "Kondisi psikologis klien membaik",
    "Anak kembali bersekolah",
]


@dataclass
class Unit:
    """A demo organisation that handles cases: who registers, manages and approves there."""

    organisation: Organisation
    caseworkers: list[User]
    supervisor_of: dict[Any, User]  # caseworker id -> their supervisor
    intake_officer: User | None
    districts: list[str]
    share: int = 0


@dataclass
class PersonPlan:
    full_name: str
    sex: str
    age_days: int  # age at registration, so the birth date fits the (simulated) registration day
    nik_serial: int | None
    phone_serial: int | None


@dataclass
class CasePlan_:
    """Everything random about one demo case, decided before anything is written."""

    key: str  # stable per organisation and case (a case's number is not: it counts the cases of its year)
    stage: str
    registered_days_ago: float
    risk: str
    forms: list[str]
    victim: PersonPlan
    perpetrators: list[tuple[PersonPlan, str, bool]]
    reporter: PersonPlan | None
    manager_index: int
    registered_by_intake: bool
    place: str
    channel: str
    tpks: list[str]
    flags: dict[str, bool]
    first_contact_on_time: bool
    police_report_made: bool
    plan_submitted_only: bool
    closure_pending: bool
    closure_reason: str
    steps: dict[str, float] = field(default_factory=dict)  # step -> days after registration
    services: list[str] = field(default_factory=list)
    follow_ups: int = 0


def demo_case_ids(cases: QuerySet[Case]) -> list[Any]:
    """The demo cases among ``cases``: their narrative starts with :data:`MARKER`. The narrative is
    encrypted, so the database cannot compare it; the cases of the demo organisations are few."""
    rows = cases.order_by().values_list("pk", "intake_narrative")
    return [pk for pk, narrative in rows.iterator() if narrative.startswith(MARKER)]


# --- Who works where ------------------------------------------------------------------------


def demo_units() -> list[Unit]:
    names = [spec.name for spec in ORGANISATIONS]
    memberships = list(
        Membership.objects.filter(organisation__name__in=names, is_active=True, organisation__is_active=True)
        .select_related("organisation", "user", "supervisor__user")
        .order_by("organisation__name", "user__email")
    )
    units: dict[Any, Unit] = {}
    for membership in memberships:
        if membership.role != Role.CASEWORKER:
            continue
        org = membership.organisation
        unit = units.get(org.pk)
        if unit is None:
            districts = list(
                District.objects.filter(regency_id=org.regency_id).order_by("code").values_list("code", flat=True)
            )
            unit = units[org.pk] = Unit(org, [], {}, None, districts)
        unit.caseworkers.append(membership.user)
        if membership.supervisor is not None and membership.supervisor.is_active:
            unit.supervisor_of[membership.user_id] = membership.supervisor.user
    for membership in memberships:
        unit = units.get(membership.organisation_id)
        if unit is not None and membership.role == Role.INTAKE_OFFICER and unit.intake_officer is None:
            unit.intake_officer = membership.user
    return sorted(units.values(), key=lambda u: u.organisation.name)


def share_cases(units: list[Unit], total: int) -> None:
    """Share ``total`` among the units: by island group (national shape), then by caseworkers."""
    shape = synthetic.load_shape().weights("island_group")
    groups: dict[str, list[Unit]] = {}
    for unit in units:
        groups.setdefault(synthetic.island_group(unit.organisation.province_id), []).append(unit)
    weight = {group: shape.get(group, 1) for group in groups}
    whole = sum(weight.values())
    for group, members in groups.items():
        group_total = round(total * weight[group] / whole)
        staff = sum(len(u.caseworkers) + len(set(u.supervisor_of.values())) for u in members)
        for unit in members:
            unit.share = round(group_total * (len(unit.caseworkers) + len(set(unit.supervisor_of.values()))) / staff)
    shortfall = total - sum(u.share for u in units)
    max(units, key=lambda u: u.share).share += shortfall


# --- Planning (random, no database) ---------------------------------------------------------


def plan_cases(unit: Unit) -> list[CasePlan_]:
    seed = f"{SEED}:{unit.organisation.name}"
    rng = random.Random(seed)  # noqa: S311 - synthetic demo data, not secrets
    shape = synthetic.load_shape()
    return [_plan_one(rng, shape, unit, index) for index in range(unit.share)]


def _person(rng: random.Random, sex: str, band: str, today: date, serial: int, *, ids: bool) -> PersonPlan:
    return PersonPlan(
        full_name=synthetic.full_name(rng, sex),
        sex=sex,
        age_days=(today - synthetic.birth_date_for_band(rng, band, today)).days,
        nik_serial=serial if ids and rng.random() < 0.65 else None,
        phone_serial=serial if ids and rng.random() < 0.6 else None,
    )


def _plan_one(rng: random.Random, shape: synthetic.Shape, unit: Unit, index: int) -> CasePlan_:
    today = timezone.localdate()
    supervised = [i for i, user in enumerate(unit.caseworkers) if user.pk in unit.supervisor_of]
    stage = rng.choices(STAGES, weights=list(STAGE_WEIGHTS.values()))[0]
    if not supervised and STAGES.index(stage) > STAGES.index(Stage.PLANNING):
        stage = Stage.PLANNING  # nobody here can approve a plan or a closure yet
    band = shape.pick(rng, "victim_age")
    sex = shape.pick(rng, "victim_sex")
    if sex == Sex.MALE and band not in CHILD_BANDS:
        band = rng.choice(sorted(CHILD_BANDS))  # adult clients are women (docs/cases.md)
    child = band in CHILD_BANDS
    forms = synthetic.forms_of_violence(rng, shape)
    sexual = ViolenceForm.SEKSUAL in forms
    serial = hash_serial(unit, index)
    victim = _person(rng, sex, band, today, serial, ids=True)
    perpetrators = []
    for n in range(1 if rng.random() < 0.9 else 2):
        relationship = shape.pick(rng, "relationship")
        # Some children are hurt by other children, mostly teenagers at school or among friends.
        is_child = (
            child
            and band == "13-17"
            and relationship in {"pacar_teman", "tetangga", "lainnya"}
            and (rng.random() < 0.5)
        )
        p_band = "13-17" if is_child else rng.choice(["18-24", "25-44", "25-44", "45-59"])
        p_sex = Sex.MALE if rng.random() < 0.885 else Sex.FEMALE
        perpetrators.append(
            (_person(rng, p_sex, p_band, today, serial + 50_000 + n, ids=False), relationship, is_child)
        )
    reporter = (
        _person(rng, Sex.FEMALE, "25-44", today, serial + 90_000, ids=False) if child and rng.random() < 0.6 else None
    )
    place = shape.pick(rng, "place")
    tpks: list[str] = []
    if sexual:
        choices = (
            [TPKSOffence.KEKERASAN_SEKSUAL_ANAK, TPKSOffence.PERBUATAN_CABUL, TPKSOffence.KSBE]
            if child
            else [TPKSOffence.PELECEHAN_FISIK, TPKSOffence.PERKOSAAN, TPKSOffence.KSBE, TPKSOffence.PELECEHAN_NONFISIK]
        )
        tpks = [rng.choice(choices)]
    risk = rng.choices(list(RISK_WEIGHTS), weights=list(RISK_WEIGHTS.values()))[0]
    if sexual and child and risk == RiskLevel.LOW:
        risk = RiskLevel.MEDIUM
    plan = CasePlan_(
        key=f"{unit.organisation.name}:{index}",
        stage=stage,
        registered_days_ago=0,
        risk=risk,
        forms=forms,
        victim=victim,
        perpetrators=perpetrators,
        reporter=reporter,
        manager_index=_any(rng, unit)
        if stage == Stage.IDENTIFICATION
        else rng.choice(supervised or range(len(unit.caseworkers))),
        registered_by_intake=unit.intake_officer is not None and rng.random() < 0.4,
        place=place,
        channel=rng.choices(list(CHANNEL_WEIGHTS), weights=list(CHANNEL_WEIGHTS.values()))[0],
        tpks=tpks,
        flags={
            "flag_disability": rng.random() < 0.04,
            "flag_pregnancy": not child and rng.random() < 0.06,
            "flag_immediate_danger": risk == RiskLevel.HIGH and rng.random() < 0.5,
        },
        first_contact_on_time=rng.random() < 0.85,
        police_report_made=rng.random() < 0.8,
        plan_submitted_only=stage == Stage.PLANNING and rng.random() < 0.5,
        closure_pending=stage == Stage.FOLLOW_UP and rng.random() < 0.25,
        closure_reason=rng.choice(CLOSURE_REASONS),
    )
    _plan_steps(rng, plan)
    return plan


def _any(rng: random.Random, unit: Unit) -> int:
    """A case manager for a new case: anyone, or nobody yet (-1) now and then."""
    if rng.random() < 0.25:
        return -1
    return rng.randrange(len(unit.caseworkers))


def hash_serial(unit: Unit, index: int) -> int:
    """A stable number per organisation and case, for well-formed made-up NIKs and phones."""
    offset = sum(ord(ch) for ch in unit.organisation.name) % 97
    return offset * 1000 + index


def _plan_steps(rng: random.Random, plan: CasePlan_) -> None:
    """Days after registration of each step up to the case's stage, and how long ago it was registered."""
    at = 0.0
    steps: dict[str, float] = {"first_contact": rng.uniform(0.05, 0.8) if plan.first_contact_on_time else 4}
    steps["police_report"] = rng.uniform(0.5, 2.5)
    target = STAGES.index(Stage(plan.stage))
    if target >= 1:
        at = steps["start_assessment"] = rng.uniform(0.5, 3)
    if target >= 2:
        at = steps["complete_assessment"] = at + rng.uniform(2, 9)
    if target >= 3 or plan.plan_submitted_only:
        at = steps["submit_plan"] = at + rng.uniform(2, 8)
    if target >= 3:
        at = steps["approve_plan"] = at + rng.uniform(0.5, 4)
        plan.services = rng.sample(
            [
                ServiceType.KESEHATAN,
                ServiceType.PSIKOLOGIS,
                ServiceType.BANTUAN_HUKUM,
                ServiceType.PENDAMPINGAN,
                ServiceType.REHABILITASI_SOSIAL,
            ],
            k=rng.randint(1, 3),
        )
        at = steps["services"] = at + rng.uniform(3, 30)
    if target >= 4:
        at = steps["start_follow_up"] = at + rng.uniform(5, 30)
        plan.follow_ups = rng.randint(0, 3)
        at = steps["follow_ups_done"] = at + plan.follow_ups * 14
    if target >= 5 or plan.closure_pending:
        at = steps["request_closure"] = at + rng.uniform(2, 20)
    if target >= 5:
        at = steps["approve_closure"] = at + rng.uniform(0.5, 5)
    low, high = DWELL_DAYS[Stage(plan.stage)]
    plan.steps = steps
    plan.registered_days_ago = at + rng.uniform(low, high) + 0.01


# --- Playing a plan through the verbs -------------------------------------------------------


def _values(unit: Unit, person: PersonPlan) -> dict[str, Any]:
    born = timezone.localdate() - timedelta(days=person.age_days)  # the (simulated) registration day
    values: dict[str, Any] = {"full_name": person.full_name, "sex": person.sex, "date_of_birth": born}
    if person.nik_serial is not None and unit.districts:
        district = unit.districts[person.nik_serial % len(unit.districts)]
        values["nik"] = synthetic.nik(district, born, person.sex == Sex.FEMALE, person.nik_serial)
    if person.phone_serial is not None:
        values["phone"] = synthetic.phone(person.phone_serial)
    return values


def play(unit: Unit, plan: CasePlan_, *, after_intake: AfterIntake | None = None) -> Case:
    """Register and work one planned case; ``after_intake(case, actor=, clock=, final_stage=, key=)`` lets
    another app add its part on the day of registration (the consent app records consent); ``key`` is
    the plan's stable key, to seed its random choices with (not the case number, which depends on the
    year the case falls in, so on today's date)."""
    org = unit.organisation
    real_now = timezone.now()
    registered = real_now - timedelta(days=plan.registered_days_ago)
    manager = unit.caseworkers[plan.manager_index] if plan.manager_index >= 0 else None
    registrar = unit.intake_officer if plan.registered_by_intake or manager is None else manager
    registrar = registrar or unit.caseworkers[0]
    with simulated_clock(registered) as clock:
        clock["real_now"] = real_now - timedelta(minutes=5)

        def at(step: str) -> bool:
            """Move the clock to the step's day; False when the plan has no such step."""
            if step not in plan.steps:
                return False
            clock["now"] = min(registered + timedelta(days=plan.steps[step]), clock["real_now"])
            return True

        victim = actions.create_person(actor=registrar, organisation=org, values=_values(unit, plan.victim))
        links = [
            actions.PerpetratorLink(
                person=actions.create_person(actor=registrar, organisation=org, values=_values(unit, person)),
                relationship=relationship,
                is_child=is_child,
            )
            for person, relationship, is_child in plan.perpetrators
        ]
        reporter = (
            actions.create_person(actor=registrar, organisation=org, values=_values(unit, plan.reporter))
            if plan.reporter
            else None
        )
        child = plan.victim.age_days < 18 * 365
        case = actions.open_case(
            actor=registrar,
            organisation=org,
            intake=actions.Intake(
                client_type=ClientType.CHILD if child else ClientType.ADULT_WOMAN,
                intake_channel=plan.channel,
                risk_level=plan.risk,
                risk_reason="Penilaian awal saat penerimaan pengaduan.",
                victims=[victim],
                forms=plan.forms,
                intake_narrative=f"{MARKER} Data sintetis untuk demonstrasi; bukan orang sungguhan.",
                reporter=reporter,
                perpetrators=links,
                tpks_offences=plan.tpks,
                place=plan.place,
                incident_date=(registered - timedelta(days=3)).date(),
                incident_date_estimated=True,
                incident_regency_id=org.regency_id,
                is_online=plan.place == Place.DARING or TPKSOffence.KSBE in plan.tpks,
                case_manager=manager,
                **plan.flags,
            ),
        )
        worker = manager or registrar
        supervisor = unit.supervisor_of.get(worker.pk)
        if after_intake is not None:
            after_intake(case, actor=worker, clock=clock, final_stage=plan.stage, key=plan.key)
        if manager is not None and plan.first_contact_on_time and at("first_contact"):
            actions.complete_task(case, TaskKind.FIRST_CONTACT, actor=worker, note="Klien dihubungi.")
        if manager is not None and case.has_sexual_violence and plan.police_report_made and at("police_report"):
            actions.complete_task(case, TaskKind.POLICE_REPORT, actor=worker, note="Laporan diteruskan ke Unit PPA.")
        if manager is not None:
            _work_through(case, plan, worker, supervisor, at, clock)
        return case


def _work_through(case: Case, plan: CasePlan_, worker: User, supervisor: User | None, at: Any, clock: Any) -> None:
    """The steps after intake, each on its day of the simulated clock."""
    if at("start_assessment"):
        # Guided by the standard psychosocial form when it is loaded (``load_forms``), else typed.
        assessment = guided_actions.start_assessment(case, actor=worker)
    if at("complete_assessment") and assessment.form_response_id is not None:
        guided_actions.save_guided_assessment(
            assessment, actor=worker, answers=demo_answers(case), complete=True, expected_version=None
        )
    elif at("complete_assessment"):
        entries: dict[str, dict[str, str]] = {
            AssessmentDomain.SAFETY: {"findings": "Klien tinggal bersama pelaku.", "needs": "Rencana keselamatan.",
                                      "priority": Priority.HIGH},
            AssessmentDomain.PSYCHOSOCIAL: {"findings": "Klien tampak cemas.", "needs": "Konseling.",
                                            "priority": Priority.MEDIUM},
        }  # fmt: skip
        if case.client_type == ClientType.CHILD:
            entries[AssessmentDomain.BEST_INTERESTS] = {"findings": "Anak ingin tetap bersekolah.", "needs": ""}
        work.save_assessment(
            assessment,
            actor=worker,
            summary="Asesmen lengkap bersama klien dan keluarga.",
            risk_level=case.risk_level,
            risk_reason="",
            entries=entries,
        )
        work.complete_assessment(assessment, actor=worker)
    if at("submit_plan"):
        plan_record = work.create_plan(case, actor=worker)
        # The goals proposed from the assessment's needs, each given an action; the rest as written.
        proposed = [(g.text, g.need) for g in plan_record.goals.select_related("need")]
        texts = proposed + [(goal, None) for goal in GOALS[len(proposed) :]]
        goals = [
            work.GoalInput(
                text=goal,
                need=need,
                actions=[work.ActionInput(service_type=service, responsible_organisation=case.organisation)],
            )
            for (goal, need), service in zip(texts, plan.services or [ServiceType.PENDAMPINGAN], strict=False)
        ]
        work.save_plan(plan_record, actor=worker, goals=goals)
        work.submit_plan(plan_record, actor=worker)
    if supervisor is not None and at("approve_plan"):
        work.approve_plan(plan_record, actor=supervisor, comment="Disetujui.")
    if at("services"):
        for service in plan.services:
            work.record_service(
                case,
                actor=worker,
                service_type=service,
                delivered_on=timezone.localdate(),
                provider_organisation=case.organisation,
                outcome="Layanan diberikan.",
            )
    if at("start_follow_up"):
        actions.advance(case, "start_follow_up", actor=worker)
        started = clock["now"]
        for n in range(plan.follow_ups):
            clock["now"] = min(started + timedelta(days=14 * (n + 1)), clock["real_now"])
            work.record_follow_up(
                case,
                actor=worker,
                held_on=timezone.localdate(),
                method=FollowUp.Method.HOME_VISIT if n % 2 == 0 else FollowUp.Method.PHONE,
                risk_level=case.risk_level,
                progress="Kondisi klien stabil.",
            )
    if at("request_closure"):
        items = work.checklist_items_for(case, plan.closure_reason)
        closure = work.request_closure(
            case,
            actor=worker,
            reason=plan.closure_reason,
            reason_detail="Dirujuk ke layanan lain." if plan.closure_reason == ClosureReason.TRANSFERRED else "",
            checklist={key: True for key, _label, _required in items},
        )
        if supervisor is not None and at("approve_closure"):
            work.approve_closure(closure, actor=supervisor, comment="Penutupan disetujui.")


def demo_answers(case: Case) -> dict[str, Any]:
    """Synthetic answers to the psychosocial assessment, rated at the case's risk level."""
    answers: dict[str, Any] = {
        "sources": ["client", "caregiver"],
        "place": "office",
        "safety_findings": "Klien tinggal bersama keluarga; pelaku tinggal di desa yang sama (sintetis).",
        "safety_perpetrator_access": "yes" if case.risk_level == RiskLevel.HIGH else "no",
        "safety_threats": "yes" if case.risk_level != RiskLevel.LOW else "no",
        "safety_client_words": "Saya ingin merasa aman di rumah.",
        "safety_strengths": "Ibu mendukung dan percaya pada klien.",
        "safety_need": "Rencana keselamatan bersama keluarga",
        "safety_priority": Priority.HIGH,
        "psy_feeling": 2,
        "psy_changes": "yes",
        "psy_trusted_person": "yes",
        "psychosocial_findings": "Klien tampak cemas dan sulit tidur.",
        "psychosocial_need": "Konseling psikologis",
        "psychosocial_priority": Priority.MEDIUM,
        "edu_in_school": "yes",
        "edu_missing": "no",
        "summary": "Asesmen lengkap bersama klien dan keluarga.",
        "risk_level": case.risk_level,
        "risk_reason": "Sesuai penilaian bersama supervisor.",
    }
    if case.client_type == ClientType.CHILD:
        answers |= {
            "child_assent": "yes",
            "bi_views": "Ingin tetap tinggal bersama ibu dan bersekolah.",
            "bi_considerations": "Tetap bersama ibu yang melindungi; sekolah tetap berjalan.",
            "bi_separation": "no",
        }
    return answers


# --- A unit that keeps up -------------------------------------------------------------------

# Where a demo case's next deadline falls today, in hours from now: (earliest, latest). Played on
# the simulated clock alone, every open case would be overdue (its worker never met a deadline after
# the last simulated step); a real unit keeps up with most. So each worker's open cases, in case
# number order, take these in turn: one in eight overdue, one due today, three this week, three
# later, and every caseworker's home shows a few of each (docs/home.md).
OVERDUE, TODAY, THIS_WEEK, LATER = (-96.0, -2.0), (0.5, 0.0), (24.0, 7 * 24.0), (8 * 24.0, 30 * 24.0)
PACE = [OVERDUE, TODAY, THIS_WEEK, LATER, THIS_WEEK, LATER, THIS_WEEK, LATER]


def _pace_target(rng: random.Random, now: Any, window: tuple[float, float]) -> Any:
    low, high = window
    if high == 0.0:  # before midnight in the organisation's zone, or soon when it is late already
        midnight = timezone.localtime(now).replace(hour=23, minute=30, second=0, microsecond=0)
        high = max((midnight - now).total_seconds() / 3600, low + 0.5)
    return now + timedelta(hours=rng.uniform(low, high))


def pace_deadlines(cases: QuerySet[Case]) -> int:
    """Move each open demo case's open deadlines together so its next one lands where :data:`PACE`
    puts it (the gaps between them stay); the same for a re-run around the new "now". Returns how
    many cases moved."""
    from django.db.models import F, Min

    from sigap.cases.deadlines import refresh_next_due
    from sigap.cases.models import CaseTask

    now = timezone.now()
    open_cases = Case.objects.filter(pk__in=demo_case_ids(cases)).exclude(stage=Stage.CLOSED)
    earliest = dict(
        CaseTask.objects.filter(case__in=open_cases, done_at__isnull=True)
        .values("case_id")
        .annotate(first=Min("due_at"))
        .values_list("case_id", "first")
    )
    moved = 0
    turn: dict[Any, int] = {}
    paced = open_cases.filter(pk__in=list(earliest)).select_related("organisation")
    for case in paced.order_by("case_manager_id", "number"):
        position = turn[case.case_manager_id] = turn.get(case.case_manager_id, -1) + 1
        window = PACE[position % len(PACE)]
        with timezone.override(case.organisation.time_zone):
            target = _pace_target(random.Random(f"pace-{case.pk}"), now, window)  # noqa: S311 (demo data)
        shift = target - earliest[case.pk]
        CaseTask.objects.filter(case=case, done_at__isnull=True).update(due_at=F("due_at") + shift, updated_at=now)
        refresh_next_due(case)
        moved += 1
    return moved
