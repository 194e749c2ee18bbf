"""The Open Referral HSDS 3.0 endpoints answer with records valid against the official schemas."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker

from sigap.directory import actions
from sigap.directory.tests.factories import make_service
from sigap.organisations.tests.helpers import queries_for

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "hsds"
PAGE_FIELDS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


def strict(schema: Any) -> Any:
    """The schema with ``additionalProperties: false`` on every object, so an unknown field fails."""
    schema = copy.deepcopy(schema)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "properties" in node:
                node["additionalProperties"] = False
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return schema


def validator(name: str) -> Draft202012Validator:
    schema = strict(json.loads((SCHEMAS / f"{name}.json").read_text()))
    return Draft202012Validator(schema, format_checker=FormatChecker())


def assert_valid(name: str, record: dict[str, Any]) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(name).iter_errors(record)]
    assert not errors, errors


@pytest.fixture
def on(settings):
    settings.SIGAP_PUBLIC_DIRECTORY = True


def test_the_strict_schema_refuses_an_unknown_field():
    with pytest.raises(AssertionError):
        assert_valid("service", {"id": "ac148810-d857-441c-9679-408f346de14b", "name": "x", "status": "active", "x": 1})


def test_every_listed_service_and_each_service_validate(client, on, cast, services):
    actions.update_service(
        services["legal"],
        actor=cast.org_admin,
        values={
            "opening_hours": "Senin–Jumat 08.00–16.00",
            "languages_note": "Bahasa Bima",
            "email": "lbh@example.org",
        },
    )
    page = client.get(reverse("api:hsds_services")).json()
    assert set(page) == PAGE_FIELDS
    assert page["total_items"] == 3 and page["first_page"] and page["last_page"] and not page["empty"]
    for item in page["contents"]:
        assert_valid("service_list", item)
        detail = client.get(reverse("api:hsds_service", args=[item["id"]])).json()
        assert_valid("service", detail)
    legal = next(item for item in page["contents"] if item["name"].startswith("Bantuan Hukum"))
    assert legal["minimum_age"] == 18 and legal["organization"]["id"] == str(cast.org.pk)
    detail = client.get(reverse("api:hsds_service", args=[legal["id"]])).json()
    assert detail["cost_options"][0]["option"] == "fee"
    assert detail["schedules"][0]["description"] == "Senin–Jumat 08.00–16.00"
    assert {area["name"] for area in detail["service_areas"]} == {"Jawa Barat"}


def test_every_listed_organisation_and_each_organisation_validate(client, on, cast, services):
    page = client.get(reverse("api:hsds_organisations")).json()
    assert set(page) == PAGE_FIELDS
    assert page["total_items"] == 2
    for item in page["contents"]:
        assert_valid("organization_list", item)
        detail = client.get(reverse("api:hsds_organisation", args=[item["id"]])).json()
        assert_valid("organization", detail)
    org = client.get(reverse("api:hsds_organisation", args=[cast.org.pk])).json()
    assert {s["name"] for s in org["services"]} == {"Konseling Anak (sintetis)", "Bantuan Hukum Perempuan (sintetis)"}


def test_pages_and_filters_follow_the_directory(client, on, cast, services):
    page = client.get(reverse("api:hsds_services"), {"per_page": 2, "page": 2}).json()
    assert page["page_number"] == 2 and page["size"] == 1 and page["total_pages"] == 2 and page["last_page"]
    assert not page["first_page"]
    page = client.get(reverse("api:hsds_services"), {"regency": "52.71"}).json()
    assert [s["name"] for s in page["contents"]] == ["Rumah Aman Mataram (sintetis)"]


def test_a_deactivated_service_is_not_published(client, on, cast, services):
    actions.deactivate_service(services["shelter"], actor=cast.other_org_admin)
    assert client.get(reverse("api:hsds_service", args=[services["shelter"].pk])).status_code == 404
    assert client.get(reverse("api:hsds_services")).json()["total_items"] == 2


def test_the_endpoints_are_not_found_when_the_public_directory_is_off(client, settings, cast, services):
    settings.SIGAP_PUBLIC_DIRECTORY = False
    for url in (
        reverse("api:hsds_services"),
        reverse("api:hsds_service", args=[services["legal"].pk]),
        reverse("api:hsds_organisations"),
        reverse("api:hsds_organisation", args=[cast.org.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_the_lists_query_count_does_not_grow(client, on, cast, services, regions, django_assert_num_queries):
    services_url, organisations_url = reverse("api:hsds_services"), reverse("api:hsds_organisations")
    expected = (queries_for(client, services_url), queries_for(client, organisations_url))
    for i in range(12):
        make_service(cast.other_org, f"Layanan HSDS {i}", area_regencies=[regions["mataram"]])
    with django_assert_num_queries(expected[0]):
        assert client.get(services_url).json()["total_items"] == 15
    with django_assert_num_queries(expected[1]):
        assert client.get(organisations_url).status_code == 200


def test_one_address_reading_too_fast_gets_429_on_the_public_endpoints_and_page(client, on, settings, cast):
    settings.SIGAP_PUBLIC_RATE_LIMIT = 3
    urls = [
        reverse("api:hsds_services"),
        reverse("api:hsds_organisation", args=[cast.org.pk]),
        reverse("public_directory"),
    ]
    answers = [client.get(urls[i % 3]).status_code for i in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = client.get(urls[0])
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    # Another address still reads.
    assert client.get(urls[0], REMOTE_ADDR="192.0.2.77").status_code == 200
