"""The members page of an organisation: who may open it and what its forms do."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.core.models import OutboundEmail
from sigap.organisations.models import Membership
from sigap.organisations.roles import Role
from sigap.organisations.tests.helpers import add_person, queries_for

pytestmark = pytest.mark.django_db


def members_url(org) -> str:
    return reverse("organisations:members", args=[org.pk])


def member_of(cast, user) -> Membership:
    return Membership.objects.get(user=user, organisation=cast.org)


# --- Access matrix --------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["org_admin", "national_admin"])
def test_admins_open_the_members_page(cast, client, who):
    client.force_login(getattr(cast, who))
    response = client.get(members_url(cast.org))
    assert response.status_code == 200
    assert cast.caseworker.full_name in response.text


@pytest.mark.parametrize("who", ["caseworker", "supervisor", "data_officer", "learner", "other_org_admin"])
def test_others_cannot_open_the_members_page(cast, client, who):
    client.force_login(getattr(cast, who))
    assert client.get(members_url(cast.org)).status_code == 403


def test_org_admin_of_another_organisation_gets_404_for_a_member(cast, client):
    m = member_of(cast, cast.caseworker)
    client.force_login(cast.other_org_admin)
    assert client.get(reverse("organisations:member", args=[m.pk])).status_code == 404
    response = client.post(reverse("organisations:member_deactivate", args=[m.pk]))
    assert response.status_code == 404
    assert Membership.objects.get(pk=m.pk).is_active


def test_caseworker_cannot_manage_their_own_membership(cast, client):
    m = member_of(cast, cast.caseworker)
    client.force_login(cast.caseworker)
    assert client.get(reverse("organisations:member", args=[m.pk])).status_code == 403
    assert client.post(reverse("organisations:member_role", args=[m.pk]), {"role": "org_admin"}).status_code == 403
    assert Membership.objects.get(pk=m.pk).role == Role.CASEWORKER


def test_caseworker_gets_404_for_a_colleagues_membership(cast, client):
    client.force_login(cast.caseworker)
    m = member_of(cast, cast.caseworker2)
    assert client.get(reverse("organisations:member", args=[m.pk])).status_code == 404


# --- The page -------------------------------------------------------------------------------


def test_members_page_shows_each_supervisor_with_their_team(cast, client):
    add_person(cast.org, Role.CASEWORKER, "unsup@test.sigap.invalid", "Tanpa Supervisor")
    client.force_login(cast.org_admin)
    response = client.get(members_url(cast.org))

    teams = response.context["teams"]
    assert [(s.user, [w.user for w in workers]) for s, workers in teams] == [(cast.supervisor, [cast.caseworker])]
    unsupervised = {m.user.full_name for m in response.context["unsupervised"]}
    assert unsupervised == {cast.caseworker2.full_name, "Tanpa Supervisor"}


def test_members_page_query_count_does_not_grow_with_members(cast, client, django_assert_num_queries):
    client.force_login(cast.org_admin)
    url = members_url(cast.org)
    expected = queries_for(client, url)
    sup = member_of(cast, cast.supervisor)
    for i in range(12):
        m = add_person(cast.org, Role.CASEWORKER, f"extra{i}@test.sigap.invalid", f"Extra {i}")
        m.supervisor = sup
        m.save()
    add_person(cast.org, Role.SUPERVISOR, "sup2@test.sigap.invalid")
    with django_assert_num_queries(expected):
        client.get(url)


def test_members_menu_leads_an_org_admin_to_their_members_page(cast, client):
    client.force_login(cast.org_admin)
    home = client.get(reverse("core:home"))
    assert reverse("organisations:my_members") in home.text
    response = client.get(reverse("organisations:my_members"))
    assert response.status_code == 302 and response["Location"] == members_url(cast.org)


def test_members_menu_is_not_shown_to_a_caseworker(cast, client):
    client.force_login(cast.caseworker)
    assert reverse("organisations:my_members") not in client.get(reverse("core:home")).text
    assert client.get(reverse("organisations:my_members")).status_code == 403


# --- Forms ----------------------------------------------------------------------------------


def test_org_admin_adds_a_new_person_who_gets_a_welcome_email(cast, client):
    client.force_login(cast.org_admin)
    response = client.post(
        members_url(cast.org),
        {
            "email": "relawan@example.org",
            "full_name": "Sari Relawan",
            "role": Role.CASEWORKER,
            "supervisor": str(member_of(cast, cast.supervisor).pk),
        },
    )

    assert response.status_code == 302
    m = Membership.objects.get(user__email="relawan@example.org")
    assert m.organisation == cast.org and m.supervisor.user == cast.supervisor
    assert OutboundEmail.objects.get().to == ["relawan@example.org"]
    assert "http://testserver/accounts/password/reset/" in OutboundEmail.objects.get().body


def test_the_add_form_shows_the_verbs_refusal(cast, client):
    client.force_login(cast.org_admin)
    response = client.post(members_url(cast.org), {"email": "nobody@example.org", "role": Role.CASEWORKER})
    assert response.status_code == 400
    assert response.context["form"].errors["full_name"]


def test_org_admin_is_not_offered_the_national_admin_role(cast, client):
    client.force_login(cast.org_admin)
    response = client.get(members_url(cast.org))
    assert 'value="national_admin"' not in response.text
    refused = client.post(members_url(cast.org), {"email": cast.learner.email, "role": Role.NATIONAL_ADMIN})
    assert refused.status_code == 400
    assert not cast.learner.memberships.exists()


def test_org_admin_changes_a_role(cast, client):
    client.force_login(cast.org_admin)
    m = member_of(cast, cast.caseworker2)
    response = client.post(reverse("organisations:member_role", args=[m.pk]), {"role": Role.SUPERVISOR})
    assert response.status_code == 302
    assert Membership.objects.get(pk=m.pk).role == Role.SUPERVISOR


def test_a_refused_role_change_shows_why(cast, client):
    client.force_login(cast.org_admin)
    m = member_of(cast, cast.supervisor)
    response = client.post(reverse("organisations:member_role", args=[m.pk]), {"role": Role.CASEWORKER}, follow=True)
    assert [message.level_tag for message in response.context["messages"]] == ["error"]
    assert Membership.objects.get(pk=m.pk).role == Role.SUPERVISOR


def test_org_admin_chooses_a_supervisor(cast, client):
    client.force_login(cast.org_admin)
    m = member_of(cast, cast.caseworker2)
    sup = member_of(cast, cast.supervisor)
    page = client.get(reverse("organisations:member", args=[m.pk]))
    assert f'value="{sup.pk}"' in page.text

    client.post(reverse("organisations:member_supervisor", args=[m.pk]), {"supervisor": str(sup.pk)})
    assert Membership.objects.get(pk=m.pk).supervisor == sup


def test_a_supervisor_of_another_organisation_cannot_be_chosen(cast, client):
    other_sup = add_person(cast.other_org, Role.SUPERVISOR, "other.sup@test.sigap.invalid")
    client.force_login(cast.org_admin)
    m = member_of(cast, cast.caseworker2)
    client.post(reverse("organisations:member_supervisor", args=[m.pk]), {"supervisor": str(other_sup.pk)})
    assert Membership.objects.get(pk=m.pk).supervisor is None


def test_org_admin_ends_and_restores_a_membership(cast, client):
    client.force_login(cast.org_admin)
    m = member_of(cast, cast.caseworker)
    client.post(reverse("organisations:member_deactivate", args=[m.pk]))
    assert not Membership.objects.get(pk=m.pk).is_active
    client.post(reverse("organisations:member_reactivate", args=[m.pk]))
    assert Membership.objects.get(pk=m.pk).is_active
    verbs = list(AuditEvent.objects.filter(organisation=cast.org).order_by("id").values_list("verb", flat=True))
    assert verbs == ["organisations.deactivate_member", "organisations.reactivate_member"]


def test_member_actions_only_accept_post(cast, client):
    client.force_login(cast.org_admin)
    m = member_of(cast, cast.caseworker)
    assert client.get(reverse("organisations:member_deactivate", args=[m.pk])).status_code == 405
