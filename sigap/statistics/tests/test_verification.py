"""Monthly verification: the data officer reviews and verifies a month; verified months are frozen,
later changes show as revisions, regional views read verified data (screen and API)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.cases import actions as case_actions
from sigap.cases.models import Case
from sigap.cases.tests.factories import make_case
from sigap.statistics import actions
from sigap.statistics.models import Fact, MonthVerification, Revision
from sigap.statistics.queries import Period, Scope, count_table
from sigap.statistics.refresh import refresh_cases

pytestmark = pytest.mark.django_db


def this_month() -> str:
    return f"{timezone.localdate():%Y-%m}"


def login(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client


def province_total(cast: Any) -> int:
    period = Period.year(timezone.localdate().year)
    return count_table(scope=Scope.of_province(cast.org.province_id), period=period, rows="place").total.count


def test_a_data_officer_verifies_a_month_and_regional_views_read_it(client, cast, seeded):
    assert province_total(cast) == 0  # nothing verified yet
    response = login(client, cast.data_officer).post(
        reverse("statistics:month", kwargs={"pk": cast.org.pk, "month": this_month()}), {"confirm": "yes"}
    )
    assert response.status_code == 302
    verification = MonthVerification.objects.get(organisation=cast.org)
    cases = Case.objects.filter(organisation=cast.org).count()
    assert verification.cases == cases and verification.verified_by == cast.data_officer
    assert Fact.objects.filter(frozen=True, verification=verification, unit="case").count() == cases
    assert province_total(cast) == cases
    event = AuditEvent.objects.get(verb="statistics.month_verified")
    assert event.details["cases"] == cases


def test_a_later_change_shows_as_a_revision_and_verifying_again_takes_it_in(client, cast, seeded):
    verification = actions.verify_month(cast.org, timezone.localdate(), actor=cast.data_officer)
    case = Case.objects.filter(organisation=cast.org).first()
    assert case is not None
    case_actions.rate_risk(case, actor=cast.caseworker, risk_level="high", reason="Ancaman baru (sintetis).")
    refresh_cases([case.pk], verb="risk_rated")
    revision = Revision.objects.get(verification=verification)
    assert revision.case_id == case.pk and "risk_level" in revision.changed_fields and revision.verb == "risk_rated"
    refresh_cases([case.pk], verb="risk_rated")  # the task ran twice: still one revision
    assert Revision.objects.filter(verification=verification).count() == 1
    page = login(client, cast.data_officer).get(
        reverse("statistics:month", kwargs={"pk": cast.org.pk, "month": this_month()})
    )
    assert page.status_code == 200 and "risk_level" in page.text
    assert page.context["review"].unverified == 1
    # The frozen figures stay as verified until the month is verified again.
    frozen = Fact.objects.get(frozen=True, verification=verification, unit="case", case_id=case.pk)
    assert frozen.risk_level != "high"
    again = actions.verify_month(cast.org, timezone.localdate(), actor=cast.data_officer)
    verification.refresh_from_db()
    assert verification.status == MonthVerification.Status.SUPERSEDED
    assert not Fact.objects.filter(verification=verification).exists()
    assert Fact.objects.get(verification=again, unit="case", case_id=case.pk).risk_level == "high"


def test_a_supervisor_reads_the_review_but_may_not_verify(client, cast, seeded):
    login(client, cast.supervisor)
    url = reverse("statistics:month", kwargs={"pk": cast.org.pk, "month": this_month()})
    assert client.get(url).status_code == 200
    assert client.post(url, {"confirm": "yes"}).status_code == 403
    api = reverse("api:statistics-month-verify", kwargs={"pk": cast.org.pk, "month": this_month()})
    assert client.post(api, content_type="application/json").status_code == 403
    assert not MonthVerification.objects.exists()


def test_a_caseworker_and_another_organisation_get_404(client, cast, seeded):
    for user in (cast.caseworker, cast.other_org_admin):
        login(client, user)
        assert client.get(reverse("statistics:months", kwargs={"pk": cast.org.pk})).status_code == 404
        api = reverse("api:statistics-month-list", kwargs={"pk": cast.org.pk})
        assert client.get(api).status_code == 404


def test_verifying_without_confirming_says_so_and_saves_nothing(client, cast, seeded):
    url = reverse("statistics:month", kwargs={"pk": cast.org.pk, "month": this_month()})
    response = login(client, cast.data_officer).post(url, {})
    assert response.status_code == 400 and "Tick the box" in response.text
    assert not MonthVerification.objects.exists()


def test_the_api_verifies_and_reviews(client, cast, seeded):
    login(client, cast.data_officer)
    kwargs = {"pk": cast.org.pk, "month": this_month()}
    response = client.post(reverse("api:statistics-month-verify", kwargs=kwargs), content_type="application/json")
    assert response.status_code == 201 and response.json()["verified"] is True
    review = client.get(reverse("api:statistics-month-detail", kwargs=kwargs)).json()
    assert review["cases"] == Case.objects.filter(organisation=cast.org).count() and review["unverified"] == 0
    months = client.get(reverse("api:statistics-month-list", kwargs={"pk": cast.org.pk})).json()
    assert len(months) == 12 and months[0]["verified"] is True


def test_the_months_page_has_a_fixed_number_of_queries(client, cast, django_assert_num_queries):
    login(client, cast.data_officer)
    url = reverse("statistics:months", kwargs={"pk": cast.org.pk})
    actions.verify_month(cast.org, timezone.localdate(), actor=cast.data_officer)
    client.get(url)
    before = _count(client, url)
    for _n in range(3):
        make_case(cast.org, cast.caseworker)
    refresh_cases(list(Case.objects.values_list("pk", flat=True)))
    actions.verify_month(cast.org, timezone.localdate(), actor=cast.data_officer)
    with django_assert_num_queries(before):
        assert client.get(url).status_code == 200


def _count(client: Any, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)
