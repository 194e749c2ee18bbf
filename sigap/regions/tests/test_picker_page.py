import re

import pytest

pytestmark = pytest.mark.django_db

WIDGET = "name=region&id=id_region&level=village&min_level=province"


def options(html):
    return re.findall(r'<option value="([^"]*)"', html)


@pytest.mark.parametrize(
    "url",
    [
        "/regions/",
        "/regions/options/regency/?parent=32",
        f"/regions/search/?{WIDGET}&q=suka",
        f"/regions/widget/?{WIDGET}",
    ],
)
def test_anonymous_visitor_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_picker_page_shows_the_provinces_and_an_empty_cascade(client, cast, tree):
    client.force_login(cast.learner)
    response = client.get("/regions/")
    assert response.status_code == 200
    html = response.content.decode()
    assert options(html) == ["", "32", "52", "91"] + [""] * 3 + ["id", "en"]
    assert "sigap/regions.js" in html
    assert "data-region-nojs" in html


def test_without_javascript_next_shows_the_regencies_of_the_chosen_province(client, cast, tree):
    client.force_login(cast.caseworker)
    response = client.get("/regions/?region_province=32&region__refresh=next")
    html = response.content.decode()
    assert '<option value="32.04">Kabupaten Bandung</option>' in html
    assert '<option value="32.73">Kota Bandung</option>' in html
    assert "52.71" not in html


def test_without_javascript_search_results_are_buttons_that_pick_the_place(client, cast, tree):
    client.force_login(cast.caseworker)
    html = client.get("/regions/?region__q=sukawarna&region__refresh=search").content.decode()
    assert 'name="region__pick" value="32.73.07.1003"' in html
    assert "Sukawarna, Sukajadi, Kota Bandung, Jawa Barat" in html
    html = client.get("/regions/?region__pick=32.73.07.1003").content.decode()
    assert '<option value="32.73.07.1003" selected>Sukawarna</option>' in html


def test_the_chosen_place_is_shown_with_its_path_and_time_zone(client, cast, tree):
    client.force_login(cast.caseworker)
    html = client.get("/regions/?region_province=52&region_regency=52.71").content.decode()
    assert "Kota Mataram, Nusa Tenggara Barat" in html
    assert "WITA (Asia/Makassar)" in html


def test_options_fragment_lists_the_children_of_the_parent_by_name(client, cast, tree):
    client.force_login(cast.caseworker)
    response = client.get("/regions/options/regency/?from=region_province&region_province=32")
    assert response.status_code == 200
    assert options(response.content.decode()) == ["", "32.04", "32.73"]
    assert "private" in response["Cache-Control"]
    html = client.get("/regions/options/village/?parent=32.73.07").content.decode()
    assert options(html) == ["", "32.73.07.1004", "32.73.07.1003"]  # Sukagalih before Sukawarna


def test_options_fragment_without_a_parent_asks_for_the_parent_first(client, cast, tree):
    client.force_login(cast.caseworker)
    for url in ["/regions/options/district/", "/regions/options/district/?parent=32"]:
        response = client.get(url)
        assert options(response.content.decode()) == [""]
        assert "Choose a regency/city first" in response.content.decode()


def test_options_fragment_of_an_unknown_level_is_not_found(client, cast):
    client.force_login(cast.caseworker)
    assert client.get("/regions/options/kelurahan/").status_code == 404


def test_search_fragment_shows_paths_and_pick_buttons(client, cast, tree):
    client.force_login(cast.caseworker)
    response = client.get(f"/regions/search/?{WIDGET}&region__q=Suka")
    html = response.content.decode()
    assert html.count('name="region__pick"') == 3
    assert "Sukagalih, Sukajadi, Kota Bandung, Jawa Barat" in html
    assert 'hx-target="#id_region_body"' in html


def test_search_fragment_says_when_nothing_matches_and_stays_empty_for_one_letter(client, cast, tree):
    client.force_login(cast.caseworker)
    assert "No place is called" in client.get(f"/regions/search/?{WIDGET}&region__q=zzz").content.decode()
    assert client.get(f"/regions/search/?{WIDGET}&region__q=z").content.decode().strip() == ""


@pytest.mark.parametrize("params", ["name=<b>&id=x&level=village", "name=a&id=x&level=kota", "name=a&id=x%22"])
def test_fragments_refuse_a_malformed_widget_description(client, cast, params):
    client.force_login(cast.caseworker)
    assert client.get(f"/regions/search/?{params}&q=suka").status_code == 400
    assert client.get(f"/regions/widget/?{params}").status_code == 400


def test_widget_fragment_fills_the_cascade_from_a_picked_place(client, cast, tree):
    client.force_login(cast.caseworker)
    html = client.get(f"/regions/widget/?{WIDGET}&region__pick=32.73.02.1004").content.decode()
    assert html.startswith('<div class="region-picker-body" id="id_region_body">')
    for code in ["32", "32.73", "32.73.02", "32.73.02.1004"]:
        assert f'<option value="{code}" selected>' in html
    assert re.search(r'id="id_region_village"[^>]*autofocus', html, re.DOTALL)


def test_widget_fragment_ignores_a_pick_deeper_than_the_field(client, cast, tree):
    client.force_login(cast.caseworker)
    params = "name=area&id=id_area&level=regency&min_level=province"
    html = client.get(f"/regions/widget/?{params}&area__pick=32.73.02.1004").content.decode()
    assert "selected" not in html
    assert "area_district" not in html


def test_picker_page_query_count_is_fixed(client, cast, tree, django_assert_num_queries):
    client.force_login(cast.caseworker)
    url = "/regions/?region_province=32&region_regency=32.73&region_district=32.73.07&region_village=32.73.07.1003"
    client.get(url)
    # session, user, memberships, two-factor device, the region with its path, one list per level,
    # unread notifications (the navigation's badge).
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200
