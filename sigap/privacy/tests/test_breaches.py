"""The breach register: the 3×24-hour notification deadline, the verbs, the screens and the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.organisations.tests.helpers import queries_for
from sigap.privacy import actions
from sigap.privacy.models import Breach
from sigap.privacy.tests.factories import breach

pytestmark = pytest.mark.django_db

REGISTER = reverse("privacy:breaches")
API = "/api/v1/privacy/breaches/"


def test_notification_is_due_72_hours_after_discovery(cast):
    recorded = breach(cast, hours_ago=10)
    assert recorded.notification_due_at == recorded.discovered_at + timedelta(hours=72)
    assert recorded.due_state == "due"
    assert AuditEvent.objects.filter(verb="privacy.breach_recorded").count() == 1


def test_a_breach_not_notified_within_72_hours_is_overdue_and_shown_so(cast, client):
    assert breach(cast, hours_ago=73).due_state == "overdue"
    assert breach(cast, hours_ago=60).due_state == "due_soon"
    client.force_login(cast.dpo)
    html = client.get(REGISTER).content.decode()
    assert '<span aria-hidden="true">⚠ </span>Overdue' in html
    assert "Due soon" in html


def test_a_breach_is_done_once_both_the_authority_and_the_people_affected_are_notified(cast):
    recorded = breach(cast, hours_ago=80)
    now = timezone.now()
    recorded = actions.mark_breach_notified(recorded, actor=cast.dpo, authority_at=now)
    assert recorded.due_state == "overdue"
    recorded = actions.mark_breach_notified(recorded, actor=cast.dpo, subjects_at=now)
    assert recorded.due_state == "done"
    assert AuditEvent.objects.filter(verb="privacy.breach_notified").last().details["on_time"] is False


def test_a_notification_before_the_discovery_is_refused(cast):
    recorded = breach(cast, hours_ago=2)
    with pytest.raises(ValidationError):
        actions.mark_breach_notified(recorded, actor=cast.dpo, authority_at=recorded.discovered_at - timedelta(hours=1))


def test_a_breach_discovered_in_the_future_is_refused(cast):
    with pytest.raises(ValidationError):
        breach(cast, hours_ago=-3)


def test_dpo_records_a_breach_on_the_screen(cast, client):
    client.force_login(cast.dpo)
    response = client.post(
        reverse("privacy:breach_new"),
        {
            "discovered_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "description": "Email terkirim ke alamat salah (sintetis).",
            "data_categories": ["contact", "case"],
            "subjects_affected": "3",
            "risk": "medium",
            "status": "open",
        },
    )
    recorded = Breach.objects.get()
    assert response.status_code == 302
    assert recorded.data_categories == ["contact", "case"]
    assert recorded.recorded_by == cast.dpo


def test_dpo_edits_a_breach_and_records_the_notification_on_the_screen(cast, client):
    recorded = breach(cast)
    client.force_login(cast.dpo)
    url = reverse("privacy:breach", args=[recorded.pk])
    page = client.get(url)
    assert page.status_code == 200
    client.post(
        url,
        {
            "version": recorded.version,
            "discovered_at": timezone.localtime(recorded.discovered_at).strftime("%Y-%m-%dT%H:%M"),
            "description": recorded.description,
            "data_categories": ["identity"],
            "containment": "Kata sandi diganti.",
            "status": "contained",
        },
    )
    recorded.refresh_from_db()
    assert (recorded.status, recorded.containment, recorded.version) == ("contained", "Kata sandi diganti.", 2)
    stamp = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    client.post(
        reverse("privacy:breach_notified", args=[recorded.pk]),
        {"authority_notified_at": stamp, "subjects_notified_at": stamp},
    )
    recorded.refresh_from_db()
    assert recorded.is_notified


@pytest.mark.parametrize("role", ["caseworker", "supervisor", "org_admin", "data_officer"])
def test_other_roles_get_403_on_the_register(cast, client, role):
    recorded = breach(cast)
    client.force_login(getattr(cast, role))
    assert client.get(REGISTER).status_code == 403
    assert client.get(reverse("privacy:breach", args=[recorded.pk])).status_code == 403
    assert client.get(API).status_code == 403
    assert client.get(f"{API}{recorded.pk}/").status_code == 403


def test_dpo_of_another_organisation_gets_404(cast, client, other_dpo):
    recorded = breach(cast)
    client.force_login(other_dpo)
    assert client.get(reverse("privacy:breach", args=[recorded.pk])).status_code == 404
    assert client.get(f"{API}{recorded.pk}/").status_code == 404
    assert client.post(f"{API}{recorded.pk}/notified/", {}, content_type="application/json").status_code == 404
    assert client.get(API).json()["count"] == 0


def test_register_query_count_does_not_grow(cast, client, django_assert_num_queries):
    breach(cast)
    client.force_login(cast.dpo)
    screen, api = queries_for(client, REGISTER), queries_for(client, API)
    for hours in range(2, 14):
        breach(cast, hours_ago=hours)
    with django_assert_num_queries(screen):
        client.get(REGISTER)
    with django_assert_num_queries(api):
        client.get(API)


def test_api_records_updates_and_notifies_a_breach(cast, client):
    client.force_login(cast.dpo)
    discovered = (timezone.now() - timedelta(hours=1)).isoformat()
    created = client.post(
        API,
        {"discovered_at": discovered, "description": "Akun diretas (sintetis).", "data_categories": ["accounts"]},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["due_state"] == "due"
    url = f"{API}{body['id']}/"
    stale = client.patch(url, {"version": 9, "status": "closed"}, content_type="application/json")
    assert stale.status_code == 409
    updated = client.patch(url, {"version": 1, "status": "contained"}, content_type="application/json")
    assert updated.json()["status"] == "contained"
    notified = client.post(
        f"{url}notified/",
        {"authority_notified_at": timezone.now().isoformat(), "subjects_notified_at": timezone.now().isoformat()},
        content_type="application/json",
    )
    assert notified.json()["due_state"] == "done"


def test_api_refuses_an_unknown_data_category(cast, client):
    client.force_login(cast.dpo)
    response = client.post(
        API,
        {"discovered_at": timezone.now().isoformat(), "description": "x", "data_categories": ["dna"]},
        content_type="application/json",
    )
    assert response.status_code == 400
