"""The dashboard and its files: figures equal plain counts over cases, victims and perpetrators;
regional views are protected and verified-only; access is the same on screen, in files and the API."""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sigap.audit.models import AuditEvent
from sigap.cases.models import Case, CaseVictim, CaseViolenceForm
from sigap.statistics.release import TOTAL, release_problems
from sigap.statistics.tests.fixtures import seed_cases
from sigap.statistics.tests.release_fixtures import verify_all

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("statistics_release:dashboard")


def _view(client: Any, user: Any, **params: str) -> Any:
    client.force_login(user)
    response = client.get(DASHBOARD, params)
    assert response.status_code == 200
    return response.context["view"]


def _series(view: Any, slug: str) -> dict[str, int | None]:
    return {code: value for code, _label, value in view.chart(slug).series}


def test_the_organisations_data_officer_sees_its_exact_figures(client, cast, seeded):
    view = _view(client, cast.data_officer)
    cases = Case.objects.filter(organisation=cast.org)
    assert view.exact and view.hidden == 0
    assert view.total == cases.count()
    forms = Counter(CaseViolenceForm.objects.filter(case__organisation=cast.org).values_list("form", flat=True))
    assert {k: v for k, v in _series(view, "form").items() if v} == dict(forms)
    assert sum(v or 0 for v in _series(view, "trend").values()) == cases.count()


def test_a_province_office_sees_protected_verified_aggregates_of_its_province(client, cast, offices, seeded):
    view = _view(client, offices.province_officer)
    assert view.total is None or view.total == 0  # nothing verified yet: regional views read verified months only
    verify_all(cast.data_officer)
    view = _view(client, offices.province_officer)
    assert not view.exact and view.scope.province == "32"
    in_province = Case.objects.filter(organisation__province_id="32")
    assert view.total in (None, in_province.count())
    forms = Counter(
        CaseViolenceForm.objects.filter(case__organisation__province_id="32").values_list("form", flat=True)
    )
    for code, value in _series(view, "form").items():
        assert value is None or value == forms.get(code, 0)
    for chart in view.charts:
        assert release_problems(chart.table) == [], chart.slug
    assert view.chart("ranking").table.dimensions == ["regency"]


def test_the_national_office_ranks_the_provinces(client, cast, offices, seeded):
    verify_all(cast.data_officer)
    view = _view(client, offices.national_officer)
    assert view.scope.level == "nation"
    by_province = Counter(Case.objects.values_list("organisation__province_id", flat=True))
    for code, value in _series(view, "ranking").items():
        assert value is None or value == by_province.get(code, 0)
    for chart in view.charts:
        assert release_problems(chart.table) == []


def test_a_sex_filter_counts_victims(client, cast, seeded):
    view = _view(client, cast.data_officer, sex="female")
    assert view.unit == "victim"
    female = CaseVictim.objects.filter(case__organisation=cast.org, person__sex="female")
    assert view.total == female.count()


def test_the_page_shows_charts_with_their_tables(client, cast, seeded):
    client.force_login(cast.data_officer)
    html = client.get(DASHBOARD).content.decode()
    assert html.count("<canvas") == html.count('<div class="visually-hidden"><table')
    assert 'for="id_sex"' in html and 'for="id_age_band"' in html and 'for="id_region"' not in html


def test_a_caseworker_gets_403_and_anonymous_is_sent_to_sign_in(client, cast, seeded):
    client.force_login(cast.caseworker)
    assert client.get(DASHBOARD).status_code == 403
    client.logout()
    assert client.get(DASHBOARD).status_code == 302


def test_another_scope_than_ones_own_is_404(client, cast, offices, seeded):
    client.force_login(offices.province_officer)
    assert client.get(DASHBOARD, {"scope": f"org-{cast.org.pk}"}).status_code == 404
    assert client.get(DASHBOARD, {"scope": "nation"}).status_code == 404


def test_the_dashboard_is_a_fixed_number_of_queries(client, cast, offices, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seed_cases(cast, count=6, seed=1)
    verify_all(cast.data_officer)
    client.force_login(offices.province_officer)
    client.get(DASHBOARD)  # the first request of a session loads what later ones find cached
    with CaptureQueriesContext(connection) as few:
        client.get(DASHBOARD)
    seed_cases(cast, count=30, seed=2)
    verify_all(cast.data_officer)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(DASHBOARD)


def test_the_workbook_has_the_dashboards_figures_and_the_export_is_audited(client, cast, offices, seeded):
    verify_all(cast.data_officer)
    client.force_login(offices.province_officer)
    response = client.get(reverse("statistics_release:export", args=["form", "xlsx"]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    forms = Counter(
        CaseViolenceForm.objects.filter(case__organisation__province_id="32").values_list("form", flat=True)
    )
    for row in book.worksheets[0].iter_rows(min_row=2, values_only=True):
        code, value, suppressed = row[0], row[-2], row[-1]
        if code != TOTAL:
            assert suppressed or value == forms.get(code, 0)
            assert suppressed == (value is None)
    meta = {r[0]: r[1] for r in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert "Verification" in meta and "Suppression rule" in meta
    event = AuditEvent.objects.get(verb="statistics_exported")
    assert event.actor == offices.province_officer and event.details["format"] == "xlsx"


def test_the_csv_export_matches_the_screen(client, cast, seeded):
    view = _view(client, cast.data_officer)
    response = client.get(reverse("statistics_release:export", args=["place", "csv"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["place"]: int(r["value"]) for r in rows if r["place"] != TOTAL} == _series(view, "place")


def test_the_pdf_report_is_audited(client, cast, seeded):
    client.force_login(cast.data_officer)
    response = client.get(reverse("statistics_release:export", args=["report", "pdf"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(verb="statistics_exported", details__format="pdf").exists()


def test_the_dashboard_api_gives_the_same_tables(client, cast, seeded):
    view = _view(client, cast.data_officer)
    data = client.get(reverse("api:statistics-dashboard")).json()
    rows = data["tables"]["form"]["rows"]
    assert {r["form"]: r["value"] for r in rows if r["form"] != TOTAL} == _series(view, "form")
    client.force_login(cast.caseworker)
    assert client.get(reverse("api:statistics-dashboard")).status_code == 403


def test_the_simfoni_sheet_has_a_row_per_victim_codes_only_and_is_access_logged(client, cast, seeded):
    from django.utils import timezone

    from sigap.audit.models import AccessLog
    from sigap.cases.models import CasePerpetrator

    today = timezone.localdate()
    url = reverse("statistics_release:simfoni_sheet", args=[cast.org.pk, today.year, today.month])
    client.force_login(cast.data_officer)
    assert url in client.get(DASHBOARD).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    victims = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    perpetrators = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert len(victims) == CaseVictim.objects.filter(case__organisation=cast.org).count()
    assert len(perpetrators) == CasePerpetrator.objects.filter(case__organisation=cast.org).count()
    numbers = set(Case.objects.filter(organisation=cast.org).values_list("number", flat=True))
    assert {row[0] for row in victims} == numbers
    text = " ".join(str(v) for row in victims + perpetrators for v in row)
    assert "Korban Contoh" not in text and "Pelaku Contoh" not in text
    assert AccessLog.objects.filter(user=cast.data_officer, action="simfoni_sheet").count() == len(numbers)
    assert AuditEvent.objects.filter(verb="statistics_simfoni_sheet_exported").exists()
    for user in (cast.caseworker, cast.supervisor, cast.other_org_admin):
        client.force_login(user)
        assert client.get(url).status_code == 404
