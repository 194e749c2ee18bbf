"""The competency registry, the warning when a case manager is uncertified, and mentoring."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from sigap.cases.tests.factories import case_in_stage
from sigap.learning import actions
from sigap.learning.models import MentorProfile
from sigap.learning.tests.test_events import as_user

pytestmark = pytest.mark.django_db


def certify(cast, event, user):
    participant = actions.add_participant(event, actor=cast.trainer, user=user)
    return actions.issue_certificate(participant, actor=cast.trainer, reason="Alasan yang cukup panjang")


def test_coverage_by_province_counts_case_managers_with_a_valid_certificate(cast, event):
    certify(cast, event, cast.caseworker)
    rows = as_user(cast.data_officer).get("/api/v1/competency/coverage/").json()
    jabar = next(row for row in rows if row["code"] == "32")
    assert jabar["workers"] == 3 and jabar["certified"] == 1  # two caseworkers and a supervisor
    assert jabar["share"] == 33.3
    page = as_user(cast.data_officer).get("/learning/competency/")
    assert b"33.3%" in page.content


def test_a_revoked_certificate_no_longer_counts(cast, event):
    certificate = certify(cast, event, cast.caseworker)
    actions.revoke_certificate(certificate, actor=cast.trainer, reason="Data kehadiran keliru")
    rows = as_user(cast.data_officer).get("/api/v1/competency/coverage/").json()
    assert next(row for row in rows if row["code"] == "32")["certified"] == 0


def test_a_caseworker_gets_403_on_coverage(cast):
    assert as_user(cast.caseworker).get("/api/v1/competency/coverage/").status_code == 403
    assert as_user(cast.caseworker).get("/learning/competency/").status_code == 403


def test_assigning_an_uncertified_case_manager_warns_and_counts_in_the_supervisors_report(cast, event):
    case = case_in_stage(cast.org, cast.caseworker, cast.supervisor, "assessment")
    client = as_user(cast.supervisor)
    response = client.post(f"/cases/{case.pk}/assign/", {"case_manager": cast.caseworker.pk}, follow=True)
    assert b"holds no valid case-management training certificate" in response.content
    team = client.get("/api/v1/competency/team/").json()
    assert [(row["full_name"], row["case_management"], row["open_cases"]) for row in team] == [
        ("Test Caseworker", False, 1)
    ]
    assert b"uncertified-load" in client.get("/learning/competency/").content
    certify(cast, event, cast.caseworker)
    response = client.post(f"/cases/{case.pk}/assign/", {"case_manager": cast.caseworker.pk}, follow=True)
    assert b"holds no valid case-management" not in response.content


def test_the_assign_api_carries_the_same_warning_and_the_supervisors_report_counts_the_case(cast, event):
    case = case_in_stage(cast.org, cast.caseworker, cast.supervisor, "assessment")
    client = as_user(cast.supervisor)
    response = client.post(
        f"/api/v1/cases/{case.pk}/assign/", {"case_manager": str(cast.caseworker.pk)}, "application/json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["case_manager"] == str(cast.caseworker.pk)
    assert len(body["warnings"]) == 1 and "holds no valid case-management training certificate" in body["warnings"][0]
    team = {
        row["full_name"]: (row["case_management"], row["open_cases"])
        for row in client.get("/api/v1/competency/team/").json()
    }
    assert team["Test Caseworker"] == (False, 1)
    certify(cast, event, cast.caseworker)
    again = client.post(
        f"/api/v1/cases/{case.pk}/assign/", {"case_manager": str(cast.caseworker.pk)}, "application/json"
    )
    assert again.json()["warnings"] == []
    team = {
        row["full_name"]: (row["case_management"], row["open_cases"])
        for row in client.get("/api/v1/competency/team/").json()
    }
    assert team["Test Caseworker"] == (True, 1)


def test_only_certified_workers_become_mentors(cast, event):
    with pytest.raises(PermissionDenied):
        actions.become_mentor(actor=cast.caseworker, province=cast.org.province, regency=None, expertise="Kasus daring")
    certify(cast, event, cast.caseworker)
    as_user(cast.caseworker).post("/learning/mentors/", {"province": cast.org.province_id, "expertise": "Kasus daring"})
    assert MentorProfile.objects.get().expertise == "Kasus daring"


def test_mentoring_notes_are_read_by_the_pair_and_the_mentees_supervisor_only(cast, event):
    certify(cast, event, cast.caseworker2)
    profile = actions.become_mentor(
        actor=cast.caseworker2, province=cast.org.province, regency=None, expertise="Asesmen"
    )
    mentee = as_user(cast.caseworker)
    response = mentee.post(f"/learning/mentors/{profile.pk}/ask/")
    pair_url = response["Location"]
    mentee.post(pair_url, {"held_on": "2026-06-01", "topic": "Asesmen risiko", "notes": "Catatan rahasia pasangan"})
    assert b"Catatan rahasia pasangan" in as_user(cast.caseworker2).get(pair_url).content
    assert b"Catatan rahasia pasangan" in as_user(cast.supervisor).get(pair_url).content
    assert as_user(cast.supervisor).post(pair_url, {"held_on": "2026-06-02", "topic": "x"}).status_code == 403
    for outsider in (cast.trainer, cast.org_admin, cast.other_caseworker):
        assert as_user(outsider).get(pair_url).status_code == 404
    assert profile.pairs.get().sessions.get().held_on == date(2026, 6, 1)
