"""Data requests between agencies: asked, approved or refused by every organisation whose data the
table counts, released as a frozen protected snapshot; every step and download in the audit."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.cases.models import CaseViolenceForm
from sigap.notifications.models import Notification
from sigap.statistics import actions_release
from sigap.statistics.datarequests import Decision, RequestStatus
from sigap.statistics.release import TOTAL, from_snapshot, release_problems
from sigap.statistics.tests.release_fixtures import verify_all

pytestmark = pytest.mark.django_db


def _ask(cast: Any, offices: Any, **kwargs: Any) -> Any:
    year = timezone.localdate().year
    values = {
        "actor": offices.national_officer,
        "organisation": offices.ministry,
        "title": "Studi kekerasan seksual",
        "purpose": "Riset kebijakan nasional",
        "measure": "case",
        "dimensions": ["form"],
        "start": date(year, 1, 1),
        "end": date(year, 12, 1),
    }
    values.update(kwargs)
    return actions_release.request_data(**values)


def test_every_organisation_with_verified_data_is_asked(cast, offices, seeded, django_capture_on_commit_callbacks):
    verify_all(cast.data_officer)
    with django_capture_on_commit_callbacks(execute=True):
        made = _ask(cast, offices)
    assert {d.organisation for d in made.decisions.all()} == {cast.org, cast.other_org}
    assert Notification.objects.filter(recipient=cast.data_officer, kind="data_request_received").exists()
    assert AuditEvent.objects.filter(verb="data_request_made", object_id=str(made.pk)).exists()


def test_the_last_approval_releases_a_frozen_protected_table(client, cast, offices, seeded):
    verify_all(cast.data_officer)
    made = _ask(cast, offices)
    actions_release.decide_data_request(actor=cast.data_officer, data_request=made, approve=True)
    made.refresh_from_db()
    assert made.status == RequestStatus.PENDING and made.snapshot is None
    actions_release.decide_data_request(actor=cast.other_org_admin, data_request=made, approve=True)
    made.refresh_from_db()
    assert made.status == RequestStatus.RELEASED
    table = from_snapshot(made.snapshot)
    forms = Counter(CaseViolenceForm.objects.values_list("form", flat=True))
    for cell in table.cells:
        if not cell.hidden and cell.key["form"] != TOTAL:
            assert cell.count == forms.get(cell.key["form"], 0)
        assert cell.hidden or cell.count == 0 or cell.count >= table.threshold
    # The snapshot is frozen: a new case does not change the released table.
    from sigap.statistics.tests.fixtures import seed_cases

    seed_cases(cast, count=3, seed=9)
    verify_all(cast.data_officer)
    client.force_login(offices.national_officer)
    response = client.get(reverse("statistics_release:request_download", args=[made.pk, "csv"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["value"] for r in rows] == ["" if c.hidden else str(c.count) for c in table.cells]
    verbs = set(AuditEvent.objects.filter(object_id=str(made.pk)).values_list("verb", flat=True))
    assert {"data_request_made", "data_request_approved", "data_request_released", "data_request_downloaded"} <= verbs


def test_the_released_table_passes_the_release_check(cast, offices, seeded):
    verify_all(cast.data_officer)
    made = _ask(cast, offices, measure="victim", dimensions=["sex", "age_band"])
    for user in (cast.data_officer, cast.other_org_admin):
        actions_release.decide_data_request(actor=user, data_request=made, approve=True)
    made.refresh_from_db()
    table = actions_release.released_table(made)
    assert release_problems(table) == []
    assert made.snapshot["hidden_cells"] == table.hidden_count


def test_one_refusal_ends_the_request_and_needs_a_reason(cast, offices, seeded):
    verify_all(cast.data_officer)
    made = _ask(cast, offices)
    with pytest.raises(ValidationError):
        actions_release.decide_data_request(actor=cast.data_officer, data_request=made, approve=False)
    actions_release.decide_data_request(
        actor=cast.data_officer, data_request=made, approve=False, reason="Terlalu rinci"
    )
    made.refresh_from_db()
    assert made.status == RequestStatus.REFUSED and made.snapshot is None
    assert made.decisions.get(organisation=cast.org).decision == Decision.REFUSED
    with pytest.raises(PermissionDenied):
        actions_release.decide_data_request(actor=cast.other_org_admin, data_request=made, approve=True)


def test_nothing_to_ask_when_no_month_is_verified(cast, offices, seeded):
    with pytest.raises(ValidationError):
        _ask(cast, offices)


def test_screens_access(client, cast, offices, seeded):
    verify_all(cast.data_officer)
    made = _ask(cast, offices, region="32")
    assert [d.organisation for d in made.decisions.all()] == [cast.org]
    detail = reverse("statistics_release:request_detail", args=[made.pk])
    # An organisation neither asking nor asked: 404.
    client.force_login(cast.other_org_admin)
    assert client.get(detail).status_code == 404
    assert client.post(reverse("statistics_release:request_approve", args=[made.pk])).status_code == 404
    # The asked organisation sees it and decides; it may not withdraw or download (403).
    client.force_login(cast.data_officer)
    assert client.get(detail).status_code == 200
    assert client.post(reverse("statistics_release:request_withdraw", args=[made.pk])).status_code == 403
    # A caseworker has no aggregate capability: 404 on the request, 403 on the list.
    client.force_login(cast.caseworker)
    assert client.get(detail).status_code == 404
    assert client.get(reverse("statistics_release:request_list")).status_code == 403
    # The requester may not decide for an organisation it does not belong to.
    client.force_login(offices.national_officer)
    assert client.post(reverse("statistics_release:request_approve", args=[made.pk])).status_code == 403
    client.force_login(cast.data_officer)
    response = client.post(reverse("statistics_release:request_approve", args=[made.pk]))
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.status == RequestStatus.RELEASED
    assert client.get(reverse("statistics_release:request_download", args=[made.pk, "xlsx"])).status_code == 403
    client.logout()
    assert client.get(detail).status_code == 302


def test_asking_on_the_screen(client, cast, offices, seeded):
    verify_all(cast.data_officer)
    client.force_login(offices.national_officer)
    year = timezone.localdate().year
    response = client.post(
        reverse("statistics_release:request_new"),
        {
            "organisation": offices.ministry.pk,
            "title": "Tren tahunan",
            "purpose": "Laporan",
            "measure": "victim",
            "rows": "sex",
            "columns": "",
            "start": f"{year}-01-01",
            "end": f"{year}-12-01",
            "region": "",
        },
    )
    assert response.status_code == 302
    bad = client.post(
        reverse("statistics_release:request_new"),
        {
            "organisation": offices.ministry.pk,
            "title": "x",
            "purpose": "y",
            "measure": "case",
            "rows": "sex",
            "start": f"{year}-01-01",
            "end": f"{year}-12-01",
        },
    )
    assert bad.status_code == 200 and b"cannot be asked for" in bad.content


def test_the_api_follows_the_same_rules(cast, offices, seeded, django_assert_num_queries):
    verify_all(cast.data_officer)
    made = _ask(cast, offices)
    _ask(cast, offices, title="Kedua")
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(offices.national_officer)
    url = reverse("api:data-request-list")
    with django_assert_num_queries(4):  # memberships, count, page, decisions with their organisations
        data = client.get(url).json()
    assert data["count"] == 2
    assert client.post(reverse("api:data-request-approve", args=[made.pk]), {}, format="json").status_code == 403
    client.force_authenticate(cast.data_officer)
    assert client.post(reverse("api:data-request-approve", args=[made.pk]), {}, format="json").status_code == 200
    client.force_authenticate(cast.other_org_admin)
    assert client.post(reverse("api:data-request-refuse", args=[made.pk]), {}, format="json").status_code == 400
    assert client.post(reverse("api:data-request-approve", args=[made.pk]), {}, format="json").status_code == 200
    client.force_authenticate(offices.national_officer)
    response = client.get(reverse("api:data-request-download", args=[made.pk]), {"file_format": "json"})
    assert response.status_code == 200
    client.force_authenticate(cast.caseworker)
    assert client.get(reverse("api:data-request-detail", args=[made.pk])).status_code == 404


def test_the_demo_leaves_one_request_waiting_and_is_safe_to_run_twice(cast, offices, seeded):
    from sigap.statistics.demo_release import TITLE, seed_data_request_demo
    from sigap.statistics.models import DataRequest

    assert seed_data_request_demo() == 0  # nothing verified yet: nobody to ask
    verify_all(cast.data_officer)
    assert seed_data_request_demo() == 1
    assert seed_data_request_demo() == 0
    made = DataRequest.objects.get(title=TITLE)
    assert made.status == RequestStatus.PENDING
    assert {d.organisation for d in made.decisions.all()} == {cast.org}
