"""Personal data encrypted in the database: raw rows hold no plain text, lookups go through blind
indexes, ``rotate_keys`` moves everything to the current key, and a missing key fails clearly."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from sigap.audit.models import AuditEvent
from sigap.cases import actions
from sigap.cases.actions.persons import update_person
from sigap.cases.models import Assessment, AssessmentEntry, Attachment, Case, Note, Person
from sigap.cases.persons import likely_matches
from sigap.cases.search import parse_query, search
from sigap.cases.tests import files
from sigap.cases.tests.factories import complete_assessment_of, make_case, make_person, raw_rows
from sigap.history.display import readable_changes
from sigap.history.models import FieldChange
from sigap.lib import crypto
from sigap.regions.models import District

pytestmark = pytest.mark.django_db

NIK = "3273045403120001"
PHONE = "+62 812-3456-7890"
PHONE_DIGITS = "6281234567890"
ADDRESS = "Jl. Contoh Sintetis No. 7, RT 01/RW 02"
NARRATIVE = "Narasi sintetis: kejadian di rumah kontrakan"
RISK_REASON = "Alasan risiko sintetis: pelaku masih serumah"
NOTE = "Catatan sintetis tentang kunjungan rumah"
RESTRICTED = "Catatan terbatas sintetis dari psikolog"
CORRECTION = "Koreksi sintetis atas catatan kunjungan"
SUMMARY = "Ringkasan skrining sintetis yang unik"
FINDINGS = "Aman di rumah nenek (sintetis)."
NEEDS = "Tempat aman"


@pytest.fixture
def district(regions):
    return District.objects.create(code="32.73.04", regency=regions["bandung"], name="Sukajadi")


@pytest.fixture
def person(cast, district) -> Person:
    return make_person(
        cast.org, cast.caseworker, full_name="Siti Nurhalizah", nik=NIK, phone=PHONE, address_detail=ADDRESS
    )


@pytest.fixture
def full_case(cast, person) -> Case:
    """A case with every kind of encrypted text: narrative, risk reason, notes, assessments."""
    case = make_case(cast.org, cast.caseworker, victim=person, intake_narrative=NARRATIVE, risk_reason=RISK_REASON)
    actions.record_screening(case, actor=cast.caseworker, summary=SUMMARY, risk_level=case.risk_level)
    note = actions.add_note(case, actor=cast.caseworker, body=NOTE)
    actions.correct_note(note, actor=cast.caseworker, body=CORRECTION)
    actions.add_note(case, actor=cast.caseworker, body=RESTRICTED, visibility=Note.Visibility.RESTRICTED)
    complete_assessment_of(case, cast.caseworker)
    return case


def test_the_database_holds_no_plain_nik_phone_address_narrative_note_or_assessment_text(full_case):
    persons, cases = raw_rows(Person), raw_rows(Case)
    notes = raw_rows(Note)
    assessments = raw_rows(Assessment) + raw_rows(AssessmentEntry)
    assert "Siti Nurhalizah" in persons, "the query reads the real table"
    for secret in [NIK, PHONE, PHONE_DIGITS, "81234567890", ADDRESS, "Contoh Sintetis"]:
        assert secret not in persons
    for secret in [NARRATIVE, RISK_REASON]:
        assert secret not in cases
    for secret in [NOTE, RESTRICTED, CORRECTION]:
        assert secret not in notes
    for secret in [SUMMARY, FINDINGS, NEEDS]:
        assert secret not in assessments
    assert Note.objects.filter(case=full_case).count() == 3


def test_encrypted_values_read_back_as_they_were_written(full_case, person):
    person = Person.objects.get(pk=person.pk)
    assert (person.nik, person.phone, person.address_detail) == (NIK, PHONE, ADDRESS)
    case = Case.objects.get(pk=full_case.pk)
    assert (case.intake_narrative, case.risk_reason) == (NARRATIVE, RISK_REASON)
    assert set(Note.objects.values_list("body", flat=True)) == {NOTE, CORRECTION, RESTRICTED}
    assert SUMMARY in set(Assessment.objects.values_list("summary", flat=True))
    assert (FINDINGS, NEEDS) in set(AssessmentEntry.objects.values_list("findings", "needs"))


def test_an_empty_value_stays_empty_so_blank_checks_still_work(cast, district):
    blank = make_person(cast.org, cast.caseworker, full_name="Tanpa Nomor")
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(Person._meta.db_table)
        cursor.execute(f"SELECT nik, phone, nik_index, phone_index FROM {table} WHERE id = %s", [blank.pk.hex])  # noqa: S608
        assert cursor.fetchone() == ("", "", "", "")
    assert Person.objects.filter(nik="").get() == blank


def test_an_encrypted_field_cannot_be_compared_in_the_database(person):
    with pytest.raises(FieldError, match="blind index"):
        Person.objects.filter(nik=NIK).exists()
    with pytest.raises(FieldError, match="encrypted"):
        Person.objects.filter(address_detail__icontains="Contoh").exists()


def test_blind_indexes_are_keyed_hashes_not_the_digits(person, settings):
    person.refresh_from_db()
    assert len(person.nik_index) == 64 and NIK not in person.nik_index
    assert person.nik_index == crypto.blind_index(NIK, purpose="nik")
    settings.SIGAP_BLIND_INDEX_KEY = "another-blind-index-key-of-enough-length"
    assert crypto.blind_index(NIK, purpose="nik") != person.nik_index


def test_search_by_nik_or_phone_still_finds_the_case(full_case):
    cases = Case.objects.all()
    for query in [NIK, "3273 0454 0312 0001", "0812 3456 7890", PHONE]:
        assert list(search(cases, parse_query(query))) == [full_case], query
    assert not search(cases, parse_query("3273045403120002")).exists()


def test_likely_duplicates_are_still_found_by_nik_and_by_phone(cast, person):
    by_nik = likely_matches(cast.org, full_name="Orang Lain", nik="3273.0454.0312.0001")
    assert [m.person for m in by_nik] == [person] and by_nik[0].score == 4
    by_phone = likely_matches(cast.org, full_name="Orang Lain", phone="081234567890")
    assert [m.person for m in by_phone] == [person] and by_phone[0].score == 2
    assert likely_matches(cast.other_org, full_name="Orang Lain", nik=NIK, phone=PHONE) == []


def test_a_changed_phone_gets_a_new_blind_index(cast, person):
    make_case(cast.org, cast.caseworker, victim=person)
    update_person(person, actor=cast.caseworker, values={"phone": "0813 0000 1111"})
    assert not search(Case.objects.all(), parse_query(PHONE)).exists()
    assert Person.objects.filter(phone_index=crypto.blind_index("6281300001111", purpose="phone")).get() == person


def test_the_api_finds_persons_by_nik_and_phone(cast, client, person):
    make_case(cast.org, cast.caseworker, victim=person)
    client.force_login(cast.caseworker)
    for query in [NIK, "0812-3456-7890"]:
        response = client.post("/api/v1/persons/search/", {"q": query}, "application/json")
        assert response.status_code == 200
        assert [row["nik"] for row in response.json()["results"]] == [NIK], query


# --- Missing and wrong keys -----------------------------------------------------------------


def test_a_value_under_a_key_no_longer_configured_fails_with_a_clear_error(person, settings):
    settings.SIGAP_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(crypto.UndecryptableError) as error:
        Person.objects.get(pk=person.pk)
    message = str(error.value)
    assert "cases.Person.nik" in message and "SIGAP_ENCRYPTION_KEYS" in message
    assert NIK not in message


def test_no_encryption_key_at_all_fails_loudly(person, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.SIGAP_ENCRYPTION_KEYS = []
    with pytest.raises(ImproperlyConfigured, match="SIGAP_ENCRYPTION_KEYS is empty"):
        Person.objects.get(pk=person.pk)


def test_no_blind_index_key_fails_loudly(cast, district, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.SIGAP_BLIND_INDEX_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="SIGAP_BLIND_INDEX_KEY"):
        make_person(cast.org, cast.caseworker, nik=NIK)


# --- Key rotation ---------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def rotate(**options: Any) -> str:
    out = StringIO()
    call_command("rotate_keys", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def test_rotate_keys_moves_everything_to_the_new_key_so_the_old_one_can_go(
    cast, full_case, person, media, settings, django_capture_on_commit_callbacks
):
    attachment = actions.add_attachment(
        full_case, actor=cast.caseworker, title="Dokumen sintetis", upload=SimpleUploadedFile("a.pdf", files.PDF)
    )
    update_person(person, actor=cast.caseworker, values={"phone": "0813-0000-1111"})  # history: encrypted phone
    update_person(person, actor=cast.caseworker, values={"phone": PHONE})
    old_key, new_key = settings.SIGAP_ENCRYPTION_KEYS[0], Fernet.generate_key().decode()
    settings.SIGAP_ENCRYPTION_KEYS = [new_key, old_key]

    dry = rotate(dry_run=True, batch_size=2)
    sealed = FieldChange.objects.filter(encrypted=True).count()
    assert sealed >= 2 and f"Field history: {sealed} changes to rewrite" in dry
    assert "cases.Person (nik, phone, address_detail): 1 rows read, 1 to rewrite" in dry
    assert "cases.Note (body): 3 rows read, 3 to rewrite" in dry
    assert "Attachment files: 1 read, 1 to rewrite, 0 missing" in dry
    assert "Dry run" in dry
    assert not AuditEvent.objects.filter(verb="cases.keys_rotated").exists()
    assert Attachment.objects.get().storage_name == attachment.storage_name

    with django_capture_on_commit_callbacks(execute=True):
        done = rotate(batch_size=2)
    assert "cases.Case (intake_narrative, risk_reason): 1 rows read, 1 rewritten" in done
    assert "cases.AssessmentEntry (findings, needs): 2 rows read, 2 rewritten" in done
    assert "Attachment files: 1 read, 1 rewritten, 0 missing" in done
    assert f"Field history: {sealed} changes rewritten" in done
    assert not (media / attachment.storage_name).exists(), "the old file is deleted after the commit"

    event = AuditEvent.objects.get(verb="cases.keys_rotated")
    assert event.details["rewritten"]["cases.Person"] == 1 and event.details["rewritten"]["attachment files"] == 1

    again = rotate()
    assert "1 rows read, 0 rewritten" in again and "1 read, 0 rewritten" in again

    settings.SIGAP_ENCRYPTION_KEYS = [new_key]
    person = Person.objects.get(pk=person.pk)
    assert (person.nik, person.phone, person.address_detail) == (NIK, PHONE, ADDRESS)
    case = Case.objects.get(pk=full_case.pk)
    assert (case.intake_narrative, case.risk_reason) == (NARRATIVE, RISK_REASON)
    assert set(Note.objects.values_list("body", flat=True)) == {NOTE, CORRECTION, RESTRICTED}
    assert (FINDINGS, NEEDS) in set(AssessmentEntry.objects.values_list("findings", "needs"))
    assert SUMMARY in set(Assessment.objects.values_list("summary", flat=True))
    assert actions.open_attachment(Attachment.objects.get(), actor=cast.caseworker) == files.PDF
    assert search(Case.objects.all(), parse_query(NIK)).get() == full_case
    rows = FieldChange.objects.filter(field="phone").order_by("id")
    phones = [(c.old_value, c.new_value) for c in readable_changes(rows, cast.org)]
    assert phones == [(PHONE, "0813-0000-1111"), ("0813-0000-1111", PHONE)]


def test_rotate_keys_recomputes_blind_indexes_after_the_index_key_changed(full_case, settings):
    settings.SIGAP_BLIND_INDEX_KEY = "a-new-blind-index-key-after-a-suspected-leak"
    assert not search(Case.objects.all(), parse_query(NIK)).exists()

    assert "1 rows read, 1 blind indexes rewritten" in rotate(blind_indexes=True)

    assert search(Case.objects.all(), parse_query(NIK)).get() == full_case
    assert search(Case.objects.all(), parse_query(PHONE)).get() == full_case
    assert "1 rows read, 0 blind indexes rewritten" in rotate(blind_indexes=True)


def test_a_person_without_nik_or_phone_is_rotated_without_trouble(cast, district, settings):
    make_person(cast.org, cast.caseworker, full_name="Tanpa Nomor", date_of_birth=date(2010, 1, 1))
    settings.SIGAP_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.SIGAP_ENCRYPTION_KEYS]
    assert "cases.Person (nik, phone, address_detail): 1 rows read, 0 rewritten" in rotate()
