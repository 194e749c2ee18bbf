"""The consent API: consents (list, create, withdraw), the sharing check, and sharing without consent
(list, create, approve, reject); the same access rules as the case."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.cases import actions as case_actions
from sigap.consent import actions
from sigap.consent.models import Consent, SharingOverride
from sigap.consent.tests.factories import ask, consent_input
from sigap.organisations.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate().isoformat()


def url(case, name: str, **kwargs) -> str:
    return reverse(f"api:case-{name}", kwargs={"case_pk": case.pk, **kwargs})


def post(client, path: str, body=None):
    return client.post(path, body or {}, "application/json")


def consent_body(client_person, guardian, **overrides) -> dict:
    body = {
        "person": str(client_person.pk),
        "given_by": "guardian",
        "guardian": str(guardian.pk),
        "guardian_relationship": "mother",
        "assent": "given",
        "explained": True,
        "services": True,
        "method": "written",
        "given_on": TODAY,
    }
    body.update(overrides)
    return body


def test_a_caseworker_records_and_lists_consent(client, cast, case, client_person, mother, hospital):
    client.force_login(cast.caseworker)
    body = consent_body(client_person, mother, share_organisations=[str(hospital.pk)], share_kinds=["legal_aid"])
    response = post(client, url(case, "consent-list"), body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "in_force"
    assert data["share_organisations"] == [str(hospital.pk)]
    listed = client.get(url(case, "consent-list")).json()["results"]
    assert [c["id"] for c in listed] == [data["id"]]


def test_the_api_refuses_a_perpetrator_as_guardian_with_the_reason(client, cast, case, client_person, perpetrator):
    client.force_login(cast.caseworker)
    response = post(client, url(case, "consent-list"), consent_body(client_person, perpetrator))
    assert response.status_code == 400
    assert "alleged perpetrator" in str(response.json()["error"]["fields"]["guardian"])
    assert not Consent.objects.exists()


def test_the_api_refuses_a_child_without_an_assent_decision(client, cast, case, client_person, mother):
    client.force_login(cast.caseworker)
    response = post(client, url(case, "consent-list"), consent_body(client_person, mother, assent=""))
    assert response.status_code == 400
    assert "assent" in response.json()["error"]["fields"]


def test_a_scan_uploaded_before_is_linked(client, cast, case, client_person, mother):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sigap.cases.tests.files import PDF

    scan = case_actions.add_attachment(
        case, actor=cast.caseworker, title="Formulir", upload=SimpleUploadedFile("f.pdf", PDF)
    )
    client.force_login(cast.caseworker)
    response = post(client, url(case, "consent-list"), consent_body(client_person, mother, scanned_form=str(scan.pk)))
    assert response.status_code == 201
    assert response.json()["scanned_form"] == str(scan.pk)


def test_withdrawing_over_the_api(client, cast, case, client_person, mother):
    consent = actions.record_consent(case, actor=cast.caseworker, person=client_person, data=consent_input(mother))
    client.force_login(cast.caseworker)
    path = url(case, "consent-withdraw", pk=consent.pk)
    assert post(client, path, {"withdrawn_on": TODAY, "withdrawn_by": "guardian"}).status_code == 400
    response = post(client, path, {"withdrawn_on": TODAY, "withdrawn_by": "guardian", "reason": "Menolak."})
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"


def test_the_sharing_check_over_the_api(client, cast, case, client_person, mother, hospital):
    client.force_login(cast.caseworker)
    path = url(case, "consent-sharing-check")
    answer = client.get(path, {"purpose": "referral", "organisation": str(hospital.pk)}).json()
    assert answer["allowed"] is False and answer["needs_override"] is True
    assert "no consent in force" in answer["reason"]
    consent = actions.record_consent(
        case, actor=cast.caseworker, person=client_person, data=consent_input(mother, share_organisations=[hospital])
    )
    answer = client.get(
        path, {"purpose": "referral", "organisation": str(hospital.pk), "person": str(client_person.pk)}
    )
    assert answer.json()["allowed"] is True
    assert answer.json()["consent"] == str(consent.pk)
    assert client.get(path, {"purpose": "referral"}).status_code == 400
    assert client.get(path, {"purpose": "gossip", "organisation": str(hospital.pk)}).status_code == 400


def test_sharing_without_consent_over_the_api(client, cast, case, client_person, hospital):
    client.force_login(cast.caseworker)
    body = {
        "person": str(client_person.pk),
        "purpose": "referral",
        "organisation": str(hospital.pk),
        "ground": "best_interests",
        "explanation": "Visum segera.",
    }
    response = post(client, url(case, "sharing-override-list"), body)
    assert response.status_code == 201, response.content
    override_id = response.json()["id"]
    assert post(client, url(case, "sharing-override-approve", pk=override_id)).status_code == 403
    client.force_login(cast.supervisor)
    assert post(client, url(case, "sharing-override-reject", pk=override_id)).status_code == 400
    response = post(client, url(case, "sharing-override-approve", pk=override_id), {"comment": "Setuju."})
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    check = client.get(url(case, "consent-sharing-check"), {"purpose": "referral", "organisation": str(hospital.pk)})
    assert check.json()["basis"] == "override"


# --- Access -------------------------------------------------------------------------------------


def test_another_organisation_gets_404(client, cast, case, client_person, mother):
    consent = actions.record_consent(case, actor=cast.caseworker, person=client_person, data=consent_input(mother))
    client.force_login(cast.other_caseworker)
    assert client.get(url(case, "consent-list")).status_code == 404
    assert client.get(url(case, "consent-detail", pk=consent.pk)).status_code == 404
    assert client.get(url(case, "sharing-override-list")).status_code == 404
    assert post(client, url(case, "consent-list"), consent_body(client_person, mother)).status_code == 404
    path = url(case, "consent-withdraw", pk=consent.pk)
    assert post(client, path, {"withdrawn_on": TODAY, "withdrawn_by": "guardian", "reason": "x"}).status_code == 404


def test_a_read_only_team_member_reads_but_cannot_change(client, cast, case, client_person, mother, hospital):
    consent = actions.record_consent(case, actor=cast.caseworker, person=client_person, data=consent_input(mother))
    case_actions.add_team_member(case, actor=cast.caseworker, user=cast.caseworker2, access="read")
    client.force_login(cast.caseworker2)
    assert client.get(url(case, "consent-list")).status_code == 200
    assert post(client, url(case, "consent-list"), consent_body(client_person, mother)).status_code == 403
    path = url(case, "consent-withdraw", pk=consent.pk)
    assert post(client, path, {"withdrawn_on": TODAY, "withdrawn_by": "guardian", "reason": "x"}).status_code == 403
    body = {"person": str(client_person.pk), "purpose": "referral", "organisation": str(hospital.pk),
            "ground": "best_interests", "explanation": "x"}  # fmt: skip
    assert post(client, url(case, "sharing-override-list"), body).status_code == 403


def test_consent_lists_cost_the_same_queries_however_long(
    client, cast, case, client_person, mother, hospital, django_assert_num_queries
):
    client.force_login(cast.caseworker)
    actions.record_consent(case, actor=cast.caseworker, person=client_person, data=consent_input(mother))
    client.get(url(case, "consent-list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url(case, "consent-list"))
    for _n in range(5):
        actions.record_consent(
            case,
            actor=cast.caseworker,
            person=client_person,
            data=consent_input(mother, share_organisations=[hospital]),
        )
        ngo = Organisation.objects.create(name=f"Tujuan {_n}", kind=OrganisationKind.NGO, province=hospital.province)
        ask(cast, case, client_person, ngo, purpose="transfer")
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(client.get(url(case, "consent-list")).json()["results"]) == 6
    overrides = url(case, "sharing-override-list")
    client.get(overrides)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(overrides).json()["results"]) == 5
    SharingOverride.objects.filter(purpose="transfer").exclude(pk=SharingOverride.objects.first().pk).delete()
    with django_assert_num_queries(len(many.captured_queries)):
        assert len(client.get(overrides).json()["results"]) == 1


def test_a_guardian_must_be_a_person_the_caller_may_see(client, cast, client_person):
    """Need-to-know (issue #12): naming a person by id must not link (and then show) somebody the
    caller may not see, such as a victim on a colleague's case."""
    from sigap.cases.tests.factories import make_case

    colleagues = make_case(cast.org, cast.caseworker, victim_values={"full_name": "Ibu Tersembunyi", "sex": "female"})
    hidden = colleagues.victims.get().person
    mine = make_case(cast.org, cast.caseworker2)
    client.force_login(cast.caseworker2)
    response = post(client, url(mine, "consent-list"), consent_body(mine.victims.get().person, hidden))
    assert response.status_code == 400
    assert "guardian" in response.json()["error"]["fields"]
    assert "Tersembunyi" not in response.content.decode()
