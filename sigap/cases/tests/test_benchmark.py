"""``manage.py benchmark_cases``: builds a synthetic case load and times the case list and search."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sigap.cases.models import Case, CaseTask, CaseVictim, Person
from sigap.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def bench(**options) -> str:
    out = StringIO()
    call_command("benchmark_cases", stdout=out, **{"runs": 2, "warmup": 0, **options})
    return out.getvalue()


def results(text: str) -> dict[str, list[float]]:
    """Scenario label -> [median, p95, cpu, queries, rows] from the printed table."""
    table = text.split("-" * 20, 1)[1]
    rows = {}
    for line in table.splitlines():
        values = line[38:].split()
        if len(values) == 5:
            rows[line[:38].strip()] = [float(v) for v in values]
    return rows


def test_benchmark_builds_the_cases_and_times_every_scenario(regions):
    text = bench(cases=50)
    assert "Built 50 cases" in text
    assert Case.objects.count() == 50
    assert CaseVictim.objects.count() == 50 and CaseTask.objects.exists()
    table = results(text)
    assert len(table) == 21  # 19 list and search scenarios, My work of a supervisor and a caseworker
    for label, (median, p95, _cpu, queries, _rows) in table.items():
        assert 0 < median <= p95, label
        assert queries > 0, label
    # The searches really find their case: a whole number, a NIK and a phone match one case each.
    assert table["search case number (exact)"][4] == 1
    assert table["search NIK"][4] == 1
    assert table["search phone (+62 form)"][4] == 1
    assert table["list, caseworker with no cases yet"][4] == 0
    assert table["my work, caseworker"][4] > 0


def test_a_second_run_reuses_the_cases_and_clean_removes_them(regions):
    bench(cases=30, organisations=1)
    assert "Reusing 30 benchmark cases" in bench(cases=30, organisations=1)
    assert Case.objects.count() == 30
    out = StringIO()
    call_command("benchmark_cases", clean=True, stdout=out)
    assert "Removed 30 benchmark cases" in out.getvalue()
    assert not Case.objects.exists() and not Person.objects.exists()
    assert Organisation.objects.filter(name__startswith="Sigap benchmark organisation").exists()


def test_benchmark_is_refused_in_production_without_force(regions, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="--force"):
        bench(cases=10)
    assert not Case.objects.exists()


def test_a_scenario_that_finds_nothing_where_cases_exist_stops_the_benchmark(regions, monkeypatch):
    from sigap.cases import search

    real = search.search

    def blind_to_numbers(qs, terms, **kwargs):
        return qs.none() if terms.number else real(qs, terms, **kwargs)

    monkeypatch.setattr(search, "search", blind_to_numbers)
    with pytest.raises(CommandError, match="search case number"):
        bench(cases=40, organisations=1)


def test_the_benchmark_finds_six_digit_case_numbers(regions):
    from django.utils import timezone

    from sigap.cases.management.commands.benchmark_cases import ensure_actors, share_out
    from sigap.cases.models import CaseNumberSequence

    # Every year's sequence already at 99,999: the benchmark's cases get six-digit numbers.
    (actors,) = ensure_actors(share_out(40, 1))
    year = timezone.localdate().year
    for past in range(7):
        CaseNumberSequence.objects.create(organisation=actors.organisation, year=year - past, last_value=99_999)
    table = results(bench(cases=40, organisations=1))
    assert Case.objects.filter(number__regex=r"-\d{6}$").count() == 40
    assert table["search case number (exact)"][4] == 1
    assert table["search case number prefix"][4] > 0
