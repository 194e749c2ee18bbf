"""Build a large synthetic case load and time the case list and search against it.

``manage.py benchmark_cases --cases 100000`` makes (once; it reuses a matching earlier build)
benchmark organisations (``--organisations``, default 2: 90 % of the cases in the first) with a
supervisor of every caseworker, one caseworker per 500 cases, a caseworker with no cases yet and an
intake officer, and N cases with their persons, forms of violence, victims, perpetrators and
deadlines. Rows are written in bulk with ``executemany`` (no verbs, no timeline: this is load, not
history), then the planner statistics are refreshed (``ANALYZE``).

It then requests the case list and searches through Django's test client, as the supervisor who
sees every case of the largest organisation and as caseworkers, and My work (the home page) of the
supervisor and of a caseworker, and prints the median and 95th
percentile server time per scenario, this process's CPU time, and the queries and rows of a page.
Each scenario names the cases its page must show, found with a plain query beside the search code
being timed; a page that misses them (an empty page where rows exist, more than the one case a
number, NIK or phone names) stops the run with an error instead of timing an empty page.

Refused when ``DEMO_MODE`` is off (production) unless ``--force``. ``--clean`` removes the data.
"""

from __future__ import annotations

import random
import statistics
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Max, Q
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from sigap.accounts.models import User
from sigap.cases.actions import number_prefix
from sigap.cases.codes import ClientType, IntakeChannel, RiskLevel, Sex, ViolenceForm
from sigap.cases.deadlines import POLICE_REPORT_HOURS, due_soon_limit
from sigap.cases.management import synthetic
from sigap.cases.models import (
    Case,
    CaseNumberSequence,
    CasePerpetrator,
    CaseTask,
    CaseTeamMember,
    CaseVictim,
    CaseViolenceForm,
    Person,
    Stage,
    TaskKind,
    TimelineEvent,
)
from sigap.cases.models.persons import index_of_nik, index_of_phone
from sigap.lib.fields import EncryptedTextField
from sigap.lib.text import fold, normalise_phone
from sigap.organisations.models import Membership, Organisation, OrganisationKind
from sigap.organisations.roles import Role
from sigap.regions.models import District, Province, Regency

ORG_NAME = "Sigap benchmark organisation {n}"
EMAIL = "bench.{role}.{org}.{n}@benchmark.sigap.invalid"
# One caseworker per this many cases (open and closed, over the years), at least five per organisation.
CASES_PER_CASEWORKER = 500
CHUNK = 5000
SEED = 20240101

# Stage mix of a mature service: most cases closed, the rest spread over the open stages.
STAGE_WEIGHTS = {
    Stage.IDENTIFICATION: 6,
    Stage.ASSESSMENT: 8,
    Stage.PLANNING: 8,
    Stage.IMPLEMENTATION: 14,
    Stage.FOLLOW_UP: 14,
    Stage.CLOSED: 50,
}
RISK_WEIGHTS = {RiskLevel.HIGH: 25, RiskLevel.MEDIUM: 50, RiskLevel.LOW: 25}
# Deadlines that are done once the case has moved past the stage named.
_DONE_AFTER = {
    TaskKind.FIRST_CONTACT: Stage.IDENTIFICATION,
    TaskKind.ASSESSMENT: Stage.ASSESSMENT,
    TaskKind.PLAN_APPROVAL: Stage.PLANNING,
}
_ORDER = list(STAGE_WEIGHTS)
_STAGE_DUE = {  # (first contact hours, assessment days, plan days) by risk, docs/cases.md
    RiskLevel.HIGH: (24, 3, 7),
    RiskLevel.MEDIUM: (72, 7, 14),
    RiskLevel.LOW: (168, 14, 30),
}


@dataclass
class Actors:
    organisation: Organisation
    supervisor: User
    caseworkers: list[User]
    intake_officer: User
    newcomer: User


@dataclass
class Scenario:
    """A page to time, and the cases it must show, found with a plain query (not the search code
    being measured): a scenario whose page misses them stops the run instead of timing an empty page."""

    label: str
    user: User
    params: dict[str, str]
    # The organisation's cases the page shows some of (at least ``at_least`` must exist for the
    # page to be reached); None: the page must be empty.
    finds: Q | None = field(default_factory=Q)
    exactly_one: bool = False
    at_least: int = 1
    # Another page than the case list (a URL name), and the attribute that marks its rows.
    page: str = "cases:list"
    row_marker: bytes = b"data-case-row"

    def check(self, organisation: Organisation, rows: int) -> None:
        if self.finds is None:
            wanted, expected = rows == 0, "no rows"
        else:
            matching = Case.objects.filter(organisation=organisation).filter(self.finds).values("pk")
            if len(matching[: self.at_least]) < self.at_least:
                return  # too few such cases in this data set for the page to show any
            wanted = rows == 1 if self.exactly_one else rows > 0
            expected = "exactly one row" if self.exactly_one else "rows"
        if not wanted:
            raise CommandError(f"{self.label}: expected {expected} on the page, found {rows}.")


class Command(BaseCommand):
    help = "Build N synthetic cases (bulk) and time the case list and search; refused in production unless --force."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=100_000, help="Number of cases (default 100000).")
        parser.add_argument("--organisations", type=int, default=2, help="Benchmark organisations (default 2).")
        parser.add_argument("--runs", type=int, default=30, help="Timed requests per scenario (default 30).")
        parser.add_argument("--warmup", type=int, default=3, help="Untimed requests per scenario first.")
        parser.add_argument("--rebuild", action="store_true", help="Delete and rebuild the data set.")
        parser.add_argument("--clean", action="store_true", help="Delete the benchmark data and stop.")
        parser.add_argument("--force", action="store_true", help="Run even when DEMO_MODE is off.")
        parser.add_argument(
            "--statistics",
            action="store_true",
            help="Also time the national and a regency's figure queries (benchmark_statistics, same --cases).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE and not options["force"]:
            raise CommandError(
                "benchmark_cases writes synthetic cases; it refuses to run in production without --force."
            )
        if options["clean"]:
            self.stdout.write(f"Removed {clean()} benchmark cases.")
            return
        count = max(options["cases"], 1)
        shares = share_out(count, max(options["organisations"], 1))
        actors = ensure_actors(shares)
        existing = Case.objects.filter(organisation__in=[a.organisation for a in actors]).count()
        if existing != count or options["rebuild"]:
            if existing:
                self.stdout.write(f"Removing {clean()} earlier benchmark cases ...")
            started = time.perf_counter()
            build(actors, shares, stdout=self.stdout)
            analyse()
            self.stdout.write(f"Built {count} cases in {time.perf_counter() - started:.1f} s.")
        else:
            self.stdout.write(f"Reusing {existing} benchmark cases (--rebuild to make them again).")
        self.measure(actors, runs=max(options["runs"], 1), warmup=max(options["warmup"], 0))
        if options["statistics"]:
            # By name: the statistics app builds on cases, which never imports it.
            call_command("benchmark_statistics", cases=count, runs=max(options["runs"], 1), force=options["force"])

    # --- Measuring ----------------------------------------------------------------------------

    def measure(self, actors: list[Actors], *, runs: int, warmup: int) -> None:
        scenarios = scenarios_for(actors[0])
        vendor = connection.vendor
        self.stdout.write(f"\nCase list, search and My work on {vendor}, {runs} runs each after {warmup} warm-up (ms):")
        header = f"{'scenario':<38} {'median':>8} {'p95':>8} {'cpu':>8} {'queries':>8} {'rows':>6}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        # Timing the page, not the sign-in policy: a --force run in production would ask for 2FA.
        with override_settings(SIGAP_REQUIRE_2FA=False, DEBUG=False):
            clients: dict[Any, Client] = {}
            for scenario in scenarios:
                client = clients.get(scenario.user.pk)
                if client is None:
                    client = clients[scenario.user.pk] = Client(HTTP_ACCEPT_LANGUAGE="en")
                    client.force_login(scenario.user)
                url = reverse(scenario.page)
                path = f"{url}?{urlencode(scenario.params)}" if scenario.params else url
                if "q" in scenario.params:  # the search form POSTs the term and redirects to ?s=<token>
                    path = client.post(url, scenario.params)["Location"]
                for _ in range(warmup):
                    client.get(path)
                queries: list[str] = []
                with connection.execute_wrapper(_Counter(queries)):
                    response = client.get(path)
                if response.status_code != 200:
                    raise CommandError(f"{scenario.label}: HTTP {response.status_code}")
                rows = response.content.count(scenario.row_marker)
                scenario.check(actors[0].organisation, rows)
                times, cpu = [], []
                for _ in range(runs):
                    started, started_cpu = time.perf_counter(), time.process_time()
                    client.get(path)
                    times.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - started_cpu) * 1000)
                self.stdout.write(
                    f"{scenario.label:<38} {statistics.median(times):>8.1f} {percentile(times, 95):>8.1f} "
                    f"{statistics.median(cpu):>8.1f} {len(queries):>8} {rows:>6}"
                )
        self.stdout.write(
            "median/p95: server time through Django's test client (wall clock); cpu: this process's CPU time "
            "(on SQLite it includes the database work, on PostgreSQL not), which a busy machine inflates less."
        )


class _Counter:
    """Collects the SQL a request runs (a debug cursor would be reset at each request's start)."""

    def __init__(self, sink: list[str]) -> None:
        self.sink = sink

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.sink.append(sql)
        return execute(sql, params, many, context)


def percentile(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def scenarios_for(actors: Actors) -> list[Scenario]:
    org = actors.organisation
    sample = (
        Case.objects.filter(organisation=org, victims__is_primary=True)
        .exclude(victims__person__nik="")
        .exclude(victims__person__phone="")
        .order_by("number")
        .values_list("pk", "number", "victims__person__full_name", "victims__person__nik", "victims__person__phone")
    )
    picked = sample[len(sample) // 2] if sample else None
    if picked is None:
        raise CommandError("No benchmark case has a client with a NIK and a phone to search for.")
    case_id, number, name, nik, phone = picked
    digits = normalise_phone(phone)
    spaced_phone = f"+{digits[:2]} {digits[2:5]} {digits[5:9]} {digits[9:]}" if digits else ""
    sup = actors.supervisor
    worker = actors.caseworkers[0]
    now = timezone.now()
    combo = {"stage": "assessment", "risk": "high", "form": "seksual", "due": "due_soon"}
    combo_finds = Q(
        stage="assessment",
        risk_level="high",
        violence_forms__form="seksual",
        next_due_at__gte=now,
        next_due_at__lte=due_soon_limit(now),
    )
    dated = {"form": "fisik", "registered_from": _days_ago(400), "registered_to": _days_ago(30), "q": "nur"}
    dated_finds = Q(
        violence_forms__form="fisik",
        registered_at__gte=now - timedelta(days=400),
        registered_at__lt=now - timedelta(days=31),
        client_names_folded__contains="nur",
    )
    return [
        Scenario("list, supervisor (all cases)", sup, {}),
        Scenario("list, supervisor, page 40", sup, {"page": "40"}, at_least=39 * 25 + 1),
        Scenario("list, caseworker (own cases)", worker, {}, Q(case_manager=worker)),
        Scenario("list, caseworker with no cases yet", actors.newcomer, {}, None),
        Scenario("list sorted by next due", sup, {"sort": "due"}),
        Scenario("list sorted by risk", sup, {"sort": "risk"}),
        Scenario("list sorted by number", sup, {"sort": "number"}),
        Scenario("search name part 'sari'", sup, {"q": "sari"}, Q(client_names_folded__contains="sari")),
        Scenario(
            "search name parts 'putri ayu'",
            sup,
            {"q": "putri ayu"},
            Q(client_names_folded__contains="putri") & Q(client_names_folded__contains="ayu"),
        ),
        Scenario("search full name (few matches)", sup, {"q": name}, Q(pk=case_id)),
        Scenario(
            "search name, caseworker",
            worker,
            {"q": "sari"},
            Q(case_manager=worker, client_names_folded__contains="sari"),
        ),
        Scenario("search case number (exact)", sup, {"q": number}, Q(number=number), exactly_one=True),
        Scenario("search case number prefix", sup, {"q": number[:9]}, Q(number__startswith=number[:9])),
        Scenario("search NIK", sup, {"q": nik}, Q(pk=case_id), exactly_one=True),
        Scenario("search phone (+62 form)", sup, {"q": spaced_phone}, Q(pk=case_id), exactly_one=True),
        Scenario("filter overdue", sup, {"due": "overdue"}, Q(next_due_at__lt=now)),
        Scenario("filter stage+risk+form+due soon", sup, combo, combo_finds),
        Scenario("filter form+dates+name, sort due", sup, {**dated, "sort": "due"}, dated_finds),
        Scenario(
            "filter case manager + stage",
            sup,
            {"manager": str(worker.pk), "stage": "follow_up"},
            Q(case_manager=worker, stage="follow_up"),
        ),
        # My work: a supervisor's oldest cases to assign (and caseloads), a caseworker's open cases.
        Scenario(
            "my work, supervisor",
            sup,
            {},
            Q(case_manager__isnull=True) & ~Q(stage=Stage.CLOSED),
            page="core:home",
            row_marker=b"data-unassigned",
        ),
        Scenario(
            "my work, caseworker",
            worker,
            {},
            Q(case_manager=worker) & ~Q(stage=Stage.CLOSED),
            page="core:home",
            row_marker=b"data-my-case",
        ),
    ]


def _days_ago(days: int) -> str:
    return (timezone.localdate() - timedelta(days=days)).isoformat()


# --- Building -------------------------------------------------------------------------------


def _place() -> tuple[Province, Regency]:
    regency = Regency.objects.filter(code="32.73").select_related("province").first() or Regency.objects.first()
    if regency is not None:
        return regency.province, regency
    province, _ = Province.objects.get_or_create(code="32", defaults={"name": "Jawa Barat"})
    regency, _ = Regency.objects.get_or_create(code="32.73", defaults={"province": province, "name": "Kota Bandung"})
    return province, regency


def _user(role: str, org: int, n: int) -> User:
    email = EMAIL.format(role=role, org=org, n=n)
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, full_name=f"Benchmark {role} {org}.{n}", language="en")
        user.set_unusable_password()
        user.save()
    return user


def share_out(count: int, organisations: int) -> list[int]:
    """Cases per organisation: 90 % in the first (the one measured) when there are several."""
    if organisations == 1:
        return [count]
    return [count - count // 10, *_split(count // 10, organisations - 1)]


def ensure_actors(shares: list[int]) -> list[Actors]:
    """The benchmark organisations and their people (made once, found again on later runs)."""
    province, regency = _place()
    made = []
    for n, share in enumerate(shares, start=1):
        org, _ = Organisation.objects.get_or_create(
            name=ORG_NAME.format(n=n),
            province=province,
            defaults={"kind": OrganisationKind.UPTD_PPA_REGENCY, "regency": regency, "short_name": f"Bench {n}"},
        )
        supervisor = _user("supervisor", n, 1)
        sup_membership, _ = Membership.objects.get_or_create(user=supervisor, organisation=org, role=Role.SUPERVISOR)
        workers = []
        for i in range(1, max(5, share // CASES_PER_CASEWORKER) + 1):
            worker = _user("caseworker", n, i)
            Membership.objects.update_or_create(
                user=worker, organisation=org, role=Role.CASEWORKER, defaults={"supervisor": sup_membership}
            )
            workers.append(worker)
        newcomer = _user("newcomer", n, 1)  # a caseworker with no cases yet: the sparsest list
        Membership.objects.update_or_create(
            user=newcomer, organisation=org, role=Role.CASEWORKER, defaults={"supervisor": sup_membership}
        )
        intake = _user("intake", n, 1)
        Membership.objects.get_or_create(user=intake, organisation=org, role=Role.INTAKE_OFFICER)
        made.append(Actors(org, supervisor, workers, intake, newcomer))
    return made


def analyse() -> None:
    """Refresh the planner's statistics after the bulk load, as PostgreSQL's autovacuum would later
    (SQLite keeps none until asked; without them it cannot tell a selective index from a broad one)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def clean() -> int:
    """Delete every benchmark case and the persons they use (children first, in bulk)."""
    orgs = list(Organisation.objects.filter(name__startswith=ORG_NAME.format(n="")).values_list("pk", flat=True))
    cases = Case.objects.filter(organisation__in=orgs)
    total = cases.count()
    with transaction.atomic():
        children: list[Any] = [CaseTask, CaseViolenceForm, CaseVictim, CasePerpetrator, CaseTeamMember, TimelineEvent]
        for model in children:
            rows = model.objects.filter(case__organisation__in=orgs)
            rows._raw_delete(rows.db)
        cases._raw_delete(cases.db)
        persons = Person.objects.filter(organisation__in=orgs)
        persons._raw_delete(persons.db)
        CaseNumberSequence.objects.filter(organisation__in=orgs).delete()
    return total


def build(actors: list[Actors], shares: list[int], *, stdout: Any = None) -> None:
    """Write ``shares[i]`` cases for the organisation of ``actors[i]``."""
    rng = random.Random(SEED)  # noqa: S311 - synthetic data, not secrets
    if connection.vendor == "sqlite":
        # Random UUID keys land all over the indexes: a large page cache keeps the inserts fast.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -524288")  # 512 MB, this connection only
    shape = synthetic.load_shape()
    for actor, share in zip(actors, shares, strict=True):
        builder = _Builder(actor, rng, shape)
        done = 0
        while done < share:
            size = min(CHUNK, share - done)
            with transaction.atomic():
                builder.chunk(size)
            done += size
            if stdout is not None:
                stdout.write(f"  {actor.organisation.short_name}: {done}/{share}")
        builder.save_sequences()


def _split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


class _Builder:
    """Makes cases for one organisation in chunks; keeps the case-number sequences as it goes."""

    def __init__(self, actors: Actors, rng: random.Random, shape: synthetic.Shape) -> None:
        self.actors = actors
        self.rng = rng
        self.shape = shape
        self.now = timezone.now()
        self.today = timezone.localdate()
        org = actors.organisation
        self.prefix = number_prefix(org)
        self.sequences: dict[int, int] = {
            row["year"]: row["last"]
            for row in CaseNumberSequence.objects.filter(organisation=org)
            .values("year")
            .annotate(last=Max("last_value"))
        }
        districts = list(District.objects.filter(regency_id=org.regency_id).values_list("code", flat=True)[:20])
        self.districts = districts or [f"{org.regency_id or '32.73'}.01"]
        self.serial = Person.objects.filter(organisation=org).count()

    def save_sequences(self) -> None:
        for year, last in self.sequences.items():
            CaseNumberSequence.objects.update_or_create(
                organisation=self.actors.organisation, year=year, defaults={"last_value": last}
            )

    def _person(self, sex: str, band: str) -> dict[str, Any]:
        self.serial += 1
        rng = self.rng
        born = synthetic.birth_date_for_band(rng, band, self.today)
        name = synthetic.full_name(rng, sex)
        has_nik = rng.random() < 0.7
        phone = synthetic.phone(self.serial) if rng.random() < 0.6 else ""
        nik = synthetic.nik(rng.choice(self.districts), born, sex == Sex.FEMALE, self.serial) if has_nik else ""
        return {
            "id": uuid.uuid4(),
            "created_at": self.now,
            "updated_at": self.now,
            "organisation_id": self.actors.organisation.pk,
            "full_name": name,
            "name_folded": fold(name),
            "sex": sex,
            "date_of_birth": born,
            "nik": nik,
            "nik_index": index_of_nik(nik),
            "phone": phone,
            "phone_index": index_of_phone(phone),
            "created_by_id": self.actors.intake_officer.pk,
        }

    def chunk(self, size: int) -> None:
        rng = self.rng
        rows: dict[type, list[dict[str, Any]]] = {model: [] for model in _INSERT_ORDER}
        for _ in range(size):
            stage = rng.choices(_ORDER, weights=list(STAGE_WEIGHTS.values()))[0]
            risk = rng.choices(list(RISK_WEIGHTS), weights=list(RISK_WEIGHTS.values()))[0]
            registered = self._registered(stage)
            band = self.shape.pick(rng, "victim_age")
            victim = self._person(self.shape.pick(rng, "victim_sex"), band)
            rows[Person].append(victim)
            case_forms = synthetic.forms_of_violence(rng, self.shape)
            manager = None if rng.random() < 0.03 else rng.choice(self.actors.caseworkers)
            case: dict[str, Any] = {
                "id": uuid.uuid4(),
                "created_at": registered,
                "updated_at": registered,
                "number": self._number(registered),
                "organisation_id": self.actors.organisation.pk,
                "case_manager_id": manager.pk if manager else None,
                "created_by_id": self.actors.intake_officer.pk,
                "client_type": ClientType.CHILD if band in {"0-5", "6-12", "13-17"} else ClientType.ADULT_WOMAN,
                "intake_channel": rng.choice(IntakeChannel.values),
                "intake_narrative": "Synthetic benchmark case.",
                "tpks_offences": [],
                "place": self.shape.pick(rng, "place"),
                "risk_level": risk,
                "stage": stage,
                "stage_entered_at": registered + (self.now - registered) / 2,
                "registered_at": registered,
                "closed_at": self.now - (self.now - registered) / 4 if stage == Stage.CLOSED else None,
                "primary_client_name": victim["full_name"],
                "client_names_folded": victim["name_folded"],
            }
            rows[Case].append(case)
            rows[CaseViolenceForm].extend({"case_id": case["id"], "form": f} for f in case_forms)
            rows[CaseVictim].append(self._link(case, victim, is_primary=True))
            if rng.random() < 0.7:
                perpetrator = self._person(Sex.MALE if rng.random() < 0.885 else Sex.FEMALE, "25-44")
                rows[Person].append(perpetrator)
                link = self._link(case, perpetrator, relationship=self.shape.pick(rng, "relationship"))
                link["is_child"] = rng.random() < 0.05
                rows[CasePerpetrator].append(link)
            tasks = self._tasks(case, case_forms)
            rows[CaseTask].extend(tasks)
            open_due = [t["due_at"] for t in tasks if t["done_at"] is None]
            case["next_due_at"] = min(open_due) if open_due and stage != Stage.CLOSED else None
        for model in _INSERT_ORDER:
            insert_rows(model, rows[model])

    def _link(self, case: dict[str, Any], person: dict[str, Any], **values: Any) -> dict[str, Any]:
        now = self.now
        return {
            "id": uuid.uuid4(),
            "created_at": now,
            "updated_at": now,
            "case_id": case["id"],
            "person_id": person["id"],
            **values,
        }

    def _registered(self, stage: str) -> datetime:
        """Older cases are further along: closed cases go back five years, new ones a few days."""
        max_days = {
            Stage.IDENTIFICATION: 6,
            Stage.ASSESSMENT: 25,
            Stage.PLANNING: 45,
            Stage.IMPLEMENTATION: 200,
            Stage.FOLLOW_UP: 400,
            Stage.CLOSED: 5 * 365,
        }[Stage(stage)]
        return self.now - timedelta(minutes=self.rng.randint(30, max_days * 24 * 60))

    def _number(self, registered: datetime) -> str:
        year = timezone.localtime(registered).year
        self.sequences[year] = self.sequences.get(year, 0) + 1
        return f"{self.prefix}-{year}-{self.sequences[year]:05d}"

    def _tasks(self, case: dict[str, Any], forms: list[str]) -> list[dict[str, Any]]:
        hours, assessment_days, plan_days = _STAGE_DUE[RiskLevel(case["risk_level"])]
        start = case["registered_at"]
        due = {
            TaskKind.FIRST_CONTACT: start + timedelta(hours=hours),
            TaskKind.ASSESSMENT: start + timedelta(days=assessment_days),
            TaskKind.PLAN_APPROVAL: start + timedelta(days=plan_days),
        }
        if ViolenceForm.SEKSUAL in forms:
            due[TaskKind.POLICE_REPORT] = start + timedelta(hours=POLICE_REPORT_HOURS)
        stage = Stage(case["stage"])
        stage_index = _ORDER.index(stage)
        tasks = []
        for kind, due_at in due.items():
            past = kind in _DONE_AFTER and _ORDER.index(_DONE_AFTER[kind]) < stage_index
            # Most deadlines are met on time; some slip; police reports are usually made.
            done = past or stage == Stage.CLOSED or (kind == TaskKind.POLICE_REPORT and self.rng.random() < 0.8)
            if not done and kind == TaskKind.FIRST_CONTACT and self.rng.random() < 0.7:
                done = True
            done_at = start + (min(due_at, self.now) - start) * self.rng.random() if done else None
            tasks.append(self._task(case, kind, due_at, done_at))
        if stage in {Stage.IMPLEMENTATION, Stage.FOLLOW_UP}:
            follow = self.now + timedelta(days=self.rng.randint(-10, 30))
            tasks.append(self._task(case, TaskKind.FOLLOW_UP, follow, None))
        return tasks

    def _task(self, case: dict[str, Any], kind: str, due_at: datetime, done_at: datetime | None) -> dict[str, Any]:
        now = self.now
        return {
            "id": uuid.uuid4(),
            "created_at": now,
            "updated_at": now,
            "case_id": case["id"],
            "kind": kind,
            "due_at": due_at,
            "done_at": done_at,
        }


# --- Writing rows without model instances ---------------------------------------------------

# Parents before children.
_INSERT_ORDER: list[type] = [Person, Case, CaseViolenceForm, CaseVictim, CasePerpetrator, CaseTask]


def _adapter(field: Any) -> Any:
    """A fast conversion of a Python value to what this database's driver takes for the column."""
    if isinstance(field, EncryptedTextField):
        return lambda v: field.get_db_prep_save(v, connection)  # encrypted like any other write
    target = field.target_field if field.is_relation else field
    kind = target.get_internal_type()
    sqlite = connection.vendor == "sqlite"
    if kind == "UUIDField":
        return (lambda v: v.hex if isinstance(v, uuid.UUID) else v) if sqlite else (lambda v: v)
    if kind == "DateTimeField" and sqlite:
        return lambda v: None if v is None else v.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
    if kind in {"CharField", "TextField", "BooleanField", "IntegerField", "PositiveIntegerField", "DateTimeField"}:
        return lambda v: v
    return lambda v: field.get_db_prep_save(v, connection)


def insert_rows(model: type, rows: list[dict[str, Any]]) -> None:
    """INSERT rows (dicts by attribute name; missing fields take their defaults) with executemany.

    ``bulk_create`` spends most of a large build making and preparing model instances; this writes
    the same rows several times faster. Only for synthetic load, never for real records.
    """
    if not rows:
        return
    meta = model._meta  # type: ignore[attr-defined]
    # A database-generated key (an AutoField left out of the rows) is left to the database.
    fields = [f for f in meta.concrete_fields if not (f.primary_key and f.attname not in rows[0])]
    defaults = {f.attname: f.get_default() for f in fields}
    adapters = [_adapter(f) for f in fields]
    quote = connection.ops.quote_name
    # Table and column names come from the model's metadata; every value is a parameter.
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    params = [
        [adapt(row.get(f.attname, defaults[f.attname])) for f, adapt in zip(fields, adapters, strict=True)]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
