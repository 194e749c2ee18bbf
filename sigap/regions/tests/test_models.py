import pytest

from sigap.lib.timezones import WIB, WIT, WITA
from sigap.regions.models import (
    District,
    Level,
    Province,
    Regency,
    Village,
    ancestor_codes,
    get_region,
    level_of,
    parent_code,
)


@pytest.mark.parametrize(
    ("code", "zone", "label"),
    [
        ("32", WIB, "WIB"),  # Jawa Barat
        ("11", WIB, "WIB"),  # Aceh
        ("61", WIB, "WIB"),  # Kalimantan Barat
        ("51", WITA, "WITA"),  # Bali
        ("52", WITA, "WITA"),  # Nusa Tenggara Barat
        ("64", WITA, "WITA"),  # Kalimantan Timur
        ("73", WITA, "WITA"),  # Sulawesi Selatan
        ("81", WIT, "WIT"),  # Maluku
        ("91", WIT, "WIT"),  # Papua
        ("96", WIT, "WIT"),  # Papua Barat Daya
    ],
)
def test_time_zone_of_a_province_follows_its_code(code, zone, label):
    province = Province(code=code, name="Test")
    assert province.time_zone == zone
    assert province.time_zone_label == label


def test_every_level_takes_the_time_zone_of_its_province():
    assert Regency(code="52.71", name="Kota Mataram").time_zone == WITA
    assert District(code="91.71.01", name="Test").time_zone == WIT
    assert Village(code="32.73.07.1003", name="Sukawarna").time_zone == WIB


def test_codes_tell_their_level_and_ancestors():
    assert level_of("32") == Level.PROVINCE
    assert level_of("32.73") == Level.REGENCY
    assert level_of("32.73.07") == Level.DISTRICT
    assert level_of("32.73.07.1003") == Level.VILLAGE
    assert level_of("32.73.4") is None
    assert level_of("") is None
    assert parent_code("32.73.07") == "32.73"
    assert parent_code("32") == ""
    assert ancestor_codes("32.73.07.1003") == ["32", "32.73", "32.73.07", "32.73.07.1003"]


def test_kota_and_kelurahan_are_told_by_their_codes():
    assert Regency(code="32.73").is_city
    assert not Regency(code="32.04").is_city
    assert Village(code="32.73.07.1003").is_kelurahan
    assert not Village(code="32.04.01.2001").is_kelurahan


@pytest.mark.django_db
def test_path_names_the_place_and_every_parent_in_one_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        village = get_region("32.73.07.1003")
        assert village.path == "Sukawarna, Sukajadi, Kota Bandung, Jawa Barat"
    assert get_region("32").path == "Jawa Barat"
    assert get_region("32.73.99") is None
    assert get_region("nonsense") is None
