"""A participant from another organisation loses the conference once the client's consent no longer
covers a case conference with that organisation (as a referral's receiver loses the shared sections)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sigap.conferences import actions
from sigap.conferences.access import visible_conferences
from sigap.consent.actions import withdraw_consent
from sigap.consent.models import Consent
from sigap.transfers.tests.fixtures import shareable_case

pytestmark = pytest.mark.django_db


def withdraw(cast, case):
    withdraw_consent(
        Consent.objects.get(case=case, is_current=True),
        actor=cast.caseworker,
        withdrawn_on=timezone.localdate(),
        withdrawn_by="guardian",
        reason="Keluarga menarik persetujuan (sintetis).",
    )


def test_an_invited_organisation_loses_the_conference_when_consent_is_withdrawn(
    client, cast, case, conference, receiver
):
    client.force_login(receiver.caseworker)
    assert client.get(conference.get_absolute_url()).status_code == 200
    withdraw(cast, case)
    assert conference not in visible_conferences(receiver.caseworker)
    assert client.get(conference.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/conferences/{conference.pk}/").status_code == 404
    assert conference.title.encode() not in client.get(reverse("conferences:list")).content
    assert client.get("/api/v1/conferences/").json()["count"] == 0
    # The case's own side keeps it.
    assert conference in visible_conferences(cast.caseworker)


def test_a_person_invited_by_name_loses_it_too(client, cast, case, receiver):
    conference = actions.schedule_conference(
        case, actor=cast.caseworker, title="Rapat (sintetis)", scheduled_at=timezone.now() + timedelta(days=1)
    )
    actions.invite(conference, actor=cast.caseworker, user=receiver.supervisor)
    assert conference in visible_conferences(receiver.supervisor)
    withdraw(cast, case)
    assert conference not in visible_conferences(receiver.supervisor)
    client.force_login(receiver.supervisor)
    assert client.get(conference.get_absolute_url()).status_code == 404


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["conferences:list", "api:conference-list"])
def test_participant_lists_cost_the_same_queries_over_many_cases(client, cast, mother, receiver, name):
    """Five conferences on five cases (one of them with consent withdrawn) cost what one does."""

    def conference_on_new_case():
        case = shareable_case(cast, mother)
        conference = actions.schedule_conference(
            case, actor=cast.caseworker, title="Rapat (sintetis)", scheduled_at=timezone.now() + timedelta(days=1)
        )
        actions.invite(conference, actor=cast.caseworker, organisation=receiver.org)
        return case

    conference_on_new_case()
    url = reverse(name)
    client.force_login(receiver.caseworker)
    one = _queries(client, url)
    cases = [conference_on_new_case() for _ in range(4)]
    withdraw(cast, cases[0])
    assert _queries(client, url) == one
    assert visible_conferences(receiver.caseworker).count() == 4
