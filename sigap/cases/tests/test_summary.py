"""The printable case summary (page and server-made PDF): the essentials, never restricted notes,
logged, and only for people who may see the case."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from sigap.audit.models import AccessAction, AccessLog
from sigap.cases import actions
from sigap.cases.models import Note
from sigap.cases.tests.factories import pdf_text

pytestmark = pytest.mark.django_db

SECRET = "Catatan konseling sintetis: rahasia-uji-4410"
NORMAL = "Kunjungan rumah sintetis berjalan baik"


@pytest.fixture
def noted_case(cast, case):
    actions.add_team_member(case, actor=cast.caseworker, user=cast.psychologist, access="read")
    actions.add_note(case, actor=cast.psychologist, body=SECRET, visibility=Note.Visibility.RESTRICTED)
    actions.add_note(case, actor=cast.caseworker, body=NORMAL)
    actions.record_screening(case, actor=cast.caseworker, summary="Skrining awal sintetis", risk_level="medium")
    actions.record_service(
        case,
        actor=cast.caseworker,
        service_type="pengaduan",
        delivered_on=date(2026, 1, 5),
        provider_name="Layanan sintetis",
        outcome="Hasil layanan sintetis",
    )
    return case


def test_summary_page_shows_the_essentials_and_is_logged(cast, client, noted_case):
    client.force_login(cast.caseworker)
    response = client.get(reverse("cases:summary", args=[noted_case.pk]))

    assert response.status_code == 200
    page = response.text
    for expected in [noted_case.number, "Sinta Contoh", "Skrining awal sintetis", "Hasil layanan sintetis", NORMAL]:
        assert expected in page
    assert "no-store" in response["Cache-Control"]
    assert AccessLog.objects.filter(action=AccessAction.PRINT, user=cast.caseworker, case_id=noted_case.pk).exists()


@pytest.mark.parametrize("who", ["caseworker", "psychologist", "supervisor"])
def test_summary_page_never_shows_restricted_notes_even_to_those_who_may_read_them(cast, client, noted_case, who):
    client.force_login(getattr(cast, who))
    response = client.get(reverse("cases:summary", args=[noted_case.pk]))
    assert response.status_code == 200
    assert SECRET not in response.text


def test_summary_page_has_print_styles_and_no_inline_script_or_style(cast, client, case):
    client.force_login(cast.caseworker)
    page = client.get(reverse("cases:summary", args=[case.pk])).text
    assert "sigap/summary.css" in page
    assert "<style" not in page and 'style="' not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)


def test_pdf_is_made_on_the_server_without_restricted_notes_and_is_logged(cast, client, noted_case):
    client.force_login(cast.supervisor)
    response = client.get(reverse("cases:summary_pdf", args=[noted_case.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == f'attachment; filename="{noted_case.number}-summary.pdf"'
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert noted_case.number in text
    assert "Kunjungan rumah sintetis" in text  # proves the text check can see notes at all
    assert "rahasia-uji-4410" not in text
    assert AccessLog.objects.filter(action=AccessAction.PRINT, user=cast.supervisor, case_id=noted_case.pk).exists()


def test_pdf_prints_names_beyond_latin_1(cast, client):
    from sigap.cases.tests.factories import make_case

    case = make_case(cast.org, cast.caseworker, victim_values={"full_name": "Zulaikhâ Ṣaputri Nguyễn"})
    client.force_login(cast.caseworker)
    response = client.get(reverse("cases:summary_pdf", args=[case.pk]))
    assert b"DejaVuSans" in response.content  # the embedded font, not a Latin-1 built-in
    assert "Zulaikhâ Ṣaputri Nguyễn" in pdf_text(response.content)


def test_pdf_of_an_empty_case_still_renders(cast, client, case):
    client.force_login(cast.caseworker)
    response = client.get(reverse("cases:summary_pdf", args=[case.pk]))
    assert response.content.startswith(b"%PDF")
    assert "No case plan yet." in pdf_text(response.content)


@pytest.mark.parametrize("name", ["cases:summary", "cases:summary_pdf"])
@pytest.mark.parametrize("who", ["other_caseworker", "caseworker2", "data_officer"])
def test_summary_is_404_for_someone_who_cannot_see_the_case_and_nothing_is_logged(cast, client, case, name, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse(name, args=[case.pk])).status_code == 404
    assert not AccessLog.objects.exists()
