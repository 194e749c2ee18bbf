"""A scanned consent form on an online-abuse case is stored only with the "no sexual image"
confirmation, like every file on such a case (issue #12, item 3). Synthetic PDF skeletons only."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sigap.cases.models import Attachment
from sigap.consent import actions
from sigap.consent.models import Consent
from sigap.consent.tests.factories import consent_input
from sigap.consent.tests.test_screens import form_post, record_url

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% synthetic consent form\n%%EOF\n"


@pytest.fixture
def online(case: Any) -> Any:
    case.is_online = True
    case.save(update_fields=["is_online"])
    return case


def scan() -> SimpleUploadedFile:
    return SimpleUploadedFile("persetujuan.pdf", PDF, content_type="application/pdf")


def test_a_scan_on_an_online_case_needs_the_confirmation(cast, online, client_person, mother, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError) as refused:
        actions.record_consent(
            online, actor=cast.caseworker, person=client_person, data=consent_input(mother, scanned_form=scan())
        )
    assert "Confirm that the file contains no sexual image" in " ".join(refused.value.message_dict["scanned_form"])
    assert not Consent.objects.exists() and not Attachment.objects.exists()
    consent = actions.record_consent(
        online,
        actor=cast.caseworker,
        person=client_person,
        data=consent_input(mother, scanned_form=scan(), no_sexual_image_confirmed=True),
    )
    assert consent.scanned_form is not None


def test_the_consent_form_asks_for_the_confirmation_only_on_an_online_case(
    cast, client, case, client_person, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(cast.caseworker)
    assert "I confirm the file contains no sexual image" not in client.get(record_url(case)).text
    case.is_online = True
    case.save(update_fields=["is_online"])
    assert "I confirm the file contains no sexual image" in client.get(record_url(case)).text
    refused = client.post(record_url(case), form_post(client_person, scanned_form=scan()))
    assert refused.status_code == 400 and not Consent.objects.exists()
    accepted = client.post(
        record_url(case), form_post(client_person, scanned_form=scan(), scan_no_sexual_image_confirmed="on")
    )
    assert accepted.status_code == 302, accepted.text[:2000]
    assert Consent.objects.get().scanned_form is not None
