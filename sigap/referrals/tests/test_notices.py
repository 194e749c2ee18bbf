"""Referral notifications: the receiving organisation hears of a new referral, the sender of its
answer or its expiry; the wording names the case number and organisations, never the client."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sigap.notifications.models import Kind, Notification
from sigap.organisations.roles import Role
from sigap.referrals import actions
from sigap.referrals.models import Referral
from sigap.referrals.tasks import expire_referrals
from sigap.referrals.tests.conftest import referral_input

pytestmark = pytest.mark.django_db


def told(kind: str) -> dict:
    return {n.recipient: n for n in Notification.objects.filter(kind=kind).select_related("recipient")}


def test_a_new_referral_tells_the_receiving_staff_with_a_link_to_the_referral_page(cast, hospital, referral):
    notices = told(Kind.REFERRAL_RECEIVED)
    assert set(notices) == {hospital.psychologist, hospital.caseworker}
    notice = notices[hospital.psychologist]
    assert notice.url == referral.get_absolute_url()
    assert notice.title == f"New referral from {cast.org.name} for case {referral.case.number}"
    client_name = referral.case.victims.get().person.full_name
    assert client_name not in notice.title
    assert cast.caseworker not in notices  # the sender is not told of her own act


def test_a_receiving_organisation_with_supervisors_tells_the_supervisors_only(cast, case, hospital):
    from conftest import make_user

    supervisor = make_user("spv@rsud.test.sigap.invalid", "Supervisor RSUD", hospital.org, Role.SUPERVISOR)
    actions.send_referral(case, actor=cast.caseworker, data=referral_input(hospital))
    assert set(told(Kind.REFERRAL_RECEIVED)) == {supervisor}


def test_accepting_and_declining_tell_the_sender(cast, hospital, referral, case):
    actions.accept_referral(referral, actor=hospital.psychologist)
    (notice,) = told(Kind.REFERRAL_ACCEPTED).values()
    assert notice.recipient == cast.caseworker
    assert notice.title == f"{hospital.org.name} accepted the referral of case {case.number}"
    second = actions.send_referral(case, actor=cast.caseworker, data=referral_input(hospital))
    actions.decline_referral(second, actor=hospital.caseworker, reason="Layanan penuh minggu ini (sintetis).")
    (declined,) = told(Kind.REFERRAL_DECLINED).values()
    assert declined.recipient == cast.caseworker and declined.url == second.get_absolute_url()
    assert "penuh" not in declined.title


def test_an_expired_referral_tells_the_sender_once(cast, referral):
    Referral.objects.filter(pk=referral.pk).update(due_at=timezone.now() - timedelta(hours=1))
    expire_referrals.call()
    expire_referrals.call()
    (notice,) = told(Kind.REFERRAL_OVERDUE).values()
    assert notice.recipient == cast.caseworker and notice.actor is None


def test_after_a_transfer_the_old_organisations_sender_hears_nothing_of_the_answer(cast, case, hospital, referral):
    from conftest import make_user
    from sigap.cases.tests.factories import make_person
    from sigap.consent.actions import record_consent
    from sigap.consent.tests.factories import consent_input
    from sigap.transfers import actions as transfers

    mother = make_person(cast.org, cast.caseworker, full_name="Ibu Pindah (sintetis)", sex="female")
    record_consent(
        case,
        actor=cast.caseworker,
        person=case.victims.get().person,
        data=consent_input(mother, share_organisations=[hospital.org, cast.other_org]),
    )
    supervisor = make_user("spv@other.test.sigap.invalid", "Supervisor Lain", cast.other_org, Role.SUPERVISOR)
    transfer = transfers.propose_transfer(case, actor=cast.caseworker, to_organisation=cast.other_org, reason="Pindah.")
    transfers.accept_transfer(transfer, actor=supervisor, case_manager=cast.other_caseworker)
    referral = Referral.objects.get(pk=referral.pk)
    actions.accept_referral(referral, actor=hospital.psychologist)
    notices = told(Kind.REFERRAL_ACCEPTED)
    assert cast.caseworker not in notices  # the old organisation no longer has the case
    assert cast.other_caseworker in notices  # its new case manager does
