"""The consent screens: the case page section, recording, withdrawing, the history, and asking for
and deciding on sharing without consent; with the same access rules as the case."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sigap.cases import actions as case_actions
from sigap.cases.models import Person
from sigap.consent import actions
from sigap.consent.models import Consent, SharingOverride
from sigap.consent.tests.factories import ask, consent_input

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate().isoformat()


def record_url(case) -> str:
    return reverse("consent:record", args=[case.pk])


def form_post(client_person, **overrides) -> dict:
    data = {
        "person": str(client_person.pk),
        "given_by": "guardian",
        "guardian": "new",
        "new_guardian_name": "Ibu Baru Contoh",
        "guardian_relationship": "mother",
        "assent": "given",
        "services": "on",
        "method": "written",
        "given_on": TODAY,
        "explained": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_case_page_shows_a_consent_section(cast, client, case):
    client.force_login(cast.caseworker)
    page = client.get(case.get_absolute_url()).text
    assert 'id="consent"' in page
    assert "No consent recorded yet." in page
    assert record_url(case) in page


def test_a_caseworker_records_a_guardians_consent_on_the_form(cast, client, case, client_person, hospital):
    client.force_login(cast.caseworker)
    form = client.get(record_url(case))
    assert form.status_code == 200
    response = client.post(
        record_url(case), form_post(client_person, share_organisations=[str(hospital.pk)], share_kinds=["legal_aid"])
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    consent = Consent.objects.get()
    assert consent.guardian.full_name == "Ibu Baru Contoh"
    assert consent.guardian.organisation == cast.org
    assert list(consent.share_organisations.all()) == [hospital]
    assert consent.share_kinds == ["legal_aid"]
    page = client.get(case.get_absolute_url()).text
    assert "In force" in page and "Ibu Baru Contoh" in page and "RSUD Contoh (test)" in page


def test_an_alleged_perpetrator_is_not_offered_as_guardian_and_is_refused(
    cast, client, case, client_person, perpetrator
):
    client.force_login(cast.caseworker)
    assert "Ayah Contoh" not in client.get(record_url(case)).text
    response = client.post(record_url(case), form_post(client_person, guardian=str(perpetrator.pk)))
    assert response.status_code == 400
    assert not Consent.objects.exists()


def test_the_reporter_is_offered_as_guardian(cast, client):
    from sigap.cases.tests.factories import make_case, make_person

    reporter = make_person(cast.org, cast.caseworker, full_name="Nenek Pelapor")
    case = make_case(cast.org, cast.caseworker, reporter=reporter)
    client.force_login(cast.caseworker)
    response = client.post(
        record_url(case),
        form_post(case.victims.get().person, guardian=str(reporter.pk), guardian_relationship="grandparent"),
    )
    assert response.status_code == 302
    assert Consent.objects.get().guardian == reporter


def test_the_form_shows_why_a_childs_consent_was_refused(cast, client, case, client_person):
    client.force_login(cast.caseworker)
    response = client.post(record_url(case), form_post(client_person, assent=None, new_guardian_name=""))
    assert response.status_code == 400
    assert "Give the name of the parent or guardian." in response.text
    response = client.post(record_url(case), form_post(client_person, assent=None, services=None))
    assert response.status_code == 400
    assert "Record the child&#x27;s assent" in response.text
    assert "Choose at least one thing that was consented to." in response.text
    assert not Consent.objects.exists()
    assert not Person.objects.filter(full_name="Ibu Baru Contoh").exists()  # nothing half-saved


def test_every_field_of_the_consent_form_has_a_label(cast, client, case):
    client.force_login(cast.caseworker)
    page = client.get(record_url(case)).text
    ids = set(re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', page))
    labelled = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', page))
    assert ids and ids <= labelled, ids - labelled


def test_withdrawing_on_the_screen_keeps_the_consent(cast, client, case, client_person, mother):
    consent = actions.record_consent(case, actor=cast.caseworker, person=client_person, data=consent_input(mother))
    client.force_login(cast.caseworker)
    url = reverse("consent:withdraw", args=[case.pk, consent.pk])
    assert client.post(url, {"withdrawn_by": "guardian", "withdrawn_on": TODAY}).status_code == 400
    response = client.post(url, {"withdrawn_by": "guardian", "withdrawn_on": TODAY, "reason": "Keluarga menolak."})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.is_withdrawn
    assert "Withdrawn" in client.get(case.get_absolute_url()).text


def test_sharing_without_consent_is_asked_for_and_approved_by_the_supervisor(
    cast, client, case, client_person, hospital
):
    client.force_login(cast.caseworker)
    new_url = reverse("consent:override_new", args=[case.pk])
    assert client.get(new_url).status_code == 200
    body = {
        "person": str(client_person.pk),
        "purpose": "referral",
        "organisation": str(hospital.pk),
        "ground": "best_interests",
        "explanation": "Visum segera; ibu tidak dapat dihubungi.",
    }
    response = client.post(new_url, body)
    assert response.status_code == 302
    override = SharingOverride.objects.get()
    detail = reverse("consent:override", args=[case.pk, override.pk])
    assert "Waiting for a supervisor of the case." in client.get(detail).text
    assert client.post(detail, {"decision": "approve"}).status_code == 403

    client.force_login(cast.supervisor)
    assert detail in client.get(reverse("core:home")).text
    assert "Approve sharing without consent" in client.get(detail).text
    assert client.post(detail, {"decision": "reject"}).status_code == 400  # a refusal says why
    assert client.post(detail, {"decision": "approve", "comment": "Disetujui."}).status_code == 302
    override.refresh_from_db()
    assert override.status == SharingOverride.Status.APPROVED
    assert detail not in client.get(reverse("core:home")).text


def test_a_supervisor_cannot_decide_their_own_request_on_the_screen(cast, client, case, client_person, hospital):
    override = ask(cast, case, client_person, hospital, ground="imminent_danger", actor=cast.supervisor)
    client.force_login(cast.supervisor)
    detail = reverse("consent:override", args=[case.pk, override.pk])
    assert "so another supervisor must decide" in client.get(detail).text
    assert client.post(detail, {"decision": "approve"}).status_code == 403


# --- Access ---------------------------------------------------------------------------------------


def _urls(case, consent, override) -> dict[str, str]:
    return {
        "history": reverse("consent:history", args=[case.pk]),
        "record": record_url(case),
        "withdraw": reverse("consent:withdraw", args=[case.pk, consent.pk]),
        "override_new": reverse("consent:override_new", args=[case.pk]),
        "override": reverse("consent:override", args=[case.pk, override.pk]),
    }


@pytest.fixture
def records(cast, case, client_person, mother, hospital):
    consent = actions.record_consent(case, actor=cast.caseworker, person=client_person, data=consent_input(mother))
    override = ask(cast, case, client_person, hospital)
    return _urls(case, consent, override)


@pytest.mark.parametrize("name", ["history", "record", "withdraw", "override_new", "override"])
def test_another_organisation_gets_404(cast, client, records, name):
    client.force_login(cast.other_caseworker)
    assert client.get(records[name]).status_code == 404


@pytest.mark.parametrize("name", ["record", "withdraw", "override_new"])
def test_a_read_only_team_member_gets_403_on_changes(cast, client, case, records, name):
    case_actions.add_team_member(case, actor=cast.caseworker, user=cast.caseworker2, access="read")
    client.force_login(cast.caseworker2)
    assert client.get(records[name]).status_code == 403
    assert client.post(records[name], {}).status_code == 403


def test_a_read_only_team_member_reads_the_consent_records(cast, client, case, records):
    case_actions.add_team_member(case, actor=cast.caseworker, user=cast.caseworker2, access="read")
    client.force_login(cast.caseworker2)
    assert client.get(records["history"]).status_code == 200
    assert client.get(records["override"]).status_code == 200
    page = client.get(case.get_absolute_url()).text
    assert "In force" in page and record_url(case) not in page


# --- Query counts -------------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_history_costs_the_same_queries_however_many_consents(cast, client, case, client_person, mother, hospital):
    client.force_login(cast.caseworker)
    url = reverse("consent:history", args=[case.pk])
    actions.record_consent(case, actor=cast.caseworker, person=client_person, data=consent_input(mother))
    few = _queries(client, url)
    for _n in range(6):
        actions.record_consent(
            case,
            actor=cast.caseworker,
            person=client_person,
            data=consent_input(mother, share_organisations=[hospital], police_report=True),
        )
    assert _queries(client, url) == few


def test_the_case_page_section_costs_the_same_queries_however_many_records(
    cast, client, case, client_person, mother, hospital
):
    client.force_login(cast.caseworker)
    url = case.get_absolute_url()
    actions.record_consent(case, actor=cast.caseworker, person=client_person, data=consent_input(mother))
    few = _queries(client, url)
    for _n in range(3):
        actions.record_consent(
            case,
            actor=cast.caseworker,
            person=client_person,
            data=consent_input(mother, share_organisations=[hospital]),
        )
    ask(cast, case, client_person, None, purpose="police_report", ground="legal_duty")
    assert _queries(client, url) == few
