"""The organisation directory and organisation page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sigap.organisations.models import Organisation, OrganisationKind
from sigap.organisations.tests.helpers import add_organisations, queries_for

pytestmark = pytest.mark.django_db

LIST = reverse("organisations:list")


def test_every_signed_in_user_sees_the_directory(cast, client):
    client.force_login(cast.learner)
    response = client.get(LIST)
    assert response.status_code == 200
    assert cast.org.name in response.text and cast.other_org.name in response.text
    assert reverse("organisations:create") not in response.text


def test_anonymous_visitor_is_sent_to_sign_in(cast, client):
    response = client.get(LIST)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_directory_filters_by_province(cast, client, regions):
    client.force_login(cast.caseworker)
    response = client.get(LIST, {"province": regions["ntb"].code})
    assert cast.other_org.name in response.text and cast.org.name not in response.text


def test_directory_filters_by_kind_and_name(cast, client, regions):
    Organisation.objects.create(name="LBH Sejahtera", kind=OrganisationKind.LEGAL_AID, province=regions["jabar"])
    client.force_login(cast.caseworker)

    by_kind = client.get(LIST, {"kind": OrganisationKind.LEGAL_AID})
    assert "LBH Sejahtera" in by_kind.text and cast.org.name not in by_kind.text

    by_name = client.get(LIST, {"q": "mataram"})
    assert cast.other_org.name in by_name.text and "LBH Sejahtera" not in by_name.text


def test_directory_pages_keep_the_filters(cast, client, regions):
    add_organisations(30, regions["jabar"], prefix="Yayasan")
    client.force_login(cast.caseworker)
    response = client.get(LIST, {"q": "yayasan"})
    assert len(response.context["page"].object_list) == 25
    assert "?q=yayasan&amp;page=2" in response.text

    second = client.get(LIST, {"q": "yayasan", "page": 2})
    assert len(second.context["page"].object_list) == 5


def test_inactive_organisations_are_hidden_except_from_national_admins(cast, client):
    Organisation.objects.filter(pk=cast.other_org.pk).update(is_active=False)
    client.force_login(cast.org_admin)
    assert cast.other_org.name not in client.get(LIST).text
    assert client.get(cast.other_org.get_absolute_url()).status_code == 404

    client.force_login(cast.national_admin)
    assert cast.other_org.name in client.get(LIST).text


def test_directory_query_count_does_not_grow_with_rows(cast, client, regions, django_assert_num_queries):
    client.force_login(cast.caseworker)
    add_organisations(2, regions["jabar"])
    expected = queries_for(client, LIST)
    for org in add_organisations(15, regions["ntb"], prefix="More"):
        org.parent = cast.org
        org.regency = regions["mataram"]
        org.save()
    with django_assert_num_queries(expected):
        client.get(LIST)


def test_organisation_page_shows_contacts_parent_and_units(cast, client):
    Organisation.objects.filter(pk=cast.other_org.pk).update(parent=cast.org)
    Organisation.objects.filter(pk=cast.org.pk).update(phone="022-123-456")
    client.force_login(cast.caseworker)

    response = client.get(cast.org.get_absolute_url())
    assert response.status_code == 200
    assert "022-123-456" in response.text and cast.other_org.name in response.text
    assert "WIB" in response.text
    assert reverse("organisations:members", args=[cast.org.pk]) not in response.text


def test_organisation_page_links_admins_to_the_members_page(cast, client):
    client.force_login(cast.org_admin)
    response = client.get(cast.org.get_absolute_url())
    assert reverse("organisations:members", args=[cast.org.pk]) in response.text
    assert reverse("organisations:edit", args=[cast.org.pk]) not in response.text


def test_unknown_organisation_is_404(cast, client):
    client.force_login(cast.caseworker)
    response = client.get(reverse("organisations:detail", args=["00000000-0000-0000-0000-000000000000"]))
    assert response.status_code == 404


def test_national_admin_is_offered_to_add_and_edit_organisations(cast, client):
    client.force_login(cast.national_admin)
    assert reverse("organisations:create") in client.get(LIST).text
    assert reverse("organisations:edit", args=[cast.org.pk]) in client.get(cast.org.get_absolute_url()).text
