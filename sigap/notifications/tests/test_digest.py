"""The daily digest: counts and case numbers of due and overdue work, once per user and day."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from sigap.cases.tests.factories import make_case
from sigap.core.models import OutboundEmail
from sigap.notifications.actions import set_preferences
from sigap.notifications.digest import send_daily_digests
from sigap.notifications.models import Kind, Notification
from sigap.notifications.tasks import send_daily_digests_task
from sigap.notifications.tests.conftest import VICTIM
from sigap.notifications.tests.test_case_events import submitted_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(cast, case):
    """The caseworker's case (first contact due in 3 days, medium risk) and a plan waiting for the supervisor."""
    from sigap.cases.tests.factories import complete_assessment_of

    other = make_case(cast.org, cast.caseworker, victim_values={"full_name": "Kenanga Sintetis"})
    complete_assessment_of(other, cast.caseworker)
    submitted_plan(other, cast.caseworker)
    Notification.objects.all().delete()
    OutboundEmail.objects.all().delete()
    return {"case": case, "planned": other}


def digests() -> dict:
    return {n.recipient: n for n in Notification.objects.filter(kind=Kind.DAILY_DIGEST).select_related("recipient")}


def test_the_digest_lists_overdue_work_and_approvals_by_case_number_only(cast, work):
    later = timezone.now() + timedelta(days=5)
    assert send_daily_digests(now=later) == 2
    sent = digests()
    assert set(sent) == {cast.caseworker, cast.supervisor}
    mine = sent[cast.caseworker]
    assert mine.params["overdue"] >= 1 and work["case"].number in mine.params["overdue_cases"]
    assert mine.params["approvals"] == 0
    theirs = sent[cast.supervisor]
    assert theirs.params["approval_cases"] == [work["planned"].number]
    assert theirs.title.startswith("Your work today:") and "1 to approve" in theirs.title
    # By email by default, not in the centre.
    assert not mine.in_app and mine.email is not None
    email = OutboundEmail.objects.get(to=[cast.caseworker.email])
    assert work["case"].number in email.body and "Overdue:" in email.body
    for text in (email.subject, email.body, theirs.title, *theirs.body_lines):
        assert VICTIM not in text and "Kenanga" not in text


def test_a_second_run_the_same_day_sends_nothing(cast, work):
    later = timezone.now() + timedelta(days=5)
    assert send_daily_digests(now=later) == 2
    assert send_daily_digests(now=later + timedelta(minutes=30)) == 0
    assert Notification.objects.filter(kind=Kind.DAILY_DIGEST).count() == 2
    assert OutboundEmail.objects.count() == 2
    assert send_daily_digests(now=later + timedelta(days=1)) == 2


def test_nobody_gets_a_digest_with_nothing_due_and_nobody_who_turned_it_off(cast, work):
    set_preferences(actor=cast.supervisor, choices={Kind.DAILY_DIGEST: (False, False)})
    now = timezone.now()
    # Right after registration nothing is due within a day yet, and the supervisor opted out.
    assert send_daily_digests(now=now - timedelta(days=2)) == 0
    assert not digests()


def test_a_digest_wanted_in_the_app_appears_in_the_centre(cast, work, client):
    set_preferences(actor=cast.caseworker, choices={Kind.DAILY_DIGEST: (True, False)})
    send_daily_digests(now=timezone.now() + timedelta(days=5))
    mine = digests()[cast.caseworker]
    assert mine.in_app and mine.email is None
    client.force_login(cast.caseworker)
    assert "Overdue: " + work["case"].number in client.get("/notifications/").content.decode()


def test_the_command_and_the_task_send_the_days_digests(cast, work):
    out = StringIO()
    call_command("send_daily_digests", stdout=out)
    assert "Daily digests sent:" in out.getvalue()
    result = send_daily_digests_task.enqueue()
    assert result.return_value == 0  # the command already sent today's
