"""Answers and status changes: sent → accepted / declined → completed, cancelled, expired; services
recorded by the receiver appear on the referring case."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from sigap.cases.models import ServiceDelivery, TimelineEvent
from sigap.referrals import actions
from sigap.referrals.models import Referral, Status
from sigap.referrals.tasks import expire_referrals

pytestmark = pytest.mark.django_db


def test_the_hospital_accepts_records_a_service_and_completes(cast, client, hospital, referral):
    client.force_login(hospital.psychologist)
    assert client.post(f"/referrals/{referral.pk}/accept/").status_code == 302
    response = client.post(
        f"/referrals/{referral.pk}/service/",
        {
            "delivery-service_type": "kesehatan",
            "delivery-delivered_on": timezone.localdate().isoformat(),
            "delivery-outcome": "Visum selesai (sintetis).",
        },
    )
    assert response.status_code == 302
    delivery = ServiceDelivery.objects.get()
    assert delivery.case == referral.case and delivery.provider_organisation == hospital.org
    assert delivery.referral == referral and delivery.recorded_by == hospital.psychologist
    client.post(f"/referrals/{referral.pk}/complete/", {"complete-outcome": "Layanan kesehatan selesai."})
    referral.refresh_from_db()
    assert referral.status == Status.COMPLETED and referral.accepted_at and referral.completed_at
    verbs = list(TimelineEvent.objects.filter(case=referral.case).values_list("verb", flat=True))
    for verb in ("referral_sent", "referral_accepted", "referral_service_recorded", "referral_completed"):
        assert verb in verbs
    client.force_login(cast.caseworker)
    page = client.get(referral.case.get_absolute_url()).content.decode()
    assert "Visum selesai (sintetis)." in page and hospital.org.name in page and "Completed" in page
    assert f'href="{referral.get_absolute_url()}">through a referral</a>' in page


def test_declining_needs_a_reason(cast, hospital, referral):
    with pytest.raises(ValidationError):
        actions.decline_referral(referral, actor=hospital.psychologist, reason=" ")
    actions.decline_referral(referral, actor=hospital.psychologist, reason="Layanan penuh (sintetis).")
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED and referral.declined_at


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("none", "complete"),
        ("none", "service"),
        ("decline", "accept"),
        ("decline", "complete"),
        ("accept", "accept"),
        ("accept", "decline"),
        ("cancel", "accept"),
        ("complete", "cancel"),
    ],
)
def test_invalid_transitions_are_refused(cast, hospital, referral, first, then):
    receiver = hospital.psychologist
    steps = {
        "accept": lambda: actions.accept_referral(referral, actor=receiver),
        "decline": lambda: actions.decline_referral(referral, actor=receiver, reason="Penuh."),
        "complete": lambda: actions.complete_referral(referral, actor=receiver, outcome="Selesai."),
        "cancel": lambda: actions.cancel_referral(referral, actor=cast.caseworker, reason="Batal."),
        "service": lambda: actions.record_referral_service(
            referral, actor=receiver, service_type="kesehatan", delivered_on=timezone.localdate()
        ),
    }
    if first == "complete":
        steps["accept"]()
    if first != "none":
        steps[first]()
    status = Referral.objects.get().status
    with pytest.raises(ValidationError):
        steps[then]()
    assert Referral.objects.get().status == status


def test_the_page_shows_a_refused_transition_as_a_message(cast, client, hospital, referral):
    client.force_login(hospital.psychologist)
    response = client.post(f"/referrals/{referral.pk}/complete/", {"complete-outcome": "Selesai."}, follow=True)
    assert "cannot become Completed" in response.content.decode()
    assert Referral.objects.get().status == Status.SENT


def test_only_the_receiver_answers(cast, referral):
    with pytest.raises(PermissionDenied):
        actions.accept_referral(referral, actor=cast.caseworker)
    with pytest.raises(PermissionDenied):
        actions.accept_referral(referral, actor=cast.other_caseworker)


def test_only_who_may_edit_the_case_cancels(cast, hospital, referral):
    with pytest.raises(PermissionDenied):
        actions.cancel_referral(referral, actor=hospital.psychologist, reason="Batal.")
    actions.cancel_referral(referral, actor=cast.caseworker, reason="Klien pindah.")
    assert Referral.objects.get().status == Status.CANCELLED


def test_a_future_delivery_date_is_refused(hospital, referral):
    actions.accept_referral(referral, actor=hospital.psychologist)
    with pytest.raises(ValidationError) as refused:
        actions.record_referral_service(
            referral,
            actor=hospital.psychologist,
            service_type="kesehatan",
            delivered_on=timezone.localdate() + timedelta(days=2),
        )
    assert "delivered_on" in refused.value.message_dict
    assert not ServiceDelivery.objects.exists()


def test_expiry_is_idempotent(cast, case, hospital, referral):
    from sigap.referrals.tests.conftest import referral_input

    fresh = actions.send_referral(case, actor=cast.caseworker, data=referral_input(hospital))
    Referral.objects.filter(pk=referral.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    assert actions.expire_overdue() == 1
    assert actions.expire_overdue() == 0
    assert expire_referrals.call() == 0
    call_command("expire_referrals")
    referral.refresh_from_db()
    fresh.refresh_from_db()
    assert referral.status == Status.EXPIRED and referral.closed_at
    assert fresh.status == Status.SENT
    assert TimelineEvent.objects.filter(case=case, verb="referral_expired").count() == 1


def test_an_accepted_referral_does_not_expire(hospital, referral):
    actions.accept_referral(referral, actor=hospital.psychologist)
    Referral.objects.filter(pk=referral.pk).update(due_at=timezone.now() - timedelta(days=1))
    assert actions.expire_overdue() == 0


@pytest.fixture
def external(cast, case):
    from sigap.cases.tests.factories import make_person
    from sigap.consent.actions import record_consent
    from sigap.consent.tests.factories import consent_input
    from sigap.referrals.tests.conftest import referral_input

    mother = make_person(cast.org, cast.caseworker, full_name="Ibu Lain", sex="female")
    record_consent(
        case,
        actor=cast.caseworker,
        person=case.victims.get().person,
        data=consent_input(mother, share_kinds=["legal_aid"]),
    )
    return actions.send_referral(
        case,
        actor=cast.caseworker,
        data=referral_input(
            None,
            service=None,
            external_name="LBH Sahabat (sintetis)",
            external_contact="022-555-0123",
            external_kind="legal_aid",
            service_type="bantuan_hukum",
        ),
    )


def test_a_partner_not_on_sigap_gets_a_letter_and_the_sender_records_its_answers(cast, client, external):
    client.force_login(cast.caseworker)
    page = client.get(external.get_absolute_url()).content.decode()
    assert "Print the referral letter (PDF)" in page and "Record the partner" in page
    letter = client.get(f"/referrals/{external.pk}/letter.pdf")
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    assert letter.content.startswith(b"%PDF")
    assert client.get(f"/api/v1/referrals/{external.pk}/letter/").content.startswith(b"%PDF")
    client.post(f"/referrals/{external.pk}/accept/")
    client.post(
        f"/referrals/{external.pk}/service/",
        {"delivery-service_type": "bantuan_hukum", "delivery-delivered_on": timezone.localdate().isoformat()},
    )
    delivery = ServiceDelivery.objects.get()
    assert delivery.provider_organisation is None and delivery.provider_name == "LBH Sahabat (sintetis)"
    from sigap.audit.models import AccessAction, AccessLog

    assert AccessLog.objects.filter(object_id=str(external.pk), action=AccessAction.PRINT).count() == 2


def test_the_sender_gets_no_letter_for_a_cancelled_referral(cast, client, external):
    actions.cancel_referral(external, actor=cast.caseworker, reason="Klien pindah (sintetis).")
    client.force_login(cast.caseworker)
    assert client.get(f"/referrals/{external.pk}/letter.pdf").status_code == 403
    assert client.get(f"/api/v1/referrals/{external.pk}/letter/").status_code == 403
    assert "Print the referral letter (PDF)" not in client.get(external.get_absolute_url()).content.decode()


def test_the_sender_gets_no_letter_once_the_client_withdraws_consent(cast, client, case, external):
    from sigap.consent.actions import withdraw_consent
    from sigap.consent.models import Consent

    withdraw_consent(
        Consent.objects.get(case=case, is_current=True),
        actor=cast.caseworker,
        withdrawn_on=timezone.localdate(),
        withdrawn_by="guardian",
        reason="Keluarga menarik persetujuan (sintetis).",
    )
    client.force_login(cast.caseworker)
    assert client.get(f"/referrals/{external.pk}/letter.pdf").status_code == 403
    assert client.get(f"/api/v1/referrals/{external.pk}/letter/").status_code == 403
    assert "Print the referral letter (PDF)" not in client.get(external.get_absolute_url()).content.decode()


def test_a_referral_to_an_organisation_on_sigap_has_no_letter(cast, client, referral):
    client.force_login(cast.caseworker)
    assert client.get(f"/referrals/{referral.pk}/letter.pdf").status_code == 403


def test_a_service_on_a_referral_cancelled_meanwhile_is_refused(cast, hospital, referral):
    actions.accept_referral(referral, actor=hospital.psychologist)
    stale = Referral.objects.get(pk=referral.pk)  # the receiver's page, loaded while it was accepted
    actions.cancel_referral(referral, actor=cast.caseworker, reason="Klien pindah (sintetis).")
    with pytest.raises(ValidationError):
        actions.record_referral_service(
            stale, actor=hospital.psychologist, service_type="kesehatan", delivered_on=timezone.localdate()
        )
    assert not ServiceDelivery.objects.exists()
