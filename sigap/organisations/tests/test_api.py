"""The organisation and membership API applies the same rules as the screens."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.core.models import OutboundEmail
from sigap.organisations.models import Membership, Organisation, OrganisationKind
from sigap.organisations.roles import Role
from sigap.organisations.tests.helpers import add_organisations, add_person, queries_for

pytestmark = pytest.mark.django_db

ORGS = reverse("api:organisation-list")
MEMBERSHIPS = reverse("api:membership-list")


def org_url(org: Organisation) -> str:
    return reverse("api:organisation-detail", args=[org.pk])


def membership_url(m: Membership, action: str = "") -> str:
    if action:
        return reverse(f"api:membership-{action}", args=[m.pk])
    return reverse("api:membership-detail", args=[m.pk])


def member_of(cast, user, org=None) -> Membership:
    return Membership.objects.get(user=user, organisation=org or cast.org)


# --- Organisations --------------------------------------------------------------------------


def test_any_signed_in_user_lists_organisations(cast, client):
    client.force_login(cast.learner)
    response = client.get(ORGS)
    assert response.status_code == 200
    assert {row["name"] for row in response.json()["results"]} == {cast.org.name, cast.other_org.name}


def test_anonymous_callers_are_refused(cast, client):
    assert client.get(ORGS).status_code in (401, 403)


def test_organisations_filter_by_name_province_and_kind(cast, client, regions):
    client.force_login(cast.caseworker)
    assert [r["name"] for r in client.get(ORGS, {"q": "mataram"}).json()["results"]] == [cast.other_org.name]
    assert [r["name"] for r in client.get(ORGS, {"province": "32"}).json()["results"]] == [cast.org.name]
    assert client.get(ORGS, {"kind": OrganisationKind.NGO}).json()["results"] == []


def test_organisation_list_query_count_does_not_grow(cast, client, regions, django_assert_num_queries):
    client.force_login(cast.caseworker)
    expected = queries_for(client, ORGS)
    add_organisations(20, regions["ntb"])
    with django_assert_num_queries(expected):
        assert len(client.get(ORGS).json()["results"]) == 22


def test_national_admin_creates_an_organisation(cast, client, regions):
    client.force_login(cast.national_admin)
    response = client.post(
        ORGS,
        {"name": "PPT RS Mataram", "kind": OrganisationKind.HOSPITAL, "province": "52", "regency": "52.71"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["time_zone"] == "Asia/Makassar" and body["regency"] == "52.71"
    org = Organisation.objects.get(pk=body["id"])
    assert AuditEvent.objects.filter(verb="organisations.create", organisation=org).exists()


def test_a_regency_of_another_province_is_refused_by_the_api(cast, client, regions):
    client.force_login(cast.national_admin)
    response = client.post(
        ORGS,
        {"name": "PPT RS Mataram", "kind": OrganisationKind.HOSPITAL, "province": "32", "regency": "52.71"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "regency" in response.json()["error"]["fields"]


@pytest.mark.parametrize("who", ["org_admin", "caseworker", "learner"])
def test_only_national_admins_write_organisations(cast, client, who):
    client.force_login(getattr(cast, who))
    created = client.post(ORGS, {"name": "X", "kind": "ngo", "province": "32"}, content_type="application/json")
    changed = client.patch(org_url(cast.org), {"phone": "1"}, content_type="application/json")
    assert created.status_code == 403 and changed.status_code == 403
    assert Organisation.objects.get(pk=cast.org.pk).phone == ""


def test_national_admin_updates_an_organisation(cast, client):
    client.force_login(cast.national_admin)
    response = client.patch(org_url(cast.org), {"phone": "022-1"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["phone"] == "022-1"
    assert AuditEvent.objects.get(verb="organisations.update").details["changes"] == {"phone": "022-1"}


def test_organisations_cannot_be_deleted_over_the_api(cast, client):
    client.force_login(cast.national_admin)
    assert client.delete(org_url(cast.org)).status_code == 405


# --- Memberships: reading -------------------------------------------------------------------


def test_caseworker_sees_only_their_own_membership(cast, client):
    client.force_login(cast.caseworker)
    rows = client.get(MEMBERSHIPS).json()["results"]
    assert [row["user"] for row in rows] == [str(cast.caseworker.pk)]


def test_org_admin_lists_their_organisations_memberships(cast, client):
    client.force_login(cast.org_admin)
    rows = client.get(MEMBERSHIPS).json()["results"]
    assert {row["organisation"] for row in rows} == {str(cast.org.pk)}
    assert len(rows) == Membership.objects.filter(organisation=cast.org).count()


def test_another_organisations_membership_is_404(cast, client):
    client.force_login(cast.org_admin)
    other = member_of(cast, cast.other_caseworker, cast.other_org)
    assert client.get(membership_url(other)).status_code == 404


def test_membership_list_query_count_does_not_grow(cast, client, django_assert_num_queries):
    client.force_login(cast.org_admin)
    expected = queries_for(client, MEMBERSHIPS)
    sup = member_of(cast, cast.supervisor)
    for i in range(15):
        m = add_person(cast.org, Role.CASEWORKER, f"api{i}@test.sigap.invalid")
        m.supervisor = sup
        m.save()
    with django_assert_num_queries(expected):
        client.get(MEMBERSHIPS)


# --- Memberships: writing -------------------------------------------------------------------


def test_org_admin_adds_a_member_by_email(cast, client, django_capture_on_commit_callbacks):
    client.force_login(cast.org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            MEMBERSHIPS,
            {
                "organisation": str(cast.org.pk),
                "email": "baru@example.org",
                "full_name": "Rahma Baru",
                "role": Role.PSYCHOLOGIST,
            },
            content_type="application/json",
        )
    assert response.status_code == 201, response.json()
    assert response.json()["user_email"] == "baru@example.org"
    assert OutboundEmail.objects.get().to == ["baru@example.org"]
    assert AuditEvent.objects.filter(verb="organisations.add_member", organisation=cast.org).exists()


def test_caseworker_gets_403_on_every_membership_write(cast, client):
    client.force_login(cast.caseworker)
    own = member_of(cast, cast.caseworker)
    body = {"organisation": str(cast.org.pk), "email": cast.learner.email, "role": Role.CASEWORKER}
    assert client.post(MEMBERSHIPS, body, content_type="application/json").status_code == 403
    assert client.patch(membership_url(own), {"role": "org_admin"}, content_type="application/json").status_code == 403
    assert client.post(membership_url(own, "deactivate")).status_code == 403
    assert Membership.objects.get(pk=own.pk).role == Role.CASEWORKER and own.is_active


def test_org_admin_cannot_add_members_to_another_organisation(cast, client):
    client.force_login(cast.org_admin)
    body = {"organisation": str(cast.other_org.pk), "email": cast.learner.email, "role": Role.CASEWORKER}
    assert client.post(MEMBERSHIPS, body, content_type="application/json").status_code == 403
    assert not cast.learner.memberships.exists()


def test_org_admin_cannot_change_another_organisations_membership(cast, client):
    client.force_login(cast.org_admin)
    other = member_of(cast, cast.other_caseworker, cast.other_org)
    assert (
        client.patch(membership_url(other), {"role": "supervisor"}, content_type="application/json").status_code == 404
    )
    assert client.post(membership_url(other, "deactivate")).status_code == 404
    assert Membership.objects.get(pk=other.pk).is_active


def test_org_admin_changes_role_and_supervisor_in_one_call(cast, client):
    client.force_login(cast.org_admin)
    m = member_of(cast, cast.caseworker2)
    sup = member_of(cast, cast.supervisor)
    response = client.patch(
        membership_url(m), {"role": Role.PSYCHOLOGIST, "supervisor": str(sup.pk)}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["role"] == Role.PSYCHOLOGIST and response.json()["supervisor"] == str(sup.pk)
    verbs = set(AuditEvent.objects.filter(organisation=cast.org).values_list("verb", flat=True))
    assert verbs == {"organisations.change_role", "organisations.set_supervisor"}


def test_a_refused_change_leaves_nothing_half_done(cast, client):
    client.force_login(cast.org_admin)
    m = member_of(cast, cast.caseworker2)
    not_a_supervisor = member_of(cast, cast.caseworker)
    response = client.patch(
        membership_url(m),
        {"role": Role.LEGAL_AID, "supervisor": str(not_a_supervisor.pk)},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "supervisor" in response.json()["error"]["fields"]
    assert Membership.objects.get(pk=m.pk).role == Role.CASEWORKER
    assert not AuditEvent.objects.filter(verb__startswith="organisations.").exists()


def test_a_supervisor_from_another_organisation_is_rejected(cast, client):
    other_sup = add_person(cast.other_org, Role.SUPERVISOR, "other.sup@test.sigap.invalid")
    client.force_login(cast.national_admin)
    m = member_of(cast, cast.caseworker2)
    response = client.patch(membership_url(m), {"supervisor": str(other_sup.pk)}, content_type="application/json")
    assert response.status_code == 400
    assert Membership.objects.get(pk=m.pk).supervisor is None


def test_org_admin_deactivates_and_reactivates_over_the_api(cast, client):
    client.force_login(cast.org_admin)
    m = member_of(cast, cast.caseworker)
    response = client.post(membership_url(m, "deactivate"))
    assert response.status_code == 200 and response.json()["is_active"] is False
    response = client.post(membership_url(m, "reactivate"))
    assert response.status_code == 200 and response.json()["is_active"] is True


def test_membership_writes_are_in_the_api_schema(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    paths = schema["paths"]
    assert "post" in paths["/api/v1/memberships/"]
    assert "patch" in paths["/api/v1/memberships/{id}/"]
    assert "post" in paths["/api/v1/memberships/{id}/deactivate/"]
    assert "post" in paths["/api/v1/organisations/"]
