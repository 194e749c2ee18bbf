"""Open data: /data/ and its files and API for anybody, verified and protected only, and equal to
plain counts over the cases wherever a figure is shown."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest
from django.urls import reverse

from sigap.cases.models import Case, CasePerpetrator, CaseVictim
from sigap.statistics import opendata
from sigap.statistics.release import TOTAL, release_problems
from sigap.statistics.tests.release_fixtures import verify_all

pytestmark = pytest.mark.django_db


def _csv(client, slug: str, **params: str) -> list[dict[str, str]]:
    response = client.get(reverse("open_data_file", args=[slug, "csv"]), params)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_page_is_open_without_sign_in(client, cast, seeded):
    verify_all(cast.data_officer)
    response = client.get(reverse("open_data"))
    assert response.status_code == 200
    assert b"cells are hidden" in response.content or b"cell is hidden" in response.content


def test_unverified_months_are_not_published(client, cast, seeded):
    rows = _csv(client, "cases-by-month")
    total = next(r for r in rows if r["month"] == TOTAL)
    assert total["value"] == "0" and total["suppressed"] == "false"


def test_the_csv_figures_equal_plain_counts_or_are_suppressed(client, cast, seeded):
    verify_all(cast.data_officer)
    by_province = Counter(Case.objects.values_list("organisation__province_id", flat=True))
    rows = _csv(client, "cases-by-region")
    assert list(rows[0]) == ["province", "measure", "value", "suppressed"]
    for row in rows:
        expected = sum(by_province.values()) if row["province"] == TOTAL else by_province.get(row["province"], 0)
        if row["suppressed"] == "true":
            assert row["value"] == ""
        else:
            assert int(row["value"]) == expected
    victims = Counter(CaseVictim.objects.values_list("person__sex", flat=True))
    for row in _csv(client, "victims-by-sex"):
        if row["suppressed"] == "false" and row["sex"] not in (TOTAL, "unknown"):
            assert int(row["value"]) == victims.get(row["sex"], 0)
    perpetrators = CasePerpetrator.objects.count()
    total = next(r for r in _csv(client, "perpetrators-by-sex") if r["sex"] == TOTAL)
    assert total["suppressed"] == "true" or int(total["value"]) == perpetrators


def test_a_province_release_counts_only_that_province(client, cast, seeded):
    verify_all(cast.data_officer)
    rows = _csv(client, "cases-by-region", province="32")
    assert next(iter(rows[0])) == "regency"
    total = next(r for r in rows if r["regency"] == TOTAL)
    expected = Case.objects.filter(organisation__province_id="32").count()
    assert total["suppressed"] == "true" or int(total["value"]) == expected


def test_no_released_open_table_can_give_a_small_count_away(cast, seeded):
    verify_all(cast.data_officer)
    from django.utils import timezone

    for province in ("", "32", "52"):
        tables = opendata.release(timezone.localdate().year, province)
        for slug, table in tables.items():
            assert release_problems(table) == [], (province, slug)
            assert all(c.hidden or c.count == 0 or c.count >= table.threshold for c in table.cells)


def test_the_api_is_open_described_and_the_same_as_the_csv(client, cast, seeded):
    verify_all(cast.data_officer)
    listed = client.get(reverse("api:open-data")).json()
    assert "victims-by-age-and-sex" in {t["slug"] for t in listed}
    data = client.get(reverse("api:open-data-table", args=["cases-by-form"])).json()
    rows = _csv(client, "cases-by-form")
    assert [("" if r["value"] is None else str(r["value"])) for r in data["rows"]] == [r["value"] for r in rows]
    schema = client.get(reverse("api:schema")).content.decode()
    assert "/api/v1/open-data/{slug}/" in schema


def test_an_unknown_year_or_province_is_404(client, cast, seeded):
    assert client.get(reverse("open_data"), {"year": "1999"}).status_code == 404
    assert client.get(reverse("open_data"), {"province": "99"}).status_code == 404
    assert client.get(reverse("api:open-data-table", args=["nothing"])).status_code == 404


def test_a_release_is_counted_once_and_then_read_from_the_cache(client, cast, seeded, django_assert_num_queries):
    verify_all(cast.data_officer)
    client.get(reverse("open_data"))
    with django_assert_num_queries(1):  # the province list of the form
        client.get(reverse("open_data"))
