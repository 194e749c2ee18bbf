"""``can(user, verb, case)``: the one object check, by named verb, agrees with the queryset filter."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from sigap.cases import actions
from sigap.cases.access import CASE_VERBS, can, get_case_for_user, visible_cases
from sigap.cases.tests.factories import make_case

pytestmark = pytest.mark.django_db

ROLES = [
    "caseworker",
    "caseworker2",
    "supervisor",
    "psychologist",
    "legal_aid",
    "intake_officer",
    "org_admin",
    "data_officer",
    "trainer",
    "dpo",
    "national_admin",
    "learner",
    "other_caseworker",
    "other_org_admin",
]


@pytest.fixture
def cases(cast):
    own = make_case(cast.org, cast.caseworker)
    actions.add_team_member(own, actor=cast.caseworker, user=cast.psychologist, access="read")
    actions.add_team_member(own, actor=cast.caseworker, user=cast.legal_aid, access="edit")
    return [own, make_case(cast.org, cast.caseworker2), make_case(cast.org, cast.intake_officer)]


def test_view_agrees_with_visible_cases_for_every_role_and_case(cast, cases):
    for role in ROLES:
        user = getattr(cast, role)
        visible = set(visible_cases(user).values_list("pk", flat=True))
        for case in cases:
            assert can(user, "view", case) == (case.pk in visible), (role, case.number)


def test_every_verb_but_metadata_implies_seeing_the_case(cast, cases):
    for role in ROLES:
        user = getattr(cast, role)
        for case in cases:
            for verb in CASE_VERBS:
                if verb != "view_metadata" and can(user, verb, case):
                    assert can(user, "view", case), (role, verb, case.number)


def test_supervisor_approves_and_manages_the_team_of_a_supervised_workers_case(cast, cases):
    own = cases[0]
    for verb in ("approve", "edit", "manage_team", "assign", "reopen", "read_restricted_notes", "print"):
        assert can(cast.supervisor, verb, own), verb


def test_caseworker_edits_their_case_but_does_not_approve_it(cast, cases):
    own = cases[0]
    assert can(cast.caseworker, "edit", own)
    assert can(cast.caseworker, "manage_team", own)
    assert not can(cast.caseworker, "approve", own)
    assert not can(cast.caseworker, "read_restricted_notes", own)


def test_psychologist_on_the_team_reads_restricted_notes_but_does_not_edit(cast, cases):
    own, colleague, _unassigned = cases
    assert can(cast.psychologist, "read_restricted_notes", own)
    assert not can(cast.psychologist, "edit", own)
    assert not can(cast.psychologist, "read_restricted_notes", colleague)


def test_org_admin_sees_only_the_metadata_of_their_organisations_cases(cast, cases):
    for case in cases:
        assert can(cast.org_admin, "view_metadata", case)
        assert not can(cast.org_admin, "view", case)
    assert not can(cast.other_org_admin, "view_metadata", cases[0])
    assert not can(cast.caseworker, "view_metadata", cases[0])


def test_an_unknown_verb_is_a_programming_error(cast, cases):
    with pytest.raises(ValueError, match="unknown access verb"):
        can(cast.supervisor, "delete_everything", cases[0])


def test_get_case_for_user_checks_the_named_verb(cast, cases):
    own = cases[0]
    assert get_case_for_user(cast.supervisor, own.pk, need="manage_team") == own
    with pytest.raises(PermissionDenied):
        get_case_for_user(cast.psychologist, own.pk, need="edit")
    with pytest.raises(PermissionDenied):
        get_case_for_user(cast.caseworker, own.pk, need="approve")
    with pytest.raises(Http404):
        get_case_for_user(cast.other_caseworker, own.pk, need="view")
