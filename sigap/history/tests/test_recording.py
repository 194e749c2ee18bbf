"""The verbs write field-level history: who, when, old → new; nothing for unchanged fields."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from sigap.audit.models import AppendOnlyError
from sigap.cases import actions
from sigap.cases.actions.persons import update_person
from sigap.cases.models import CasePlan, Person
from sigap.cases.tests.factories import approved_plan_of, complete_assessment_of, make_case
from sigap.history.actions import record_changes, unseal
from sigap.history.models import FieldChange
from sigap.history.tracking import SENSITIVE_FIELDS, snapshot

pytestmark = pytest.mark.django_db


def changes_of(obj, **filters) -> dict[str, tuple[str, str]]:
    """{field: (old, new)} of the record's history, decrypted."""
    rows = FieldChange.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk), **filters)
    return {
        row.field: (unseal(row.old_value), unseal(row.new_value)) if row.encrypted else (row.old_value, row.new_value)
        for row in rows
    }


@pytest.fixture
def victim(case) -> Person:
    return case.victims.get().person


# --- Persons ----------------------------------------------------------------------------------


def test_correcting_a_person_records_each_changed_field_with_who_and_why(cast, victim):
    update_person(
        victim,
        actor=cast.caseworker,
        values={"full_name": "Sinta Dikoreksi", "occupation": "Pelajar", "sex": victim.sex},
        expected_version=victim.version,
        reason="KTP ditunjukkan",
    )
    rows = list(FieldChange.objects.filter(object_id=str(victim.pk)))
    assert {row.field for row in rows} == {"full_name", "occupation"}
    assert {row.actor for row in rows} == {cast.caseworker}
    assert {row.reason for row in rows} == {"KTP ditunjukkan"}
    assert len({row.change_set for row in rows}) == 1
    assert all(row.case_id is None for row in rows)
    assert changes_of(victim)["full_name"] == ("Sinta Contoh", "Sinta Dikoreksi")
    assert changes_of(victim)["occupation"] == ("", "Pelajar")


def test_saving_a_person_unchanged_writes_no_history(cast, victim):
    update_person(victim, actor=cast.caseworker, values={"full_name": victim.full_name, "sex": victim.sex})
    assert not FieldChange.objects.exists()


def test_a_changed_village_is_recorded_by_its_name_not_its_id(cast, victim, regions):
    from sigap.regions.models import District, Village

    district = District.objects.create(code="32.73.01", regency=regions["bandung"], name="Sukasari")
    village = Village.objects.create(code="32.73.01.1001", district=district, name="Sarijadi")
    update_person(victim, actor=cast.caseworker, values={"village": village})
    assert changes_of(victim)["village"] == ("", "Sarijadi")


def test_nik_phone_and_address_are_encrypted_in_the_history_table(cast, victim, regions):
    from sigap.regions.models import District

    District.objects.create(code="32.73.01", regency=regions["bandung"], name="Sukasari")
    update_person(
        victim,
        actor=cast.caseworker,
        values={"nik": "3273015203120001", "phone": "0812-3456-7890", "address_detail": "Jl. Contoh No. 7 RT 01"},
    )
    assert changes_of(victim)["nik"] == ("", "3273015203120001")
    assert changes_of(victim)["phone"] == ("", "0812-3456-7890")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT old_value, new_value, encrypted FROM {FieldChange._meta.db_table}")  # noqa: S608
        raw = cursor.fetchall()
    assert len(raw) == 3
    assert all(row[2] for row in raw)
    dump = repr(raw)
    for secret in ("3273015203120001", "0812", "3456", "Contoh No. 7"):
        assert secret not in dump


# --- Cases -------------------------------------------------------------------------------------


def test_re_rating_the_risk_records_level_and_encrypted_reason(cast, case):
    actions.rate_risk(case, actor=cast.caseworker, risk_level="high", reason="Ancaman baru dari pelaku")
    changes = changes_of(case)
    assert changes == {"risk_level": ("medium", "high"), "risk_reason": ("", "Ancaman baru dari pelaku")}
    row = FieldChange.objects.get(field="risk_reason")
    assert row.encrypted
    assert "Ancaman" not in row.new_value
    assert FieldChange.objects.get(field="risk_level").case_id == case.pk


def test_changing_the_forms_of_violence_records_old_and_new_forms(cast, case):
    actions.set_forms(case, actor=cast.caseworker, forms=["psikis", "fisik"])
    assert changes_of(case) == {"violence_forms": ('["fisik"]', '["fisik", "psikis"]')}


def test_setting_the_same_forms_again_writes_nothing(cast, case):
    actions.set_forms(case, actor=cast.caseworker, forms=["fisik"])
    assert not FieldChange.objects.exists()


def test_assigning_a_case_records_the_case_manager_by_name(cast):
    case = make_case(cast.org, cast.intake_officer)
    actions.assign_case(case, actor=cast.supervisor, case_manager=cast.caseworker)
    assert changes_of(case) == {"case_manager": ("", cast.caseworker.full_name)}


def test_a_stage_step_records_the_stage(cast, case):
    actions.advance(case, "start_assessment", actor=cast.caseworker)
    assert changes_of(case) == {"stage": ("identification", "assessment")}


def test_closing_and_reopening_record_stage_closing_time_and_the_reason(cast):
    from sigap.cases.tests.factories import case_in_stage

    case = case_in_stage(cast.org, cast.caseworker, cast.supervisor, "follow_up")
    checklist = {key: True for key, _label in actions.CLOSURE_CHECKLIST}
    closure = actions.request_closure(case, actor=cast.caseworker, reason="goals_met", checklist=checklist)
    actions.approve_closure(closure, actor=cast.supervisor)
    closed = FieldChange.objects.filter(case_id=case.pk, field="closed_at").get()
    assert closed.old_value == ""
    assert closed.new_value
    actions.reopen_case(case, actor=cast.caseworker, reason="Ancaman muncul lagi")
    reopened = FieldChange.objects.filter(case_id=case.pk, field="stage").order_by("-id").first()
    assert (reopened.old_value, reopened.new_value) == ("closed", "follow_up")
    assert reopened.reason == "Ancaman muncul lagi"


# --- Assessments -------------------------------------------------------------------------------


def save_safety(assessment, actor, findings: str) -> None:
    entries = {"safety": {"findings": findings, "needs": "", "priority": "high"}}
    actions.save_assessment(
        assessment, actor=actor, summary="Ringkasan pertama", risk_level="medium", risk_reason="", entries=entries
    )


def test_saving_an_assessment_records_its_fields_and_domains_encrypting_the_free_text(cast, case):
    assessment = actions.start_assessment_record(case, actor=cast.caseworker)
    before = FieldChange.objects.count()
    save_safety(assessment, cast.caseworker, "Tinggal bersama nenek")
    changes = changes_of(assessment)
    assert changes == {
        "summary": ("", "Ringkasan pertama"),
        "entries.safety.findings": ("", "Tinggal bersama nenek"),
        "entries.safety.priority": ("", "high"),
    }
    assert FieldChange.objects.count() == before + 3
    assert FieldChange.objects.get(field="entries.safety.findings").encrypted
    assert not FieldChange.objects.get(field="entries.safety.priority").encrypted
    assert FieldChange.objects.get(field="summary").case_id == case.pk

    save_safety(assessment, cast.caseworker, "Tinggal bersama bibi")
    latest = FieldChange.objects.filter(object_id=str(assessment.pk)).order_by("-id")[0]
    assert latest.field == "entries.safety.findings"
    assert (unseal(latest.old_value), unseal(latest.new_value)) == ("Tinggal bersama nenek", "Tinggal bersama bibi")
    assert FieldChange.objects.count() == before + 4


def test_completing_an_assessment_records_when(cast, case):
    assessment = complete_assessment_of(case, cast.caseworker)
    assert "completed_at" in changes_of(assessment)


# --- Case plans --------------------------------------------------------------------------------


def one_goal(organisation) -> actions.GoalInput:
    service = actions.ActionInput(service_type="psikologis", responsible_organisation=organisation)
    return actions.GoalInput(text="Anak aman", actions=[service])


def test_plan_goals_and_actions_are_recorded_by_position_and_a_resave_of_the_same_plan_writes_nothing(cast, case):
    complete_assessment_of(case, cast.caseworker)
    plan = actions.create_plan(case, actor=cast.caseworker, propose_from_needs=False)  # an empty plan
    goal = one_goal(cast.org)
    actions.save_plan(plan, actor=cast.caseworker, goals=[goal])
    first = changes_of(plan)
    assert first["goals.1.text"] == ("", "Anak aman")
    assert first["goals.1.actions.1.service_type"] == ("", "psikologis")
    assert first["goals.1.actions.1.responsible_organisation"] == ("", cast.org.name)
    assert first["goals.1.actions.1.status"] == ("", "planned")
    count = FieldChange.objects.count()

    actions.save_plan(plan, actor=cast.caseworker, goals=[goal])
    assert FieldChange.objects.count() == count

    goal.actions[0].due_date = date(2027, 1, 31)
    actions.save_plan(plan, actor=cast.caseworker, goals=[goal, actions.GoalInput(text="Sekolah lagi")])
    newest = FieldChange.objects.filter(object_id=str(plan.pk)).order_by("-id")
    assert {row.field for row in newest[:2]} == {"goals.1.actions.1.due_date", "goals.2.text"}


def test_submitting_approving_and_superseding_plans_record_their_status(cast, case):
    complete_assessment_of(case, cast.caseworker)
    first = approved_plan_of(case, cast.caseworker, cast.supervisor)
    statuses = FieldChange.objects.filter(object_id=str(first.pk), field="status").order_by("id")
    assert [(row.old_value, row.new_value) for row in statuses] == [("draft", "submitted"), ("submitted", "approved")]
    second = approved_plan_of(case, cast.caseworker, cast.supervisor)
    superseded = FieldChange.objects.filter(object_id=str(first.pk), field="status").order_by("-id").first()
    assert (superseded.old_value, superseded.new_value) == ("approved", "superseded")
    approved = FieldChange.objects.filter(object_id=str(second.pk), field="status").order_by("-id").first()
    assert superseded.change_set == approved.change_set
    assert CasePlan.objects.get(pk=first.pk).status == "superseded"


def test_returning_a_plan_records_status_and_comment(cast, case):
    complete_assessment_of(case, cast.caseworker)
    plan = actions.create_plan(case, actor=cast.caseworker)
    goal = one_goal(cast.org)
    actions.save_plan(plan, actor=cast.caseworker, goals=[goal])
    actions.submit_plan(plan, actor=cast.caseworker)
    actions.return_plan(plan, actor=cast.supervisor, comment="Tambahkan layanan hukum")
    changes = changes_of(plan, actor=cast.supervisor)
    assert changes == {"status": ("submitted", "returned"), "decision_comment": ("", "Tambahkan layanan hukum")}


def test_progress_on_a_plan_action_is_recorded_on_the_case(cast, case):
    complete_assessment_of(case, cast.caseworker)
    plan = approved_plan_of(case, cast.caseworker, cast.supervisor)
    action = plan.goals.get().actions.get()
    actions.update_action_status(action, actor=cast.caseworker, status="in_progress")
    row = FieldChange.objects.get(object_id=str(action.pk))
    assert (row.field, row.old_value, row.new_value, row.case_id) == ("status", "planned", "in_progress", case.pk)


# --- The log itself ----------------------------------------------------------------------------


def test_history_rows_cannot_be_changed_or_deleted_through_the_orm(cast, case):
    actions.rate_risk(case, actor=cast.caseworker, risk_level="high", reason="Alasan")
    row = FieldChange.objects.first()
    row.new_value = "changed"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        FieldChange.objects.update(new_value="x")
    with pytest.raises(AppendOnlyError):
        FieldChange.objects.all().delete()


def test_record_changes_refuses_a_field_the_model_does_not_have(cast, case):
    with pytest.raises(ValueError, match="no field"):
        snapshot(case, ["no_such_field"])


def test_every_sensitive_field_exists_on_its_model():
    from django.apps import apps

    for label, names in SENSITIVE_FIELDS.items():
        model = apps.get_model(label)
        for name in names:
            model._meta.get_field(name)


def test_a_change_by_nobody_signed_in_is_recorded_without_an_actor(case):
    before = snapshot(case, ["place"])
    case.place = "sekolah"
    record_changes(actor=None, instance=case, before=before)
    assert FieldChange.objects.get().actor is None


def test_rotating_keys_re_encrypts_history_values_once(cast, case, settings):
    from cryptography.fernet import Fernet

    from sigap.history.actions import reencrypt_history

    actions.rate_risk(case, actor=cast.caseworker, risk_level="high", reason="Alasan rahasia")
    old_token = FieldChange.objects.get(field="risk_reason").new_value
    settings.SIGAP_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.SIGAP_ENCRYPTION_KEYS]
    assert reencrypt_history() == 1
    row = FieldChange.objects.get(field="risk_reason")
    assert row.new_value != old_token
    assert unseal(row.new_value) == "Alasan rahasia"
    assert reencrypt_history() == 0


def test_retention_may_purge_a_persons_history_through_the_dedicated_path(cast, case):
    person = case.victims.get().person
    update_person(person, actor=cast.caseworker, values={"occupation": "Pelajar"})
    actions.rate_risk(case, actor=cast.caseworker, risk_level="high", reason="Alasan")
    assert FieldChange.objects.filter(object_type="cases.person", object_id=str(person.pk)).purge() == 1
    assert list(FieldChange.objects.values_list("field", flat=True).order_by("field")) == ["risk_level", "risk_reason"]


def test_a_form_answer_in_the_history_reads_yes_and_no_in_the_viewer_s_language():
    from django.utils import translation

    from sigap.history.tracking import readable

    with translation.override("id"):
        show = [
            readable("forms.formresponse", f"answers.{key}", text, when=str)
            for key, text in [("safe", "yes"), ("threat", "no"), ("sources", '["client", "no"]'), ("feeling", "2")]
        ]
    assert show == ["ya", "tidak", "client, tidak", "2"]
