"""The online-abuse API under /api/v1/cases/{case_pk}/: incidents, evidence and takedowns through the
verbs, with the case's access rules and fixed query counts on lists."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from sigap.cases.actions import add_team_member
from sigap.online import actions
from sigap.online.models import Takedown, TakedownStatus

pytestmark = pytest.mark.django_db


def api(user: Any) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def test_an_incident_and_an_account_are_recorded_through_the_api(cast, case):
    response = api(cast.caseworker).post(
        f"/api/v1/cases/{case.pk}/online-incidents/",
        {"harm_types": ["sextortion"], "platforms": ["whatsapp"], "demands": ["money"], "amount_demanded": "500000"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    incident_id = response.json()["id"]
    response = api(cast.caseworker).post(
        f"/api/v1/cases/{case.pk}/online-incidents/{incident_id}/accounts/",
        {"platform": "whatsapp", "handle": "+62 800-0000-0000 (contoh)", "known_to_victim": "unknown"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    listed = api(cast.caseworker).get(f"/api/v1/cases/{case.pk}/online-incidents/").json()
    assert listed["results"][0]["accounts"][0]["platform"] == "whatsapp"


def test_a_takedown_is_created_and_marked_removed_through_the_api(cast, case, incident):
    response = api(cast.caseworker).post(
        f"/api/v1/cases/{case.pk}/takedowns/",
        {"url": "https://video.example.org/v/1", "platform": "youtube", "channel": "hash", "status": "submitted"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    takedown_id = response.json()["id"]
    response = api(cast.caseworker).post(
        f"/api/v1/cases/{case.pk}/takedowns/{takedown_id}/status/", {"status": "removed"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "removed" and response.json()["resolved_at"]
    assert Takedown.objects.get().status == TakedownStatus.REMOVED


def test_bad_input_gets_400_with_the_reason(cast, case, incident):
    response = api(cast.caseworker).post(
        f"/api/v1/cases/{case.pk}/takedowns/", {"platform": "youtube", "channel": "hash"}, format="json"
    )
    assert response.status_code == 400
    assert "url" in str(response.json())


def test_a_read_only_member_reads_but_gets_403_on_writes(cast, case, incident):
    add_team_member(case, actor=cast.caseworker, user=cast.psychologist, access="read")
    client = api(cast.psychologist)
    assert client.get(f"/api/v1/cases/{case.pk}/online-incidents/").status_code == 200
    body = {"harm_types": ["doxxing"], "platforms": ["x"]}
    assert client.post(f"/api/v1/cases/{case.pk}/online-incidents/", body, format="json").status_code == 403
    body = {"url": "https://example.org/x", "platform": "x", "channel": "platform"}
    assert client.post(f"/api/v1/cases/{case.pk}/takedowns/", body, format="json").status_code == 403


def test_another_organisation_gets_404(cast, case, incident):
    client = api(cast.other_caseworker)
    for path in ("online-incidents", "online-evidence", "takedowns"):
        assert client.get(f"/api/v1/cases/{case.pk}/{path}/").status_code == 404
    assert client.get(f"/api/v1/cases/{case.pk}/online-incidents/{incident.pk}/").status_code == 404


@pytest.mark.parametrize("path", ["online-incidents", "online-evidence", "takedowns"])
def test_api_lists_have_a_fixed_query_count(cast, case, incident, path, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add() -> None:
        actions.record_incident(
            case, actor=cast.caseworker, data=actions.IncidentInput(harm_types=["doxxing"], platforms=["x"])
        )
        actions.record_evidence(
            case,
            actor=cast.caseworker,
            data=actions.EvidenceInput(kind="url", description="x", url="https://example.org/e"),
        )
        actions.create_takedown(
            case,
            actor=cast.caseworker,
            data=actions.TakedownInput(platform="x", channel="platform", url="https://example.org/t"),
        )

    add()
    client = api(cast.caseworker)
    url = f"/api/v1/cases/{case.pk}/{path}/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(3):
        add()
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200
