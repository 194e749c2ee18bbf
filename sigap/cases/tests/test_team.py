"""The case team and the case manager, from the case page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sigap.cases import actions
from sigap.cases.models import Case, CaseTeamMember
from sigap.cases.tests.factories import make_case

pytestmark = pytest.mark.django_db


def add_url(case: Case) -> str:
    return reverse("cases:team_add", args=[case.pk])


def remove_url(case: Case, user) -> str:
    return reverse("cases:team_remove", args=[case.pk, user.pk])


def assign_url(case: Case) -> str:
    return reverse("cases:assign", args=[case.pk])


# --- Team -------------------------------------------------------------------------------------


def test_case_manager_shares_the_case_with_a_colleague(cast, client, case):
    client.force_login(cast.caseworker)
    response = client.post(add_url(case), {"user": cast.psychologist.pk, "access": "read"}, follow=True)
    assert f"{cast.psychologist.full_name} was added to the case team." in response.text
    member = CaseTeamMember.objects.get(case=case)
    assert (member.user, member.access, member.added_by) == (cast.psychologist, "read", cast.caseworker)
    assert case.timeline.filter(verb="team_member_added").exists()
    client.force_login(cast.psychologist)
    assert client.get(case.get_absolute_url()).status_code == 200


def test_removing_a_colleague_takes_the_case_out_of_their_sight(cast, client, case):
    actions.add_team_member(case, actor=cast.caseworker, user=cast.psychologist, access="edit")
    client.force_login(cast.caseworker)
    response = client.post(remove_url(case, cast.psychologist), follow=True)
    assert f"{cast.psychologist.full_name} was removed from the case team." in response.text
    assert not CaseTeamMember.objects.exists()
    client.force_login(cast.psychologist)
    assert client.get(case.get_absolute_url()).status_code == 404


def test_the_supervisor_may_change_the_team_too(cast, client, case):
    client.force_login(cast.supervisor)
    client.post(add_url(case), {"user": cast.legal_aid.pk, "access": "edit"})
    assert CaseTeamMember.objects.get(case=case).user == cast.legal_aid


def test_a_team_member_cannot_change_the_team(cast, client, case):
    actions.add_team_member(case, actor=cast.caseworker, user=cast.psychologist, access="edit")
    client.force_login(cast.psychologist)
    assert "Add a colleague" not in client.get(case.get_absolute_url()).text
    assert client.post(add_url(case), {"user": cast.legal_aid.pk, "access": "read"}).status_code == 403
    assert client.post(remove_url(case, cast.psychologist)).status_code == 403
    assert CaseTeamMember.objects.count() == 1


def test_only_colleagues_of_the_organisation_can_be_added(cast, client, case):
    client.force_login(cast.caseworker)
    page = client.get(case.get_absolute_url()).text
    assert cast.other_caseworker.full_name not in page
    response = client.post(add_url(case), {"user": cast.other_caseworker.pk, "access": "read"}, follow=True)
    assert "Choose somebody from the list." in response.text  # the person picker's refusal
    assert not CaseTeamMember.objects.exists()


def test_a_worker_who_cannot_see_the_case_gets_404(cast, client, case):
    client.force_login(cast.caseworker2)
    assert client.post(add_url(case), {"user": cast.caseworker2.pk, "access": "edit"}).status_code == 404
    assert not CaseTeamMember.objects.exists()


def test_removing_somebody_not_on_the_team_is_404(cast, client, case):
    client.force_login(cast.caseworker)
    assert client.post(remove_url(case, cast.legal_aid)).status_code == 404


# --- Case manager -----------------------------------------------------------------------------


def test_supervisor_assigns_an_unassigned_case(cast, client):
    case = make_case(cast.org, cast.intake_officer)
    client.force_login(cast.supervisor)
    response = client.post(assign_url(case), {"case_manager": cast.caseworker.pk}, follow=True)
    assert f"{cast.caseworker.full_name} now manages this case." in response.text
    case.refresh_from_db()
    assert case.case_manager == cast.caseworker
    assert case.timeline.filter(verb="assigned").exists()


def test_a_caseworker_cannot_give_their_case_away(cast, client, case):
    client.force_login(cast.caseworker)
    assert "Change the case manager" not in client.get(case.get_absolute_url()).text
    assert client.post(assign_url(case), {"case_manager": cast.caseworker2.pk}).status_code == 403
    case.refresh_from_db()
    assert case.case_manager == cast.caseworker


def test_the_intake_officer_assigns_their_case_and_goes_on_to_the_next_intake(cast, client):
    case = make_case(cast.org, cast.intake_officer)
    client.force_login(cast.intake_officer)
    response = client.post(assign_url(case), {"case_manager": cast.caseworker2.pk})
    assert response.url == reverse("cases:new")
    case.refresh_from_db()
    assert case.case_manager == cast.caseworker2


def test_only_caseworkers_and_supervisors_can_manage_a_case(cast, client):
    case = make_case(cast.org, cast.intake_officer)
    client.force_login(cast.supervisor)
    response = client.post(assign_url(case), {"case_manager": cast.psychologist.pk}, follow=True)
    assert "Choose a caseworker or supervisor of this organisation." in response.text
    case.refresh_from_db()
    assert case.case_manager is None
