"""Case search: what the search box understands, and what each kind of query finds."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection, transaction

from sigap.cases import search as search_module
from sigap.cases.access import visible_cases
from sigap.cases.models import Case
from sigap.cases.search import Sort, Terms, get_page, ordered_parts, parse_query, search
from sigap.cases.tests.factories import make_case, make_person


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("3273-2026-00012", Terms(number="3273-2026-00012")),
        ("3273-2026-100012", Terms(number="3273-2026-100012")),
        ("  3273-2026 ", Terms(number="3273-2026")),
        ("3273", Terms(number="3273")),
        ("3273 0441 2010 0001", Terms(nik="3273044120100001")),
        ("3273044120100001", Terms(nik="3273044120100001")),
        ("0812-3456-7890", Terms(phone="6281234567890")),
        ("+62 812 3456 7890", Terms(phone="6281234567890")),
        ("(0812) 3456 7890", Terms(phone="6281234567890")),
        ("Siti", Terms(words=("siti",))),
        ("  SITI   Nurhalizah ", Terms(words=("siti", "nurhalizah"))),
        ("Zulaikhâ", Terms(words=("zulaikha",))),
        ("12", Terms(words=("12",))),
        ("", Terms()),
    ],
)
def test_the_search_box_understands_numbers_niks_phones_and_names(text, terms):
    assert parse_query(text) == terms


def test_a_long_query_is_cut_short():
    assert len(" ".join(parse_query("a" * 500).words)) == 100


@pytest.fixture
def cases(cast):
    """Three cases of the cast's organisation with distinct clients (synthetic)."""
    worker = cast.caseworker
    return {
        "siti": make_case(
            cast.org,
            worker,
            victim_values={"full_name": "Siti Nurhaliza", "nik": "", "phone": "0812-1111-2222"},
        ),
        "zulaikha": make_case(cast.org, worker, victim_values={"full_name": "Zulaikhâ Ṣaputri"}),
        "dewi": make_case(cast.org, worker, victim_values={"full_name": "Dewi Lestari", "phone": "+62 813 5555 6666"}),
    }


def found(user, text) -> set[str]:
    return {case.primary_client_name for case in search(visible_cases(user), parse_query(text))}


@pytest.mark.django_db
def test_name_search_is_partial_and_ignores_case_and_accents(cast, cases):
    assert found(cast.caseworker, "nurhal") == {"Siti Nurhaliza"}
    assert found(cast.caseworker, "ZULAIKHA saputri") == {"Zulaikhâ Ṣaputri"}
    assert found(cast.caseworker, "lestari dewi") == {"Dewi Lestari"}
    assert found(cast.caseworker, "siti lestari") == set()


@pytest.mark.django_db
def test_name_search_finds_any_victim_of_the_case(cast):
    younger = make_person(cast.org, cast.caseworker, full_name="Rani Adik", date_of_birth=date(2014, 1, 1))
    older = make_person(cast.org, cast.caseworker, full_name="Rina Kakak", date_of_birth=date(2010, 1, 1))
    make_case(cast.org, cast.caseworker, victims=[younger, older])
    assert found(cast.caseworker, "rina") == {"Rani Adik"}


@pytest.mark.django_db
def test_number_search_matches_whole_numbers_and_beginnings(cast, cases):
    number = cases["siti"].number
    assert found(cast.caseworker, number) == {"Siti Nurhaliza"}
    assert found(cast.caseworker, number.rsplit("-", 1)[0]) == {"Siti Nurhaliza", "Zulaikhâ Ṣaputri", "Dewi Lestari"}
    assert found(cast.caseworker, "9999-2026") == set()


@pytest.mark.django_db
def test_a_case_number_past_99999_in_a_year_is_found_whole_and_by_its_beginning(cast, cases):
    # The sequence is written with at least five digits and grows to six after 99,999 cases a year.
    prefix = cases["siti"].number.rsplit("-", 1)[0]
    Case.objects.filter(pk=cases["siti"].pk).update(number=f"{prefix}-100000")
    Case.objects.filter(pk=cases["dewi"].pk).update(number=f"{prefix}-100001")
    Case.objects.filter(pk=cases["zulaikha"].pk).update(number=f"{prefix}-10000")
    assert found(cast.caseworker, f"{prefix}-100000") == {"Siti Nurhaliza"}
    assert found(cast.caseworker, f"{prefix}-100001") == {"Dewi Lestari"}
    # A whole five-digit number is still that one case, not the six-digit numbers it begins.
    assert found(cast.caseworker, f"{prefix}-10000") == {"Zulaikhâ Ṣaputri"}
    assert found(cast.caseworker, f"{prefix}-1000") == {"Siti Nurhaliza", "Dewi Lestari", "Zulaikhâ Ṣaputri"}


@pytest.mark.django_db
def test_phone_search_matches_any_way_of_writing_the_number(cast, cases):
    assert found(cast.caseworker, "+62 812 1111 2222") == {"Siti Nurhaliza"}
    assert found(cast.caseworker, "0813-5555-6666") == {"Dewi Lestari"}
    assert found(cast.caseworker, "0813-5555") == set()


@pytest.mark.django_db
def test_nik_search_is_exact(cast, regions):
    from sigap.regions.models import District

    District.objects.create(code="32.73.04", regency=regions["bandung"], name="Sumur Bandung")
    make_case(cast.org, cast.caseworker, victim_values={"full_name": "Ayu Kirana", "nik": "3273045503120001"})
    assert found(cast.caseworker, "3273 0455 0312 0001") == {"Ayu Kirana"}
    assert found(cast.caseworker, "3273045503120002") == set()


@pytest.mark.django_db
def test_search_never_reaches_beyond_the_cases_the_user_may_see(cast, cases):
    make_case(cast.other_org, cast.other_caseworker, victim_values={"full_name": "Siti Lain"})
    assert found(cast.caseworker, "siti") == {"Siti Nurhaliza"}
    assert found(cast.caseworker2, "siti") == set()
    assert Case.objects.filter(primary_client_name="Siti Lain").exists()


@pytest.mark.django_db
def test_sorting_by_risk_reads_high_then_medium_then_low_across_pages(cast, monkeypatch):
    monkeypatch.setattr(search_module, "PAGE_SIZE", 2)
    levels = ["low", "medium", "high", "medium", "medium", "medium"]
    for n, level in enumerate(levels):
        make_case(cast.org, cast.caseworker, risk_level=level, victim_values={"full_name": f"Klien {n} {level}"})
    parts = ordered_parts(visible_cases(cast.caseworker), Sort.RISK)
    pages = [get_page(parts, number) for number in (1, 2, 3, 4)]
    assert [[case.risk_level for case in page] for page in pages] == [
        ["high", "medium"],
        ["medium", "medium"],
        ["medium", "low"],  # starts inside the medium part: the high part is counted and skipped
        [],
    ]
    assert [page.has_next for page in pages] == [True, True, False, False]
    assert pages[2].total == 6 and pages[0].total is None
    # Newest first within a level.
    assert [case.primary_client_name for case in pages[1]] == ["Klien 4 medium", "Klien 3 medium"]


@pytest.mark.django_db
def test_sorting_by_next_deadline_puts_cases_without_one_last(cast):
    from sigap.cases.codes import RiskLevel

    low = make_case(cast.org, cast.caseworker, risk_level=RiskLevel.LOW)
    high = make_case(cast.org, cast.caseworker, risk_level=RiskLevel.HIGH)
    done = make_case(cast.org, cast.caseworker)
    Case.objects.filter(pk=done.pk).update(next_due_at=None)
    page = get_page(ordered_parts(visible_cases(cast.caseworker), Sort.DUE), 1)
    assert [case.pk for case in page] == [high.pk, low.pk, done.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("common", [1, 200])
def test_a_common_name_finds_the_same_cases_as_a_rare_one(cast, cases, monkeypatch, common):
    monkeypatch.setattr(search_module, "COMMON_NAME_PEOPLE", common)  # 1: "a" matches three people, common
    qs = search(visible_cases(cast.caseworker), parse_query("a"))
    assert {case.primary_client_name for case in qs} == {"Siti Nurhaliza", "Zulaikhâ Ṣaputri", "Dewi Lestari"}
    qs = search(visible_cases(cast.caseworker), parse_query("ut"))
    assert {case.primary_client_name for case in qs} == {"Zulaikhâ Ṣaputri"}
    qs = search(visible_cases(cast.caseworker), parse_query("SAPUTRI zulaikha"))
    assert {case.primary_client_name for case in qs} == {"Zulaikhâ Ṣaputri"}


@pytest.mark.django_db
def test_a_corrected_name_is_found_by_a_common_name_search(cast, monkeypatch):
    from sigap.cases.actions.persons import update_person

    monkeypatch.setattr(search_module, "COMMON_NAME_PEOPLE", 0)
    case = make_case(cast.org, cast.caseworker, victim_values={"full_name": "Rina Wulandari"})
    person = case.victims.get().person
    update_person(person, actor=cast.caseworker, values={"full_name": "Rina Kusumawati"})
    assert list(search(visible_cases(cast.caseworker), parse_query("kusuma"))) == [case]
    assert not search(visible_cases(cast.caseworker), parse_query("wulan")).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("sort", [value for value, _label in Sort.choices])
def test_one_queryset_for_the_api_orders_like_the_pages(cast, sort):
    from sigap.cases.codes import RiskLevel

    for level in ("low", "high", "medium", "high"):
        make_case(cast.org, cast.caseworker, risk_level=level)
    done = make_case(cast.org, cast.caseworker, risk_level=RiskLevel.LOW)
    Case.objects.filter(pk=done.pk).update(next_due_at=None)
    qs = visible_cases(cast.caseworker)
    paged = [case.pk for case in get_page(search_module.find(qs, {"sort": sort}), 1)]
    assert [case.pk for case in search_module.apply(qs, {"sort": sort})] == paged


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
def test_a_common_name_part_is_matched_in_a_form_the_trigram_index_of_the_cases_serves(cast, cases, monkeypatch):
    monkeypatch.setattr(search_module, "COMMON_NAME_PEOPLE", 0)  # take "siti nurhaliza" for common
    qs = search(visible_cases(cast.supervisor), parse_query("siti nurhaliza"))
    assert {case.primary_client_name for case in qs} == {"Siti Nurhaliza"}
    # The search compares the expression the index is built on (migration 0015) ...
    sql, _params = qs.query.get_compiler(using=qs.db).as_sql()
    assert '"cases_case"."client_names_folded"::text LIKE' in sql
    # ... and that comparison is answered from the index. (Whether the planner prefers it to reading
    # the organisation in list order depends on the table's statistics: see docs/performance.md.)
    word = Case.objects.filter(client_names_folded__contains="nurhaliza")
    sql, params = word.query.get_compiler(using=word.db).as_sql()
    with transaction.atomic(), connection.cursor() as cursor:
        # A test table of three rows would rather be read whole; what matters is that the index can serve.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "cases_case_client_names_trgm" in plan, plan
