"""The referral form's service list: narrowed to the case's region by default, widened by the filters
(a plain GET, so it works without JavaScript), with a fixed number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sigap.directory.tests.factories import make_service
from sigap.organisations.models import Organisation, OrganisationKind
from sigap.referrals.models import Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def far_away(regions):
    """A legal aid service serving NTB only (Kota Mataram)."""
    org = Organisation.objects.create(
        name="LBH Jauh (test)", kind=OrganisationKind.LEGAL_AID, province=regions["ntb"], regency=regions["mataram"]
    )
    return make_service(org, "Bantuan Hukum Jauh (sintetis)", service_types=["bantuan_hukum"])


@pytest.fixture
def province_wide(regions):
    """A shelter in another regency of Jawa Barat whose area is the whole province."""
    org = Organisation.objects.create(
        name="Rumah Aman Provinsi (test)", kind=OrganisationKind.SAFE_HOUSE, province=regions["jabar"]
    )
    return make_service(
        org, "Rumah Aman (sintetis)", service_types=["penampungan_sementara"], area_provinces=[regions["jabar"]]
    )


def url(case) -> str:
    return reverse("referrals:new", args=[case.pk])


def names(response) -> str:
    return response.content.decode()


def test_the_list_starts_with_the_services_of_the_case_region(cast, case, hospital, far_away, province_wide, client):
    client.force_login(cast.caseworker)
    page = names(client.get(url(case)))
    assert "Visum dan Layanan Kesehatan (sintetis)" in page  # no area recorded: serves its own regency
    assert "Rumah Aman (sintetis)" in page  # serves the whole province
    assert "Bantuan Hukum Jauh (sintetis)" not in page
    assert 'name="filter-regency" value="32.73"' in page


def test_choosing_any_province_widens_the_list(cast, case, hospital, far_away, client):
    client.force_login(cast.caseworker)
    page = names(client.get(url(case), {"filter-type": "", "filter-province": "", "filter-regency": ""}))
    assert "Bantuan Hukum Jauh (sintetis)" in page
    assert "Visum dan Layanan Kesehatan (sintetis)" in page


def test_the_type_filter_narrows_and_becomes_the_service_needed(cast, case, hospital, far_away, client):
    client.force_login(cast.caseworker)
    page = names(client.get(url(case), {"filter-type": "bantuan_hukum", "filter-province": "52", "filter-regency": ""}))
    assert "Bantuan Hukum Jauh (sintetis)" in page
    assert "Visum dan Layanan Kesehatan (sintetis)" not in page
    assert '<option value="bantuan_hukum" selected>' in page


def test_a_regency_outside_the_chosen_province_is_ignored(cast, case, hospital, far_away, client):
    client.force_login(cast.caseworker)
    page = names(client.get(url(case), {"filter-type": "", "filter-province": "52", "filter-regency": "32.73"}))
    assert "Bantuan Hukum Jauh (sintetis)" in page
    assert "Visum dan Layanan Kesehatan (sintetis)" not in page


def test_a_posted_form_keeps_its_filters_and_sends(cast, case, hospital, client):
    client.force_login(cast.caseworker)
    data = {
        "service": hospital.service.pk,
        "service_type": "kesehatan",
        "sections": ["identity"],
        "urgency": "routine",
        "reason": "Perlu pemeriksaan (sintetis).",
        "filter-type": "kesehatan",
        "filter-province": "32",
        "filter-regency": "32.73",
    }
    response = client.post(url(case), data)
    assert response.status_code == 302
    assert Referral.objects.get().service == hospital.service


def test_a_service_outside_the_posted_filters_is_refused(cast, case, hospital, far_away, client):
    client.force_login(cast.caseworker)
    data = {
        "service": far_away.pk,
        "service_type": "bantuan_hukum",
        "sections": ["identity"],
        "urgency": "routine",
        "reason": "Perlu bantuan hukum (sintetis).",
        "filter-type": "",
        "filter-province": "32",
        "filter-regency": "32.73",
    }
    response = client.post(url(case), data)
    assert response.status_code in {200, 400}
    assert not Referral.objects.exists()


def test_the_form_has_a_fixed_number_of_queries(cast, case, hospital, regions, client, django_assert_num_queries):
    client.force_login(cast.caseworker)
    client.get(url(case))
    for n in range(4):
        org = Organisation.objects.create(
            name=f"Puskesmas {n} (test)",
            kind=OrganisationKind.PUSKESMAS,
            province=regions["jabar"],
            regency=regions["bandung"],
        )
        make_service(org, f"Layanan {n} (sintetis)", service_types=["kesehatan"], area_regencies=[regions["bandung"]])
    with django_assert_num_queries(9):
        page = names(client.get(url(case)))
    assert page.count("Layanan 3 (sintetis)") == 1
