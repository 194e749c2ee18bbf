"""Likely duplicates at intake: same NIK, same phone, or a similar name with a close birth year."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from sigap.cases.persons import likely_matches
from sigap.cases.tests.factories import make_case, make_person
from sigap.regions.models import District

pytestmark = pytest.mark.django_db

NIK = "3273045403120001"


@pytest.fixture
def siti(cast, regions):
    District.objects.create(code="32.73.04", regency=regions["bandung"], name="Sukajadi")
    return make_person(
        cast.org,
        cast.caseworker,
        full_name="Siti Nurhalizah",
        date_of_birth=date(2012, 3, 14),
        nik=NIK,
        phone="+62 812-3456-7890",
    )


def found(org, **query) -> dict[str, list[str]]:
    # The reasons are lazy translations: read them in English whatever language an earlier test left active.
    with translation.override("en"):
        return {m.person.full_name: [str(r) for r in m.reasons] for m in likely_matches(org, **query)}


def test_same_nik_is_a_match(cast, siti):
    assert found(cast.org, full_name="Someone Else", nik=NIK) == {"Siti Nurhalizah": ["same NIK"]}


def test_same_phone_in_another_format_is_a_match(cast, siti):
    assert found(cast.org, phone="0812 3456 7890") == {"Siti Nurhalizah": ["same phone number"]}


def test_similar_name_with_close_birth_year_is_a_match(cast, siti):
    for name in ["siti nurhalizah", "SITI NURHALIZA", "Nurhalizah Siti", "Sîti Nurhalizah"]:
        assert found(cast.org, full_name=name, birth_year=2014) == {
            "Siti Nurhalizah": ["similar name and birth year"]
        }, name


def test_similar_name_with_a_distant_birth_year_is_not(cast, siti):
    assert found(cast.org, full_name="Siti Nurhalizah", birth_year=2000) == {}


def test_the_same_name_counts_when_a_birth_year_is_unknown(cast, siti):
    assert found(cast.org, full_name="Siti Nurhalizah") == {"Siti Nurhalizah": ["same name"]}
    assert found(cast.org, full_name="Siti Nur") == {}


def test_a_different_name_is_not_a_match(cast, siti):
    assert found(cast.org, full_name="Siti Rahmawati", birth_year=2012) == {}


def test_the_strongest_evidence_comes_first(cast, siti):
    make_person(cast.org, cast.caseworker, full_name="Siti Nurhalisa", date_of_birth=date(2012, 1, 1))
    matches = likely_matches(cast.org, full_name="Siti Nurhalisa", nik=NIK, birth_year=2012)
    assert [m.person.full_name for m in matches] == ["Siti Nurhalizah", "Siti Nurhalisa"]
    with translation.override("en"):
        assert [str(r) for r in matches[0].reasons] == ["same NIK", "similar name and birth year"]


def test_persons_of_another_organisation_never_match(cast, siti):
    assert found(cast.other_org, full_name="Siti Nurhalizah", nik=NIK, phone="081234567890") == {}


def test_nothing_typed_finds_nothing(cast, siti):
    assert found(cast.org) == {}
    assert found(cast.org, full_name="Si", phone="0812") == {}


# --- The htmx endpoint ------------------------------------------------------------------------
# What is typed is POSTed: a name, NIK, phone or date of birth never goes into a web address.

MATCHES = reverse("cases:person_matches")


def ask(client, **typed: str):
    return client.post(MATCHES, typed)


def test_typing_shows_likely_matches_to_link(cast, client, siti):
    client.force_login(cast.caseworker)
    response = ask(client, **{"client-full_name": "siti nurhalizah", "client-estimated_age": "13"})
    assert response.status_code == 200
    assert "Siti Nurhalizah" in response.text
    assert f'value="{siti.pk}"' in response.text
    assert "None of these: record a new person" in response.text
    assert "<html" not in response.text


def test_the_endpoint_shows_nothing_when_nothing_matches(cast, client, siti):
    client.force_login(cast.caseworker)
    response = ask(client, **{"client-full_name": "Rina"})
    assert response.status_code == 200
    assert response.text.strip() == ""


def test_the_endpoint_keeps_the_linked_person_on_the_list(cast, client, siti):
    client.force_login(cast.caseworker)
    response = ask(client, **{"client-full_name": "Rina", "client_person": str(siti.pk)})
    assert f'value="{siti.pk}" id="match-1" checked' in response.text


@pytest.mark.parametrize("who", ["psychologist", "data_officer", "org_admin", "learner"])
def test_only_registering_users_may_look_for_matches(cast, client, siti, who):
    client.force_login(getattr(cast, who))
    assert ask(client, **{"client-full_name": "Siti Nurhalizah"}).status_code == 403


def test_a_worker_of_another_organisation_finds_nothing_here(cast, client, siti):
    client.force_login(cast.other_caseworker)
    response = ask(client, **{"client-full_name": "Siti Nurhalizah", "client-nik": NIK})
    assert response.status_code == 200
    assert "Siti" not in response.text


def test_the_check_button_lists_matches_without_javascript(cast, client, siti):
    client.force_login(cast.caseworker)
    data = {
        "client-full_name": "Siti Nurhalizah",
        "client-date_of_birth": "2012-03-14",
        "_check_matches": "1",
        "perpetrators-TOTAL_FORMS": "1",
        "perpetrators-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("cases:new"), data)
    assert response.status_code == 200
    assert f'value="{siti.pk}"' in response.text
    assert "This field is required." not in response.text


def test_the_endpoint_answers_only_a_post_with_the_csrf_token(cast, siti):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(cast.caseworker)
    assert browser.get(f"{MATCHES}?client-nik={NIK}").status_code == 405
    assert browser.post(MATCHES, {"client-nik": NIK}).status_code == 403


# --- Need-to-know: a match the user may not open says whom to ask, never who it is -------------


def test_a_match_on_a_case_the_user_may_open_shows_the_person_and_the_case_number(cast, client, siti):
    case = make_case(cast.org, cast.caseworker, victim=siti)
    client.force_login(cast.caseworker)
    response = ask(client, **{"client-nik": NIK})
    assert "Siti Nurhalizah" in response.text
    assert case.number in response.text
    assert f'value="{siti.pk}"' in response.text


def test_a_match_on_a_case_the_user_may_not_open_shows_no_identifier_but_the_case_manager(cast, client, siti):
    case = make_case(cast.org, cast.caseworker, victim=siti)
    client.force_login(cast.caseworker2)
    response = ask(client, **{"client-full_name": "Siti Nurhalizah", "client-nik": NIK, "client-phone": "081234567890"})
    assert response.status_code == 200
    text = response.text
    assert "same NIK" in text and "same phone number" in text
    assert cast.caseworker.full_name in text
    for identifier in ("Nurhalizah", "2012", NIK, "7890", str(siti.pk), case.number):
        assert identifier not in text, identifier
    assert "None of these: record a new person" in text


def test_an_unassigned_match_the_user_may_not_open_says_to_ask_a_supervisor(cast, client, siti):
    make_case(cast.org, cast.intake_officer, victim=siti)
    client.force_login(cast.caseworker2)
    text = ask(client, **{"client-nik": NIK}).text
    assert "same NIK" in text
    assert "ask your supervisor" in text
    assert "Nurhalizah" not in text and str(siti.pk) not in text


def test_a_match_recorded_by_a_colleague_on_no_case_shows_no_identifier(cast, client, siti):
    client.force_login(cast.intake_officer)
    text = ask(client, **{"client-nik": NIK}).text
    assert "same NIK" in text
    assert "Nurhalizah" not in text and str(siti.pk) not in text


def test_a_person_the_user_may_not_see_is_not_shown_as_linked(cast, client, siti):
    make_case(cast.org, cast.caseworker, victim=siti)
    client.force_login(cast.caseworker2)
    text = ask(client, **{"client-full_name": "Rina", "client_person": str(siti.pk)}).text
    assert "Nurhalizah" not in text and str(siti.pk) not in text


def test_the_intake_refuses_to_link_a_person_the_user_may_not_see(cast, client, siti):
    make_case(cast.org, cast.caseworker, victim=siti)
    client.force_login(cast.caseworker2)
    data = {
        "client_person": str(siti.pk),
        "intake_channel": "walk_in",
        "violence_forms": ["fisik"],
        "risk_level": "medium",
        "perpetrators-TOTAL_FORMS": "0",
        "perpetrators-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("cases:new"), data)
    assert response.status_code == 400
    assert "Choose a person from the list." in response.text
    assert "Nurhalizah" not in response.text
    assert siti.victim_of.count() == 1
