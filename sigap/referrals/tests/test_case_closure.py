"""Closing a case with active referrals: the closure screens warn, approval cancels the unanswered
ones ("case closed") and keeps the accepted ones for the receiver to complete."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.cases import actions as case_actions
from sigap.cases.models import TimelineEvent
from sigap.cases.tests.factories import closure_requested_for
from sigap.notifications.models import Kind, Notification
from sigap.referrals import actions
from sigap.referrals.models import Status
from sigap.referrals.tests.conftest import referral_input
from sigap.referrals.tests.test_transitions import external as external

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_referrals(cast, case, hospital):
    accepted = actions.send_referral(case, actor=cast.caseworker, data=referral_input(hospital))
    actions.accept_referral(accepted, actor=hospital.psychologist)
    waiting = actions.send_referral(case, actor=cast.caseworker, data=referral_input(hospital))
    return accepted, waiting


def _close(cast, case):
    closure = closure_requested_for(case, cast.caseworker)
    case_actions.approve_closure(closure, actor=cast.supervisor)
    case.refresh_from_db()


def test_approving_the_closure_cancels_unanswered_referrals_and_keeps_accepted_ones(cast, case, two_referrals):
    accepted, waiting = two_referrals
    _close(cast, case)
    accepted.refresh_from_db()
    waiting.refresh_from_db()
    assert case.is_closed
    assert accepted.status == Status.ACCEPTED
    assert waiting.status == Status.CANCELLED
    assert waiting.cancel_reason == "The case was closed."
    assert waiting.closed_by == cast.supervisor
    event = TimelineEvent.objects.get(case=case, verb="referral_cancelled")
    assert event.details["referral"] == str(waiting.pk)
    assert event.details["case_closed"] is True
    assert TimelineEvent.objects.filter(case=case, verb="closure_approved").exists()
    assert AuditEvent.objects.filter(verb="cases.referral_cancelled", actor=cast.supervisor).count() == 1
    assert not TimelineEvent.objects.filter(case=case, verb="referral_cancelled", details__referral=str(accepted.pk))


def test_the_receiver_hears_that_the_unanswered_referral_was_cancelled(cast, case, hospital, two_referrals):
    _accepted, waiting = two_referrals
    _close(cast, case)
    notices = list(Notification.objects.filter(kind=Kind.REFERRAL_CANCELLED))
    assert notices
    assert {n.recipient for n in notices} <= {hospital.psychologist, hospital.caseworker}
    assert {n.url for n in notices} == {waiting.get_absolute_url()}


def test_the_receiver_can_still_complete_an_accepted_referral_and_is_told_the_case_is_closed(
    cast, case, hospital, two_referrals, client
):
    accepted, _waiting = two_referrals
    _close(cast, case)
    client.force_login(hospital.psychologist)
    page = client.get(accepted.get_absolute_url()).content.decode()
    assert "data-case-closed" in page
    assert "The referring organisation has closed the case. The referral stays open" in page
    actions.complete_referral(accepted, actor=hospital.psychologist, outcome="Layanan selesai (sintetis).")
    accepted.refresh_from_db()
    assert accepted.status == Status.COMPLETED


def test_the_closure_request_page_lists_active_referrals_with_a_warning(cast, case, two_referrals, client):
    client.force_login(cast.caseworker)
    page = client.get(reverse("cases:closure_request", args=[case.pk])).content.decode()
    assert "Still open on this case" in page
    assert "it will be cancelled when the closure is approved" in page
    assert "it stays open so the receiving organisation can complete it" in page
    for referral in two_referrals:
        assert referral.get_absolute_url() in page


def test_the_supervisor_sees_the_warning_before_approving(cast, case, two_referrals, client):
    closure = closure_requested_for(case, cast.caseworker)
    client.force_login(cast.supervisor)
    page = client.get(reverse("cases:closure", args=[case.pk, closure.pk])).content.decode()
    assert "Still open on this case" in page
    assert page.count("/referrals/") >= 2


def test_without_active_referrals_the_closure_page_has_no_warning(cast, case, client):
    client.force_login(cast.caseworker)
    page = client.get(reverse("cases:closure_request", args=[case.pk])).content.decode()
    assert "Still open on this case" not in page


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_closure_page_query_count_does_not_grow_with_referrals(
    cast, case, hospital, client, django_assert_num_queries
):
    client.force_login(cast.caseworker)
    url = reverse("cases:closure_request", args=[case.pk])
    actions.send_referral(case, actor=cast.caseworker, data=referral_input(hospital))
    client.get(url)  # the first request of a session loads what later ones have cached
    one = _count(client, url)
    for _ in range(3):
        actions.send_referral(case, actor=cast.caseworker, data=referral_input(hospital))
    assert _count(client, url) == one
    # One query per app with a closure hook (referrals, transfers).
    with django_assert_num_queries(10):
        client.get(url)


def test_the_api_lists_what_is_still_open(cast, case, two_referrals, client):
    client.force_login(cast.caseworker)
    body = client.get(f"/api/v1/cases/{case.pk}/closures/open-items/").json()
    assert {row["url"] for row in body} == {referral.get_absolute_url() for referral in two_referrals}
    assert {row["kind"] for row in body} == {"referrals"}


def test_another_organisations_caseworker_gets_404_for_the_open_items(cast, case, two_referrals, client):
    client.force_login(cast.other_caseworker)
    assert client.get(f"/api/v1/cases/{case.pk}/closures/open-items/").status_code == 404


def test_the_decision_page_query_count_does_not_grow_with_referrals(cast, case, hospital, client):
    actions.send_referral(case, actor=cast.caseworker, data=referral_input(hospital))
    closure = closure_requested_for(case, cast.caseworker)
    client.force_login(cast.supervisor)
    url = reverse("cases:closure", args=[case.pk, closure.pk])
    client.get(url)  # the first request of a session loads what later ones have cached
    one = _count(client, url)
    for _ in range(3):
        actions.send_referral(case, actor=cast.caseworker, data=referral_input(hospital))
    assert _count(client, url) == one


def test_the_sender_still_completes_a_partners_accepted_referral_after_closing(cast, case, external):
    actions.accept_referral(external, actor=cast.caseworker)
    _close(cast, case)
    external.refresh_from_db()
    assert external.status == Status.ACCEPTED
    with pytest.raises(PermissionDenied):
        actions.cancel_referral(external, actor=cast.caseworker, reason="Tidak perlu lagi (sintetis).")
    actions.complete_referral(external, actor=cast.caseworker, outcome="Pendampingan hukum selesai (sintetis).")
    external.refresh_from_db()
    assert external.status == Status.COMPLETED


def test_an_unanswered_partner_referral_is_cancelled_without_notifications(cast, case, external):
    _close(cast, case)
    external.refresh_from_db()
    assert external.status == Status.CANCELLED
    assert not Notification.objects.filter(kind=Kind.REFERRAL_CANCELLED).exists()
