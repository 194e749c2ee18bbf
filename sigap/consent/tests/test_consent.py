"""Recording and withdrawing consent: who may give it, the child's assent, scope, method, history."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.cases import actions as case_actions
from sigap.cases.codes import ClientType
from sigap.cases.models import CaseTeamMember
from sigap.cases.tests.factories import make_case
from sigap.cases.tests.files import PDF
from sigap.consent import actions
from sigap.consent.models import Assent, Consent, GivenBy, Method
from sigap.consent.tests.factories import consent_input

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_a_mother_consents_for_her_child_with_the_childs_assent(cast, case, client_person, mother):
    consent = actions.record_consent(case, actor=cast.caseworker, person=client_person, data=consent_input(mother))
    assert consent.in_force
    assert consent.guardian == mother
    assert consent.assent == Assent.GIVEN
    assert consent.recorded_by == cast.caseworker
    event = case.timeline.get(verb="consent_recorded")
    assert event.details["consent"] == str(consent.pk)
    assert "Ibu Contoh" not in str(event.details)  # ids only: the audit log is not a list of names
    assert AuditEvent.objects.filter(verb="cases.consent_recorded", object_id=str(case.pk)).exists()


def test_a_guardian_who_is_an_alleged_perpetrator_is_refused(cast, case, client_person, perpetrator):
    with pytest.raises(ValidationError) as excinfo:
        actions.record_consent(
            case,
            actor=cast.caseworker,
            person=client_person,
            data=consent_input(perpetrator, guardian_relationship="father"),
        )
    assert "Ayah Contoh is an alleged perpetrator in this case" in errors_of(excinfo)["guardian"][0]
    assert not Consent.objects.exists()


def test_a_child_cannot_consent_without_a_guardian(cast, case, client_person):
    with pytest.raises(ValidationError) as excinfo:
        actions.record_consent(case, actor=cast.caseworker, person=client_person, data=consent_input(None))
    assert "parent or guardian who is not an alleged perpetrator" in errors_of(excinfo)["given_by"][0]


def test_a_child_without_an_assent_decision_is_refused(cast, case, client_person, mother):
    with pytest.raises(ValidationError) as excinfo:
        actions.record_consent(case, actor=cast.caseworker, person=client_person, data=consent_input(mother, assent=""))
    assert "Record the child's assent" in errors_of(excinfo)["assent"][0]


def test_a_child_of_twelve_or_older_must_be_asked_for_assent(cast, case, client_person, mother):
    data = consent_input(mother, assent=Assent.NOT_SOUGHT, assent_note="Anak sedang tidur.")
    with pytest.raises(ValidationError) as excinfo:
        actions.record_consent(case, actor=cast.caseworker, person=client_person, data=data)
    assert "a child of 12 or older must be asked" in errors_of(excinfo)["assent"][0]


def test_a_refused_assent_is_recorded(cast, case, client_person, mother):
    data = consent_input(mother, assent=Assent.REFUSED, assent_note="Anak tidak mau polisi dilibatkan.")
    consent = actions.record_consent(case, actor=cast.caseworker, person=client_person, data=data)
    assert consent.assent == Assent.REFUSED


def test_a_young_childs_assent_may_be_not_sought_with_the_reason(cast, mother):
    young = make_case(cast.org, cast.caseworker, victim_values={"date_of_birth": TODAY - timedelta(days=365 * 6)})
    person = young.victims.get().person
    with pytest.raises(ValidationError) as excinfo:
        actions.record_consent(
            young, actor=cast.caseworker, person=person, data=consent_input(mother, assent=Assent.NOT_SOUGHT)
        )
    assert "Say why the child's assent was not sought." in errors_of(excinfo)["assent_note"]
    data = consent_input(mother, assent=Assent.NOT_SOUGHT, assent_note="Terlalu kecil untuk memahami.")
    consent = actions.record_consent(young, actor=cast.caseworker, person=person, data=data)
    assert consent.assent_note == "Terlalu kecil untuk memahami."


@override_settings(SIGAP_ASSENT_AGE=15)
def test_the_assent_age_is_a_setting(cast, case, client_person, mother):
    data = consent_input(mother, assent=Assent.NOT_SOUGHT, assent_note="Belum ditanyakan.")
    assert actions.record_consent(case, actor=cast.caseworker, person=client_person, data=data).pk


def test_a_child_without_a_birth_date_is_treated_as_a_child(cast, mother):
    unknown = make_case(cast.org, cast.caseworker, victim_values={"date_of_birth": None})
    person = unknown.victims.get().person
    with pytest.raises(ValidationError) as excinfo:
        actions.record_consent(unknown, actor=cast.caseworker, person=person, data=consent_input(None))
    assert "given_by" in errors_of(excinfo)


def test_an_adult_client_consents_herself_and_assent_does_not_apply(cast):
    adult = make_case(
        cast.org,
        cast.caseworker,
        client_type=ClientType.ADULT_WOMAN,
        victim_values={"date_of_birth": date(1990, 5, 1)},
    )
    person = adult.victims.get().person
    consent = actions.record_consent(
        adult, actor=cast.caseworker, person=person, data=consent_input(None, assent=Assent.GIVEN)
    )
    assert consent.given_by == GivenBy.CLIENT
    assert consent.assent == Assent.NOT_APPLICABLE


def test_verbal_consent_needs_a_witness(cast, case, client_person, mother):
    data = consent_input(mother, method=Method.VERBAL_WITNESSED)
    with pytest.raises(ValidationError) as excinfo:
        actions.record_consent(case, actor=cast.caseworker, person=client_person, data=data)
    assert "witness_name" in errors_of(excinfo)
    data.witness_name = "Petugas Saksi"
    assert actions.record_consent(case, actor=cast.caseworker, person=client_person, data=data).witness_name


def test_consent_to_nothing_or_without_explanation_is_refused(cast, case, client_person, mother):
    data = consent_input(mother, services=False, explained=False)
    with pytest.raises(ValidationError) as excinfo:
        actions.record_consent(case, actor=cast.caseworker, person=client_person, data=data)
    assert {"scope", "explained"} <= set(errors_of(excinfo))


def test_a_date_in_the_future_is_refused(cast, case, client_person, mother):
    data = consent_input(mother, given_on=TODAY + timedelta(days=1))
    with pytest.raises(ValidationError) as excinfo:
        actions.record_consent(case, actor=cast.caseworker, person=client_person, data=data)
    assert "given_on" in errors_of(excinfo)


def test_only_a_client_of_the_case_has_consent_recorded(cast, case, mother, perpetrator):
    with pytest.raises(ValidationError) as excinfo:
        actions.record_consent(case, actor=cast.caseworker, person=perpetrator, data=consent_input(mother))
    assert "person" in errors_of(excinfo)


def test_a_new_consent_supersedes_the_old_one_which_is_kept(cast, case, client_person, mother):
    first = actions.record_consent(case, actor=cast.caseworker, person=client_person, data=consent_input(mother))
    second = actions.record_consent(
        case, actor=cast.caseworker, person=client_person, data=consent_input(mother, police_report=True)
    )
    first.refresh_from_db()
    assert not first.is_current
    assert first.superseded_by == second
    assert first.status == "superseded"
    assert second.in_force
    assert case.consents.count() == 2


def test_withdrawing_keeps_the_record_and_writes_the_timeline(cast, case, client_person, mother):
    consent = actions.record_consent(case, actor=cast.caseworker, person=client_person, data=consent_input(mother))
    actions.withdraw_consent(
        consent, actor=cast.caseworker, withdrawn_on=TODAY, withdrawn_by=GivenBy.GUARDIAN, reason="Keluarga pindah."
    )
    consent.refresh_from_db()
    assert consent.is_withdrawn and not consent.in_force
    assert consent.withdrawal_recorded_by == cast.caseworker
    assert Consent.objects.filter(pk=consent.pk).exists()
    assert case.timeline.filter(verb="consent_withdrawn").exists()
    with pytest.raises(ValidationError):
        actions.withdraw_consent(
            consent, actor=cast.caseworker, withdrawn_on=TODAY, withdrawn_by=GivenBy.GUARDIAN, reason="Lagi."
        )


def test_withdrawal_needs_a_reason_and_the_right_person(cast):
    adult = make_case(
        cast.org, cast.caseworker, client_type=ClientType.ADULT_WOMAN, victim_values={"date_of_birth": date(1990, 5, 1)}
    )
    person = adult.victims.get().person
    consent = actions.record_consent(adult, actor=cast.caseworker, person=person, data=consent_input(None))
    with pytest.raises(ValidationError) as excinfo:
        actions.withdraw_consent(
            consent, actor=cast.caseworker, withdrawn_on=TODAY, withdrawn_by=GivenBy.GUARDIAN, reason=""
        )
    assert {"reason", "withdrawn_by"} <= set(errors_of(excinfo))


def test_consent_can_be_withdrawn_on_a_closed_case_but_not_recorded(cast, case, client_person, mother):
    consent = actions.record_consent(case, actor=cast.caseworker, person=client_person, data=consent_input(mother))
    case.stage = "closed"
    case.save(update_fields=["stage"])
    with pytest.raises(ValidationError):
        actions.record_consent(case, actor=cast.caseworker, person=client_person, data=consent_input(mother))
    actions.withdraw_consent(
        consent, actor=cast.caseworker, withdrawn_on=TODAY, withdrawn_by=GivenBy.GUARDIAN, reason="Ditarik."
    )


def test_a_read_only_team_member_and_another_organisation_cannot_record(cast, case, client_person, mother):
    case_actions.add_team_member(case, actor=cast.caseworker, user=cast.caseworker2, access=CaseTeamMember.Access.READ)
    for outsider in (cast.caseworker2, cast.other_caseworker):
        with pytest.raises(PermissionDenied):
            actions.record_consent(case, actor=outsider, person=client_person, data=consent_input(mother))


def test_a_scanned_form_is_stored_encrypted_as_a_case_attachment(cast, case, client_person, mother):
    upload = SimpleUploadedFile("persetujuan.pdf", PDF, content_type="application/pdf")
    consent = actions.record_consent(
        case, actor=cast.caseworker, person=client_person, data=consent_input(mother, scanned_form=upload)
    )
    assert consent.scanned_form is not None
    assert consent.scanned_form.case == case
    assert case_actions.open_attachment(consent.scanned_form, actor=cast.caseworker) == PDF


def test_a_scanned_form_of_the_wrong_kind_is_refused_on_its_field(cast, case, client_person, mother):
    upload = SimpleUploadedFile("x.exe", b"MZ\x90\x00binary", content_type="application/octet-stream")
    with pytest.raises(ValidationError) as excinfo:
        actions.record_consent(
            case, actor=cast.caseworker, person=client_person, data=consent_input(mother, scanned_form=upload)
        )
    assert "scanned_form" in errors_of(excinfo)
    assert not Consent.objects.exists()
