import pytest

from sigap.regions.models import Level, Village
from sigap.regions.search import search_regions

pytestmark = pytest.mark.django_db


def paths(matches):
    return [m.path for m in matches]


def test_search_finds_every_level_with_its_full_path(tree):
    matches = search_regions("suka")
    assert paths(matches) == [
        "Sukajadi, Kota Bandung, Jawa Barat",
        "Sukagalih, Sukajadi, Kota Bandung, Jawa Barat",
        "Sukawarna, Sukajadi, Kota Bandung, Jawa Barat",
    ]
    assert matches[1].level == Level.VILLAGE
    assert matches[1].codes == {
        "province": "32",
        "regency": "32.73",
        "district": "32.73.07",
        "village": "32.73.07.1004",
    }


def test_search_ignores_case_and_extra_spaces(tree):
    assert paths(search_regions("  ampenan   SELATAN ")) == [
        "Ampenan Selatan, Ampenan, Kota Mataram, Nusa Tenggara Barat"
    ]


def test_whole_names_come_first_then_word_starts_then_larger_areas(tree):
    # "bandung" is the whole name of both regencies once "Kota"/"Kabupaten" is set aside.
    assert paths(search_regions("bandung")) == ["Kabupaten Bandung, Jawa Barat", "Kota Bandung, Jawa Barat"]
    names = [m.name for m in search_regions("ampenan")]
    assert names == ["Ampenan", "Ampenan Selatan"]
    names = [m.name for m in search_regions("jadi")]
    assert names == ["Sukajadi"]


def test_two_letters_match_whole_names_only(tree):
    Village.objects.create(code="32.73.02.1005", district=tree["coblong"], name="Ua")
    assert [m.name for m in search_regions("ua")] == ["Ua"]
    assert search_regions("su") == []
    assert search_regions("s") == []


def test_search_can_be_limited_to_levels_and_a_number_of_results(tree):
    assert {m.level for m in search_regions("suka", levels=[Level.VILLAGE])} == {Level.VILLAGE}
    assert len(search_regions("suka", limit=2)) == 2


def test_search_runs_one_query_per_level(tree, django_assert_num_queries):
    with django_assert_num_queries(4):
        search_regions("suka")
    with django_assert_num_queries(1):
        search_regions("suka", levels=[Level.DISTRICT])


def test_search_treats_like_wildcards_as_letters(tree):
    assert search_regions("%%%") == []
    assert search_regions("s_k") == []
