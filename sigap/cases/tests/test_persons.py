"""Person pages: seen by who sees one of the person's cases, corrected without lost updates."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.cases import actions
from sigap.cases.actions.persons import update_person
from sigap.cases.models import Person
from sigap.cases.tests.factories import make_case, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def victim(case) -> Person:
    return case.victims.get().person


def page(person: Person) -> str:
    return reverse("cases:person", args=[person.pk])


def edit_page(person: Person) -> str:
    return reverse("cases:person_edit", args=[person.pk])


def edit_data(person: Person, **changes: str) -> dict[str, str]:
    data = {
        "person-full_name": person.full_name,
        "person-sex": person.sex,
        "person-date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else "",
        "person-nationality": person.nationality,
        "version": str(person.version),
    }
    data.update({(k if k == "version" else f"person-{k}"): v for k, v in changes.items()})
    return data


# --- Seeing a person --------------------------------------------------------------------------


def test_case_manager_sees_the_person_and_their_cases(cast, client, case, victim):
    client.force_login(cast.caseworker)
    response = client.get(page(victim))
    assert response.status_code == 200
    assert victim.full_name in response.text
    assert case.number in response.text
    assert "Correct the details" in response.text


@pytest.mark.parametrize("who", ["caseworker2", "psychologist", "org_admin", "data_officer", "other_caseworker"])
def test_nobody_without_one_of_their_cases_sees_the_person(cast, client, victim, who):
    client.force_login(getattr(cast, who))
    assert client.get(page(victim)).status_code == 404
    assert client.get(edit_page(victim)).status_code == 404


def test_a_read_only_team_member_sees_but_cannot_correct(cast, client, case, victim):
    actions.add_team_member(case, actor=cast.caseworker, user=cast.psychologist, access="read")
    client.force_login(cast.psychologist)
    response = client.get(page(victim))
    assert response.status_code == 200
    assert "Correct the details" not in response.text
    assert client.get(edit_page(victim)).status_code == 403
    assert client.post(edit_page(victim), edit_data(victim, full_name="Changed")).status_code == 403
    victim.refresh_from_db()
    assert victim.full_name == "Sinta Contoh"


def test_perpetrators_and_reporters_have_pages_too(cast, client):
    reporter = make_person(cast.org, cast.caseworker, full_name="Pelapor Contoh")
    case = make_case(cast.org, cast.caseworker, reporter=reporter, perpetrators=[("Pelaku Contoh", "tetangga", False)])
    client.force_login(cast.caseworker)
    assert client.get(page(reporter)).status_code == 200
    assert client.get(page(case.perpetrators.get().person)).status_code == 200


# --- Correcting a person ----------------------------------------------------------------------


def test_case_manager_corrects_the_details(cast, client, case, victim):
    client.force_login(cast.caseworker)
    response = client.post(edit_page(victim), edit_data(victim, full_name="Sinta Contoh Baru", occupation="Pelajar"))
    assert response.status_code == 302
    victim.refresh_from_db()
    assert (victim.full_name, victim.occupation, victim.version) == ("Sinta Contoh Baru", "Pelajar", 2)
    case.refresh_from_db()
    assert case.primary_client_name == "Sinta Contoh Baru"
    assert case.timeline.filter(verb="person_updated").exists()
    event = AuditEvent.objects.get(verb="cases.person_updated", object_type="cases.person")
    assert event.details == {"fields": ["full_name", "occupation"]}


def test_an_age_replaces_an_unknown_date_of_birth(cast, client, victim):
    client.force_login(cast.caseworker)
    client.post(edit_page(victim), edit_data(victim, date_of_birth="", estimated_age="10"))
    victim.refresh_from_db()
    assert victim.age() == 10
    assert victim.birth_date_estimated


def test_an_invalid_nik_is_refused(cast, client, victim):
    client.force_login(cast.caseworker)
    response = client.post(edit_page(victim), edit_data(victim, nik="1234"))
    assert response.status_code == 400
    assert "A NIK has exactly 16 digits." in response.text
    victim.refresh_from_db()
    assert victim.nik == ""


def test_a_stale_form_does_not_overwrite_a_newer_save(cast, client, victim):
    client.force_login(cast.caseworker)
    stale = edit_data(victim, full_name="From the old form")
    update_person(victim, actor=cast.supervisor, values={"occupation": "Pelajar"}, expected_version=1)
    response = client.post(edit_page(victim), stale)
    assert response.status_code == 409
    assert "Somebody else changed this record while you were editing it." in response.text
    assert 'name="version" value="2"' in response.text
    assert 'value="From the old form"' in response.text
    victim.refresh_from_db()
    assert (victim.full_name, victim.occupation) == ("Sinta Contoh", "Pelajar")
    # Saving again is a deliberate choice over the newer version.
    client.post(edit_page(victim), {**stale, "version": "2", "person-occupation": "Pelajar"})
    victim.refresh_from_db()
    assert victim.full_name == "From the old form"


def test_the_verb_refuses_a_colleague_without_edit_access(cast, victim):
    with pytest.raises(PermissionDenied):
        update_person(victim, actor=cast.caseworker2, values={"full_name": "X"})
