"""/api/v1/cases/{id}/history/ and /api/v1/persons/{id}/history/: same rules as the records."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sigap.cases import actions
from sigap.cases.actions.persons import update_person
from sigap.cases.models import Person
from sigap.cases.tests.factories import complete_assessment_of
from sigap.history.models import FieldChange

pytestmark = pytest.mark.django_db


def case_url(case) -> str:
    return reverse("api:case-history-list", kwargs={"case_pk": case.pk})


def person_url(person) -> str:
    return reverse("api:person-history-list", kwargs={"person_pk": person.pk})


@pytest.fixture
def victim(case) -> Person:
    return case.victims.get().person


def test_case_history_lists_changes_with_raw_and_readable_values(cast, client, case):
    actions.rate_risk(case, actor=cast.caseworker, risk_level="high", reason="Ancaman baru")
    client.force_login(cast.caseworker)
    response = client.get(case_url(case))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    rows = {row["field"]: row for row in body["results"]}
    level = rows["risk_level"]
    assert (level["old_value"], level["new_value"]) == ("medium", "high")
    assert (level["old_display"], level["new_display"]) == ("Medium", "High")
    assert level["field_label"] == "Risk level"
    assert level["actor"] == str(cast.caseworker.pk)
    assert level["actor_name"] == cast.caseworker.full_name
    assert level["record_type"] == "cases.case"
    assert level["record_id"] == str(case.pk)
    assert level["at_local"].endswith("WIB")
    assert rows["risk_reason"]["new_value"] == "Ancaman baru"  # decrypted for the caller
    assert level["change_set"] == rows["risk_reason"]["change_set"]


def test_person_history_lists_corrections_with_their_reason(cast, client, victim):
    update_person(victim, actor=cast.caseworker, values={"occupation": "Pelajar"}, reason="Klien meminta")
    client.force_login(cast.caseworker)
    rows = client.get(person_url(victim)).json()["results"]
    assert [(row["field"], row["new_value"], row["reason"]) for row in rows] == [
        ("occupation", "Pelajar", "Klien meminta")
    ]


def test_a_correction_through_the_person_api_keeps_its_reason(cast, client, victim):
    client.force_login(cast.caseworker)
    response = client.patch(
        reverse("api:person-detail", args=[victim.pk]),
        {"version": victim.version, "known_as": "Sin", "reason": "Nama panggilan dikonfirmasi"},
        content_type="application/json",
    )
    assert response.status_code == 200
    row = FieldChange.objects.get()
    assert (row.field, row.new_value, row.reason) == ("known_as", "Sin", "Nama panggilan dikonfirmasi")


@pytest.mark.parametrize("who", ["caseworker2", "psychologist", "org_admin", "data_officer", "other_caseworker"])
def test_nobody_outside_the_case_gets_its_history(cast, client, case, victim, who):
    actions.rate_risk(case, actor=cast.caseworker, risk_level="high", reason="Alasan")
    client.force_login(getattr(cast, who))
    assert client.get(case_url(case)).status_code == 404
    assert client.get(person_url(victim)).status_code == 404


def test_a_malformed_id_is_404(cast, client):
    client.force_login(cast.caseworker)
    assert client.get("/api/v1/cases/zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz/history/").status_code == 404
    assert client.get("/api/v1/persons/00000000-0000-0000-0000-000000000000/history/").status_code == 404


def test_the_history_is_read_only(cast, client, case):
    actions.add_team_member(case, actor=cast.caseworker, user=cast.psychologist, access="read")
    client.force_login(cast.psychologist)
    assert client.get(case_url(case)).status_code == 200
    assert client.post(case_url(case), {}, content_type="application/json").status_code == 405


def test_anonymous_callers_are_refused(client, case):
    assert client.get(case_url(case)).status_code in {401, 403}


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_history_api_query_count_does_not_grow_with_the_changes(cast, client, case, victim):
    client.force_login(cast.caseworker)
    actions.rate_risk(case, actor=cast.caseworker, risk_level="high", reason="Satu")
    update_person(victim, actor=cast.caseworker, values={"occupation": "Pelajar"})
    _queries(client, case_url(case))
    small_case, small_person = _queries(client, case_url(case)), _queries(client, person_url(victim))
    complete_assessment_of(case, cast.caseworker)
    for job in ["Penjual", "Petani", "Guru"]:
        update_person(victim, actor=cast.caseworker, values={"occupation": job, "known_as": job})
    assert _queries(client, case_url(case)) == small_case
    assert _queries(client, person_url(victim)) == small_person
