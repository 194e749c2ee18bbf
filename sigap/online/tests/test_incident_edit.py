"""Changing a recorded online incident: the screen and PATCH through one verb (``update_incident``), the
same checks as recording, the field history (sensitive values encrypted), the timeline, the
police-report task when an edit makes it due, and the denied cases."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from sigap.cases.actions import add_team_member
from sigap.cases.models import TaskKind, TimelineEvent
from sigap.history.models import FieldChange
from sigap.online import actions
from sigap.online.models import OnlineIncident

pytestmark = pytest.mark.django_db

FORM = {
    "harm_types": ["sextortion", "ncii"],
    "platforms": ["instagram"],
    "demands": ["money"],
    "amount_demanded": "2000000",
    "amount_paid": "500000",
    "images_shared": "on",
    "images_shared_where": "Grup Telegram (contoh)",
    "description": "Akun palsu meminta uang (sintetis, diubah).",
}


def api(user: Any) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def edit_url(incident: OnlineIncident) -> str:
    return f"/cases/{incident.case_id}/online/{incident.pk}/edit/"


def test_a_caseworker_changes_an_incident_on_the_screen(cast, client, case, incident):
    client.force_login(cast.caseworker)
    page = client.get(f"/cases/{case.pk}/online/{incident.pk}/").content.decode()
    assert edit_url(incident) in page
    form = client.get(edit_url(incident))
    assert form.status_code == 200
    assert "Akun palsu meminta uang (sintetis)." in form.content.decode()  # the current values
    response = client.post(edit_url(incident), FORM)
    assert response.status_code == 302, response.content.decode()
    incident.refresh_from_db()
    assert incident.harm_types == ["sextortion", "ncii"] and incident.amount_paid == Decimal(500000)
    assert incident.images_shared and incident.images_shared_where == "Grup Telegram (contoh)"
    event = TimelineEvent.objects.filter(case=case, verb="online_incident_changed").get()
    assert set(event.details["fields"]) == {
        "harm_types",
        "amount_paid",
        "images_shared",
        "images_shared_where",
        "description",
    }
    assert "Telegram" not in str(event.details) and "sintetis" not in event.summary


def test_the_changes_are_in_the_field_history_with_sensitive_values_encrypted(cast, client, case, incident):
    actions.update_incident(
        incident,
        actor=cast.caseworker,
        data=actions.IncidentInput(
            **{**actions.incident_input(incident).__dict__, "description": "Teks baru (sintetis).", "platforms": ["x"]}
        ),
    )
    rows = {row.field: row for row in FieldChange.objects.filter(object_type="online.onlineincident")}
    assert set(rows) == {"description", "platforms"}
    assert rows["description"].encrypted and "Teks baru" not in rows["description"].new_value
    assert rows["description"].case_id == case.pk
    assert not rows["platforms"].encrypted and rows["platforms"].new_value == '["x"]'
    client.force_login(cast.caseworker)
    history = client.get(f"/cases/{case.pk}/history/").content.decode()
    assert "Online incident" in history and "Teks baru (sintetis)." in history and "X (Twitter)" in history


def test_nothing_changed_writes_nothing(cast, incident):
    before = TimelineEvent.objects.count()
    actions.update_incident(incident, actor=cast.caseworker, data=actions.incident_input(incident))
    assert TimelineEvent.objects.count() == before and not FieldChange.objects.exists()


def test_bad_input_is_refused_as_on_record_and_nothing_changes(cast, client, incident):
    client.force_login(cast.caseworker)
    response = client.post(
        edit_url(incident),
        {**FORM, "first_contact_on": "2026-10-20", "last_contact_on": "2026-10-01"},
    )
    assert response.status_code == 400
    assert "The last contact cannot be before the first." in response.content.decode()
    response = client.post(edit_url(incident), {**FORM, "images_shared_where": ""})
    assert response.status_code == 400
    assert "Say where the images were shared" in response.content.decode()
    incident.refresh_from_db()
    assert incident.harm_types == ["sextortion"] and not FieldChange.objects.exists()
    with pytest.raises(ValidationError) as refused:
        actions.update_incident(
            incident, actor=cast.caseworker, data=actions.IncidentInput(harm_types=[], platforms=["x"])
        )
    assert "harm_types" in refused.value.message_dict


def test_an_edit_that_adds_a_sexual_harm_creates_the_police_report_task(cast, case):
    incident = actions.record_incident(
        case, actor=cast.caseworker, data=actions.IncidentInput(harm_types=["cyberbullying"], platforms=["tiktok"])
    )
    assert not case.tasks.filter(kind=TaskKind.POLICE_REPORT).exists()
    data = actions.incident_input(incident)
    data.harm_types = ["cyberbullying", "grooming"]
    actions.update_incident(incident, actor=cast.caseworker, data=data)
    assert case.tasks.filter(kind=TaskKind.POLICE_REPORT).count() == 1
    data = actions.incident_input(incident)
    data.harm_types = ["grooming", "sextortion"]
    actions.update_incident(incident, actor=cast.caseworker, data=data)
    assert case.tasks.filter(kind=TaskKind.POLICE_REPORT).count() == 1


def test_patch_changes_only_the_fields_sent(cast, case, incident):
    response = api(cast.caseworker).patch(
        f"/api/v1/cases/{case.pk}/online-incidents/{incident.pk}/",
        {"amount_paid": "250000", "platforms": ["instagram", "whatsapp"]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["platforms"] == ["instagram", "whatsapp"]
    incident.refresh_from_db()
    assert incident.amount_paid == Decimal(250000) and incident.harm_types == ["sextortion"]
    assert incident.description == "Akun palsu meminta uang (sintetis)."
    assert {row.field for row in FieldChange.objects.all()} == {"amount_paid", "platforms"}


def test_patch_with_bad_input_gets_400_with_the_verbs_reason(cast, case, incident):
    client = api(cast.caseworker)
    url = f"/api/v1/cases/{case.pk}/online-incidents/{incident.pk}/"
    response = client.patch(url, {"images_shared": True}, format="json")
    assert response.status_code == 400
    assert "images_shared_where" in str(response.json())
    response = client.patch(url, {"amount_paid": "-5"}, format="json")
    assert response.status_code == 400
    incident.refresh_from_db()
    assert incident.images_shared is False and incident.amount_paid is None


def test_a_read_only_member_gets_403_on_the_screen_the_api_and_the_verb(cast, client, case, incident):
    add_team_member(case, actor=cast.caseworker, user=cast.psychologist, access="read")
    client.force_login(cast.psychologist)
    page = client.get(f"/cases/{case.pk}/online/{incident.pk}/").content.decode()
    assert edit_url(incident) not in page
    assert client.get(edit_url(incident)).status_code == 403
    assert client.post(edit_url(incident), FORM).status_code == 403
    response = api(cast.psychologist).patch(
        f"/api/v1/cases/{case.pk}/online-incidents/{incident.pk}/", {"amount_paid": "1"}, format="json"
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        actions.update_incident(incident, actor=cast.psychologist, data=actions.incident_input(incident))
    incident.refresh_from_db()
    assert incident.amount_paid is None


def test_another_organisation_gets_404_on_the_screen_and_the_api(cast, client, case, incident):
    client.force_login(cast.other_caseworker)
    assert client.get(edit_url(incident)).status_code == 404
    assert client.post(edit_url(incident), FORM).status_code == 404
    response = api(cast.other_caseworker).patch(
        f"/api/v1/cases/{case.pk}/online-incidents/{incident.pk}/", {"amount_paid": "1"}, format="json"
    )
    assert response.status_code == 404
    incident.refresh_from_db()
    assert incident.amount_paid is None


def test_an_incident_of_another_case_is_404_under_this_case(cast, client, case, incident):
    from sigap.cases.tests.factories import make_case

    mine = make_case(cast.org, cast.caseworker, is_online=True)
    client.force_login(cast.caseworker)
    assert client.get(f"/cases/{mine.pk}/online/{incident.pk}/edit/").status_code == 404
