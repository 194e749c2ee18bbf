"""The demo reproduces the event that started Sigap: 68 participants, 6 provinces, 13 regencies."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from sigap.core.models import OutboundEmail
from sigap.learning.demo import EVENT
from sigap.learning.models import Certificate, Lesson, MentorProfile, Participant, TrainingEvent
from sigap.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the demo's lesson handout is stored here


def test_the_demo_event_report_says_68_participants_from_6_provinces_and_13_regencies(learning_regions, client):
    call_command("seed_demo", password="demo-password-for-tests", stdout=StringIO())
    event = TrainingEvent.objects.get(title=EVENT)
    assert event.sessions.count() == 6
    assert event.partners.count() == 2
    client.force_login(event.facilitators.get())
    report = client.get(f"/api/v1/training-events/{event.pk}/report/").json()
    assert report["participants"] == 68
    assert report["provinces"] == 6
    assert report["regencies"] == 13
    assert 80 < report["attendance_rate"] < 100
    assert report["mean_post_score"] > report["mean_pre_score"]
    issued = Certificate.objects.filter(event=event).count()
    assert report["certificates_issued"] == issued
    assert 30 < issued < 68  # the rule leaves some out (attendance, e-learning, post-test)
    waiting = Participant.objects.get(event=event, user__email__startswith="caseworker.bandung@")
    assert not Certificate.objects.filter(participant=waiting).exists()  # e-learning still to do
    assert report["feedback_count"] == 4
    assert MentorProfile.objects.count() == 1
    handout = Lesson.objects.exclude(file_path="").get()
    assert handout.file_type == "application/pdf" and handout.file_size > 500
    # Demo certificates are not news: no notification, no email.
    assert not Notification.objects.filter(kind__startswith="certificate").exists()
    assert not OutboundEmail.objects.exists()


def test_seeding_the_demo_twice_adds_nothing(learning_regions):
    call_command("seed_demo", password="demo-password-for-tests", stdout=StringIO())
    counts = (Participant.objects.count(), Certificate.objects.count())
    call_command("seed_demo", password="demo-password-for-tests", stdout=StringIO())
    assert (Participant.objects.count(), Certificate.objects.count()) == counts
