"""The case list at /cases/: who sees what, search, filters, sorting, pages, deadlines in red/amber."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sigap.cases import actions
from sigap.cases.codes import RiskLevel, ViolenceForm
from sigap.cases.management.synthetic import simulated_clock
from sigap.cases.tests.factories import make_case

pytestmark = pytest.mark.django_db

LIST = reverse("cases:list")


def rows(response) -> int:
    return response.content.decode().count("data-case-row")


def searched_url(client, **fields: str) -> str:
    """POST the search form; the address it redirects to (the search term is not in it)."""
    response = client.post(LIST, fields)
    assert response.status_code == 303, response.status_code
    return response["Location"]


def search(client, **fields: str):
    """The list as the search form shows it: POSTed, then the page it redirects to."""
    return client.get(searched_url(client, **fields))


def case_at(cast, days_ago: float, **kwargs):
    """A case registered ``days_ago`` (its deadlines counted from then), managed by cast.caseworker."""
    with simulated_clock(timezone.now() - timedelta(days=days_ago)):
        return make_case(cast.org, cast.caseworker, **kwargs)


def named(cast, name: str, **kwargs):
    return make_case(cast.org, cast.caseworker, victim_values={"full_name": name}, **kwargs)


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("role", ["org_admin", "data_officer", "learner", "trainer"])
def test_people_who_do_not_work_on_cases_are_refused(cast, client, role):
    client.force_login(getattr(cast, role))
    assert client.get(LIST).status_code == 403


def test_caseworker_sees_their_own_cases_and_nobody_elses(cast, client):
    named(cast, "Sinta Milik")
    make_case(cast.org, cast.caseworker2, victim_values={"full_name": "Rosa Rekan"})
    make_case(cast.other_org, cast.other_caseworker, victim_values={"full_name": "Tari Lain"})
    client.force_login(cast.caseworker)
    page = client.get(LIST).content.decode()
    assert "Sinta Milik" in page
    assert "Rosa Rekan" not in page and "Tari Lain" not in page


def test_supervisor_sees_the_cases_of_the_caseworkers_they_supervise(cast, client):
    named(cast, "Sinta Milik")
    make_case(cast.org, cast.caseworker2, victim_values={"full_name": "Rosa Rekan"})
    client.force_login(cast.supervisor)
    page = client.get(LIST).content.decode()
    assert "Sinta Milik" in page
    assert "Rosa Rekan" not in page  # caseworker2 has no supervisor in the cast


def test_intake_officer_sees_the_unassigned_cases_they_registered(cast, client):
    make_case(cast.org, cast.intake_officer, victim_values={"full_name": "Baru Daftar"})
    client.force_login(cast.intake_officer)
    assert "Baru Daftar" in client.get(LIST).content.decode()


def test_search_by_part_of_the_name_ignores_case_and_accents(cast, client):
    named(cast, "Zulaikhâ Putri")
    named(cast, "Dewi Lestari")
    client.force_login(cast.caseworker)
    page = search(client, q="zulaikha").content.decode()
    assert "Zulaikhâ Putri" in page and "Dewi Lestari" not in page


def test_search_by_case_number(cast, client):
    first, second = named(cast, "Satu Orang"), named(cast, "Dua Orang")
    client.force_login(cast.caseworker)
    page = search(client, q=second.number).content.decode()
    assert "Dua Orang" in page and "Satu Orang" not in page
    assert first.number.rsplit("-", 1)[0] == second.number.rsplit("-", 1)[0]


def test_no_match_says_so(cast, client):
    named(cast, "Satu Orang")
    client.force_login(cast.caseworker)
    response = search(client, q="tidak ada")
    assert rows(response) == 0
    assert "No case matches this search." in response.content.decode()


def test_overdue_case_is_marked_in_red_with_the_word_overdue(cast, client):
    case_at(cast, 20, victim_values={"full_name": "Lama Sekali"})
    client.force_login(cast.caseworker)
    page = client.get(LIST).content.decode()
    assert '<span class="badge text-bg-danger">Overdue</span>' in page


def test_case_due_within_two_days_is_marked_amber_with_due_soon(cast, client):
    named(cast, "Risiko Tinggi", risk_level=RiskLevel.HIGH)  # first contact within 24 hours
    client.force_login(cast.caseworker)
    page = client.get(LIST).content.decode()
    assert '<span class="badge text-bg-warning">Due soon</span>' in page
    assert "Overdue</span>" not in page


def test_filter_overdue_and_due_soon(cast, client):
    case_at(cast, 20, victim_values={"full_name": "Terlambat"})
    named(cast, "Segera", risk_level=RiskLevel.HIGH)
    named(cast, "Santai", risk_level=RiskLevel.LOW)
    client.force_login(cast.caseworker)
    overdue = client.get(LIST, {"due": "overdue"}).content.decode()
    assert "Terlambat" in overdue and "Segera" not in overdue and "Santai" not in overdue
    soon = client.get(LIST, {"due": "due_soon"}).content.decode()
    assert "Segera" in soon and "Terlambat" not in soon and "Santai" not in soon
    attention = client.get(LIST, {"due": "attention"}).content.decode()
    assert "Segera" in attention and "Terlambat" in attention and "Santai" not in attention


def test_filter_by_stage_risk_and_form(cast, client):
    moved = named(cast, "Sudah Asesmen", forms=[ViolenceForm.SEKSUAL, ViolenceForm.PSIKIS])
    actions.advance(moved, "start_assessment", actor=cast.caseworker)
    named(cast, "Masih Awal", risk_level=RiskLevel.LOW)
    client.force_login(cast.caseworker)
    by_stage = client.get(LIST, {"stage": "assessment"}).content.decode()
    assert "Sudah Asesmen" in by_stage and "Masih Awal" not in by_stage
    by_risk = client.get(LIST, {"risk": "low"}).content.decode()
    assert "Masih Awal" in by_risk and "Sudah Asesmen" not in by_risk
    by_form = client.get(LIST, {"form": "seksual"}).content.decode()
    assert "Sudah Asesmen" in by_form and "Masih Awal" not in by_form


def test_filter_by_case_manager_and_unassigned(cast, client):
    named(cast, "Punya Manajer")
    make_case(cast.org, cast.supervisor, case_manager=None, victim_values={"full_name": "Belum Ditugaskan"})
    client.force_login(cast.supervisor)
    mine = client.get(LIST, {"manager": str(cast.caseworker.pk)}).content.decode()
    assert "Punya Manajer" in mine and "Belum Ditugaskan" not in mine
    nobody = client.get(LIST, {"manager": "none"}).content.decode()
    assert "Belum Ditugaskan" in nobody and "Punya Manajer" not in nobody


def test_filter_by_registration_dates(cast, client):
    case_at(cast, 40, victim_values={"full_name": "Bulan Lalu"})
    named(cast, "Hari Ini")
    client.force_login(cast.caseworker)
    today = timezone.localdate()
    recent = client.get(LIST, {"registered_from": (today - timedelta(days=7)).isoformat()}).content.decode()
    assert "Hari Ini" in recent and "Bulan Lalu" not in recent
    older = client.get(LIST, {"registered_to": (today - timedelta(days=30)).isoformat()}).content.decode()
    assert "Bulan Lalu" in older and "Hari Ini" not in older


@pytest.mark.parametrize("sort", ["", "due"])
@pytest.mark.parametrize("days", [10, 120])
def test_registration_dates_filter_alike_in_every_order_and_period(cast, client, sort, days):
    """A long period sorted by deadline is checked row by row on SQLite (sigap.cases.search): same result."""
    case_at(cast, days + 5, victim_values={"full_name": "Sebelum Periode"})
    case_at(cast, days - 3, victim_values={"full_name": "Dalam Periode"})
    named(cast, "Hari Ini")
    client.force_login(cast.caseworker)
    today = timezone.localdate()
    page = client.get(
        LIST,
        {
            "registered_from": (today - timedelta(days=days)).isoformat(),
            "registered_to": (today - timedelta(days=1)).isoformat(),
            "sort": sort,
        },
    ).content.decode()
    assert "Dalam Periode" in page and "Sebelum Periode" not in page and "Hari Ini" not in page


def test_dates_the_wrong_way_round_are_explained_and_the_list_still_shows(cast, client):
    named(cast, "Tetap Tampil")
    client.force_login(cast.caseworker)
    response = client.get(LIST, {"registered_from": "2026-02-01", "registered_to": "2026-01-01", "stage": "bogus"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "The end date is before the start date." in page
    assert "Tetap Tampil" in page


def test_newest_first_by_default_and_other_sort_orders(cast, client):
    old = case_at(cast, 10, victim_values={"full_name": "Kasus Lama"}, risk_level=RiskLevel.HIGH)
    new = named(cast, "Kasus Baru", risk_level=RiskLevel.LOW)
    client.force_login(cast.caseworker)

    def order(**params) -> list[str]:
        page = client.get(LIST, params).content.decode()
        return sorted(["Kasus Lama", "Kasus Baru"], key=page.index)

    assert order() == ["Kasus Baru", "Kasus Lama"]
    assert order(sort="oldest") == ["Kasus Lama", "Kasus Baru"]
    assert order(sort="risk") == ["Kasus Lama", "Kasus Baru"]
    assert order(sort="due") == ["Kasus Lama", "Kasus Baru"]  # the old case's deadlines passed long ago
    assert order(sort="number") == (
        ["Kasus Lama", "Kasus Baru"] if old.number < new.number else ["Kasus Baru", "Kasus Lama"]
    )


def test_pages_of_25_keep_the_search_and_filters(cast, client):
    for n in range(27):
        named(cast, f"Anak Nomor {n:02d}", risk_level=RiskLevel.MEDIUM)
    client.force_login(cast.caseworker)
    first = client.get(LIST, {"risk": "medium"})
    assert rows(first) == 25
    page = first.content.decode()
    assert "Cases 1–25" in page and "Page 1" in page
    assert "?risk=medium&amp;page=2" in page
    second = client.get(LIST, {"risk": "medium", "page": "2"})
    assert rows(second) == 2
    assert "Cases 26–27 of 27" in second.content.decode()
    assert client.get(LIST, {"page": "nonsense"}).status_code == 200


def test_a_short_list_says_how_many_cases_it_has(cast, client):
    for n in range(3):
        named(cast, f"Orang {n}")
    client.force_login(cast.caseworker)
    assert "3 cases" in client.get(LIST).content.decode()


def test_the_number_of_queries_does_not_grow_with_more_cases(cast, client, django_assert_num_queries):
    for n in range(26):
        named(cast, f"Anak {n}", forms=[ViolenceForm.FISIK, ViolenceForm.PSIKIS])
    client.force_login(cast.supervisor)
    url = searched_url(client, q="anak", sort="due")  # the search is kept in the session
    client.get(url)
    with CaptureQueriesContext(connection) as baseline:
        client.get(url)
    for n in range(10):
        named(cast, f"Anak Lagi {n}", forms=[ViolenceForm.SEKSUAL])
    with django_assert_num_queries(len(baseline)):
        response = client.get(url)
    assert rows(response) == 25


def test_the_list_never_counts_every_match(cast, client):
    for n in range(30):
        named(cast, f"Orang {n}")
    client.force_login(cast.supervisor)
    searched = searched_url(client, q="orang")
    for params in ({}, {"page": "2"}, searched, {"sort": "risk"}, {"sort": "due"}):
        with CaptureQueriesContext(connection) as queries:
            client.get(params) if isinstance(params, str) else client.get(LIST, params)
        assert not any("COUNT(" in query["sql"].upper() for query in queries.captured_queries), params


# --- No personal data in the address (issue #12) ---------------------------------------------

NIK = "3273045403120001"


def test_a_search_is_posted_and_the_address_holds_only_an_opaque_token(cast, client):
    named(cast, "Zulaikha Putri")
    named(cast, "Dewi Lestari")
    client.force_login(cast.caseworker)
    url = searched_url(client, q="Zulaikha", stage="identification", sort="oldest")
    assert "Zulaikha" not in url and "zulaikha" not in url.lower()
    assert "stage=identification" in url and "sort=oldest" in url and "s=" in url
    page = client.get(url).content.decode()
    assert "Zulaikha Putri" in page and "Dewi Lestari" not in page
    assert 'value="Zulaikha"' in page  # the search box shows what was searched


def test_a_nik_search_never_reaches_an_address_not_even_the_page_links(cast, client):
    for n in range(30):
        named(cast, f"Orang {n}")
    client.force_login(cast.supervisor)
    url = searched_url(client, q="orang")
    page = client.get(url).content.decode()
    assert "Page 1" in page and "q=" not in page
    assert "q=" not in searched_url(client, q=NIK) and NIK not in searched_url(client, q=NIK)
    next_page = client.get(url + "&page=2")
    assert rows(next_page) == 5


def test_the_search_form_posts_with_the_csrf_token(cast, client):
    client.force_login(cast.caseworker)
    page = client.get(LIST).content.decode()
    assert 'method="post"' in page and "csrfmiddlewaretoken" in page
    from django.test import Client

    strict = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    strict.force_login(cast.caseworker)
    assert strict.post(LIST, {"q": NIK}).status_code == 403


def test_an_old_address_with_the_term_is_moved_to_a_token(cast, client):
    named(cast, "Zulaikha Putri")
    client.force_login(cast.caseworker)
    response = client.get(LIST, {"q": "Zulaikha", "risk": "medium"})
    assert response.status_code == 303
    assert "Zulaikha" not in response["Location"] and "risk=medium" in response["Location"]
    assert "Zulaikha Putri" in client.get(response["Location"]).content.decode()


def test_a_token_of_another_session_finds_nothing_and_says_the_search_expired(cast, client):
    from django.test import Client

    named(cast, "Zulaikha Putri")
    named(cast, "Dewi Lestari")
    client.force_login(cast.caseworker)
    url = searched_url(client, q="Zulaikha")
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    other.force_login(cast.caseworker)
    page = other.get(url).content.decode()
    assert 'value="Zulaikha"' not in page and "Zulaikha Putri" not in page.split("<table")[0]
    assert "This search has expired" in page
    assert "Dewi Lestari" in page  # the unsearched list, not a half-applied search


def test_the_kept_search_is_encrypted_in_the_session(cast, client):
    from django.contrib.sessions.models import Session

    client.force_login(cast.caseworker)
    searched_url(client, q=NIK)
    stored = [s.session_data + str(s.get_decoded()) for s in Session.objects.all()]
    assert stored and not any(NIK in row for row in stored)
