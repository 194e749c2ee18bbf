"""National admins add and edit organisations on screen; nobody else can."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.organisations.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db

CREATE = reverse("organisations:create")


def form_data(regions: dict, **extra: str) -> dict:
    return {
        "name": "Rumah Aman Bandung",
        "short_name": "",
        "kind": OrganisationKind.SAFE_HOUSE,
        "province": regions["jabar"].code,
        "regency": regions["bandung"].code,
        "parent": "",
        "address": "",
        "phone": "",
        "whatsapp": "",
        "email": "",
        "website": "",
        **extra,
    }


def test_national_admin_adds_an_organisation(cast, client, regions):
    client.force_login(cast.national_admin)
    page = client.get(CREATE)
    assert page.status_code == 200 and "is_active" not in page.context["form"].fields

    response = client.post(CREATE, form_data(regions, parent=str(cast.org.pk)))

    org = Organisation.objects.get(name="Rumah Aman Bandung")
    assert response.status_code == 302 and response["Location"] == org.get_absolute_url()
    assert org.parent == cast.org and org.regency == regions["bandung"] and org.is_active
    assert AuditEvent.objects.filter(verb="organisations.create", organisation=org).exists()


@pytest.mark.parametrize("who", ["org_admin", "caseworker", "learner"])
def test_others_cannot_add_organisations(cast, client, regions, who):
    client.force_login(getattr(cast, who))
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, form_data(regions)).status_code == 403
    assert not Organisation.objects.filter(name="Rumah Aman Bandung").exists()


def test_a_regency_of_another_province_is_refused_on_the_form(cast, client, regions):
    client.force_login(cast.national_admin)
    response = client.post(CREATE, form_data(regions, province=regions["ntb"].code))

    assert response.status_code == 200
    assert response.context["form"].errors["regency"]
    assert not Organisation.objects.filter(name="Rumah Aman Bandung").exists()


def test_the_regency_list_shows_the_chosen_provinces_regencies(cast, client, regions):
    client.force_login(cast.national_admin)
    response = client.get(reverse("organisations:regency_options"), {"province": regions["ntb"].code})
    assert '<option value="52.71">Kota Mataram' in response.text and "32.73" not in response.text

    edit = client.get(reverse("organisations:edit", args=[cast.org.pk]))
    assert '<option value="32.73" selected>Kota Bandung' in edit.text and '"52.71"' not in edit.text


def test_without_javascript_the_form_can_list_a_provinces_regencies(cast, client, regions):
    client.force_login(cast.national_admin)
    response = client.post(CREATE, form_data(regions, province=regions["ntb"].code, _refresh_regions="1"))

    assert response.status_code == 200 and '<option value="52.71">Kota Mataram' in response.text
    assert not response.context["form"].is_bound
    assert not Organisation.objects.filter(name="Rumah Aman Bandung").exists()


def test_national_admin_edits_and_deactivates_an_organisation(cast, client, regions):
    client.force_login(cast.national_admin)
    url = reverse("organisations:edit", args=[cast.other_org.pk])
    data = form_data(
        regions,
        name=cast.other_org.name,
        kind=cast.other_org.kind,
        province=regions["ntb"].code,
        regency=regions["mataram"].code,
        phone="0370-000-000",
    )
    response = client.post(url, data)  # "is_active" unticked

    assert response.status_code == 302
    org = Organisation.objects.get(pk=cast.other_org.pk)
    assert org.phone == "0370-000-000" and not org.is_active
    event = AuditEvent.objects.get(verb="organisations.update")
    assert set(event.details["changes"]) == {"phone", "is_active"}


def test_org_admin_cannot_edit_their_organisation(cast, client):
    client.force_login(cast.org_admin)
    assert client.get(reverse("organisations:edit", args=[cast.org.pk])).status_code == 403
