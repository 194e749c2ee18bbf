"""Retention: closed cases past the retention period are anonymised; the statistics stay the same."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from sigap.audit.models import AuditEvent
from sigap.cases import actions
from sigap.cases.models import (
    Assessment,
    AssessmentEntry,
    Attachment,
    Case,
    CaseTask,
    FollowUp,
    Note,
    Person,
    PlanGoal,
    TimelineEvent,
)
from sigap.cases.tests.factories import make_case
from sigap.privacy.retention import apply_retention, case_statistics
from sigap.privacy.tests.conftest import close, full_case

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    """Every row's personal text, to prove a dry run changes nothing."""
    return {
        "persons": list(Person.objects.order_by("pk").values()),
        "cases": list(Case.objects.order_by("pk").values()),
        "notes": Note.objects.count(),
        "attachments": Attachment.objects.count(),
        "follow_ups": list(FollowUp.objects.order_by("pk").values("progress", "new_risks")),
    }


def run(*args: str) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_a_case_closed_longer_ago_than_retention_loses_its_personal_data(
    cast, old_case, media, django_capture_on_commit_callbacks
):
    victim = old_case.victims.get().person
    perpetrator = old_case.perpetrators.get().person
    stored = list(old_case.attachments.values_list("storage_name", flat=True))
    assert (media / stored[0]).exists()

    with django_capture_on_commit_callbacks(execute=True):
        output = run()

    assert "anonymised 1 case(s) and 2 person(s)" in output
    victim.refresh_from_db()
    perpetrator.refresh_from_db()
    for person in (victim, perpetrator):
        assert person.full_name.startswith("Anonim-")
        assert (person.nik, person.phone, person.address_detail, person.known_as) == ("", "", "", "")
    assert victim.date_of_birth != date(2012, 3, 14)  # the birthday is gone, the age at intake stays
    case = Case.objects.get(pk=old_case.pk)
    assert case.intake_narrative == ""
    assert case.primary_client_name == victim.full_name
    assert not Note.objects.filter(case=case).exists()
    assert not Attachment.objects.filter(case=case).exists()
    assert not (media / stored[0]).exists()
    assert set(Assessment.objects.filter(case=case).values_list("summary", flat=True)) == {""}
    assert set(AssessmentEntry.objects.filter(assessment__case=case).values_list("findings", flat=True)) == {""}
    assert set(PlanGoal.objects.filter(plan__case=case).values_list("text", flat=True)) == {""}
    assert set(FollowUp.objects.filter(case=case).values_list("progress", "new_risks")) == {("", "")}
    assert case.closures.get().reason_detail == ""


def test_the_notes_of_what_was_done_on_deadlines_are_blanked(cast, media):
    subject = full_case(cast)
    actions.complete_task(subject, "first_contact", actor=cast.caseworker, note="Visited the client at her aunt's")
    subject = close(subject, cast, years_ago=11)
    run()
    assert set(CaseTask.objects.filter(case=subject).values_list("note", flat=True)) == {""}


def test_statistics_are_identical_before_and_after_anonymising(cast, old_case, recent_case):
    # A second old case with other categories, and an open one, so every aggregate has several values.
    other = full_case(
        cast,
        forms=["seksual", "psikis"],
        place="sekolah",
        victim_values={"full_name": "Dewi Contoh", "sex": "female", "date_of_birth": date(1990, 2, 28)},
        perpetrators=[("Guru Contoh", "guru", False)],
    )
    close(other, cast, years_ago=12)
    make_case(cast.org, cast.caseworker, victim_values={"date_of_birth": date(2016, 12, 31)})
    before = case_statistics()
    assert sum(before["age_band"].values()) == 4

    apply_retention()

    assert Case.objects.filter(intake_narrative="").count() >= 2
    assert case_statistics() == before


def test_a_person_still_in_a_case_inside_retention_is_kept(cast, old_case, recent_case):
    # The old case's victim also appears in the recent case as its reporter.
    victim = old_case.victims.get().person
    Case.objects.filter(pk=recent_case.pk).update(reporter=victim)

    apply_retention()

    victim.refresh_from_db()
    assert victim.full_name == "Sinta Contoh"
    assert Case.objects.get(pk=old_case.pk).intake_narrative == ""
    assert Case.objects.get(pk=recent_case.pk).intake_narrative != ""
    assert recent_case.victims.get().person.full_name == "Rina Contoh"


def test_a_dry_run_counts_and_changes_nothing(cast, old_case, recent_case):
    before = snapshot()
    events = AuditEvent.objects.count()

    output = run("--dry-run")

    assert "would anonymise 1 case(s) and 2 person(s)" in output
    assert snapshot() == before
    assert AuditEvent.objects.count() == events


def test_a_second_run_does_nothing_and_writes_one_audit_event_per_case(cast, old_case):
    run()
    events = AuditEvent.objects.filter(verb="privacy.case_anonymised")
    assert events.count() == 1
    event = events.get()
    assert event.object_label == old_case.number
    assert "Sinta" not in str(event.details)

    assert "anonymised 0 case(s) and 0 person(s)" in run()
    assert events.count() == 1


def test_free_text_timeline_summaries_are_blanked(cast, old_case):
    apply_retention()
    assert not TimelineEvent.objects.filter(case=old_case, verb="person_updated").exclude(summary="").exists()
    assert not TimelineEvent.objects.filter(case=old_case, verb="risk_rated").exclude(summary="").exists()


def test_retention_years_come_from_the_setting(cast, recent_case, settings):
    settings.SIGAP_RETENTION_CLOSED_CASE_YEARS = 1
    assert apply_retention().cases == 1


def test_retention_clears_the_standard_forms_answers_of_a_guided_assessment(cast, media):
    from sigap.cases.actions import guided

    call_command("load_forms", verbosity=0)
    case = make_case(cast.org, cast.caseworker)
    assessment = guided.start_assessment(case, actor=cast.caseworker)
    guided.save_guided_assessment(
        assessment,
        actor=cast.caseworker,
        answers={"safety_need": "Tempat aman (sintetis)", "summary": "Ringkasan."},
    )
    assessment.refresh_from_db()
    assert assessment.form_response.answers["safety_need"] == "Tempat aman (sintetis)"
    close(case, cast, years_ago=30)
    run()
    assessment.refresh_from_db()
    assessment.form_response.refresh_from_db()
    assert assessment.form_response.answers == {} and assessment.form_response.cleared_at is not None
    assert assessment.proposed_risk_reason == ""
