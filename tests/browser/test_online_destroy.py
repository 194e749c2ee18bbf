"""On a 360px phone, under the CSP: an evidence item's context file that turns out to show a sexual
image is destroyed from the item page — the button, the confirmation page that explains what happens,
then the tombstone (hash, destroyed by) and no download link. Only a 1×1 grey PNG is used."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sigap.cases.models import Attachment
from sigap.cases.tests import files
from sigap.cases.tests.factories import make_case
from sigap.online import actions
from tests.browser.test_case_journey import Unit, click_and_wait
from tests.browser.test_case_journey import unit as unit
from tests.browser.test_online_journey import fits
from tests.browser.test_pages import PHONE, console_errors, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_file_is_destroyed_from_the_evidence_page(live_server, page_factory, unit: Unit, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = make_case(unit.organisation, unit.caseworker, is_online=True)
    item = actions.record_evidence(
        case,
        actor=unit.caseworker,
        data=actions.EvidenceInput(
            kind="context_screenshot",
            description="Tangkapan layar profil (sintetis).",
            upload=SimpleUploadedFile("profil.png", files.PNG, content_type="image/png"),
            no_sexual_image_confirmed=True,
        ),
    )
    sha = item.attachment.sha256
    page = page_factory(PHONE, bypass_csp=False)
    errors = console_errors(page)
    sign_in(page, live_server.url, unit.caseworker)
    page.goto(f"{live_server.url}/cases/{case.pk}/online/evidence/{item.pk}/")
    fits(page)
    click_and_wait(page, page.get_by_role("link", name="This file shows a sexual image — destroy it"))
    fits(page)
    assert "SHA-256 hash" in page.content()
    page.get_by_label("Short reason").fill("Terlihat saat meninjau (sintetis).")
    click_and_wait(page, page.get_by_role("button", name="Destroy the file"))
    fits(page)
    text = page.locator("main").inner_text() if page.locator("main").count() else page.content()
    assert sha in text and "Destroyed by" in text
    assert page.get_by_role("link", name="profil.png").count() == 0
    assert Attachment.objects.get().is_destroyed
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    assert errors == []
