"""Views of personal data go into the access log; "who viewed this case" (screen and API)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sigap.audit.models import AccessAction, AccessLog
from sigap.cases import actions
from sigap.cases.models import Note
from sigap.cases.tests.factories import make_case

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases/"
PERSONS = "/api/v1/persons/"


def who_viewed(case) -> str:
    return reverse("cases:access_log", args=[case.pk])


def api(case, name: str, **kwargs) -> str:
    return reverse(f"api:case-{name}", kwargs={"case_pk": case.pk, **kwargs})


def queries(client, path: str) -> int:
    client.get(path)  # warm up (session, caches)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


# --- What is logged -------------------------------------------------------------------------


def test_viewing_the_case_page_writes_one_access_log_row(cast, client, case):
    client.force_login(cast.caseworker)
    assert client.get(case.get_absolute_url(), REMOTE_ADDR="10.9.8.7").status_code == 200
    entry = AccessLog.objects.get()
    assert entry.user == cast.caseworker
    assert entry.action == AccessAction.VIEW_CASE
    assert entry.organisation_id == cast.org.pk
    assert (entry.object_type, entry.object_id, entry.case_id) == ("cases.case", str(case.pk), case.pk)
    assert entry.object_label == case.number
    assert entry.ip_address == "10.9.8.7"


def test_viewing_a_person_is_logged_without_their_name(cast, client, case):
    person = case.victims.get().person
    client.force_login(cast.caseworker)
    assert client.get(reverse("cases:person", args=[person.pk])).status_code == 200
    entry = AccessLog.objects.get(action=AccessAction.VIEW_PERSON)
    assert entry.object_id == str(person.pk)
    assert person.full_name not in entry.object_label
    assert entry.object_label == person.audit_label


def test_a_restricted_note_read_by_somebody_else_is_logged_but_not_normal_or_own_notes(cast, client, case):
    restricted = actions.add_note(
        case, actor=cast.caseworker, body="Rahasia sintetis", visibility=Note.Visibility.RESTRICTED
    )
    actions.add_note(case, actor=cast.caseworker, body="Catatan biasa sintetis")
    client.force_login(cast.caseworker)
    client.get(case.get_absolute_url())
    assert not AccessLog.objects.filter(action=AccessAction.VIEW_RESTRICTED_NOTE).exists()
    client.force_login(cast.supervisor)
    client.get(case.get_absolute_url())
    entry = AccessLog.objects.get(action=AccessAction.VIEW_RESTRICTED_NOTE)
    assert (entry.user, entry.object_id, entry.case_id) == (cast.supervisor, str(restricted.pk), case.pk)
    assert "Rahasia" not in entry.object_label


def test_a_page_that_is_refused_logs_nothing(cast, client, case):
    client.force_login(cast.other_caseworker)
    assert client.get(case.get_absolute_url()).status_code == 404
    assert not AccessLog.objects.exists()


def test_the_api_case_record_is_logged_as_an_api_read(cast, client, case):
    client.force_login(cast.caseworker)
    assert client.get(f"{CASES}{case.pk}/").status_code == 200
    entry = AccessLog.objects.get()
    assert (entry.action, entry.case_id) == (AccessAction.API_READ, case.pk)


def test_every_case_on_an_api_list_page_is_logged_in_one_insert(cast, client, case, django_assert_num_queries):
    from sigap.organisations.tests.helpers import queries_for

    client.force_login(cast.caseworker)
    expected = queries_for(client, CASES)
    for _ in range(4):
        make_case(cast.org, cast.caseworker)
    before = AccessLog.objects.count()
    with django_assert_num_queries(expected):
        results = client.get(CASES).json()["results"]
    logged = AccessLog.objects.order_by("id")[before:]
    assert {e.object_id for e in logged} == {r["id"] for r in results}
    assert {e.action for e in logged} == {AccessAction.API_READ}


def test_persons_read_through_the_api_are_logged(cast, client, case):
    person = case.victims.get().person
    client.force_login(cast.caseworker)
    listed = client.get(PERSONS).json()["results"]
    assert AccessLog.objects.filter(object_type="cases.person").count() == len(listed)
    client.get(f"{PERSONS}{person.pk}/")
    assert AccessLog.objects.filter(object_id=str(person.pk)).count() == 2


def test_a_list_of_records_under_a_case_is_logged_once_against_the_case(cast, client, case):
    client.force_login(cast.caseworker)
    assert client.get(api(case, "timeline-list")).status_code == 200
    entry = AccessLog.objects.get()
    assert (entry.action, entry.object_type, entry.case_id) == (AccessAction.API_READ, "cases.case", case.pk)


def test_a_restricted_note_read_through_the_api_is_logged_as_such(cast, client, case):
    note = actions.add_note(case, actor=cast.caseworker, body="Rahasia sintetis", visibility=Note.Visibility.RESTRICTED)
    client.force_login(cast.psychologist)
    actions.add_team_member(case, actor=cast.caseworker, user=cast.psychologist, access="read")
    assert client.get(api(case, "note-detail", pk=note.pk)).status_code == 200
    assert client.get(api(case, "note-list")).status_code == 200
    assert AccessLog.objects.filter(action=AccessAction.VIEW_RESTRICTED_NOTE, object_id=str(note.pk)).count() == 2


def test_a_nested_api_list_keeps_a_fixed_number_of_queries(cast, client, case, django_assert_num_queries):
    client.force_login(cast.caseworker)
    path = api(case, "note-list")
    actions.add_note(case, actor=cast.caseworker, body="Satu")
    expected = queries(client, path)
    for i in range(5):
        actions.add_note(case, actor=cast.caseworker, body=f"Catatan {i}")
    with django_assert_num_queries(expected):
        client.get(path)


# --- Who viewed this case: the screen --------------------------------------------------------


@pytest.mark.parametrize("who", ["caseworker", "supervisor"])
def test_case_manager_and_their_supervisor_see_who_viewed_the_case(cast, client, case, who):
    client.force_login(cast.supervisor)
    client.get(case.get_absolute_url())
    client.force_login(getattr(cast, who))
    response = client.get(who_viewed(case))
    assert response.status_code == 200
    assert "Test Supervisor" in response.text
    assert "Viewed the case" in response.text
    assert "WIB" in response.text  # the organisation's own time zone


def test_the_case_page_links_to_who_viewed_only_for_those_who_may_see_it(cast, client, case):
    actions.add_team_member(case, actor=cast.caseworker, user=cast.legal_aid, access="read")
    client.force_login(cast.caseworker)
    assert who_viewed(case) in client.get(case.get_absolute_url()).text
    client.force_login(cast.legal_aid)
    assert who_viewed(case) not in client.get(case.get_absolute_url()).text


def test_a_team_member_may_not_see_who_viewed_the_case(cast, client, case):
    actions.add_team_member(case, actor=cast.caseworker, user=cast.legal_aid, access="edit")
    client.force_login(cast.legal_aid)
    assert client.get(who_viewed(case)).status_code == 403


@pytest.mark.parametrize("who", ["other_caseworker", "other_org_admin", "caseworker2", "dpo", "data_officer"])
def test_who_viewed_is_404_for_those_who_cannot_see_the_case(cast, client, case, who):
    client.force_login(getattr(cast, who))
    assert client.get(who_viewed(case)).status_code == 404


def test_who_viewed_keeps_a_fixed_number_of_queries(cast, client, case, django_assert_num_queries):
    client.force_login(cast.supervisor)
    client.get(case.get_absolute_url())
    client.force_login(cast.caseworker)
    expected = queries(client, who_viewed(case))
    client.force_login(cast.supervisor)
    for _ in range(5):
        client.get(case.get_absolute_url())
    client.force_login(cast.caseworker)
    client.get(who_viewed(case))
    with django_assert_num_queries(expected):
        assert client.get(who_viewed(case)).text.count("data-access") == 6


# --- Who viewed this case: the API -----------------------------------------------------------


def test_the_access_log_api_lists_who_viewed_the_case(cast, client, case):
    client.force_login(cast.supervisor)
    client.get(case.get_absolute_url())
    client.force_login(cast.caseworker)
    body = client.get(api(case, "access-log-list")).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["user"], row["user_name"], row["action"]) == (str(cast.supervisor.pk), "Test Supervisor", "view_case")
    assert AccessLog.objects.count() == 1  # reading the log is not itself logged


def test_the_access_log_api_refuses_team_members_and_hides_other_organisations(cast, client, case):
    actions.add_team_member(case, actor=cast.caseworker, user=cast.legal_aid, access="read")
    client.force_login(cast.legal_aid)
    assert client.get(api(case, "access-log-list")).status_code == 403
    client.force_login(cast.other_caseworker)
    assert client.get(api(case, "access-log-list")).status_code == 404


def test_the_access_log_api_keeps_a_fixed_number_of_queries(cast, client, case, django_assert_num_queries):
    client.force_login(cast.caseworker)
    path = api(case, "access-log-list")
    client.get(case.get_absolute_url())
    expected = queries(client, path)
    for _ in range(5):
        client.get(case.get_absolute_url())
    with django_assert_num_queries(expected):
        assert client.get(path).json()["count"] == 6
