"""The team figure: shown to supervisors and organisation admins only with at least 5 contributing
workers, never broken down further."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import make_user
from sigap.organisations.roles import Role
from sigap.wellbeing.team import team_figure
from sigap.wellbeing.tests.factories import a_checkin

pytestmark = pytest.mark.django_db


def workers(cast, count):
    return [
        make_user(f"wb{n}@test.sigap.invalid", f"Wellbeing Worker {n}", cast.org, Role.CASEWORKER) for n in range(count)
    ]


def test_with_four_workers_the_figure_is_hidden_and_the_page_says_so(client, cast):
    for worker in workers(cast, 4):
        a_checkin(worker, who5_value=3, in_team_figure=True)
        a_checkin(worker, who5_value=4, in_team_figure=True)  # many check-ins of one still count once
    assert not team_figure(cast.org).shown
    client.force_login(cast.supervisor)
    body = client.get(reverse("wellbeing:team")).content.decode()
    assert "Hidden: fewer than 5 workers took part this quarter." in body


def test_with_five_workers_the_average_is_shown_and_nothing_more(client, cast):
    people = workers(cast, 5)
    for worker, value in zip(people, [1, 2, 3, 4, 5], strict=True):
        a_checkin(worker, who5_value=value, in_team_figure=True)
    a_checkin(people[0], who5_value=5, in_team_figure=True)  # her own mean: (20 + 100) / 2 = 60
    figure = team_figure(cast.org)
    assert figure.shown and figure.average == round((60 + 40 + 60 + 80 + 100) / 5)
    client.force_login(cast.org_admin)
    body = client.get(reverse("wellbeing:team")).content.decode()
    assert f">{figure.average}<" in body
    for worker in people:
        assert worker.full_name not in body


def test_workers_who_did_not_opt_in_are_not_counted(cast):
    people = workers(cast, 5)
    for worker in people[:4]:
        a_checkin(worker, in_team_figure=True)
    a_checkin(people[4], in_team_figure=False)
    assert not team_figure(cast.org).shown


def test_another_organisation_s_check_ins_do_not_count(cast):
    for n in range(5):
        worker = make_user(f"wbo{n}@test.sigap.invalid", f"Other {n}", cast.other_org, Role.CASEWORKER)
        a_checkin(worker, in_team_figure=True)
    assert not team_figure(cast.org).shown and team_figure(cast.other_org).shown


@pytest.mark.parametrize("role", ["caseworker", "dpo", "psychologist"])
def test_roles_without_a_team_get_404_for_the_team_figure(client, cast, role):
    client.force_login(getattr(cast, role))
    assert client.get(reverse("wellbeing:team")).status_code == 404
