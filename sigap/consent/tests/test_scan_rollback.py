"""A consent whose recording fails after its scanned form was stored leaves no file behind."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sigap.cases.models import Attachment
from sigap.cases.tests.files import PDF
from sigap.consent import actions
from sigap.consent.models import Consent
from sigap.consent.tests.factories import consent_input

pytestmark = pytest.mark.django_db


def test_a_consent_that_fails_after_its_scan_was_stored_leaves_neither_row_nor_file(
    cast, case, client_person, mother, settings, tmp_path: Path
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("persetujuan.pdf", PDF, content_type="application/pdf")
    with (
        mock.patch.object(Consent.objects, "create", side_effect=RuntimeError("worker killed")),
        pytest.raises(RuntimeError),
    ):
        actions.record_consent(
            case, actor=cast.caseworker, person=client_person, data=consent_input(mother, scanned_form=upload)
        )
    assert not Attachment.objects.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
