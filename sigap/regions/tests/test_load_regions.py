from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sigap.audit.models import AuditEvent
from sigap.regions.actions import load_regions
from sigap.regions.loader import DEFAULT_DATA_DIR
from sigap.regions.models import District, Province, Regency, Village
from sigap.regions.tests.conftest import SMALL_FILES, write_region_files

pytestmark = pytest.mark.django_db


def table_contents():
    return (
        list(Province.objects.values_list("code", "name")),
        list(Regency.objects.values_list("code", "province_id", "name")),
        list(District.objects.values_list("code", "regency_id", "name")),
        list(Village.objects.values_list("code", "district_id", "name")),
    )


def run(*args):
    out = StringIO()
    call_command("load_regions", *args, stdout=out)
    return " ".join(out.getvalue().split())  # columns are padded; compare words


def test_loading_creates_every_level_and_prints_the_counts(region_files):
    output = run("--path", str(region_files))
    assert "province 2 in files: 2 created, 0 updated, 0 unchanged" in output
    assert "village 4 in files: 4 created, 0 updated, 0 unchanged" in output
    assert Village.objects.get(code="32.73.07.1003").district.regency.province.name == "Jawa Barat"
    assert (Province.objects.count(), Regency.objects.count(), District.objects.count()) == (2, 3, 3)


def test_loading_twice_changes_nothing(region_files):
    run("--path", str(region_files))
    before = table_contents()
    output = run("--path", str(region_files))
    assert table_contents() == before
    assert "village 4 in files: 0 created, 0 updated, 4 unchanged" in output
    assert AuditEvent.objects.filter(verb="regions.load").count() == 1


def test_second_load_writes_no_rows(region_files, django_assert_max_num_queries):
    load_regions(region_files)
    # One read per level, plus the savepoint of the transaction: no INSERT at all.
    with django_assert_max_num_queries(6) as captured:
        results = load_regions(region_files)
    assert not [q for q in captured.captured_queries if "INSERT" in q["sql"]]
    assert [r.created + r.updated for r in results] == [0, 0, 0, 0]


def test_renamed_and_moved_rows_are_updated_and_vanished_rows_kept(tmp_path, region_files):
    load_regions(region_files)
    files = {stem: list(rows) for stem, rows in SMALL_FILES.items()}
    files["villages"] = [
        ("code", "district_code", "name"),
        ("32.73.07.1003", "32.73.07", "Sukawarna Baru"),
        ("32.73.07.1004", "32.73.07", "Sukagalih"),
        ("32.73.02.1004", "32.73.02", "Dago"),
    ]
    results = load_regions(write_region_files(tmp_path / "v2", files))
    village = results[-1]
    assert (village.created, village.updated, village.unchanged, village.only_in_database) == (0, 1, 2, 1)
    assert Village.objects.get(code="32.73.07.1003").name == "Sukawarna Baru"
    assert Village.objects.filter(code="52.71.01.1004").exists()


def test_the_load_is_recorded_in_the_audit_log_with_counts(region_files):
    load_regions(region_files, actor_label="test")
    event = AuditEvent.objects.get(verb="regions.load")
    assert event.actor_label == "test"
    assert event.details["counts"]["village"] == {"created": 4, "updated": 0}


def test_plain_and_gzipped_files_are_both_read(tmp_path):
    write_region_files(tmp_path / "plain", SMALL_FILES)
    results = load_regions(tmp_path / "plain")
    assert [r.in_files for r in results] == [2, 3, 3, 4]


def test_dry_run_writes_nothing(region_files):
    output = run("--path", str(region_files), "--dry-run")
    assert "Dry run" in output
    assert "4 created" in output
    assert not Province.objects.exists()


@pytest.mark.parametrize(
    ("stem", "bad_row", "message"),
    [
        ("villages", ("32.73.07.1009", "32.73.02", "Salah"), "cannot belong to"),
        ("villages", ("32.73.07.103", "32.73.07", "Pendek"), "is not a village code"),
        ("villages", ("32.73.09.1001", "32.73.09", "Yatim"), "neither in the files nor in the database"),
        ("villages", ("32.73.07.1003", "32.73.07", "Kembar"), "repeats line 2"),
        ("regencies", ("32.99", "32", ""), "the name must have"),
        ("districts", ("32.73.05", "Kota Bandung"), "expected 3 columns"),
    ],
)
def test_a_bad_row_stops_the_load_with_its_file_and_line(tmp_path, stem, bad_row, message):
    files = {key: list(rows) for key, rows in SMALL_FILES.items()}
    files[stem].append(bad_row)
    folder = write_region_files(tmp_path / "bad", files)
    with pytest.raises(CommandError, match=message) as excinfo:
        run("--path", str(folder))
    assert f"{stem}" in str(excinfo.value)
    assert not Province.objects.exists()


def test_a_wrong_header_or_missing_file_is_reported(tmp_path):
    files = dict(SMALL_FILES)
    files["provinces"] = [("kode", "nama"), ("32", "Jawa Barat")]
    with pytest.raises(CommandError, match="header must be code,name"):
        run("--path", str(write_region_files(tmp_path / "header", files)))
    (tmp_path / "missing").mkdir()
    with pytest.raises(CommandError, match=r"no provinces\.csv"):
        run("--path", str(tmp_path / "missing"))


def test_parents_already_in_the_database_are_accepted(tmp_path, region_files):
    load_regions(region_files)
    only_villages = {
        "provinces": [("code", "name")],
        "regencies": [("code", "province_code", "name")],
        "districts": [("code", "regency_code", "name")],
        "villages": [("code", "district_code", "name"), ("32.73.02.1005", "32.73.02", "Lebakgede")],
    }
    results = load_regions(write_region_files(tmp_path / "extra", only_villages))
    assert results[-1].created == 1
    assert results[0].only_in_database == 2


@pytest.mark.slow
def test_the_shipped_files_load_every_region_of_indonesia():
    results = load_regions()
    assert [r.in_files for r in results] == [38, 514, 7_285, 83_762]
    counts = [Province.objects.count(), Regency.objects.count(), District.objects.count(), Village.objects.count()]
    assert counts == [38, 514, 7_285, 83_762]
    assert Village.objects.with_path().get(code="32.73.07.1003").path == "Sukawarna, Sukajadi, Kota Bandung, Jawa Barat"


def test_the_licence_and_attribution_ship_next_to_the_data():
    assert (DEFAULT_DATA_DIR / "LICENSE-ODbL.md").is_file()
    assert "ODbL" in (DEFAULT_DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert (DEFAULT_DATA_DIR / "SOURCE.md").is_file()
