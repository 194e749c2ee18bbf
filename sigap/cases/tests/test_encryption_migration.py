"""The migration that encrypts the personal data already stored, and its reversal."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from sigap.cases.models import Case, CaseTask, Note, Person
from sigap.cases.search import parse_query, search
from sigap.lib import crypto

BEFORE = [("cases", "0008_fill_client_names_folded")]
NIK = "3273045403120001"
PHONE = "0812-3456-7890"


def migrate(targets: list[tuple[str, str]] | None = None) -> Any:
    """Migrate to ``targets`` (every app's latest when None) and return the apps of that state."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def stored(model: Any, pk: Any, column: str) -> Any:
    """One column as the database holds it, read without the model's decryption."""
    table, quote = model._meta.db_table, connection.ops.quote_name
    key = pk.hex if connection.vendor == "sqlite" else pk
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote(column)} FROM {quote(table)} WHERE id = %s", [key])  # noqa: S608
        return cursor.fetchone()[0]


def plain_rows(old: Any, cast: Any) -> dict[str, Any]:
    """A person, a case, a note and an assessment written the old way: in plain text."""
    person = old.get_model("cases", "Person").objects.create(
        organisation_id=cast.org.pk,
        full_name="Siti Lama",
        name_folded="siti lama",
        nik=NIK,
        phone=PHONE,
        phone_normalised="6281234567890",
        address_detail="Jl. Lama Sintetis 3",
        created_by_id=cast.caseworker.pk,
    )
    now = timezone.now()
    case = old.get_model("cases", "Case").objects.create(
        number="3273-2020-00001",
        organisation_id=cast.org.pk,
        created_by_id=cast.caseworker.pk,
        case_manager_id=cast.caseworker.pk,
        client_type="child",
        intake_channel="walk_in",
        risk_level="medium",
        stage_entered_at=now,
        registered_at=now,
        intake_narrative="Narasi lama sintetis",
        risk_reason="Alasan lama sintetis",
    )
    old.get_model("cases", "CaseVictim").objects.create(case_id=case.pk, person_id=person.pk, is_primary=True)
    note = old.get_model("cases", "Note").objects.create(
        case_id=case.pk, author_id=cast.caseworker.pk, body="Catatan lama"
    )
    assessment = old.get_model("cases", "Assessment").objects.create(
        case_id=case.pk, kind="screening", summary="Skrining lama", created_by_id=cast.caseworker.pk
    )
    old.get_model("cases", "AssessmentEntry").objects.create(
        assessment_id=assessment.pk, domain="safety", findings="Temuan lama", needs="Kebutuhan lama"
    )
    return {"person": person.pk, "case": case.pk, "note": note.pk}


@pytest.mark.django_db(transaction=True)
def test_existing_rows_are_encrypted_and_indexed_and_the_reversal_decrypts_them(cast):
    try:
        rows = plain_rows(migrate(BEFORE), cast)

        migrate()
        assert stored(Person, rows["person"], "nik").startswith("gAAAAA")
        assert stored(Case, rows["case"], "intake_narrative").startswith("gAAAAA")
        assert stored(Note, rows["note"], "body").startswith("gAAAAA")
        person = Person.objects.get(pk=rows["person"])
        assert (person.nik, person.phone, person.address_detail) == (NIK, PHONE, "Jl. Lama Sintetis 3")
        assert person.nik_index == crypto.blind_index(NIK, purpose="nik")
        assert Case.objects.get(pk=rows["case"]).intake_narrative == "Narasi lama sintetis"
        assert search(Case.objects.all(), parse_query("+62 812 3456 7890")).get().pk == rows["case"]

        migrate(BEFORE)
        assert stored(Person, rows["person"], "nik") == NIK
        assert stored(Person, rows["person"], "phone_normalised") == "6281234567890"
        assert stored(Case, rows["case"], "risk_reason") == "Alasan lama sintetis"
        assert stored(Note, rows["note"], "body") == "Catatan lama"
    finally:
        migrate()


@pytest.mark.django_db(transaction=True)
def test_existing_task_notes_are_encrypted_and_the_reversal_decrypts_them(cast):
    before = [("cases", "0013_attachment_destroyed_tombstone")]
    try:
        old = migrate(before)
        now = timezone.now()
        case = old.get_model("cases", "Case").objects.create(
            number="3273-2020-00002",
            organisation_id=cast.org.pk,
            created_by_id=cast.caseworker.pk,
            client_type="child",
            intake_channel="walk_in",
            risk_level="medium",
            stage_entered_at=now,
            registered_at=now,
        )
        rows = {"case": case.pk}
        task = old.get_model("cases", "CaseTask").objects.create(
            case_id=rows["case"], kind="first_contact", due_at=now, done_at=now, note="Ibu klien ditelepon"
        )
        untouched = old.get_model("cases", "CaseTask").objects.create(
            case_id=rows["case"], kind="assessment", due_at=now
        )

        migrate()
        assert stored(CaseTask, task.pk, "note").startswith("gAAAAA")
        assert CaseTask.objects.get(pk=task.pk).note == "Ibu klien ditelepon"
        assert stored(CaseTask, untouched.pk, "note") == ""

        migrate([("cases", "0014_encrypt_task_note_field")])
        assert stored(CaseTask, task.pk, "note") == "Ibu klien ditelepon"
    finally:
        migrate()
