"""The person API (/api/v1/persons/): who may see, record and correct persons."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sigap.cases.models import CaseTeamMember, Person
from sigap.cases.tests.factories import make_case, make_person
from sigap.regions.models import District

pytestmark = pytest.mark.django_db

PERSONS = reverse("api:person-list")


def person_url(person: Person) -> str:
    return reverse("api:person-detail", args=[person.pk])


def names(client, q: str | None = None) -> list[str]:
    if q is None:
        response = client.get(PERSONS)
    else:
        response = client.post(reverse("api:person-search"), {"q": q}, "application/json")
    assert response.status_code == 200, response.content
    return [row["full_name"] for row in response.json()["results"]]


def test_caseworker_sees_persons_of_their_cases_only(client, cast, case, other_case):
    """Need-to-know: a person recorded by the organisation but on no case of hers is not listed."""
    make_person(cast.org, cast.intake_officer, full_name="Dewi Contoh")
    client.force_login(cast.caseworker)
    assert names(client) == ["Sinta Contoh"]


def test_psychologist_sees_only_persons_of_cases_they_are_on(client, cast, case):
    make_person(cast.org, cast.caseworker, full_name="Dewi Contoh")
    client.force_login(cast.psychologist)
    assert names(client) == []
    actions_add_team(case, cast)
    assert names(client) == ["Sinta Contoh"]


def actions_add_team(case, cast):
    from sigap.cases import actions

    actions.add_team_member(case, actor=cast.caseworker, user=cast.psychologist, access=CaseTeamMember.Access.READ)


def test_data_officer_sees_no_person(client, cast, case):
    client.force_login(cast.data_officer)
    assert names(client) == []
    assert client.get(person_url(case.victims.get().person)).status_code == 404


def test_caseworker_of_another_organisation_gets_404_for_a_person(client, cast, case):
    client.force_login(cast.other_caseworker)
    person = case.victims.get().person
    assert client.get(person_url(person)).status_code == 404
    response = client.patch(person_url(person), {"version": person.version, "occupation": "x"}, "application/json")
    assert response.status_code == 404


def test_persons_search_by_folded_name_nik_and_phone(client, cast, regions):
    District.objects.create(code="32.73.04", regency=regions["bandung"], name="Contoh")
    make_case(cast.org, cast.caseworker, victim_values={"full_name": "Siti Nurhalizah", "phone": "0812-3456-7890"})
    make_case(cast.org, cast.caseworker, victim_values={"full_name": "Ayu Contoh", "nik": "3273045203120001"})
    client.force_login(cast.caseworker)
    assert names(client, q="NURHAL") == ["Siti Nurhalizah"]
    assert names(client, q="+62 812 3456 7890") == ["Siti Nurhalizah"]
    assert names(client, q="3273 0452 0312 0001") == ["Ayu Contoh"]
    assert names(client, q="3273045203120002") == []


def test_a_search_term_in_the_web_address_is_refused(client, cast, case):
    """A name, NIK or phone in a query string ends up in access logs: the search is POSTed."""
    client.force_login(cast.caseworker)
    response = client.get(PERSONS, {"q": "Sinta"})
    assert response.status_code == 400
    assert "q" in response.json()["error"]["fields"]


def test_a_search_reaches_only_persons_the_caller_may_see(client, cast, case):
    client.force_login(cast.caseworker2)
    assert names(client, q="Sinta") == []
    client.force_login(cast.caseworker)
    assert names(client, q="Sinta") == ["Sinta Contoh"]


def test_person_list_query_count_does_not_grow(client, cast, case, django_assert_num_queries):
    from sigap.organisations.tests.helpers import queries_for

    client.force_login(cast.caseworker)
    expected = queries_for(client, PERSONS)
    for i in range(5):
        make_case(cast.org, cast.caseworker, victim_values={"full_name": f"Orang Contoh {i}"})
    with django_assert_num_queries(expected):
        assert len(client.get(PERSONS).json()["results"]) == 6


def test_intake_officer_records_a_person(client, cast):
    client.force_login(cast.intake_officer)
    response = client.post(PERSONS, {"full_name": "Lestari Contoh", "sex": "female"}, "application/json")
    assert response.status_code == 201, response.content
    person = Person.objects.get(pk=response.json()["id"])
    assert person.organisation == cast.org
    assert person.created_by == cast.intake_officer


def test_recording_a_person_with_an_invalid_nik_is_refused(client, cast):
    client.force_login(cast.caseworker)
    response = client.post(PERSONS, {"full_name": "Lestari Contoh", "nik": "123"}, "application/json")
    assert response.status_code == 400
    assert "nik" in response.json()["error"]["fields"]


def test_psychologist_may_not_record_a_person(client, cast):
    client.force_login(cast.psychologist)
    response = client.post(PERSONS, {"full_name": "Lestari Contoh"}, "application/json")
    assert response.status_code == 403
    assert not Person.objects.exists()


def test_caseworker_corrects_a_person_with_the_version_they_read(client, cast, case):
    person = case.victims.get().person
    client.force_login(cast.caseworker)
    body = {"version": person.version, "full_name": "Sinta Contoh Baru", "occupation": "Pelajar"}
    response = client.patch(person_url(person), body, "application/json")
    assert response.status_code == 200, response.content
    person.refresh_from_db()
    assert person.occupation == "Pelajar"
    assert response.json()["version"] == person.version
    case.refresh_from_db()
    assert case.primary_client_name == "Sinta Contoh Baru"


def test_person_correction_with_a_stale_version_gets_409(client, cast, case):
    person = case.victims.get().person
    client.force_login(cast.caseworker)
    first = client.patch(person_url(person), {"version": person.version, "occupation": "Pelajar"}, "application/json")
    assert first.status_code == 200
    second = client.patch(person_url(person), {"version": person.version, "occupation": "Petani"}, "application/json")
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "conflict"
    person.refresh_from_db()
    assert person.occupation == "Pelajar"


def test_person_correction_without_a_version_is_refused(client, cast, case):
    person = case.victims.get().person
    client.force_login(cast.caseworker)
    response = client.patch(person_url(person), {"occupation": "Pelajar"}, "application/json")
    assert response.status_code == 400
    assert "version" in response.json()["error"]["fields"]


def test_read_only_team_member_may_not_correct_a_person(client, cast, case):
    actions_add_team(case, cast)
    person = case.victims.get().person
    client.force_login(cast.psychologist)
    assert client.get(person_url(person)).status_code == 200
    response = client.patch(person_url(person), {"version": person.version, "occupation": "x"}, "application/json")
    assert response.status_code == 403


def test_another_caseworker_of_the_organisation_may_neither_see_nor_correct_an_unlinked_person(client, cast):
    """Need-to-know (issue #12): recorded by the organisation is no longer enough to read a person."""
    person = make_person(cast.org, cast.intake_officer, full_name="Dewi Contoh")
    make_case(cast.org, cast.caseworker)
    client.force_login(cast.caseworker2)
    assert client.get(person_url(person)).status_code == 404
    response = client.patch(person_url(person), {"version": person.version, "occupation": "x"}, "application/json")
    assert response.status_code == 404


# --- Need-to-know: a person is visible only through a case the caller may open ---------------


def test_a_person_on_a_case_the_caller_may_not_open_is_not_listed_nor_readable(client, cast, case):
    """The caseworker2 of the same organisation registers cases too, but is not on this case."""
    person = case.victims.get().person
    for who in (cast.caseworker2, cast.intake_officer):
        client.force_login(who)
        assert names(client) == [], who
        assert client.get(person_url(person)).status_code == 404, who
        response = client.patch(person_url(person), {"version": person.version, "occupation": "x"}, "application/json")
        assert response.status_code == 404, who
        assert "Sinta" not in client.get(PERSONS).content.decode()


def test_a_person_recorded_on_no_case_is_visible_to_nobody(client, cast):
    person = make_person(cast.org, cast.intake_officer, full_name="Dewi Contoh", phone="0812-3456-7890")
    for who in (cast.caseworker, cast.caseworker2, cast.supervisor, cast.intake_officer):
        client.force_login(who)
        assert names(client) == [], who
        assert client.get(person_url(person)).status_code == 404, who


def test_the_person_who_recorded_a_person_may_link_it_to_a_new_case(client, cast):
    client.force_login(cast.intake_officer)
    created = client.post(PERSONS, {"full_name": "Lestari Contoh", "sex": "female"}, "application/json")
    person_id = created.json()["id"]
    body = {
        "client_type": "child",
        "intake_channel": "walk_in",
        "risk_level": "medium",
        "forms": ["fisik"],
        "victims": [{"id": person_id}],
    }
    response = client.post(reverse("api:case-list"), body, "application/json")
    assert response.status_code == 201, response.content
    client.force_login(cast.caseworker2)
    other = {**body, "victims": [{"id": person_id}]}
    refused = client.post(reverse("api:case-list"), other, "application/json")
    assert refused.status_code == 400
    assert "victims" in refused.json()["error"]["fields"]


def test_a_search_writes_each_person_found_into_the_access_log_like_a_list(client, cast, case):
    from sigap.audit.models import AccessLog

    person = case.victims.get().person
    client.force_login(cast.caseworker)
    assert names(client, q="Sinta") == ["Sinta Contoh"]
    read = AccessLog.objects.filter(action="api_read", object_id=str(person.pk), user=cast.caseworker)
    assert read.count() == 1
