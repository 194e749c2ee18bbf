"""The notification centre: the list, the badge, following a link, marking read, settings."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sigap.notifications.models import Kind, Notification, Preference
from sigap.notifications.tests.conftest import VICTIM
from sigap.notifications.tests.factories import a_notification

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")


def test_the_centre_lists_only_the_users_own_notifications_newest_first(cast, client, case):
    first = a_notification(cast.caseworker, case, "one")
    second = a_notification(cast.caseworker, case, "two", actor=cast.supervisor)
    a_notification(cast.caseworker2, case, "theirs")
    client.force_login(cast.caseworker)
    response = client.get(LIST)
    assert [n.pk for n in response.context["page"]] == [second.pk, first.pk]
    body = response.content.decode()
    assert f"Case {case.number} was assigned to you" in body
    assert "by Test Supervisor" in body
    assert VICTIM not in body


def test_the_centre_runs_a_fixed_number_of_queries(cast, client, case, django_assert_num_queries):
    a_notification(cast.caseworker, case, "k0", actor=cast.supervisor)
    client.force_login(cast.caseworker)
    client.get(LIST)
    with django_assert_num_queries(7) as first:
        client.get(LIST)
    for n in range(1, 30):
        a_notification(cast.caseworker, case, f"k{n}", actor=cast.supervisor if n % 2 else cast.caseworker2)
    with django_assert_num_queries(len(first)):
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == 25


def test_the_navigation_shows_the_unread_count(cast, client, case):
    client.force_login(cast.caseworker)
    assert 'class="badge rounded-pill' not in client.get("/").content.decode()
    for key in ("a", "b", "c"):
        a_notification(cast.caseworker, case, key)
    a_notification(cast.caseworker2, case, "not mine")
    response = client.get("/")
    assert response.context["notifications_unread"].count == 3
    assert (
        '<span class="badge rounded-pill text-bg-warning">3<span class="visually-hidden"> unread'
        in response.content.decode()
    )


def test_the_badge_stops_counting_at_a_hundred(cast, client, case):
    Notification.objects.bulk_create(
        [Notification(recipient=cast.caseworker, kind=Kind.CASE_ASSIGNED, params={"case": "X"}) for _n in range(105)]
    )
    client.force_login(cast.caseworker)
    badge = client.get(LIST).context["notifications_unread"]
    assert (badge.count, badge.label) == (100, "99+")


def test_following_a_notification_marks_it_read_and_goes_to_its_link(cast, client, case):
    notification = a_notification(cast.caseworker, case)
    client.force_login(cast.caseworker)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    notification.refresh_from_db()
    assert notification.is_read


def test_another_users_notification_is_not_found_on_every_page(cast, client, case):
    theirs = a_notification(cast.caseworker2, case)
    client.force_login(cast.caseworker)
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_mark_one_read_and_mark_all_read(cast, client, case):
    one, two, three = (a_notification(cast.caseworker, case, key) for key in ("1", "2", "3"))
    theirs = a_notification(cast.caseworker2, case, "4")
    client.force_login(cast.caseworker)
    response = client.post(reverse("notifications:read", args=[one.pk]), {"next": f"{LIST}?unread=1"})
    assert response["Location"] == f"{LIST}?unread=1"
    assert [n.pk for n in client.get(LIST, {"unread": "1"}).context["page"]] == [three.pk, two.pk]
    assert client.get(reverse("notifications:read_all")).status_code == 405
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert "All notifications are marked read." in response.content.decode()
    assert not Notification.objects.filter(recipient=cast.caseworker, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_a_link_to_another_site_is_never_followed(cast, client, case):
    notification = a_notification(cast.caseworker, case)
    client.force_login(cast.caseworker)
    response = client.post(reverse("notifications:read", args=[notification.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == LIST


def test_email_only_notifications_stay_out_of_the_centre_and_the_badge(cast, client, case):
    Preference.objects.create(user=cast.caseworker, kind=Kind.CASE_ASSIGNED, in_app=False, email=True)
    hidden = a_notification(cast.caseworker, case)
    client.force_login(cast.caseworker)
    response = client.get(LIST)
    assert list(response.context["page"]) == []
    assert response.context["notifications_unread"].count == 0
    # The email's link still works for its recipient.
    assert client.get(reverse("notifications:open", args=[hidden.pk])).status_code == 302


def test_the_settings_page_shows_each_kind_with_labelled_checkboxes_and_saves(cast, client):
    client.force_login(cast.caseworker)
    url = reverse("notifications:preferences")
    body = client.get(url).content.decode()
    for kind in Kind:
        assert f'for="id_{kind.value}-in_app"' in body and f'for="id_{kind.value}-email"' in body
    data = {f"{kind.value}-in_app": "on" for kind in Kind}
    data.update({f"{kind.value}-email": "on" for kind in Kind if kind != Kind.CASE_ASSIGNED})
    response = client.post(url, data, follow=True)
    assert "Your notification settings were saved." in response.content.decode()
    prefs = {p.kind: (p.in_app, p.email) for p in Preference.objects.filter(user=cast.caseworker)}
    # Only choices that differ from the defaults are stored.
    assert prefs[Kind.CASE_ASSIGNED] == (True, False)
    assert prefs[Kind.DAILY_DIGEST] == (True, True)
    assert Kind.APPROVAL_REQUESTED not in prefs
    response = client.post(url, data, follow=True)
    assert "Nothing changed." in response.content.decode()


def test_times_are_shown_in_the_users_organisation_zone(cast, client):
    from sigap.notifications.actions import notify

    notify([cast.other_caseworker], Kind.REFERRAL_RECEIVED, context={"organisation": "UPTD PPA", "case": "X-1"})
    client.force_login(cast.other_caseworker)  # Mataram: WITA
    assert " WITA" in client.get(LIST).content.decode()


def test_the_centre_needs_sign_in(client):
    assert client.get(LIST).status_code == 302


def test_titles_are_shown_in_the_viewers_language(cast, case):
    from django.test import Client

    a_notification(cast.caseworker, case)
    cast.caseworker.language = "id"
    cast.caseworker.save()
    client = Client()
    client.force_login(cast.caseworker)
    body = client.get(LIST).content.decode()
    assert f"Kasus {case.number} ditugaskan kepada Anda" in body
    assert "Tandai semua sudah dibaca" in body
