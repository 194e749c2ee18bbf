"""Every event on a case's timeline is named in the reader's language, not by its internal verb."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sigap.cases.extensions import timeline_labels
from sigap.cases.tests.factories import case_in_stage, closure_requested_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def worked_case(cast):
    """A case taken from registration through assessment, plan, service and follow-up to a closure
    request, by people working in English (summaries are written in the language of whoever acts)."""
    with translation.override("en"):
        case = case_in_stage(cast.org, cast.caseworker, cast.supervisor, "follow_up")
        closure_requested_for(case, cast.caseworker)
    return case


def test_every_event_of_a_worked_case_has_a_label(worked_case):
    verbs = set(worked_case.timeline.values_list("verb", flat=True))
    assert {"assessment_started", "plan_approved", "service_recorded", "closure_requested"} <= verbs
    assert verbs - set(timeline_labels()) == set()


def test_timeline_in_indonesian_names_the_events_in_indonesian_without_repeating_english(cast, worked_case):
    cast.caseworker.language = "id"
    cast.caseworker.save(update_fields=["language"])
    client = Client()
    client.force_login(cast.caseworker)
    page = client.get(reverse("cases:timeline", args=[worked_case.pk])).content.decode()
    assert "Asesmen dimulai" in page
    assert "Rencana intervensi disetujui" in page
    assert "Assessment started" not in page
    assert "Closure requested" not in page
    assert "Case plan version 1 approved" in page  # a summary that says more than the label stays
