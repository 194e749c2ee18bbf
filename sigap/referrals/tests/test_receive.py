"""The receiving organisation: its inbox, and a referral page that shows only the shared sections."""

from __future__ import annotations

import pytest

from sigap.audit.models import AccessLog
from sigap.cases import actions as case_actions
from sigap.cases.tests.factories import complete_assessment_of
from sigap.referrals import actions
from sigap.referrals.tests.conftest import NIK, NOTE, PHONE, referral_input

pytestmark = pytest.mark.django_db

CLIENT = "Sinta Contoh"


@pytest.fixture
def rich_case(cast, case):
    """The case with an assessment summary and a note, so absent sections have something to leak."""
    case_actions.add_note(case, actor=cast.caseworker, body=NOTE)
    assessment = complete_assessment_of(case, cast.caseworker)
    return case, assessment.summary


def test_the_receiver_sees_only_the_chosen_sections_on_the_page(cast, client, hospital, rich_case):
    case, summary = rich_case
    referral = actions.send_referral(case, actor=cast.caseworker, data=referral_input(hospital, sections=["violence"]))
    client.force_login(hospital.psychologist)
    body = client.get(referral.get_absolute_url()).content.decode()
    assert "Shared by the referring organisation" in body and "Physical" in body
    for absent in (CLIENT, PHONE, NIK, summary, NOTE, case.number):
        assert absent not in body, absent
    assert f"/cases/{case.pk}/" not in body


def test_identity_and_contact_appear_only_when_chosen(cast, client, hospital, rich_case):
    case, summary = rich_case
    referral = actions.send_referral(
        case, actor=cast.caseworker, data=referral_input(hospital, sections=["identity", "contact", "notes"])
    )
    client.force_login(hospital.caseworker)
    body = client.get(referral.get_absolute_url()).content.decode()
    for present in (CLIENT, PHONE, NIK, NOTE):
        assert present in body, present
    assert summary not in body


def test_the_api_returns_only_the_chosen_sections(cast, client, hospital, rich_case):
    case, summary = rich_case
    referral = actions.send_referral(
        case, actor=cast.caseworker, data=referral_input(hospital, sections=["violence", "assessment"])
    )
    client.force_login(hospital.psychologist)
    response = client.get(f"/api/v1/referrals/{referral.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert set(data["shared"]) == {"violence", "assessment"}
    assert data["case"] is None
    raw = response.content.decode()
    assert summary in raw
    for absent in (CLIENT, PHONE, NIK, NOTE, case.number, str(case.pk)):
        assert absent not in raw, absent


def test_viewing_the_shared_sections_is_in_the_access_log(cast, client, hospital, referral):
    client.force_login(hospital.psychologist)
    client.get(referral.get_absolute_url())
    client.get(f"/api/v1/referrals/{referral.pk}/")
    logged = AccessLog.objects.filter(user=hospital.psychologist, object_id=str(referral.pk))
    assert logged.count() == 2
    assert set(logged.values_list("case_id", flat=True)) == {referral.case_id}


def test_the_receiver_never_gets_the_case_page(cast, client, hospital, referral):
    client.force_login(hospital.psychologist)
    assert client.get(referral.case.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/cases/{referral.case_id}/").status_code == 404


def test_after_cancelling_the_receiver_no_longer_sees_the_sections(cast, client, hospital, referral):
    actions.cancel_referral(referral, actor=cast.caseworker, reason="Klien pindah (sintetis).")
    client.force_login(hospital.psychologist)
    body = client.get(referral.get_absolute_url()).content.decode()
    assert "Cancelled" in body and CLIENT not in body
    assert client.get(f"/api/v1/referrals/{referral.pk}/").json()["shared"] is None


def test_a_user_of_a_third_organisation_gets_404(cast, client, hospital, referral):
    client.force_login(cast.other_caseworker)
    for url in (
        referral.get_absolute_url(),
        f"/api/v1/referrals/{referral.pk}/",
        f"/referrals/{referral.pk}/letter.pdf",
    ):
        assert client.get(url).status_code == 404, url
    for action in ("accept", "decline", "complete", "cancel", "service"):
        assert client.post(f"/referrals/{referral.pk}/{action}/").status_code == 404
        assert client.post(f"/api/v1/referrals/{referral.pk}/{action}/").status_code == 404
    assert referral.pk not in [r["id"] for r in client.get("/api/v1/referrals/").json()["results"]]


def test_staff_of_the_receiver_who_do_not_work_cases_get_404(client, hospital, referral):
    client.force_login(hospital.org_admin)
    assert client.get(referral.get_absolute_url()).status_code == 404


def test_a_read_only_sender_sees_the_referral_but_gets_403_on_changes(cast, client, case, referral):
    case_actions.add_team_member(case, actor=cast.caseworker, user=cast.psychologist, access="read")
    client.force_login(cast.psychologist)
    assert client.get(referral.get_absolute_url()).status_code == 200
    assert client.post(f"/referrals/{referral.pk}/cancel/", {"cancel-reason": "x"}).status_code == 403
    assert client.post(f"/api/v1/referrals/{referral.pk}/cancel/", {"reason": "x"}).status_code == 403
    assert client.post(f"/referrals/{referral.pk}/accept/").status_code == 403
    assert client.get(f"/referrals/{referral.pk}/letter.pdf").status_code == 403


def test_the_sender_cannot_answer_for_a_receiver_on_sigap(cast, client, referral):
    client.force_login(cast.caseworker)
    assert client.post(f"/referrals/{referral.pk}/accept/").status_code == 403


def test_the_inbox_lists_received_referrals_without_client_data(cast, client, hospital, referral):
    client.force_login(hospital.psychologist)
    body = client.get("/referrals/").content.decode()
    assert referral.get_absolute_url() in body
    assert CLIENT not in body and referral.case.number not in body
    client.force_login(cast.caseworker)
    assert referral.get_absolute_url() in client.get("/referrals/sent/").content.decode()
    assert referral.get_absolute_url() not in client.get("/referrals/").content.decode()


def test_the_navigation_offers_referrals_to_case_workers_and_the_report_to_supervisors(cast, client):
    client.force_login(cast.caseworker)
    body = client.get("/").content.decode()
    assert 'href="/referrals/"' in body and 'href="/referrals/report/"' not in body
    client.force_login(cast.supervisor)
    body = client.get("/").content.decode()
    assert 'href="/referrals/"' in body and 'href="/referrals/report/"' in body


def test_a_withdrawn_consent_hides_the_shared_sections_again(cast, client, hospital, referral):
    from django.utils import timezone

    from sigap.consent.actions import withdraw_consent
    from sigap.consent.models import Consent

    withdraw_consent(
        Consent.objects.get(case=referral.case, is_current=True),
        actor=cast.caseworker,
        withdrawn_on=timezone.localdate(),
        withdrawn_by="guardian",
        reason="Keluarga menarik persetujuan (sintetis).",
    )
    client.force_login(hospital.psychologist)
    body = client.get(referral.get_absolute_url()).content.decode()
    assert "no longer covers sharing" in body and CLIENT not in body
    assert client.get(f"/api/v1/referrals/{referral.pk}/").json()["shared"] is None
    assert not AccessLog.objects.filter(user=hospital.psychologist, object_id=str(referral.pk)).exists()


def test_after_the_case_is_transferred_to_the_receiver_its_staff_off_the_case_see_no_shared_sections(
    cast, client, case, hospital, referral
):
    from conftest import make_user
    from sigap.organisations.roles import Role
    from sigap.transfers import actions as transfers

    supervisor = make_user("spv@rsud.test.sigap.invalid", "Supervisor RSUD", hospital.org, Role.SUPERVISOR)
    transfer = transfers.propose_transfer(case, actor=cast.caseworker, to_organisation=hospital.org, reason="Pindah.")
    transfers.accept_transfer(transfer, actor=supervisor, case_manager=hospital.caseworker)
    client.force_login(hospital.psychologist)  # works at the new owner, but not on this case
    assert client.get(case.get_absolute_url()).status_code == 404
    body = client.get(referral.get_absolute_url()).content.decode()
    assert CLIENT not in body and NOTE not in body
    assert client.get(f"/api/v1/referrals/{referral.pk}/").json()["shared"] is None
