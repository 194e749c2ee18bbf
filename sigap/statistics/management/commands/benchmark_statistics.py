"""Time the figure queries on a large summary table (docs/performance.md, "Statistics").

``manage.py benchmark_statistics --cases 1000000`` writes (once; ``--rebuild`` to redo) synthetic
summary rows only — no cases, no persons — for N cases of one year spread over benchmark
organisations in every regency of ``--provinces`` provinces, shaped like SIMFONI-PPA's 2024 figures
(../shared/data/simfoni-2024-shape.csv as built in): one row per case, per victim and per
perpetrator, frozen as verified months, which is what regional and national views read. It then
times ``count_table`` for the nation and for one regency (median and 95th percentile, ms) in the
queries a dashboard makes: cases by form, a monthly trend, victims by sex × age band, perpetrators
by relationship, cases by province (or by organisation). ``manage.py benchmark_cases --statistics``
runs it too. Refused when ``DEMO_MODE`` is off unless ``--force``; ``--clean`` removes the rows.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import UTC, date, datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from sigap.accounts.models import User
from sigap.cases.management.commands.benchmark_cases import insert_rows, percentile
from sigap.organisations.models import Organisation, OrganisationKind
from sigap.regions.models import Province, Regency
from sigap.statistics.models import FORM_FIELDS, Fact, MonthVerification, Unit
from sigap.statistics.queries import Period, Scope, count_table

PREFIX = "Benchmark statistics"
YEAR = 2025
# SIMFONI-PPA 2024 (press figures; shares only, for synthetic load).
FORMS = {"fisik": 11373, "psikis": 9799, "seksual": 14465, "eksploitasi": 386, "trafficking": 471,
         "penelantaran": 2588, "lainnya": 3260}  # fmt: skip
PLACES = {"rumah_tangga": 20681, "fasilitas_umum": 3481, "sekolah": 2520, "lainnya": 5271}
AGES = {"0-5": 2466, "6-12": 7016, "13-17": 12170, "18-24": 3999, "25-44": 7292, "45-59": 1454, "60+": 164}
RELATIONSHIPS = {"pacar_teman": 5464, "suami_istri": 4767, "orang_tua": 3434, "keluarga": 3000, "tetangga": 2500,
                 "orang_tidak_dikenal": 2000, "lainnya": 1854}  # fmt: skip
CHANNELS = ["walk_in", "sapa_129", "whatsapp", "police", "health_facility", "school", "outreach", "online_report"]


def _pick(rng: random.Random, shares: dict[str, int]) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


class Command(BaseCommand):
    help = "Write N cases' synthetic summary rows and time the national and a regency's figure queries."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=100_000)
        parser.add_argument("--provinces", type=int, default=10, help="Provinces to spread them over (default 10).")
        parser.add_argument("--regencies", type=int, default=10, help="Regencies per province (default 10).")
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--rebuild", action="store_true")
        parser.add_argument("--clean", action="store_true")
        parser.add_argument("--force", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE and not options["force"]:
            raise CommandError("benchmark_statistics writes synthetic rows; refused in production without --force.")
        if options["clean"]:
            self.stdout.write(f"Removed {clean()} benchmark summary rows.")
            return
        count = max(options["cases"], 1)
        orgs = ensure_organisations(options["provinces"], options["regencies"])
        existing = Fact.objects.filter(unit=Unit.CASE, organisation__in=orgs).count()
        if existing != count or options["rebuild"]:
            clean()
            orgs = ensure_organisations(options["provinces"], options["regencies"])
            started = time.perf_counter()
            build(orgs, count, stdout=self.stdout)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            self.stdout.write(f"Wrote the summary rows of {count} cases in {time.perf_counter() - started:.1f} s.")
        else:
            self.stdout.write(f"Reusing the summary rows of {existing} cases (--rebuild to write them again).")
        self.measure(orgs, runs=max(options["runs"], 1))

    def measure(self, orgs: list[Organisation], *, runs: int) -> None:
        regency = orgs[0].regency_id or ""
        period = Period.year(YEAR)
        levels = [
            ("nation", Scope.nation(), "province"),
            (f"regency {regency}", Scope.of_regency(regency), "organisation"),
        ]
        queries = [
            ("cases by form", {"rows": "form"}),
            ("monthly trend", {"rows": "month"}),
            ("victims sex x age", {"rows": "sex", "columns": "age_band", "unit": Unit.VICTIM}),
            ("perpetrators by relationship", {"rows": "relationship", "unit": Unit.PERPETRATOR}),
            ("seksual cases by place", {"rows": "place", "filters": {"form": ["seksual"]}}),
        ]
        total = Fact.objects.filter(unit=Unit.CASE, frozen=True).count()
        self.stdout.write(f"\nFigure queries on {connection.vendor}, {total} cases' rows, {runs} runs each (ms):")
        header = f"{'scope':<16} {'query':<30} {'median':>8} {'p95':>8}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for label, scope, by_region in levels:
            for name, kwargs in [*queries, (f"cases by {by_region}", {"rows": by_region})]:
                count_table(scope=scope, period=period, **kwargs)  # warm-up
                times = []
                for _n in range(runs):
                    started = time.perf_counter()
                    count_table(scope=scope, period=period, **kwargs)
                    times.append((time.perf_counter() - started) * 1000)
                self.stdout.write(
                    f"{label:<16} {name:<30} {statistics.median(times):>8.1f} {percentile(times, 95):>8.1f}"
                )


def ensure_organisations(provinces: int, regencies: int) -> list[Organisation]:
    """One benchmark UPTD PPA per regency: real regions when loaded, otherwise synthetic codes 8x."""
    found = list(Organisation.objects.filter(name__startswith=PREFIX).order_by("name"))
    if found:
        return found
    orgs = []
    for p in range(provinces):
        code = f"{80 + p}" if not Province.objects.exists() else None
        province = (
            Province.objects.order_by("code")[p : p + 1].first()
            if code is None
            else Province.objects.get_or_create(code=code, defaults={"name": f"Provinsi Benchmark {code}"})[0]
        )
        if province is None:
            break
        for r in range(regencies):
            regency_code = f"{province.code}.{71 + r:02d}"
            regency, _new = Regency.objects.get_or_create(
                code=regency_code, defaults={"province": province, "name": f"Kota Benchmark {regency_code}"}
            )
            orgs.append(
                Organisation.objects.create(
                    name=f"{PREFIX} {regency_code}",
                    kind=OrganisationKind.UPTD_PPA_REGENCY,
                    province=province,
                    regency=regency,
                )
            )
    return orgs


def build(orgs: list[Organisation], count: int, *, stdout: Any = None) -> None:
    rng = random.Random(YEAR)  # noqa: S311 (synthetic load)
    officer, _new = User.objects.get_or_create(
        email="benchmark.statistics@benchmark.sigap.invalid", defaults={"full_name": "Benchmark Data Officer"}
    )
    now = datetime.now(UTC)
    verifications: dict[tuple[Any, date], Any] = {}
    with transaction.atomic():
        for org in orgs:
            for month in range(1, 13):
                verifications[(org.pk, date(YEAR, month, 1))] = MonthVerification.objects.create(
                    organisation=org, month=date(YEAR, month, 1), verified_at=now, verified_by=officer
                ).pk
    # Most cases in the first organisations, as in real life (Java's cities).
    weights = [1 / (1 + i * 0.05) for i in range(len(orgs))]
    chunk: list[dict[str, Any]] = []
    for n in range(count):
        org = rng.choices(orgs, weights=weights)[0]
        month = date(YEAR, rng.randint(1, 12), 1)
        forms = {_pick(rng, FORMS)} | ({_pick(rng, FORMS)} if rng.random() < 0.3 else set())
        shared = {
            "frozen": True,
            "verification_id": verifications[(org.pk, month)],
            "case_id": _uuid(rng),
            "organisation_id": org.pk,
            "province": org.province_id,
            "regency": org.regency_id or "",
            "incident_province": org.province_id,
            "incident_regency": org.regency_id or "",
            "registered_month": month,
            "incident_month": month,
            "client_type": "child" if rng.random() < 0.6 else "adult_woman",
            "intake_channel": rng.choice(CHANNELS),
            "place": _pick(rng, PLACES),
            "is_online": rng.random() < 0.1,
            "risk_level": rng.choice(["high", "medium", "low"]),
            "refreshed_at": now,
            **{field: code in forms for code, field in FORM_FIELDS.items()},
        }
        chunk.append({**shared, "unit": Unit.CASE, "stage": "closed" if rng.random() < 0.6 else "follow_up"})
        for _v in range(2 if rng.random() < 0.08 else 1):
            sex = "female" if rng.random() < 0.8 else "male"
            chunk.append(
                {**shared, "unit": Unit.VICTIM, "member_id": _uuid(rng), "sex": sex, "age_band": _pick(rng, AGES)}
            )
        for _p in range(rng.choice([0, 1, 1, 1])):
            chunk.append(
                {
                    **shared,
                    "unit": Unit.PERPETRATOR,
                    "member_id": _uuid(rng),
                    "sex": "male",
                    "relationship": _pick(rng, RELATIONSHIPS),
                }
            )
        if len(chunk) >= 20_000:
            _flush(chunk)
            if stdout is not None:
                stdout.write(f"  {n + 1} cases")
    _flush(chunk)


def _uuid(rng: random.Random) -> Any:
    import uuid

    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _flush(chunk: list[dict[str, Any]]) -> None:
    with transaction.atomic():
        insert_rows(Fact, chunk)
    chunk.clear()


def clean() -> int:
    orgs = Organisation.objects.filter(name__startswith=PREFIX)
    deleted, _kinds = Fact.objects.filter(organisation__in=orgs).delete()
    MonthVerification.objects.filter(organisation__in=orgs).delete()
    orgs.delete()
    return deleted
