"""/api/v1/privacy/requests/: the same rules as the DPO's screens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sigap.organisations.tests.helpers import queries_for
from sigap.privacy.tests.factories import receive

pytestmark = pytest.mark.django_db

API = "/api/v1/privacy/requests/"


def test_dpo_receives_starts_and_completes_a_request(cast, client, case):
    person = case.victims.get().person
    client.force_login(cast.dpo)
    created = client.post(
        API,
        {"kind": "correction", "requester": "Klien sendiri", "person": str(person.pk)},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["person"] == str(person.pk)
    assert body["due_state"] == "due"
    url = f"{API}{body['id']}/"
    assert client.post(f"{url}start/").json()["status"] == "in_progress"
    done = client.post(f"{url}complete/", {"notes": "Tanggal lahir diperbaiki."}, content_type="application/json")
    assert done.json()["status"] == "completed"


def test_an_erasure_inside_retention_is_a_400_with_the_reason(cast, client, case):
    subject_request = receive(cast, kind="erasure", person=case.victims.get().person)
    client.force_login(cast.dpo)
    response = client.post(f"{API}{subject_request.pk}/complete/", {}, content_type="application/json")
    assert response.status_code == 400
    [reason] = response.json()["error"]["fields"]["non_field_errors"]
    assert f"appears in case {case.number}, which is still open" in reason


def test_list_filters_by_status_and_kind(cast, client):
    receive(cast, kind="erasure")
    receive(cast, kind="access")
    client.force_login(cast.dpo)
    assert client.get(API, {"kind": "erasure"}).json()["count"] == 1
    assert client.get(API, {"status": "completed"}).json()["count"] == 0


def test_overdue_requests_say_so(cast, client):
    receive(cast, received_at=timezone.now() - timedelta(hours=100))
    client.force_login(cast.dpo)
    assert client.get(API).json()["results"][0]["due_state"] == "overdue"


@pytest.mark.parametrize("role", ["caseworker", "psychologist", "org_admin", "national_admin"])
def test_other_roles_get_403(cast, client, role):
    subject_request = receive(cast)
    client.force_login(getattr(cast, role))
    assert client.get(API).status_code == 403
    assert client.get(f"{API}{subject_request.pk}/").status_code == 403
    assert client.post(API, {"kind": "access", "requester": "x"}, content_type="application/json").status_code == 403


def test_dpo_of_another_organisation_gets_404(cast, client, other_dpo):
    subject_request = receive(cast)
    client.force_login(other_dpo)
    assert client.get(f"{API}{subject_request.pk}/").status_code == 404
    assert (
        client.post(f"{API}{subject_request.pk}/refuse/", {"reason": "x"}, content_type="application/json").status_code
        == 404
    )
    assert client.get(API).json()["count"] == 0


def test_a_person_of_another_organisation_cannot_be_linked(cast, client, other_case):
    subject_request = receive(cast)
    client.force_login(cast.dpo)
    response = client.post(
        f"{API}{subject_request.pk}/person/",
        {"person": str(other_case.victims.get().person.pk)},
        content_type="application/json",
    )
    assert response.status_code == 400


def test_list_query_count_does_not_grow(cast, client, django_assert_num_queries):
    receive(cast)
    client.force_login(cast.dpo)
    expected = queries_for(client, API)
    for _ in range(12):
        receive(cast)
    with django_assert_num_queries(expected):
        client.get(API)


def test_dpo_exports_the_linked_person_to_answer_an_access_request(cast, client, case, other_dpo):
    person = case.victims.get().person
    subject_request = receive(cast, kind="access")
    client.force_login(cast.dpo)
    unlinked = client.post(f"{API}{subject_request.pk}/export/")
    assert unlinked.status_code == 400
    client.post(f"{API}{subject_request.pk}/person/", {"person": str(person.pk)}, content_type="application/json")
    body = client.post(f"{API}{subject_request.pk}/export/").json()
    assert body["file_name"].endswith(".zip") and len(body["passphrase"]) == 29
    client.force_login(other_dpo)
    assert client.post(f"{API}{subject_request.pk}/export/").status_code == 404
