"""The figures of sigap.statistics.queries equal plain counts over cases, victims and perpetrators."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.utils import timezone

from sigap.cases.codes import AGE_BANDS, age_band, age_on
from sigap.cases.models import Case, CasePerpetrator, CaseVictim, CaseViolenceForm
from sigap.statistics.models import Fact
from sigap.statistics.queries import UNKNOWN, Period, QueryError, Scope, count_table
from sigap.statistics.refresh import refresh_all

pytestmark = pytest.mark.django_db


def this_year() -> Period:
    return Period.year(timezone.localdate().year)


def own(cast: Any) -> Scope:
    return Scope.of_organisation(cast.org.pk)


def released(table: Any) -> dict[str, int]:
    return {row.code: table.cells[(row.code, "total")].count for row in table.rows}


def test_cases_by_place_equal_a_plain_count(cast, seeded):
    table = count_table(scope=own(cast), period=this_year(), rows="place")
    expected = Counter(c.place or UNKNOWN for c in Case.objects.filter(organisation=cast.org))
    assert {k: v for k, v in released(table).items() if v} == dict(expected)
    assert table.total.count == Case.objects.filter(organisation=cast.org).count()
    assert table.exact and table.hidden == 0


def test_forms_count_each_case_once_per_form_and_say_they_do_not_add_up(cast, seeded):
    table = count_table(scope=own(cast), period=this_year(), rows="form")
    expected = Counter(CaseViolenceForm.objects.filter(case__organisation=cast.org).values_list("form", flat=True))
    assert {k: v for k, v in released(table).items() if v} == dict(expected)
    assert table.multi_valued
    assert sum(released(table).values()) >= table.total.count


def test_victims_by_sex_and_age_band_equal_a_plain_count(cast, seeded):
    table = count_table(scope=own(cast), period=this_year(), rows="sex", columns="age_band", unit="victim")
    expected: Counter[tuple[str, str]] = Counter()
    for victim in CaseVictim.objects.filter(case__organisation=cast.org).select_related("person", "case"):
        person = victim.person
        on = victim.case.incident_date or timezone.localdate()
        band = age_band(age_on(person.date_of_birth, on)) if person.date_of_birth else ""
        expected[(person.sex or UNKNOWN, band or UNKNOWN)] += 1
    got = {key: cell.count for key, cell in table.cells.items() if cell.count}
    assert got == dict(expected)
    assert [c.code for c in table.columns][: len(AGE_BANDS)] == [b for b, *_ in AGE_BANDS]
    assert table.total.count == CaseVictim.objects.filter(case__organisation=cast.org).count()


def test_perpetrators_by_relationship_are_counted_separately(cast, seeded):
    table = count_table(scope=own(cast), period=this_year(), rows="relationship", unit="perpetrator")
    rows = CasePerpetrator.objects.filter(case__organisation=cast.org)
    assert {k: v for k, v in released(table).items() if v} == dict(Counter(rows.values_list("relationship", flat=True)))


def test_a_form_filter_keeps_cases_with_any_of_the_forms(cast, seeded):
    table = count_table(
        scope=own(cast), period=this_year(), rows="intake_channel", filters={"form": ["seksual", "psikis"]}
    )
    cases = Case.objects.filter(organisation=cast.org, violence_forms__form__in=["seksual", "psikis"]).distinct()
    assert table.total.count == cases.count()
    expected = Counter(cases.values_list("intake_channel", flat=True))
    assert {k: v for k, v in released(table).items() if v} == dict(expected)


def test_a_trend_has_every_month_of_the_period(cast, seeded):
    table = count_table(scope=own(cast), period=this_year(), rows="month")
    assert len(table.rows) == 12
    assert sum(released(table).values()) == table.total.count


def test_a_dimension_the_unit_does_not_have_is_refused(cast, seeded):
    with pytest.raises(QueryError):
        count_table(scope=own(cast), period=this_year(), rows="relationship", unit="case")


def test_a_table_is_a_fixed_number_of_queries(cast, seeded, django_assert_max_num_queries):
    scope = Scope.of_province(cast.org.province_id, verified_only=False)
    with django_assert_max_num_queries(4):
        count_table(scope=scope, period=this_year(), rows="sex", columns="form", unit="victim")


def test_the_hook_refreshes_a_case_after_its_verb_commits(cast, django_capture_on_commit_callbacks):
    from sigap.cases.tests.factories import make_case

    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(cast.org, cast.caseworker, place="sekolah")
    assert Fact.objects.filter(case_id=case.pk, unit="case", place="sekolah").exists()
    assert Fact.objects.filter(case_id=case.pk, unit="victim").count() == 1


def test_refreshing_twice_gives_the_same_rows(cast, seeded):
    def rows() -> list[tuple[Any, ...]]:
        return sorted(Fact.objects.values_list("unit", "case_id", "member_id", "place", "sex", "age_band"), key=str)

    first = rows()
    refresh_all()
    refresh_all()
    assert rows() == first
