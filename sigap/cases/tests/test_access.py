"""Who sees which case: need-to-know inside the owner organisation, nothing outside it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sigap.cases import actions
from sigap.cases.access import can_approve, can_edit_case, get_case_for_user, visible_cases
from sigap.cases.models import Case, CaseTeamMember
from sigap.cases.tests.factories import make_case

pytestmark = pytest.mark.django_db


@dataclass
class Cases:
    own: Case  # managed by cast.caseworker, whom cast.supervisor supervises
    colleague: Case  # managed by cast.caseworker2, whom nobody supervises
    unassigned: Case  # registered by cast.intake_officer, no case manager yet
    other_org: Case


@pytest.fixture
def cases(cast) -> Cases:
    return Cases(
        own=make_case(cast.org, cast.caseworker),
        colleague=make_case(cast.org, cast.caseworker2),
        unassigned=make_case(cast.org, cast.intake_officer),
        other_org=make_case(cast.other_org, cast.other_caseworker),
    )


def seen_by(user) -> set[str]:
    return set(visible_cases(user).values_list("number", flat=True))


def numbers(*cases: Case) -> set[str]:
    return {case.number for case in cases}


def test_caseworker_sees_only_the_cases_they_manage(cast, cases):
    assert seen_by(cast.caseworker) == numbers(cases.own)


def test_caseworker_also_sees_cases_whose_team_they_are_on(cast, cases):
    actions.add_team_member(cases.colleague, actor=cast.caseworker2, user=cast.caseworker, access="read")
    assert seen_by(cast.caseworker) == numbers(cases.own, cases.colleague)


def test_supervisor_sees_supervised_workers_cases_and_unassigned_ones(cast, cases):
    assert seen_by(cast.supervisor) == numbers(cases.own, cases.unassigned)


def test_intake_officer_sees_the_cases_they_registered_until_assigned(cast, cases):
    assert seen_by(cast.intake_officer) == numbers(cases.unassigned)
    actions.assign_case(cases.unassigned, actor=cast.supervisor, case_manager=cast.caseworker)
    assert seen_by(cast.intake_officer) == set()


def test_psychologist_sees_a_case_only_while_on_its_team(cast, cases):
    assert seen_by(cast.psychologist) == set()
    actions.add_team_member(cases.own, actor=cast.caseworker, user=cast.psychologist, access="read")
    assert seen_by(cast.psychologist) == numbers(cases.own)
    actions.remove_team_member(cases.own, actor=cast.caseworker, user=cast.psychologist)
    assert seen_by(cast.psychologist) == set()


@pytest.mark.parametrize("who", ["org_admin", "data_officer", "national_admin", "dpo", "trainer", "learner"])
def test_roles_without_casework_see_no_case(cast, cases, who):
    assert seen_by(getattr(cast, who)) == set()


def test_caseworker_of_another_organisation_sees_only_their_own(cast, cases):
    assert seen_by(cast.other_caseworker) == numbers(cases.other_org)
    assert seen_by(cast.other_org_admin) == set()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("caseworker", 200),
        ("supervisor", 200),
        ("caseworker2", 404),
        ("psychologist", 404),
        ("intake_officer", 404),
        ("org_admin", 403),  # offered break-glass instead (sigap/cases/tests/test_break_glass.py)
        ("data_officer", 404),
        ("national_admin", 404),
        ("other_caseworker", 404),
        ("other_org_admin", 404),
    ],
)
def test_case_page_follows_the_same_rules(cast, cases, client, who, status):
    client.force_login(getattr(cast, who))
    assert client.get(cases.own.get_absolute_url()).status_code == status


def test_caseworker_of_another_organisation_gets_404_even_with_the_exact_address(cast, cases, client):
    client.force_login(cast.caseworker)
    assert client.get(cases.other_org.get_absolute_url()).status_code == 404


def test_read_access_on_the_team_does_not_allow_changes(cast, cases):
    actions.add_team_member(cases.own, actor=cast.caseworker, user=cast.legal_aid, access=CaseTeamMember.Access.READ)
    assert get_case_for_user(cast.legal_aid, cases.own.pk) == cases.own
    assert not can_edit_case(cast.legal_aid, cases.own)
    actions.add_team_member(cases.own, actor=cast.caseworker, user=cast.legal_aid, access=CaseTeamMember.Access.EDIT)
    assert can_edit_case(cast.legal_aid, cases.own)


def test_only_the_supervisor_of_the_case_manager_approves(cast, cases):
    assert can_approve(cast.supervisor, cases.own)
    assert not can_approve(cast.supervisor, cases.colleague)
    assert not can_approve(cast.caseworker, cases.own)


def test_a_malformed_case_id_is_not_found_rather_than_an_error(cast):
    from django.http import Http404

    from sigap.cases.access import get_case_for_user

    for bad in ["not-a-uuid", "123", ""]:
        with pytest.raises(Http404):
            get_case_for_user(cast.caseworker, bad)


def test_the_list_variant_shows_exactly_the_visible_cases_for_every_role(cast):
    from sigap.cases.access import listable_cases, visible_cases
    from sigap.cases.tests.factories import make_case

    make_case(cast.org, cast.caseworker)
    make_case(cast.org, cast.caseworker2)
    make_case(cast.org, cast.intake_officer, case_manager=None)
    make_case(cast.other_org, cast.other_caseworker)
    for user in [
        cast.caseworker,
        cast.caseworker2,
        cast.supervisor,
        cast.intake_officer,
        cast.psychologist,
        cast.org_admin,
        cast.data_officer,
        cast.other_caseworker,
        cast.learner,
    ]:
        assert set(listable_cases(user)) == set(visible_cases(user)), user


def test_an_anonymous_user_sees_no_case_in_any_list(cast):
    from django.contrib.auth.models import AnonymousUser

    from sigap.cases.access import listable_cases, visible_cases

    make_case(cast.org, cast.caseworker)
    assert not visible_cases(AnonymousUser()).exists()
    assert not listable_cases(AnonymousUser()).exists()
