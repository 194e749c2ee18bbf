"""``seed_demo_cases`` leaves a few notifications for the demo staff (read and unread), sends no email,
and a re-run adds none."""

from __future__ import annotations

import pytest

from sigap.cases.tests.fixtures import demo, seed  # noqa: F401 (pytest fixtures, used by name)
from sigap.core.models import OutboundEmail
from sigap.notifications.demo import seed_notifications_demo
from sigap.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


def test_the_demo_has_read_and_unread_notifications_and_no_emails(demo):  # noqa: F811
    seed(cases=40)
    rows = list(Notification.objects.select_related("recipient"))
    assert rows, "the demo staff should have notifications"
    assert all(n.dedupe_key.startswith("demo:") for n in rows), "seeding replays events muted"
    assert {n.kind for n in rows} >= {Kind.CASE_ASSIGNED, Kind.APPROVAL_DECIDED, Kind.TAKEDOWN_REMINDER}
    assert any(n.read_at is None for n in rows) and any(n.read_at is not None for n in rows)
    assert any(n.recipient.email == "caseworker.bandung@demo.sigap.test" for n in rows)
    assert not OutboundEmail.objects.exists()
    assert seed_notifications_demo() == 0
