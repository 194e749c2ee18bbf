"""The service directory: verbs, access, filters, screens and the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.directory import actions
from sigap.directory.models import Service
from sigap.directory.tests.factories import make_service
from sigap.organisations.tests.helpers import queries_for

pytestmark = pytest.mark.django_db

API = reverse("api:service-list")


def names(qs) -> set[str]:
    return {s.name for s in qs}


# --- Verbs ---------------------------------------------------------------------------------


def test_an_org_admin_creates_a_service_and_an_audit_event_is_written(cast, regions):
    service = actions.create_service(
        cast.org,
        actor=cast.org_admin,
        values={"name": "Layanan Baru", "service_types": ["kesehatan"], "area_regencies": [regions["bandung"]]},
    )
    assert service.organisation == cast.org
    assert list(service.area_regencies.all()) == [regions["bandung"]]
    assert AuditEvent.objects.filter(verb="directory.service_create", object_id=str(service.pk)).exists()


def test_an_admin_of_another_organisation_cannot_create_change_or_deactivate(cast, services):
    with pytest.raises(PermissionDenied):
        actions.create_service(cast.org, actor=cast.other_org_admin, values={"name": "X"})
    with pytest.raises(PermissionDenied):
        actions.update_service(services["counselling"], actor=cast.other_org_admin, values={"name": "X"})
    with pytest.raises(PermissionDenied):
        actions.deactivate_service(services["counselling"], actor=cast.caseworker)


def test_an_update_records_what_changed_and_an_unchanged_one_writes_nothing(cast, services, regions):
    service = services["counselling"]
    actions.update_service(
        service, actor=cast.org_admin, values={"name": service.name, "area_regencies": [regions["bandung"]]}
    )
    assert not AuditEvent.objects.filter(verb="directory.service_update").exists()
    actions.update_service(service, actor=cast.org_admin, values={"opening_hours": "Senin–Jumat 08.00–16.00"})
    event = AuditEvent.objects.get(verb="directory.service_update")
    assert event.details["changes"] == {"opening_hours": "Senin–Jumat 08.00–16.00"}


def test_deactivating_takes_the_service_out_of_the_directory_once(cast, services):
    actions.deactivate_service(services["counselling"], actor=cast.org_admin)
    actions.deactivate_service(services["counselling"], actor=cast.org_admin)
    assert not Service.objects.get(pk=services["counselling"].pk).is_active
    assert AuditEvent.objects.filter(verb="directory.service_deactivate").count() == 1


def test_a_deactivated_service_can_be_put_back_by_its_admins_only(cast, services):
    service = services["counselling"]
    actions.deactivate_service(service, actor=cast.org_admin)
    with pytest.raises(PermissionDenied):
        actions.reactivate_service(service, actor=cast.other_org_admin)
    actions.reactivate_service(service, actor=cast.org_admin)
    actions.reactivate_service(service, actor=cast.org_admin)
    assert Service.objects.get(pk=service.pk).is_active
    assert AuditEvent.objects.filter(verb="directory.service_reactivate").count() == 1


def test_an_age_range_upside_down_or_an_unknown_service_type_is_refused(cast):
    with pytest.raises(ValidationError) as error:
        actions.create_service(cast.org, actor=cast.org_admin, values={"name": "X", "min_age": 18, "max_age": 5})
    assert "max_age" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        actions.create_service(cast.org, actor=cast.org_admin, values={"name": "Y", "service_types": ["magic"]})
    assert "service_types" in error.value.message_dict


# --- Filters -------------------------------------------------------------------------------


def test_a_regency_finds_services_of_the_regency_and_of_its_whole_province(services):
    assert names(Service.objects.matching(regency="32.73")) == {
        "Konseling Anak (sintetis)",
        "Bantuan Hukum Perempuan (sintetis)",
    }
    assert names(Service.objects.matching(regency="52.71")) == {"Rumah Aman Mataram (sintetis)"}


def test_a_province_finds_services_of_its_regencies_too(services):
    assert names(Service.objects.matching(province="32")) == {
        "Konseling Anak (sintetis)",
        "Bantuan Hukum Perempuan (sintetis)",
    }
    assert names(Service.objects.matching(province="91")) == set()


def test_service_type_age_sex_client_type_and_referrals_narrow_the_list(services):
    assert names(Service.objects.matching(service_type="pendampingan")) == {"Konseling Anak (sintetis)"}
    assert names(Service.objects.matching(age=10)) == {"Konseling Anak (sintetis)", "Rumah Aman Mataram (sintetis)"}
    assert names(Service.objects.matching(age=30, sex="female")) == {
        "Bantuan Hukum Perempuan (sintetis)",
        "Rumah Aman Mataram (sintetis)",
    }
    assert names(Service.objects.matching(sex="male", client_type="child")) == {
        "Konseling Anak (sintetis)",
        "Rumah Aman Mataram (sintetis)",
    }
    assert "Rumah Aman Mataram (sintetis)" not in names(Service.objects.matching(accepting_referrals=True))


# --- Screens -------------------------------------------------------------------------------


def test_any_signed_in_user_searches_the_directory(cast, client, services):
    client.force_login(cast.learner)
    response = client.get(reverse("directory:list"), {"province": "32", "service_type": "bantuan_hukum"})
    assert response.status_code == 200
    assert b"Bantuan Hukum Perempuan" in response.content
    assert b"Konseling Anak" not in response.content


def test_the_directory_search_query_count_does_not_grow_with_services(
    cast, client, services, regions, django_assert_num_queries
):
    client.force_login(cast.caseworker)
    url = reverse("directory:list")
    expected = queries_for(client, url)
    for i in range(15):
        make_service(cast.other_org, f"Layanan tambahan {i}", area_regencies=[regions["mataram"]])
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_an_org_admin_sees_how_to_add_a_service_of_their_organisation_only(cast, client, services):
    create = reverse("directory:create", args=[cast.org.pk]).encode()
    client.force_login(cast.org_admin)
    assert create in client.get(reverse("directory:list")).content
    client.force_login(cast.other_org_admin)
    assert create not in client.get(reverse("directory:list")).content


def test_a_service_page_shows_its_details_and_only_its_admins_see_edit(cast, client, services):
    url = services["legal"].get_absolute_url()
    client.force_login(cast.caseworker)
    response = client.get(url)
    assert b"Biaya sesuai kemampuan" in response.content
    assert reverse("directory:edit", args=[services["legal"].pk]).encode() not in response.content
    client.force_login(cast.org_admin)
    assert reverse("directory:edit", args=[services["legal"].pk]).encode() in client.get(url).content


def test_an_org_admin_adds_and_edits_a_service_on_screen(cast, client, regions):
    client.force_login(cast.org_admin)
    response = client.post(
        reverse("directory:create", args=[cast.org.pk]),
        {
            "name": "Pemeriksaan Kesehatan (sintetis)",
            "service_types": ["kesehatan"],
            "languages": ["id", "su"],
            "is_free": "on",
            "accepting_referrals": "on",
            "area_regencies": ["32.73"],
        },
    )
    service = Service.objects.get(name="Pemeriksaan Kesehatan (sintetis)")
    assert response.status_code == 302
    assert service.languages == ["id", "su"]
    edit = reverse("directory:edit", args=[service.pk])
    assert client.get(edit).status_code == 200
    client.post(edit, {"name": service.name, "service_types": ["kesehatan"], "min_age": "20", "max_age": "10"})
    service.refresh_from_db()
    assert service.max_age is None  # refused: shown as an error on the form


def test_another_organisations_admin_and_a_learner_cannot_edit_on_screen(cast, client, services):
    edit = reverse("directory:edit", args=[services["counselling"].pk])
    for user in (cast.other_org_admin, cast.learner, cast.caseworker):
        client.force_login(user)
        assert client.get(edit).status_code == 403
        assert client.post(reverse("directory:deactivate", args=[services["counselling"].pk])).status_code == 403
        assert client.post(reverse("directory:reactivate", args=[services["counselling"].pk])).status_code == 403
        assert client.get(reverse("directory:create", args=[cast.org.pk])).status_code == 403


def test_a_deactivated_service_is_hidden_except_from_its_admins(cast, client, services):
    actions.deactivate_service(services["counselling"], actor=cast.org_admin)
    url = services["counselling"].get_absolute_url()
    client.force_login(cast.caseworker)
    assert client.get(url).status_code == 404
    client.force_login(cast.org_admin)
    assert client.get(url).status_code == 200


# --- Public directory ------------------------------------------------------------------------


def test_the_public_directory_needs_no_sign_in_when_it_is_on(client, services, settings):
    settings.SIGAP_PUBLIC_DIRECTORY = True
    response = client.get(reverse("public_directory"), {"regency": "52.71", "province": "52"})
    assert response.status_code == 200
    assert b"Rumah Aman Mataram" in response.content
    assert b"Konseling Anak" not in response.content


def test_the_public_directory_is_not_found_when_it_is_off(client, services, settings):
    settings.SIGAP_PUBLIC_DIRECTORY = False
    assert client.get(reverse("public_directory")).status_code == 404


def test_the_public_directory_query_count_does_not_grow(
    client, cast, services, regions, settings, django_assert_num_queries
):
    settings.SIGAP_PUBLIC_DIRECTORY = True
    url = reverse("public_directory")
    expected = queries_for(client, url)
    for i in range(10):
        make_service(cast.org, f"Layanan publik {i}", area_provinces=[regions["jabar"]])
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


# --- API -----------------------------------------------------------------------------------


def test_the_api_lists_services_with_the_directory_filters(cast, client, services):
    client.force_login(cast.learner)
    rows = client.get(API, {"regency": "32.73", "age": "8"}).json()["results"]
    assert [row["name"] for row in rows] == ["Konseling Anak (sintetis)"]
    assert rows[0]["service_types"] == ["pendampingan", "psikologis"]  # in the national list's order
    rows = client.get(API, {"accepting_referrals": "false"}).json()["results"]
    assert [row["name"] for row in rows] == ["Rumah Aman Mataram (sintetis)"]


def test_the_api_list_query_count_does_not_grow(cast, client, services, regions, django_assert_num_queries):
    client.force_login(cast.caseworker)
    expected = queries_for(client, API)
    for i in range(15):
        make_service(cast.org, f"Layanan API {i}", area_regencies=[regions["bandung"]])
    with django_assert_num_queries(expected):
        assert len(client.get(API).json()["results"]) == 18


def test_an_org_admin_creates_and_changes_a_service_over_the_api(cast, client):
    client.force_login(cast.org_admin)
    response = client.post(
        API,
        {"organisation": str(cast.org.pk), "name": "Hotline (sintetis)", "service_types": ["pengaduan"]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    url = reverse("api:service-detail", args=[response.json()["id"]])
    response = client.patch(url, {"opening_hours": "24 jam"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["opening_hours"] == "24 jam"
    assert client.post(reverse("api:service-deactivate", args=[response.json()["id"]])).json()["is_active"] is False
    assert client.post(reverse("api:service-reactivate", args=[response.json()["id"]])).json()["is_active"] is True


def test_the_api_refuses_writes_by_other_organisations_and_read_only_users(cast, client, services):
    url = reverse("api:service-detail", args=[services["counselling"].pk])
    for user in (cast.other_org_admin, cast.learner, cast.caseworker):
        client.force_login(user)
        assert client.get(url).status_code == 200
        assert client.patch(url, {"name": "Diubah"}, content_type="application/json").status_code in (403, 404)
        response = client.post(
            API, {"organisation": str(cast.org.pk), "name": "Bukan milik saya"}, content_type="application/json"
        )
        assert response.status_code in (403, 404)
    assert Service.objects.get(pk=services["counselling"].pk).name == "Konseling Anak (sintetis)"
    assert not Service.objects.filter(name="Bukan milik saya").exists()


def test_a_duplicate_name_in_the_same_organisation_is_a_clear_error(cast, client, services):
    client.force_login(cast.org_admin)
    response = client.post(
        API, {"organisation": str(cast.org.pk), "name": "Konseling Anak (sintetis)"}, content_type="application/json"
    )
    assert response.status_code == 400


def test_the_organisation_page_lists_its_services_and_only_its_admins_see_deactivated_ones(cast, client, services):
    actions.deactivate_service(services["counselling"], actor=cast.org_admin)
    url = reverse("organisations:detail", args=[cast.org.pk])
    client.force_login(cast.org_admin)
    page = client.get(url).content.decode()
    assert "Konseling Anak" in page and reverse("directory:create", args=[cast.org.pk]) in page
    client.force_login(cast.caseworker)
    page = client.get(url).content.decode()
    assert "Konseling Anak" not in page
    assert reverse("directory:create", args=[cast.org.pk]) not in page


# --- Emergency numbers and phones as tel: links (issue #14, item 9) ---------------------------


def test_the_emergency_numbers_are_tel_links_on_the_directory_and_the_public_page(cast, client, services, settings):
    settings.SIGAP_PUBLIC_DIRECTORY = True
    client.force_login(cast.caseworker)
    signed_in = client.get(reverse("directory:list")).content.decode()
    client.logout()
    public = client.get(reverse("public_directory")).content.decode()
    for page in (signed_in, public):
        assert '<a class="fw-semibold" href="tel:129">129</a>' in page
        assert '<a class="fw-semibold" href="tel:+628111129129">08111-129-129</a>' in page
        assert '<a class="fw-semibold" href="tel:110">110</a>' in page


def test_a_services_phone_dials_as_written():
    from sigap.directory.emergency import tel_href

    assert tel_href("022-555-0100") == "tel:0225550100"
    assert tel_href(" +62 370 123 456 ") == "tel:+62370123456"


def test_a_service_page_links_its_phone_for_dialling(cast, client, services):
    service = next(s for s in services.values() if s.phone)
    client.force_login(cast.caseworker)
    page = client.get(service.get_absolute_url()).content.decode()
    assert f'href="{service.phone_href}"' in page and service.phone_href.startswith("tel:")
    assert "-" not in service.phone_href
