"""Choosing people by typing (sigap.accounts.picker): pages that do not grow with the staff, and
pickers that offer only the people the form would accept."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sigap.accounts.models import User
from sigap.cases.access import visible_cases
from sigap.cases.models import Case, CaseTeamMember
from sigap.cases.tests.factories import make_case
from sigap.organisations.models import Membership, Organisation
from sigap.organisations.roles import Role

pytestmark = pytest.mark.django_db


def add_staff(organisation: Organisation, count: int, *, supervisor: User | None = None, prefix: str = "Staf") -> None:
    """``count`` caseworkers (unusable passwords: hashing 300 would take the test's time)."""
    users = User.objects.bulk_create(
        User(email=f"{prefix.lower()}{i}.{organisation.pk.hex[:6]}@test.sigap.invalid", full_name=f"{prefix} {i:04d}")
        for i in range(count)
    )
    boss = Membership.objects.get(user=supervisor, organisation=organisation) if supervisor else None
    Membership.objects.bulk_create(
        Membership(user=user, organisation=organisation, role=Role.CASEWORKER, supervisor=boss) for user in users
    )


def measure(client: Any, url: str) -> tuple[int, int, str]:
    """(bytes of HTML, queries, SQL characters) of one GET."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(response.content), len(queries), "".join(q["sql"] for q in queries.captured_queries)


def people_url(case: Case, purpose: str) -> str:
    return reverse("cases:people", args=[case.pk, purpose])


# --- Pages that do not grow with the staff -----------------------------------------------------


@pytest.mark.parametrize("who", ["supervisor", "caseworker"])
def test_the_case_page_is_the_same_size_with_5_or_300_members(cast, client, case, who):
    client.force_login(getattr(cast, who))
    add_staff(cast.org, 5, supervisor=cast.supervisor, prefix="Kecil")
    client.get(case.get_absolute_url())  # warm caches (translations, content types)
    small_bytes, small_queries, small_sql = measure(client, case.get_absolute_url())
    add_staff(cast.org, 295, supervisor=cast.supervisor)
    big_bytes, big_queries, big_sql = measure(client, case.get_absolute_url())
    assert big_queries == small_queries
    assert abs(big_bytes - small_bytes) < 200, (small_bytes, big_bytes)
    assert abs(len(big_sql) - len(small_sql)) < 200
    assert "Staf 0100" not in client.get(case.get_absolute_url()).text


@pytest.mark.parametrize("who", ["supervisor", "caseworker"])
def test_the_case_list_is_the_same_size_with_5_or_300_members(cast, client, who):
    for _ in range(3):
        make_case(cast.org, cast.caseworker)
    client.force_login(getattr(cast, who))
    url = reverse("cases:list")
    add_staff(cast.org, 5, supervisor=cast.supervisor, prefix="Kecil")
    client.get(url)
    small_bytes, small_queries, small_sql = measure(client, url)
    add_staff(cast.org, 295, supervisor=cast.supervisor)
    big_bytes, big_queries, big_sql = measure(client, url)
    assert big_queries == small_queries
    assert abs(big_bytes - small_bytes) < 200, (small_bytes, big_bytes)
    assert abs(len(big_sql) - len(small_sql)) < 200, "the access rule must not list the supervised users"


def test_a_supervisors_access_rule_is_a_subquery_not_a_list_of_ids(cast):
    add_staff(cast.org, 300, supervisor=cast.supervisor)
    sql = str(visible_cases(cast.supervisor).query)
    assert sql.count("organisations_membership") >= 1
    assert len(sql) < 3000, len(sql)
    worker = Membership.objects.filter(supervisor__user=cast.supervisor).exclude(user=cast.caseworker).first()
    case = make_case(cast.org, cast.caseworker, case_manager=worker.user)
    assert visible_cases(cast.supervisor).filter(pk=case.pk).exists()
    assert not visible_cases(cast.caseworker2).filter(pk=case.pk).exists()


def test_the_case_page_loads_no_password_hash_of_the_staff(cast, client, case):
    add_staff(cast.org, 300)
    client.force_login(cast.supervisor)
    client.get(case.get_absolute_url())
    with_hash: list[Any] = []

    def count(sender: Any, instance: User, **kwargs: Any) -> None:
        if "password" not in instance.get_deferred_fields():
            with_hash.append(instance.pk)

    post_init.connect(count, sender=User)
    try:
        client.get(case.get_absolute_url())
    finally:
        post_init.disconnect(count, sender=User)
    # The people the page names (the signed-in user, the case manager, the registrar, actors on the
    # timeline), never the staff.
    assert len(set(with_hash)) <= 5, len(set(with_hash))


# --- The picker endpoint -----------------------------------------------------------------------


def test_the_assign_picker_offers_matching_case_managers_of_the_organisation(cast, client, case):
    add_staff(cast.org, 30)
    client.force_login(cast.supervisor)
    response = client.post(people_url(case, "assign"), {"case_manager": "staf 001"})
    assert response.status_code == 200
    html = response.text
    assert html.count('type="radio"') == 10  # Staf 0010 … 0019: at most ten
    assert "type more of the name" in html
    assert 'name="case_manager_pick"' in html
    assert cast.psychologist.full_name not in client.post(people_url(case, "assign"), {"case_manager": "test"}).text


def test_the_picker_needs_two_letters(cast, client, case):
    client.force_login(cast.supervisor)
    assert 'type="radio"' not in client.post(people_url(case, "assign"), {"case_manager": "t"}).text


def test_the_picker_never_offers_another_organisations_member(cast, client, case):
    client.force_login(cast.supervisor)
    html = client.post(people_url(case, "team"), {"user": "caseworker"}).text
    assert "Test Caseworker Two" in html
    assert cast.other_caseworker.full_name not in html
    assert cast.other_caseworker.email not in html


def test_the_team_picker_leaves_out_the_team_and_the_case_manager(cast, client, case):
    CaseTeamMember.objects.create(case=case, user=cast.psychologist, access="read", added_by=cast.caseworker)
    client.force_login(cast.caseworker)
    html = client.post(people_url(case, "team"), {"user": "test"}).text
    assert "Test Supervisor" in html
    assert "Test Psychologist" not in html
    assert ">Test Caseworker <" not in html


def test_the_picker_of_another_organisations_case_is_404(cast, client, other_case):
    client.force_login(cast.supervisor)
    assert client.post(people_url(other_case, "assign"), {"case_manager": "other"}).status_code == 404
    assert client.post(people_url(other_case, "team"), {"user": "other"}).status_code == 404


def test_a_read_only_team_member_gets_403_from_the_picker(cast, client, case):
    CaseTeamMember.objects.create(case=case, user=cast.psychologist, access="read", added_by=cast.caseworker)
    client.force_login(cast.psychologist)
    assert client.post(people_url(case, "team"), {"user": "test"}).status_code == 403
    assert client.post(people_url(case, "assign"), {"case_manager": "test"}).status_code == 403


def test_the_picker_is_post_only_and_knows_its_purposes(cast, client, case):
    client.force_login(cast.supervisor)
    assert client.get(people_url(case, "assign"), {"case_manager": "test"}).status_code == 405
    assert client.post(people_url(case, "nothing"), {"q": "test"}).status_code == 404


# --- Choosing without JavaScript ---------------------------------------------------------------


def test_assigning_by_typing_a_unique_name_works_without_javascript(cast, client, case):
    client.force_login(cast.supervisor)
    events = case.timeline.count()
    response = client.post(reverse("cases:assign", args=[case.pk]), {"case_manager": "caseworker two"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.case_manager == cast.caseworker2
    assert case.timeline.count() == events + 1  # through the assign_case verb


def test_assigning_by_email_works_without_javascript(cast, client, case):
    client.force_login(cast.supervisor)
    client.post(reverse("cases:assign", args=[case.pk]), {"case_manager": cast.supervisor.email})
    case.refresh_from_db()
    assert case.case_manager == cast.supervisor


def test_an_ambiguous_name_shows_a_choose_step(cast, client, case):
    client.force_login(cast.supervisor)
    response = client.post(reverse("cases:assign", args=[case.pk]), {"case_manager": "test"})
    assert response.status_code == 200
    assert "Choose a person" in response.text
    assert "Test Caseworker Two" in response.text
    assert "Test Psychologist" not in response.text  # may not manage cases
    response = client.post(
        reverse("cases:assign", args=[case.pk]), {"case_manager": "test", "case_manager_pick": cast.caseworker2.pk}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.case_manager == cast.caseworker2


def test_a_name_matching_nobody_is_refused(cast, client, case):
    client.force_login(cast.supervisor)
    client.post(reverse("cases:assign", args=[case.pk]), {"case_manager": "other caseworker"})
    case.refresh_from_db()
    assert case.case_manager == cast.caseworker


def test_adding_a_colleague_by_typing_works(cast, client, case):
    client.force_login(cast.caseworker)
    response = client.post(reverse("cases:team_add", args=[case.pk]), {"user": "psycholog", "access": "read"})
    assert response.status_code == 302
    assert CaseTeamMember.objects.filter(case=case, user=cast.psychologist, access="read").exists()


# --- The case list's case-manager filter -------------------------------------------------------


def test_a_caseworker_filters_by_mine_or_all(cast, client):
    mine = make_case(cast.org, cast.caseworker)
    client.force_login(cast.caseworker)
    html = client.get(reverse("cases:list")).text
    assert f'value="{cast.caseworker.pk}"' in html
    assert "Find a case manager" not in html
    assert client.post(reverse("cases:manager_people"), {"manager_q": "test"}).status_code == 403
    assert mine.number in client.get(reverse("cases:list"), {"manager": cast.caseworker.pk}).text


def test_a_supervisor_finds_a_case_manager_and_filters_by_them(cast, client):
    boss = Membership.objects.get(user=cast.supervisor, organisation=cast.org)
    Membership.objects.filter(user=cast.caseworker2).update(supervisor=boss)
    theirs = make_case(cast.org, cast.caseworker2)
    client.force_login(cast.supervisor)
    html = client.post(reverse("cases:manager_people"), {"manager_q": "two"}, HTTP_HX_REQUEST="true").text
    link = f"{reverse('cases:list')}?manager={cast.caseworker2.pk}"
    assert link in html
    assert "<html" not in html
    page = client.post(reverse("cases:manager_people"), {"manager_q": "other"}).text
    assert "<html" in page and cast.other_caseworker.full_name not in page
    listed = client.get(link).text
    assert f'value="{cast.caseworker2.pk}" selected' in listed
    assert theirs.number in listed


def test_the_list_filter_ignores_a_manager_of_another_organisation(cast, client):
    client.force_login(cast.supervisor)
    html = client.get(reverse("cases:list"), {"manager": cast.other_caseworker.pk}).text
    assert cast.other_caseworker.full_name not in html


# --- The plan's "responsible person" -------------------------------------------------------------


def plan_of(cast: Any) -> tuple[Case, Any]:
    from sigap.cases import actions
    from sigap.cases.tests.factories import case_in_stage

    case = case_in_stage(cast.org, cast.caseworker, cast.supervisor, "planning")
    return case, actions.create_plan(case, actor=cast.caseworker)


def test_the_plan_form_is_the_same_size_with_5_or_300_members(cast, client):
    case, plan = plan_of(cast)
    url = reverse("cases:plan_edit", args=[case.pk, plan.pk])
    client.force_login(cast.caseworker)
    add_staff(cast.org, 5, prefix="Kecil")
    client.get(url)
    small_bytes, small_queries, _sql = measure(client, url)
    add_staff(cast.org, 295)
    big_bytes, big_queries, _sql = measure(client, url)
    assert big_queries == small_queries
    assert abs(big_bytes - small_bytes) < 200, (small_bytes, big_bytes)


def test_a_responsible_person_is_typed_kept_and_shown_by_email(cast, client):
    case, plan = plan_of(cast)
    url = reverse("cases:plan_edit", args=[case.pk, plan.pk])
    client.force_login(cast.caseworker)
    data = {
        "version": plan.version,
        "goals": 1,
        "g0-actions": 1,
        "g0-text": "Anak kembali bersekolah.",
        "g0a0-service_type": "pendampingan",
        "g0a0-description": "Mendampingi ke sekolah.",
        "g0a0-responsible_user": "caseworker two",
        "g0a0-due_date": "2030-01-31",
        "g0a0-status": "planned",
    }
    assert client.post(url, data).status_code == 302
    plan.refresh_from_db()
    action = plan.goals.get().actions.get()
    assert action.responsible_user == cast.caseworker2
    assert f'value="{cast.caseworker2.email}"' in client.get(url).text


def test_the_plan_picker_offers_only_the_organisations_staff(cast, client):
    case, _plan = plan_of(cast)
    client.force_login(cast.caseworker)
    url = people_url(case, "plan")
    html = client.post(url, {"g0a1-responsible_user": "test"}).text
    assert 'name="g0a1-responsible_user_pick"' in html and "Test Psychologist" in html
    assert "Other Caseworker" not in client.post(url, {"g0a1-responsible_user": "other"}).text
    assert client.post(url, {"something": "test"}).status_code == 404


def test_the_plan_picker_refuses_who_may_not_edit_the_case(cast, client):
    case, _plan = plan_of(cast)
    CaseTeamMember.objects.create(case=case, user=cast.psychologist, access="read", added_by=cast.caseworker)
    client.force_login(cast.psychologist)
    assert client.post(people_url(case, "plan"), {"g0a0-responsible_user": "test"}).status_code == 403
    client.force_login(cast.other_caseworker)
    assert client.post(people_url(case, "plan"), {"g0a0-responsible_user": "test"}).status_code == 404
