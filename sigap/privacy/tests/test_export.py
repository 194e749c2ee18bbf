"""Exporting everything Sigap holds about a person: content, access, the encrypted package, the log."""

from __future__ import annotations

import base64
import io
import json

import pytest
import pyzipper
from django.urls import reverse

from sigap.audit.models import AccessAction, AccessLog, AuditEvent
from sigap.cases import actions as case_actions
from sigap.cases.models import CaseTeamMember
from sigap.cases.tests.factories import pdf_text
from sigap.organisations.tests.helpers import queries_for
from sigap.privacy import actions
from sigap.privacy.access import exported_cases
from sigap.privacy.tests.factories import receive

pytestmark = pytest.mark.django_db


def api_url(person) -> str:
    return f"/api/v1/persons/{person.pk}/export/"


@pytest.fixture
def victim(old_case):
    return old_case.victims.get().person


def test_the_json_export_holds_the_person_their_cases_and_the_work_on_them(cast, client, recent_case):
    person = recent_case.victims.get().person
    client.force_login(cast.caseworker)
    response = client.get(api_url(person))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    data = response.json()
    assert data["format"] == "sigap-person-export/1"
    assert data["person"]["full_name"] == "Rina Contoh"
    [case] = data["cases"]
    assert case["number"] == recent_case.number
    assert case["roles"] == ["main_client"]
    assert case["stage"] == "closed"
    assert case["forms_of_violence"] == ["fisik"]
    assert case["intake_narrative"] == "Narasi sintetis tentang kejadian."
    assert case["assessments"][0]["summary"] == "Ringkasan asesmen."
    assert case["plans"][0]["goals"][0]["goal"] == "Anak merasa aman dan pulih."
    assert case["services"][0]["service"] == "psikologis"
    assert case["follow_ups"][0]["progress"] == "Kemajuan sintetis."
    assert case["closures"][0]["details"] == "Detail sintetis."
    assert case["attachments"][0]["title"] == "Surat sintetis"
    assert data["consents"] == []


def test_restricted_notes_are_exported_only_to_those_who_may_read_them(cast, client, recent_case):
    person = recent_case.victims.get().person
    client.force_login(cast.caseworker)
    notes = [n["body"] for n in client.get(api_url(person)).json()["cases"][0]["notes"]]
    assert notes == ["Catatan biasa sintetis."]
    client.force_login(cast.supervisor)
    notes = [n["body"] for n in client.get(api_url(person)).json()["cases"][0]["notes"]]
    assert "Catatan terbatas sintetis." in notes


def test_an_alleged_perpetrators_export_holds_no_record_of_what_the_victim_told(cast, client, recent_case):
    perpetrator = recent_case.perpetrators.get().person
    client.force_login(cast.caseworker)
    [case] = client.get(api_url(perpetrator)).json()["cases"]
    assert case["roles"] == ["alleged_perpetrator:tetangga"]
    assert "intake_narrative" not in case
    assert "notes" not in case and "assessments" not in case


def test_caseworker_of_another_organisation_gets_404(cast, client, recent_case):
    person = recent_case.victims.get().person
    client.force_login(cast.other_caseworker)
    assert client.get(api_url(person)).status_code == 404
    assert client.post(f"{api_url(person)}package/").status_code == 404
    assert client.get(reverse("privacy:person_export", args=[person.pk])).status_code == 404


def test_a_colleague_who_cannot_see_the_person_gets_404(cast, client, recent_case):
    person = recent_case.victims.get().person
    client.force_login(cast.caseworker2)
    assert client.get(api_url(person)).status_code == 404


def test_a_team_member_whose_role_holds_no_personal_data_gets_403(cast, client, recent_case):
    person = recent_case.victims.get().person
    # Defence in depth: even if such a role ended up on a case team, it may not export.
    CaseTeamMember.objects.create(case=recent_case, user=cast.data_officer, added_by=cast.supervisor)
    client.force_login(cast.data_officer)
    assert client.get(api_url(person)).status_code == 403
    assert client.post(reverse("privacy:person_export", args=[person.pk])).status_code == 403


def test_every_export_is_logged_without_the_name(cast, client, recent_case):
    person = recent_case.victims.get().person
    client.force_login(cast.caseworker)
    client.get(api_url(person))
    client.post(f"{api_url(person)}package/")
    events = AuditEvent.objects.filter(verb="person.exported", object_id=str(person.pk)).order_by("id")
    assert [e.details["format"] for e in events] == ["json", "encrypted_zip"]
    assert all(e.actor == cast.caseworker and "Rina" not in e.object_label for e in events)
    exports = AccessLog.objects.filter(action=AccessAction.EXPORT, object_id=str(person.pk), user=cast.caseworker)
    assert exports.count() == 2


def test_the_package_is_an_aes_256_zip_that_opens_only_with_its_one_time_passphrase(cast, client, recent_case):
    person = recent_case.victims.get().person
    client.force_login(cast.caseworker)
    body = client.post(f"{api_url(person)}package/").json()
    content = base64.b64decode(body["content_base64"])
    with pyzipper.AESZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        assert all(info.flag_bits & 0x1 for info in archive.infolist())  # every entry encrypted
        with pytest.raises(RuntimeError):
            archive.read(names[0], pwd=b"wrong-passphrase")
        archive.setpassword(body["passphrase"].encode())
        data = json.loads(archive.read(next(n for n in names if n.endswith(".json"))))
        pdf = archive.read(next(n for n in names if n.endswith(".pdf")))
    assert data["person"]["full_name"] == "Rina Contoh"
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "Main client" in text and "Physical" in text  # the readable PDF shows labels, not codes
    assert "Catatan biasa sintetis." in text and "Catatan terbatas" not in text
    assert body["file_name"].endswith(".zip")
    # Never stored: not in the audit log.
    assert body["passphrase"] not in str(list(AuditEvent.objects.values_list("details", flat=True)))
    second = client.post(f"{api_url(person)}package/").json()
    assert second["passphrase"] != body["passphrase"]


def test_the_person_page_offers_the_export_and_the_screen_shows_the_passphrase_once(cast, client, recent_case):
    person = recent_case.victims.get().person
    client.force_login(cast.caseworker)
    page = client.get(reverse("cases:person", args=[person.pk])).content.decode()
    export_url = reverse("privacy:person_export", args=[person.pk])
    assert export_url in page
    assert "7-Zip" in client.get(export_url).content.decode()
    response = client.post(export_url)
    html = response.content.decode()
    assert response["Cache-Control"] == "no-store, private"
    assert 'id="passphrase"' in html
    assert 'href="data:application/zip;base64,' in html
    assert AuditEvent.objects.filter(verb="person.exported").count() == 1


def test_the_dpo_exports_the_person_an_access_request_is_about(cast, client, recent_case):
    person = recent_case.victims.get().person
    subject_request = receive(cast, kind="access", person=person)
    client.force_login(cast.dpo)
    response = client.post(reverse("privacy:request_export", args=[subject_request.pk]))
    assert 'id="passphrase"' in response.content.decode()
    # The DPO's export covers every case of the person in the organisation, without restricted notes.
    assert list(exported_cases(cast.dpo, person)) == [recent_case]
    data = actions.export_person(person, actor=cast.dpo, cases=exported_cases(cast.dpo, person))
    assert [n["body"] for n in data["cases"][0]["notes"]] == ["Catatan biasa sintetis."]


def test_the_exports_query_count_does_not_grow_with_more_notes_and_services(
    cast, client, case, django_assert_num_queries
):
    person = case.victims.get().person
    client.force_login(cast.caseworker)
    expected = queries_for(client, api_url(person))
    for index in range(5):
        case_actions.add_note(case, actor=cast.caseworker, body=f"Catatan {index}")
    with django_assert_num_queries(expected):
        client.get(api_url(person))


def test_a_guided_assessment_is_exported_with_its_answers_and_their_questions(cast, client):
    from django.core.management import call_command

    from sigap.cases.actions import guided
    from sigap.cases.tests.factories import make_case

    call_command("load_forms", verbosity=0)
    case = make_case(cast.org, cast.caseworker)
    assessment = guided.start_assessment(case, actor=cast.caseworker)
    guided.save_guided_assessment(
        assessment, actor=cast.caseworker, answers={"safety_need": "Tempat aman (sintetis)", "summary": "Ringkasan."}
    )
    client.force_login(cast.caseworker)
    data = client.get(api_url(case.victims.get().person)).json()
    [exported] = data["cases"][0]["assessments"]
    assert exported["form"]["form"] == "psychosocial-assessment" and exported["form"]["version"] == 1
    answers = [a for s in exported["form"]["sections"] for a in s["answers"]]
    assert {"key": "safety_need", "question": "Need in this area", "answer": "Tempat aman (sintetis)"} in answers
