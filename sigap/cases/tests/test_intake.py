"""The intake screen: registering a case with its client, reporter and perpetrators in one go."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from sigap.cases import actions
from sigap.cases.models import Case, CasePerpetrator, Person, TaskKind
from sigap.cases.tests.factories import make_person
from sigap.organisations.models import Membership
from sigap.regions.models import District, Village

pytestmark = pytest.mark.django_db

URL = "/cases/new/"
VALID_NIK = "3273045403120001"  # district 32.73.04, a woman born 14 March 2012


@pytest.fixture
def sukajadi(regions: dict[str, Any]) -> Village:
    district = District.objects.create(code="32.73.04", regency=regions["bandung"], name="Sukajadi")
    return Village.objects.create(code="32.73.04.1003", district=district, name="Sukawarna")


def intake_data(**overrides: Any) -> dict[str, Any]:
    """A complete, valid intake: a girl, sexual violence by an uncle, reported by her mother.

    Overrides: ``client__nik="..."`` sets ``client-nik``; None removes a key.
    """
    data: dict[str, Any] = {
        "client-full_name": "Dewi Lestari Contoh",
        "client-sex": "female",
        "client-date_of_birth": "2012-03-14",
        "client-nationality": "Indonesia",
        "intake_channel": "walk_in",
        "intake_narrative": "Synthetic narrative for a test.",
        "violence_forms": ["seksual", "psikis"],
        "tpks_offences": ["pelecehan_fisik"],
        "place": "rumah_tangga",
        "incident_date": "2026-01-10",
        "risk_level": "high",
        "risk_reason": "Lives with the alleged perpetrator.",
        "flag_immediate_danger": "on",
        "reporter-full_name": "Ibu Contoh",
        "reporter-phone": "0812 0000 0001",
        "perpetrators-TOTAL_FORMS": "1",
        "perpetrators-INITIAL_FORMS": "0",
        "perpetrators-MIN_NUM_FORMS": "0",
        "perpetrators-MAX_NUM_FORMS": "20",
        "perpetrators-0-full_name": "Paman Contoh",
        "perpetrators-0-sex": "male",
        "perpetrators-0-age": "41",
        "perpetrators-0-relationship": "keluarga",
    }
    for key, value in overrides.items():
        if key.startswith(("client__", "reporter__", "perpetrators__")):
            key = key.replace("__", "-")
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def nothing_saved() -> bool:
    return not Case.objects.exists() and not Person.objects.exists()


# --- Happy path ------------------------------------------------------------------------------


def test_caseworker_registers_a_case_in_one_go(cast, client, sukajadi):
    client.force_login(cast.caseworker)
    response = client.post(
        URL,
        intake_data(
            **{
                "client-nik": VALID_NIK,
                "client-village_province": "32",
                "client-village_regency": "32.73",
                "client-village_district": "32.73.04",
                "client-village_village": "32.73.04.1003",
                "incident_regency_province": "32",
                "incident_regency_regency": "32.73",
                "case_manager": str(cast.caseworker.pk),
            }
        ),
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response.url == case.get_absolute_url()
    assert case.organisation == cast.org
    assert case.created_by == cast.caseworker
    assert case.case_manager == cast.caseworker
    assert case.client_type == "child"
    assert case.risk_level == "high"
    assert case.flag_immediate_danger
    assert sorted(case.forms) == ["psikis", "seksual"]
    assert case.tpks_offences == ["pelecehan_fisik"]
    assert case.incident_date == date(2026, 1, 10)
    assert case.incident_regency_id == "32.73"
    victim = case.victims.get(is_primary=True).person
    assert (victim.full_name, victim.nik, victim.village_id) == ("Dewi Lestari Contoh", VALID_NIK, "32.73.04.1003")
    assert case.reporter.full_name == "Ibu Contoh"
    perpetrator = CasePerpetrator.objects.get(case=case)
    assert (perpetrator.person.full_name, perpetrator.relationship, perpetrator.is_child) == (
        "Paman Contoh",
        "keluarga",
        False,
    )
    assert perpetrator.person.birth_date_estimated
    assert case.tasks.filter(kind=TaskKind.POLICE_REPORT).exists()
    assert case.timeline.filter(verb="opened").exists()


def test_the_case_page_greets_with_the_case_number(cast, client):
    client.force_login(cast.caseworker)
    response = client.post(URL, intake_data(), follow=True)
    case = Case.objects.get()
    assert f"Case {case.number} was registered." in response.text
    assert case.number.startswith("3273-")


def test_an_intake_without_perpetrators_or_reporter_is_fine(cast, client):
    client.force_login(cast.caseworker)
    data = intake_data(
        **{
            "perpetrators__0__full_name": None,
            "perpetrators__0__relationship": None,
            "perpetrators__0__sex": None,
            "perpetrators__0__age": None,
            "reporter__full_name": "",
        }
    )
    assert client.post(URL, data).status_code == 302
    case = Case.objects.get()
    assert case.reporter is None
    assert not case.perpetrators.exists()
    assert Person.objects.count() == 1


def test_the_client_may_be_her_own_reporter(cast, client):
    client.force_login(cast.caseworker)
    client.post(URL, intake_data(reporter_is_client="on", **{"reporter__full_name": ""}))
    case = Case.objects.get()
    assert case.reporter == case.victims.get().person


def test_several_perpetrators_are_recorded(cast, client):
    client.force_login(cast.caseworker)
    data = intake_data(
        **{
            "perpetrators__TOTAL_FORMS": "2",
            "perpetrators__1__full_name": "Teman Contoh",
            "perpetrators__1__age": "15",
            "perpetrators__1__relationship": "pacar_teman",
        }
    )
    assert client.post(URL, data).status_code == 302
    children = dict(Case.objects.get().perpetrators.values_list("person__full_name", "is_child"))
    assert children == {"Paman Contoh": False, "Teman Contoh": True}


def test_the_case_manager_is_optional(cast, client):
    client.force_login(cast.intake_officer)
    response = client.post(URL, intake_data())
    case = Case.objects.get()
    assert case.case_manager is None
    # The intake officer still sees the unassigned case they registered.
    assert client.get(response.url).status_code == 200


# --- Client type and age ----------------------------------------------------------------------


def test_client_type_follows_the_date_of_birth(cast, client):
    client.force_login(cast.caseworker)
    client.post(URL, intake_data(client_type="child", **{"client__date_of_birth": "1990-05-01"}))
    assert Case.objects.get().client_type == "adult_woman"


def test_an_age_gives_an_estimated_date_of_birth(cast, client):
    client.force_login(cast.caseworker)
    client.post(URL, intake_data(**{"client__date_of_birth": "", "client__estimated_age": "9"}))
    victim = Case.objects.get().victims.get().person
    assert victim.birth_date_estimated
    assert victim.age() == 9
    assert Case.objects.get().client_type == "child"


def test_without_an_age_the_client_type_must_be_chosen(cast, client):
    client.force_login(cast.caseworker)
    response = client.post(URL, intake_data(**{"client__date_of_birth": ""}))
    assert response.status_code == 400
    assert "Choose the client type" in response.text
    assert nothing_saved()
    client.post(URL, intake_data(client_type="adult_woman", **{"client__date_of_birth": ""}))
    assert Case.objects.get().client_type == "adult_woman"


def test_an_adult_man_is_not_registered_as_a_client(cast, client):
    client.force_login(cast.caseworker)
    response = client.post(URL, intake_data(**{"client__date_of_birth": "1980-01-01", "client__sex": "male"}))
    assert response.status_code == 400
    assert "adult client must be a woman" in response.text
    assert nothing_saved()


# --- Validation leaves nothing behind ---------------------------------------------------------


def test_an_invalid_nik_saves_nothing(cast, client, sukajadi):
    client.force_login(cast.caseworker)
    response = client.post(URL, intake_data(**{"client__nik": "3273043203120001"}))  # 32 March
    assert response.status_code == 400
    assert "not a valid date" in response.text
    assert nothing_saved()


def test_required_fields_are_asked_for(cast, client):
    client.force_login(cast.caseworker)
    response = client.post(
        URL, intake_data(violence_forms=None, tpks_offences=None, risk_level=None, intake_channel=None)
    )
    assert response.status_code == 400
    assert response.text.count("This field is required.") >= 3
    assert "Nothing was saved yet" in response.text
    assert nothing_saved()


def test_tpks_offences_need_sexual_violence(cast, client):
    client.force_login(cast.caseworker)
    response = client.post(URL, intake_data(violence_forms=["fisik"]))
    assert response.status_code == 400
    assert "TPKS offences apply only when the forms include sexual violence." in response.text
    assert nothing_saved()


def test_a_perpetrator_row_needs_name_and_relationship(cast, client):
    client.force_login(cast.caseworker)
    response = client.post(URL, intake_data(**{"perpetrators__0__relationship": ""}))
    assert response.status_code == 400
    assert "Choose the relationship to the victim." in response.text
    assert nothing_saved()


def test_a_refusal_when_opening_the_case_rolls_back_the_persons_already_recorded(cast, client, monkeypatch):
    def refuse(**kwargs: Any) -> None:
        assert Person.objects.count() == 3  # client, reporter and perpetrator were recorded first
        raise ValidationError({"forms": ["Refused for the test."]})

    monkeypatch.setattr(actions, "open_case", refuse)
    client.force_login(cast.caseworker)
    response = client.post(URL, intake_data())
    assert response.status_code == 400
    assert "Refused for the test." in response.text
    assert nothing_saved()


# --- Round trips: the page changes, nothing is saved ------------------------------------------


def test_add_another_perpetrator_shows_one_more_row_without_errors(cast, client):
    client.force_login(cast.caseworker)
    response = client.post(URL, intake_data(risk_level=None, _add_perpetrator="1"))
    assert response.status_code == 200
    assert 'name="perpetrators-1-full_name"' in response.text
    assert 'value="Paman Contoh"' in response.text
    assert "This field is required." not in response.text
    assert nothing_saved()


def test_region_picker_next_button_is_a_round_trip(cast, client):
    client.force_login(cast.caseworker)
    response = client.post(URL, intake_data(incident_regency_province="32", incident_regency__refresh="1"))
    assert response.status_code == 200
    assert "Kota Bandung" in response.text
    assert nothing_saved()


# --- Who may register -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["caseworker", "supervisor", "intake_officer"])
def test_registering_roles_open_the_intake_screen(cast, client, who):
    client.force_login(getattr(cast, who))
    response = client.get(URL)
    assert response.status_code == 200
    assert "Register the case" in response.text


@pytest.mark.parametrize("who", ["psychologist", "legal_aid", "org_admin", "data_officer", "national_admin", "learner"])
def test_other_roles_cannot_register_cases(cast, client, who):
    client.force_login(getattr(cast, who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, intake_data()).status_code == 403
    assert nothing_saved()


def test_a_worker_of_two_organisations_chooses_one_first(cast, client):
    Membership.objects.create(user=cast.caseworker, organisation=cast.other_org, role="caseworker")
    client.force_login(cast.caseworker)
    response = client.get(URL)
    assert "For which organisation" in response.text
    assert cast.other_org.name in response.text
    client.post(f"{URL}?organisation={cast.other_org.pk}", intake_data())
    assert Case.objects.get().organisation == cast.other_org


def test_an_organisation_the_worker_does_not_register_for_cannot_be_chosen(cast, client):
    Membership.objects.create(user=cast.caseworker, organisation=cast.other_org, role="data_officer")
    client.force_login(cast.caseworker)
    client.post(f"{URL}?organisation={cast.other_org.pk}", intake_data())
    assert Case.objects.get().organisation == cast.org


def test_the_case_manager_must_be_a_caseworker_or_supervisor_of_the_organisation(cast, client):
    client.force_login(cast.caseworker)
    for who in (cast.psychologist, cast.other_caseworker):
        response = client.post(URL, intake_data(case_manager=str(who.pk)))
        assert response.status_code == 400
    assert nothing_saved()


# --- Linking an existing person ---------------------------------------------------------------


def test_an_existing_person_is_linked_instead_of_recorded_again(cast, client):
    existing = make_person(cast.org, cast.caseworker, full_name="Dewi Lestari Contoh", date_of_birth=date(2012, 3, 1))
    client.force_login(cast.caseworker)
    response = client.post(URL, intake_data(client_person=str(existing.pk), **{"client__full_name": ""}))
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.victims.get().person == existing
    assert not Person.objects.filter(full_name="Dewi Lestari Contoh").exclude(pk=existing.pk).exists()


def test_a_likely_duplicate_must_be_linked_or_declined(cast, client):
    existing = make_person(cast.org, cast.caseworker, full_name="Dewi Lestari Contoh", date_of_birth=date(2011, 7, 1))
    client.force_login(cast.caseworker)
    response = client.post(URL, intake_data())
    assert response.status_code == 400
    assert "may be this client" in response.text
    assert f'value="{existing.pk}"' in response.text
    assert not Case.objects.exists()
    response = client.post(URL, intake_data(client_person="new"))
    assert response.status_code == 302
    assert Person.objects.filter(full_name="Dewi Lestari Contoh").count() == 2


def test_a_person_of_another_organisation_cannot_be_linked(cast, client):
    theirs = make_person(cast.other_org, cast.other_caseworker, full_name="Dewi Lestari Contoh")
    client.force_login(cast.caseworker)
    response = client.post(URL, intake_data(client_person=str(theirs.pk)))
    assert response.status_code == 400
    assert "Choose a person from the list." in response.text
    assert not Case.objects.exists()
