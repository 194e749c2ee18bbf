"""Break-glass: a supervisor or organisation admin opens a case outside their scope, with a reason,
read-only and for a limited time; the case manager and the data protection officer see it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sigap.audit.access import BREAK_GLASS_DURATION
from sigap.audit.models import AccessAction, AccessLog
from sigap.cases import actions
from sigap.cases.models import CaseTeamMember, Note
from sigap.cases.tests.factories import make_case

pytestmark = pytest.mark.django_db

REASON = "Kasus darurat: manajer kasus sakit, korban menelepon (sintetis)."
OFFER = "You do not normally have access to this case."


@pytest.fixture
def outside(cast):
    """A case of the cast's organisation managed by caseworker2, whom nobody supervises: outside
    the supervisor's and the organisation admin's normal access."""
    return make_case(cast.org, cast.caseworker2)


def open_url(case) -> str:
    return reverse("cases:break_glass", args=[case.pk])


def api_url(case) -> str:
    return reverse("api:case-break-glass-list", kwargs={"case_pk": case.pk})


def break_glass(client, case, reason: str = REASON):
    return client.post(open_url(case), {"reason": reason})


# --- The offer ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["supervisor", "org_admin"])
def test_supervisor_or_org_admin_is_offered_break_glass_instead_of_not_found(cast, client, outside, who):
    client.force_login(getattr(cast, who))
    response = client.get(outside.get_absolute_url())
    assert response.status_code == 403
    assert OFFER in response.text
    assert 'name="reason"' in response.text
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize(
    "who", ["other_org_admin", "other_caseworker", "psychologist", "data_officer", "dpo", "national_admin", "learner"]
)
def test_everybody_else_still_gets_not_found(cast, client, outside, who):
    client.force_login(getattr(cast, who))
    assert client.get(outside.get_absolute_url()).status_code == 404
    assert break_glass(client, outside).status_code == 404
    assert not AccessLog.objects.exists()


def test_a_case_the_user_already_sees_is_shown_without_break_glass(cast, client, case):
    client.force_login(cast.supervisor)
    response = break_glass(client, case)
    assert response.status_code == 302
    assert not AccessLog.objects.filter(action=AccessAction.BREAK_GLASS).exists()


# --- Opening ---------------------------------------------------------------------------------


def test_a_short_reason_is_refused_and_opens_nothing(cast, client, outside):
    client.force_login(cast.supervisor)
    response = break_glass(client, outside, reason="perlu")
    assert response.status_code == 400
    assert "at least 10 characters" in response.text
    assert not AccessLog.objects.exists()
    assert client.get(outside.get_absolute_url()).status_code == 403


def test_a_reason_opens_the_case_read_only_and_is_logged(cast, client, outside):
    client.force_login(cast.supervisor)
    response = break_glass(client, outside)
    assert response.status_code == 302 and response["Location"] == outside.get_absolute_url()
    opening = AccessLog.objects.get(action=AccessAction.BREAK_GLASS)
    assert (opening.user, opening.case_id, opening.reason) == (cast.supervisor, outside.pk, REASON)
    assert opening.organisation_id == cast.org.pk

    page = client.get(outside.get_absolute_url())
    assert page.status_code == 200
    assert "You opened this case by break-glass" in page.text
    assert 'action="/cases/' + str(outside.pk) + "/steps/" not in page.text  # no step buttons
    assert AccessLog.objects.filter(action=AccessAction.VIEW_CASE, user=cast.supervisor).exists()


def test_break_glass_never_grants_changes(cast, client, outside):
    client.force_login(cast.org_admin)
    break_glass(client, outside)
    assert client.get(reverse("cases:overview_edit", args=[outside.pk])).status_code == 403
    assert client.post(reverse("cases:advance", args=[outside.pk, "start_assessment"])).status_code == 403
    assert client.get(reverse("cases:note_add", args=[outside.pk])).status_code == 403
    client.post(reverse("cases:team_add", args=[outside.pk]), {"user": cast.org_admin.pk, "access": "edit"})
    assert not CaseTeamMember.objects.filter(case=outside, user=cast.org_admin).exists()
    client.post(reverse("cases:assign", args=[outside.pk]), {"case_manager": cast.caseworker.pk})
    outside.refresh_from_db()
    assert outside.case_manager == cast.caseworker2


def test_break_glass_reads_restricted_notes_only_as_the_role_allows_and_logs_them(cast, client, outside):
    actions.add_note(outside, actor=cast.caseworker2, body="Rahasia sintetis", visibility=Note.Visibility.RESTRICTED)
    client.force_login(cast.supervisor)
    break_glass(client, outside)
    assert "Rahasia sintetis" in client.get(outside.get_absolute_url()).text
    assert AccessLog.objects.filter(action=AccessAction.VIEW_RESTRICTED_NOTE, user=cast.supervisor).exists()
    client.force_login(cast.org_admin)
    break_glass(client, outside)
    assert "Rahasia sintetis" not in client.get(outside.get_absolute_url()).text


def test_the_opening_ends_after_its_time(cast, client, outside):
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                time=timezone.now() - BREAK_GLASS_DURATION - timedelta(minutes=1),
                user=cast.supervisor,
                organisation=cast.org,
                action=AccessAction.BREAK_GLASS,
                object_type="cases.case",
                object_id=str(outside.pk),
                case_id=outside.pk,
                reason=REASON,
            )
        ]
    )
    client.force_login(cast.supervisor)
    assert OFFER in client.get(outside.get_absolute_url()).text


def test_one_users_opening_does_not_open_the_case_for_another(cast, client, outside):
    client.force_login(cast.supervisor)
    break_glass(client, outside)
    client.force_login(cast.org_admin)
    assert client.get(outside.get_absolute_url()).status_code == 403


# --- Who is told -------------------------------------------------------------------------------


def test_the_case_manager_sees_the_opening_with_its_reason(cast, client, outside):
    client.force_login(cast.supervisor)
    break_glass(client, outside)
    client.force_login(cast.caseworker2)
    viewed = client.get(reverse("cases:access_log", args=[outside.pk]))
    assert "Break-glass opening" in viewed.text and REASON in viewed.text
    home = client.get(reverse("core:home"))
    assert "Your cases opened by break-glass" in home.text
    assert REASON in home.text


def test_a_case_manager_without_openings_sees_no_notice(cast, client, outside):
    client.force_login(cast.caseworker2)
    assert "Your cases opened by break-glass" not in client.get(reverse("core:home")).text


def test_the_data_protection_officer_lists_every_opening_in_the_organisation(cast, client, outside):
    client.force_login(cast.supervisor)
    break_glass(client, outside)
    client.force_login(cast.dpo)
    page = client.get(reverse("audit:break_glass"))
    assert page.status_code == 200
    assert REASON in page.text and outside.number in page.text and "Test Supervisor" in page.text
    assert outside.primary_client_name not in page.text


@pytest.mark.parametrize("who", ["caseworker", "supervisor", "org_admin", "other_org_admin"])
def test_only_the_data_protection_officer_sees_the_list(cast, client, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("audit:break_glass")).status_code == 403


def test_a_data_protection_officer_of_another_organisation_sees_none_of_these(cast, client, outside):
    from conftest import make_user
    from sigap.organisations.roles import Role

    other_dpo = make_user("other.dpo@test.sigap.invalid", "Other DPO", cast.other_org, Role.DPO)
    client.force_login(cast.supervisor)
    break_glass(client, outside)
    client.force_login(other_dpo)
    page = client.get(reverse("audit:break_glass"))
    assert page.status_code == 200
    assert REASON not in page.text


def test_the_openings_list_keeps_a_fixed_number_of_queries(cast, client, outside, django_assert_num_queries):
    from sigap.organisations.tests.helpers import queries_for

    client.force_login(cast.supervisor)
    break_glass(client, outside)
    client.force_login(cast.dpo)
    expected = queries_for(client, reverse("audit:break_glass"))
    client.force_login(cast.org_admin)
    for _ in range(3):
        break_glass(client, make_case(cast.org, cast.caseworker2))
    client.force_login(cast.dpo)
    client.get(reverse("audit:break_glass"))
    with django_assert_num_queries(expected):
        assert client.get(reverse("audit:break_glass")).text.count("data-opening") == 4


# --- The API -------------------------------------------------------------------------------


def test_break_glass_through_the_api_opens_the_case_read_only(cast, client, outside):
    client.force_login(cast.supervisor)
    detail = f"/api/v1/cases/{outside.pk}/"
    assert client.get(detail).status_code == 404
    response = client.post(api_url(outside), {"reason": REASON}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["case"] == str(outside.pk) and body["reason"] == REASON
    assert client.get(detail).status_code == 200
    change = client.patch(
        detail,
        {"version": outside.version, "risk_level": "high", "risk_reason": "x" * 12},
        content_type="application/json",
    )
    assert change.status_code == 403


def test_break_glass_through_the_api_needs_a_reason(cast, client, outside):
    client.force_login(cast.org_admin)
    response = client.post(api_url(outside), {"reason": "singkat"}, content_type="application/json")
    assert response.status_code == 400
    assert "reason" in response.json()["error"]["fields"]
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("who", ["other_org_admin", "caseworker", "data_officer"])
def test_break_glass_through_the_api_is_not_found_for_others(cast, client, outside, who):
    client.force_login(getattr(cast, who))
    response = client.post(api_url(outside), {"reason": REASON}, content_type="application/json")
    assert response.status_code == 404
    assert not AccessLog.objects.exists()


def test_the_openings_api_is_for_the_data_protection_officer(cast, client, outside):
    client.force_login(cast.supervisor)
    client.post(api_url(outside), {"reason": REASON}, content_type="application/json")
    assert client.get("/api/v1/break-glass-openings/").status_code == 403
    client.force_login(cast.dpo)
    rows = client.get("/api/v1/break-glass-openings/").json()["results"]
    assert [(r["case"], r["case_number"], r["reason"]) for r in rows] == [(str(outside.pk), outside.number, REASON)]
