"""Takedown and report requests: recorded, moved on to removed, and reminded about when nothing has
happened for SIGAP_TAKEDOWN_REMINDER_DAYS (the reminder job is safe to run twice)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from sigap.cases.models import TimelineEvent
from sigap.online import actions
from sigap.online.models import Takedown, TakedownReminder, TakedownStatus

pytestmark = pytest.mark.django_db


def _takedown(cast, case, **values) -> Takedown:
    data = {"platform": "instagram", "channel": "platform", "url": "https://social.example.com/p/1", **values}
    data.setdefault("status", TakedownStatus.SUBMITTED)
    return actions.create_takedown(case, actor=cast.caseworker, data=actions.TakedownInput(**data))


def test_a_request_is_recorded_and_marked_removed_on_the_page(cast, client, case, incident):
    client.force_login(cast.caseworker)
    response = client.post(
        f"/cases/{case.pk}/online/takedowns/new/",
        {
            "url": "https://social.example.com/p/9",
            "platform": "instagram",
            "channel": "government",
            "status": "submitted",
            "reference": "ADU-0001",
        },
    )
    assert response.status_code == 302
    takedown = Takedown.objects.get()
    assert takedown.submitted_at is not None and takedown.reference == "ADU-0001"
    response = client.post(f"/cases/{case.pk}/online/takedowns/{takedown.pk}/", {"status": "removed"})
    assert response.status_code == 302
    takedown.refresh_from_db()
    assert takedown.status == TakedownStatus.REMOVED and takedown.resolved_at is not None


def test_a_request_needs_an_address_or_an_account(cast, case, incident):
    with pytest.raises(ValidationError) as refused:
        actions.create_takedown(
            case, actor=cast.caseworker, data=actions.TakedownInput(platform="x", channel="platform")
        )
    assert "url" in refused.value.message_dict
    assert not Takedown.objects.exists()


def test_a_sent_request_cannot_go_back_to_draft(cast, case, incident):
    takedown = _takedown(cast, case)
    with pytest.raises(ValidationError):
        actions.update_takedown(takedown, actor=cast.caseworker, status=TakedownStatus.DRAFT)


def test_a_quiet_request_gets_one_reminder_however_often_the_job_runs(cast, case, incident, settings):
    settings.SIGAP_TAKEDOWN_REMINDER_DAYS = 7
    quiet = _takedown(cast, case)
    recent = _takedown(cast, case, url="https://social.example.com/p/2")
    done = _takedown(cast, case, url="https://social.example.com/p/3")
    actions.update_takedown(done, actor=cast.caseworker, status=TakedownStatus.REMOVED)
    eight_days_ago = timezone.now() - timedelta(days=8)
    Takedown.objects.filter(pk__in=[quiet.pk, done.pk]).update(last_activity_at=eight_days_ago)
    assert actions.remind_stale_takedowns() == 1
    assert actions.remind_stale_takedowns() == 0
    out = StringIO()
    call_command("remind_takedowns", stdout=out)
    assert "0" in out.getvalue()
    assert list(TakedownReminder.objects.values_list("takedown_id", flat=True)) == [quiet.pk]
    assert TimelineEvent.objects.filter(case=case, verb="online_takedown_reminder").count() == 1
    assert recent.pk not in TakedownReminder.objects.values_list("takedown_id", flat=True)


def test_the_reminder_is_on_my_work_until_the_request_moves_on(cast, client, case, incident):
    quiet = _takedown(cast, case)
    Takedown.objects.filter(pk=quiet.pk).update(last_activity_at=timezone.now() - timedelta(days=30))
    actions.remind_stale_takedowns()
    client.force_login(cast.caseworker)
    assert "Takedown requests without progress" in client.get("/").content.decode()
    actions.update_takedown(quiet, actor=cast.caseworker, status=TakedownStatus.ACKNOWLEDGED)
    assert "Takedown requests without progress" not in client.get("/").content.decode()


def test_the_reminder_can_be_queued_for_the_worker(cast, case, incident):
    quiet = _takedown(cast, case)
    Takedown.objects.filter(pk=quiet.pk).update(last_activity_at=timezone.now() - timedelta(days=30))
    call_command("remind_takedowns", "--enqueue", stdout=StringIO())  # immediate backend in tests
    assert TakedownReminder.objects.filter(takedown=quiet).count() == 1


def test_the_takedown_list_has_a_fixed_query_count(cast, client, case, incident, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _takedown(cast, case)
    client.force_login(cast.caseworker)
    client.get(f"/cases/{case.pk}/online/takedowns/")
    with CaptureQueriesContext(connection) as one:
        client.get(f"/cases/{case.pk}/online/takedowns/")
    for i in range(4):
        _takedown(cast, case, url=f"https://social.example.com/q/{i}")
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(f"/cases/{case.pk}/online/takedowns/").status_code == 200


def test_the_case_manager_is_notified_once_per_reminder_with_nothing_identifying(cast, case, incident, settings):
    from sigap.core.models import OutboundEmail
    from sigap.notifications.models import Kind, Notification

    settings.SIGAP_TAKEDOWN_REMINDER_DAYS = 7
    quiet = _takedown(cast, case, url="https://social.example.com/p/sinta-contoh")
    Takedown.objects.filter(pk=quiet.pk).update(last_activity_at=timezone.now() - timedelta(days=9))
    assert actions.remind_stale_takedowns() == 1
    assert actions.remind_stale_takedowns() == 0
    notification = Notification.objects.get(kind=Kind.TAKEDOWN_REMINDER)
    assert notification.recipient == case.case_manager == cast.caseworker
    assert notification.in_app and notification.email is not None  # the defaults: in the app and by email
    assert notification.url == f"/cases/{case.pk}/online/takedowns/{quiet.pk}/"
    assert notification.dedupe_key == f"takedown_reminder:{quiet.reminders.get().pk}"
    assert notification.title == f"A takedown request on case {case.number} has had no progress for 9 days"
    email = OutboundEmail.objects.get(pk=notification.email_id)
    for text in (notification.title, email.subject, email.body, str(notification.params)):
        assert "Sinta" not in text and "social.example.com" not in text and "sintetis" not in text

    # The request moves on and falls quiet again: a new reminder, and a new notification for it.
    actions.update_takedown(quiet, actor=cast.supervisor, status=TakedownStatus.ACKNOWLEDGED)
    Takedown.objects.filter(pk=quiet.pk).update(last_activity_at=timezone.now() - timedelta(days=8))
    assert actions.remind_stale_takedowns() == 1
    assert Notification.objects.filter(kind=Kind.TAKEDOWN_REMINDER, recipient=cast.caseworker).count() == 2


def test_a_case_without_a_case_manager_gets_the_reminder_but_no_notification(cast, case, incident):
    from sigap.cases.models import Case
    from sigap.notifications.models import Notification

    quiet = _takedown(cast, case)
    Case.objects.filter(pk=case.pk).update(case_manager=None)
    Takedown.objects.filter(pk=quiet.pk).update(last_activity_at=timezone.now() - timedelta(days=30))
    assert actions.remind_stale_takedowns() == 1
    assert not Notification.objects.exists()
