"""Case numbers: ``<regency code without dots>-<year>-<5-digit sequence>``, unique per organisation."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection, connections
from django.utils import timezone

from sigap.cases import actions
from sigap.cases.models import Case, CaseNumberSequence
from sigap.cases.tests.factories import make_case
from sigap.organisations.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db


def this_year() -> int:
    return timezone.localtime().year


def test_case_number_is_regency_code_year_and_five_digit_sequence(cast):
    case = make_case(cast.org, cast.caseworker)
    assert case.number == f"3273-{this_year()}-00001"


def test_numbers_count_up_within_an_organisation(cast):
    numbers = [make_case(cast.org, cast.caseworker).number for _ in range(3)]
    assert numbers == [f"3273-{this_year()}-0000{i}" for i in (1, 2, 3)]


def test_each_organisation_has_its_own_sequence(cast):
    make_case(cast.org, cast.caseworker)
    other = make_case(cast.other_org, cast.other_caseworker)
    assert other.number == f"5271-{this_year()}-00001"


def test_a_new_year_starts_again_at_one(cast):
    CaseNumberSequence.objects.create(organisation=cast.org, year=2025, last_value=41)
    assert actions.allocate_case_number(cast.org, 2025) == "3273-2025-00042"
    assert actions.allocate_case_number(cast.org, 2026) == "3273-2026-00001"


def test_provincial_body_numbers_with_province_code_and_00(cast, regions):
    provincial = Organisation.objects.create(
        name="UPTD PPA Provinsi Jawa Barat (test)", kind=OrganisationKind.UPTD_PPA_PROVINCE, province=regions["jabar"]
    )
    assert actions.allocate_case_number(provincial, 2026) == "3200-2026-00001"


def test_the_year_is_the_registration_year_in_local_time(cast, monkeypatch):
    new_year_eve_utc = datetime(2026, 12, 31, 18, 0, tzinfo=UTC)  # already 1 January in WIB
    monkeypatch.setattr(timezone, "now", lambda: new_year_eve_utc)
    with timezone.override("Asia/Jakarta"):
        case = make_case(cast.org, cast.caseworker)
    assert case.number == "3273-2027-00001"


@pytest.mark.django_db(transaction=True)
def test_two_intakes_at_the_same_moment_get_different_numbers(cast):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's shared in-memory test database locks whole tables across threads; run on PostgreSQL")
    per_thread = 4
    threads_count = 4
    start = threading.Barrier(threads_count)
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def register() -> None:
        try:
            start.wait()
            for _ in range(per_thread):
                case = make_case(cast.org, cast.caseworker)
                with lock:
                    numbers.append(case.number)
        except BaseException as exc:  # noqa: BLE001 - reported below, in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert len(numbers) == per_thread * threads_count
    assert len(set(numbers)) == len(numbers)
    assert Case.objects.filter(organisation=cast.org).count() == len(numbers)
    expected = {f"3273-{this_year()}-{i:05d}" for i in range(1, len(numbers) + 1)}
    assert set(numbers) == expected
