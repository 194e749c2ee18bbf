"""/api/v1/notifications/: the caller's own notifications and settings, by the same rules as the screens."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sigap.notifications.models import Kind, Preference
from sigap.notifications.tests.conftest import VICTIM
from sigap.notifications.tests.factories import a_notification

pytestmark = pytest.mark.django_db

LIST = reverse("api:notification-list")


def test_the_api_lists_the_callers_notifications_with_titles_and_case_numbers(cast, client, case):
    mine = a_notification(cast.caseworker, case, "1", actor=cast.supervisor)
    a_notification(cast.caseworker2, case, "2")
    client.force_login(cast.caseworker)
    data = client.get(LIST).json()
    assert data["count"] == 1
    (row,) = data["results"]
    assert row["id"] == str(mine.pk)
    assert row["kind"] == "case_assigned" and row["case_number"] == case.number
    assert row["title"] == f"Case {case.number} was assigned to you"
    assert row["actor_name"] == "Test Supervisor" and row["is_read"] is False
    assert VICTIM not in str(data)


def test_the_api_list_query_count_does_not_grow(cast, client, case, django_assert_num_queries):
    a_notification(cast.caseworker, case, "k0", actor=cast.supervisor)
    client.force_login(cast.caseworker)
    client.get(LIST)
    with django_assert_num_queries(6) as first:
        client.get(LIST)
    for n in range(1, 20):
        a_notification(cast.caseworker, case, f"k{n}", actor=cast.supervisor if n % 2 else cast.caseworker2)
    with django_assert_num_queries(len(first)):
        assert len(client.get(LIST).json()["results"]) == 20


def test_unread_count_mark_read_and_mark_all_read(cast, client, case):
    one, _two, _three = (a_notification(cast.caseworker, case, key) for key in ("1", "2", "3"))
    theirs = a_notification(cast.caseworker2, case, "4")
    client.force_login(cast.caseworker)
    count = reverse("api:notification-unread-count")
    assert client.get(count).json() == {"unread": 3}
    response = client.post(reverse("api:notification-read", args=[one.pk]))
    assert response.status_code == 200 and response.json()["is_read"] is True
    assert client.get(count).json() == {"unread": 2}
    assert len(client.get(LIST, {"unread": "true"}).json()["results"]) == 2
    assert client.post(reverse("api:notification-read-all")).json() == {"marked": 2}
    assert client.get(count).json() == {"unread": 0}
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_another_users_notification_is_404_in_the_api(cast, client, case):
    theirs = a_notification(cast.caseworker2, case)
    client.force_login(cast.caseworker)
    assert client.get(reverse("api:notification-detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("api:notification-read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_notifications_cannot_be_created_changed_or_deleted_over_the_api(cast, client, case):
    mine = a_notification(cast.caseworker, case)
    client.force_login(cast.caseworker)
    detail = reverse("api:notification-detail", args=[mine.pk])
    assert client.post(LIST, {}, content_type="application/json").status_code == 405
    assert client.patch(detail, {"url": "/x/"}, content_type="application/json").status_code == 405
    assert client.delete(detail).status_code == 405


def test_preferences_over_the_api(cast, client):
    client.force_login(cast.caseworker)
    url = reverse("api:notification-preferences")
    rows = {row["kind"]: row for row in client.get(url).json()}
    assert set(rows) == set(Kind.values)
    assert (rows["daily_digest"]["in_app"], rows["daily_digest"]["email"]) == (False, True)
    response = client.patch(
        url, [{"kind": "case_assigned", "in_app": True, "email": False}], content_type="application/json"
    )
    assert response.status_code == 200
    assert {row["kind"]: row["email"] for row in response.json()}["case_assigned"] is False
    assert Preference.objects.get(user=cast.caseworker).kind == "case_assigned"
    bad = client.patch(url, [{"kind": "nope", "in_app": True, "email": True}], content_type="application/json")
    assert bad.status_code == 400
    assert Preference.objects.filter(user=cast.caseworker).count() == 1


def test_the_api_needs_a_signed_in_user(client):
    assert client.get(LIST).status_code in (401, 403)
