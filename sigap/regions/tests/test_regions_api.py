import pytest

from sigap.regions.models import District, Village

pytestmark = pytest.mark.django_db


def codes(response):
    return [row["code"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/regions/provinces/",
        "/api/v1/regions/regencies/?province=32",
        "/api/v1/regions/districts/",
        "/api/v1/regions/villages/",
        "/api/v1/regions/villages/32.73.07.1003/",
        "/api/v1/regions/search/?q=suka",
    ],
)
def test_anonymous_caller_gets_401(client, tree, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response.json()["error"]["status"] == 401


def test_provinces_list_with_time_zones_and_the_standard_pagination(client, cast, tree):
    client.force_login(cast.learner)
    body = client.get("/api/v1/regions/provinces/").json()
    assert body["count"] == 3
    assert {"next", "previous", "results"} <= set(body)
    assert body["results"][1] == {"code": "52", "name": "Nusa Tenggara Barat", "time_zone": "Asia/Makassar"}


def test_each_level_filters_by_its_parent(client, cast, tree):
    client.force_login(cast.caseworker)
    assert codes(client.get("/api/v1/regions/regencies/?province=32")) == ["32.04", "32.73"]
    assert codes(client.get("/api/v1/regions/districts/?regency=32.73")) == ["32.73.02", "32.73.07"]
    assert codes(client.get("/api/v1/regions/villages/?district=32.73.07")) == ["32.73.07.1003", "32.73.07.1004"]
    assert codes(client.get("/api/v1/regions/villages/?district=99.99.99")) == []


def test_each_level_filters_by_name(client, cast, tree):
    client.force_login(cast.caseworker)
    assert codes(client.get("/api/v1/regions/provinces/?q=barat")) == ["32", "52"]
    assert codes(client.get("/api/v1/regions/regencies/?q=KOTA")) == ["32.73", "52.71"]
    assert codes(client.get("/api/v1/regions/districts/?q=coblong")) == ["32.73.02"]
    assert codes(client.get("/api/v1/regions/villages/?district=32.73.07&q=galih")) == ["32.73.07.1004"]


def test_regency_and_village_say_what_kind_they_are(client, cast, tree):
    client.force_login(cast.caseworker)
    regency = client.get("/api/v1/regions/regencies/32.73/").json()
    assert regency == {"code": "32.73", "province": "32", "name": "Kota Bandung", "is_city": True}
    village = client.get("/api/v1/regions/villages/32.73.07.1003/").json()
    assert village == {"code": "32.73.07.1003", "district": "32.73.07", "name": "Sukawarna", "is_kelurahan": True}
    assert client.get("/api/v1/regions/villages/32.73.07.9999/").status_code == 404


@pytest.mark.parametrize(
    ("url", "more"),
    [
        ("/api/v1/regions/districts/", 5),
        ("/api/v1/regions/villages/?district=32.73.02", 5),
        ("/api/v1/regions/villages/?q=su", 5),
    ],
)
def test_lists_make_a_fixed_number_of_queries(client, cast, tree, django_assert_num_queries, url, more):
    client.force_login(cast.caseworker)
    client.get(url)
    # session, user, memberships and device (two-factor check), then count and page.
    with django_assert_num_queries(6):
        small = client.get(url)
    coblong = tree["coblong"]
    for i in range(more):
        District.objects.create(code=f"32.73.{20 + i}", regency=tree["bandung"], name=f"Dusun {i}")
        Village.objects.create(code=f"32.73.02.{2001 + i}", district=coblong, name=f"Dusun {i}")
    with django_assert_num_queries(6):
        large = client.get(url)
    assert large.json()["count"] > small.json()["count"]


def test_page_size_can_be_chosen(client, cast, tree):
    client.force_login(cast.caseworker)
    body = client.get("/api/v1/regions/villages/?page_size=2").json()
    assert len(body["results"]) == 2
    assert body["next"]


def test_search_returns_matches_at_every_level_with_their_path(client, cast, tree):
    client.force_login(cast.caseworker)
    body = client.get("/api/v1/regions/search/?q=suka").json()
    assert body["query"] == "suka"
    assert [(m["level"], m["path"]) for m in body["results"]] == [
        ("district", "Sukajadi, Kota Bandung, Jawa Barat"),
        ("village", "Sukagalih, Sukajadi, Kota Bandung, Jawa Barat"),
        ("village", "Sukawarna, Sukajadi, Kota Bandung, Jawa Barat"),
    ]
    assert body["results"][1]["codes"] == {
        "province": "32",
        "regency": "32.73",
        "district": "32.73.07",
        "village": "32.73.07.1004",
    }


def test_search_can_be_limited_by_level_and_count(client, cast, tree):
    client.force_login(cast.caseworker)
    body = client.get("/api/v1/regions/search/?q=suka&level=village&limit=1").json()
    assert [m["code"] for m in body["results"]] == ["32.73.07.1004"]
    body = client.get("/api/v1/regions/search/?q=bandung&level=regency&level=district").json()
    assert [m["level"] for m in body["results"]] == ["regency", "regency"]


def test_search_makes_one_query_per_level(client, cast, tree, django_assert_num_queries):
    client.force_login(cast.caseworker)
    client.get("/api/v1/regions/search/?q=suka")
    with django_assert_num_queries(4 + 4):  # session, user, memberships, device; then four levels
        assert client.get("/api/v1/regions/search/?q=suka").status_code == 200


@pytest.mark.parametrize("params", ["", "q=a", "q=suka&limit=0", "q=suka&limit=51", "q=suka&level=kota"])
def test_search_refuses_bad_parameters_in_the_standard_error_format(client, cast, tree, params):
    client.force_login(cast.caseworker)
    response = client.get(f"/api/v1/regions/search/?{params}")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_api_token_works_for_regions(client, cast, tree):
    from sigap.accounts import actions

    _token, key = actions.create_api_token(cast.learner, name="Script")
    response = client.get("/api/v1/regions/provinces/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
