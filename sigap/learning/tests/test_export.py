"""The report as files: the CSV and the Excel workbook (read back with openpyxl)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from sigap.learning import actions

pytestmark = pytest.mark.django_db


def as_user(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def cohort(event: Any, cast: Any) -> None:
    first = actions.add_participant(
        event,
        actor=cast.trainer,
        values={"full_name": "=HYPERLINK(1)", "province": cast.org.province, "regency": cast.org.regency},
    )
    second = actions.add_participant(
        event, actor=cast.trainer, values={"full_name": "@Budi", "province": cast.org.province}
    )
    actions.mark_attendance(event.sessions.order_by("order").first(), actor=cast.trainer, present=[first.pk, second.pk])
    actions.record_scores(first, actor=cast.trainer, pre=40, post=80)
    actions.record_scores(second, actor=cast.trainer, pre=60, post=90)


def read(content: bytes) -> Any:
    return load_workbook(BytesIO(content), read_only=True)


def test_trainer_downloads_the_report_as_a_workbook_with_the_summary_and_the_participants(cast, event):
    cohort(event, cast)
    response = as_user(cast.trainer).get(f"/learning/events/{event.pk}/report.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Cache-Control"] == "no-store, private"
    assert 'filename="training-2026-03-02.xlsx"' in response["Content-Disposition"]
    book = read(response.content)
    assert book.sheetnames == ["Summary", "Participants"]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)}
    assert summary["Participants"] == 2
    assert summary["Provinces"] == 1
    assert summary["Regencies/cities"] == 1
    assert summary["Attendance rate (%)"] == 50.0  # 2 of 4
    assert summary["Mean pre-test"] == 50.0 and summary["Mean post-test"] == 85.0
    assert summary["Certificates issued"] == 0
    rows = list(book["Participants"].iter_rows(values_only=True))
    assert rows[0][0] == "Name" and rows[0][-1] == "Certificate"
    names = [row[0] for row in rows[1:]]
    assert names == ["'=HYPERLINK(1)", "'@Budi"]  # text, never a formula
    assert rows[1][5] == 1 and rows[1][6] == 40.0 and rows[1][7] == 80.0


def test_workbook_is_in_indonesian_for_an_indonesian_reader(cast, event):
    cohort(event, cast)
    cast.trainer.language = "id"
    cast.trainer.save(update_fields=["language"])
    client = as_user(cast.trainer)
    book = read(client.get(f"/learning/events/{event.pk}/report.xlsx").content)
    assert book.sheetnames == ["Ringkasan", "Peserta"]
    assert book["Ringkasan"]["A3"].value == "Peserta"


def test_api_gives_the_same_workbook_to_the_events_trainers(cast, event):
    cohort(event, cast)
    response = as_user(cast.trainer).get(
        f"/api/v1/training-events/{event.pk}/report-xlsx/",
        HTTP_ACCEPT="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    assert response.status_code == 200
    assert read(response.content)["Summary"]["B3"].value == 2


def test_organiser_staff_without_training_rights_get_403_for_the_workbook(cast, event):
    cohort(event, cast)
    client = as_user(cast.data_officer)
    assert client.get(f"/learning/events/{event.pk}/report.xlsx").status_code == 403
    assert client.get(f"/api/v1/training-events/{event.pk}/report-xlsx/").status_code == 403


def test_another_organisation_gets_404_for_the_workbook(cast, event):
    client = as_user(cast.other_caseworker)
    assert client.get(f"/learning/events/{event.pk}/report.xlsx").status_code == 404
    assert client.get(f"/api/v1/training-events/{event.pk}/report-xlsx/").status_code == 404


def test_report_page_links_both_downloads_for_trainers_only(cast, event):
    page = as_user(cast.trainer).get(f"/learning/events/{event.pk}/report/").content.decode()
    assert f"/learning/events/{event.pk}/report.xlsx" in page and "report.csv" in page
    other = as_user(cast.data_officer).get(f"/learning/events/{event.pk}/report/").content.decode()
    assert "report.xlsx" not in other


def test_exports_take_a_fixed_number_of_queries(cast, event, django_assert_max_num_queries):
    cohort(event, cast)
    client = as_user(cast.trainer)
    with django_assert_max_num_queries(30) as small:
        client.get(f"/learning/events/{event.pk}/report.xlsx")
    for n in range(5):
        actions.add_participant(
            event, actor=cast.trainer, values={"full_name": f"Peserta {n}", "province": cast.org.province}
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(f"/learning/events/{event.pk}/report.xlsx")
