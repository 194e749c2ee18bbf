"""Anonymising a case past retention (sigap.privacy.retention) takes the online records' free text and
the evidence files with it, and keeps what the statistics count."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sigap.cases.models import Attachment
from sigap.online import actions
from sigap.online.models import CustodyTransfer, Evidence, OffenderAccount, OnlineIncident, Takedown
from sigap.online.tests.conftest import png, stored_files
from sigap.privacy.retention import anonymise_case

pytestmark = pytest.mark.django_db


def test_anonymising_an_online_case_blanks_its_text_and_deletes_the_evidence_file(
    cast, case, incident, media, django_capture_on_commit_callbacks
):
    actions.add_offender_account(
        incident, actor=cast.caseworker, platform="instagram", handle="@akun.palsu.contoh", known_to_victim="unknown"
    )
    evidence = actions.record_evidence(
        case,
        actor=cast.caseworker,
        data=actions.EvidenceInput(
            kind="context_screenshot",
            description="Tangkapan layar percakapan (sintetis).",
            url="https://example.com/p/123",
            no_sexual_image_confirmed=True,
            upload=png(),
        ),
    )
    actions.record_custody(
        evidence, actor=cast.caseworker, handed_to="Penyidik Contoh, Unit Siber", handed_at=timezone.now()
    )
    actions.create_takedown(
        case,
        actor=cast.caseworker,
        data=actions.TakedownInput(
            platform="instagram", channel="platform", url="https://example.com/p/123", notes="Catatan (sintetis)."
        ),
    )
    assert stored_files(media)

    with django_capture_on_commit_callbacks(execute=True):
        anonymise_case(case)

    incident = OnlineIncident.objects.get()
    assert incident.description == "" and incident.harm_types == ["sextortion"]
    assert OffenderAccount.objects.get().handle == ""
    evidence = Evidence.objects.get()
    assert (evidence.description, evidence.url, evidence.attachment_id) == ("", "", None)
    assert evidence.kind == "context_screenshot"
    assert CustodyTransfer.objects.get().handed_to == ""
    takedown = Takedown.objects.get()
    assert (takedown.url, takedown.notes, takedown.platform) == ("", "", "instagram")
    assert not Attachment.objects.exists()
    assert not stored_files(media)


def test_the_victims_person_export_includes_her_online_incident_and_evidence(cast, case, incident):
    from sigap.privacy.access import exported_cases
    from sigap.privacy.actions import export_person
    from sigap.privacy.export import export_pdf

    actions.record_evidence(
        case,
        actor=cast.caseworker,
        data=actions.EvidenceInput(
            kind="url", description="Unggahan akun palsu (sintetis).", url="https://example.com/x"
        ),
    )
    person = case.victims.get().person
    data = export_person(person, actor=cast.caseworker, cases=exported_cases(cast.caseworker, person))
    record = data["cases"][0]
    assert record["online_incidents"][0]["description"] == "Akun palsu meminta uang (sintetis)."
    assert record["online_evidence"][0]["url"] == "https://example.com/x"
    assert record["takedowns"] == []
    assert export_pdf(data).startswith(b"%PDF")
