"""Her check-ins are hers alone: encrypted at rest, 404 for every other role on screen and API, never
in the admin or the audit log; she exports and deletes her own; old ones are deleted."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.wellbeing import actions
from sigap.wellbeing.models import CheckIn
from sigap.wellbeing.tests.factories import NOTE, a_checkin, answers

pytestmark = pytest.mark.django_db

OTHERS = ["supervisor", "org_admin", "dpo", "national_admin", "caseworker2", "psychologist", "data_officer"]


def test_the_database_holds_no_answer_or_note_in_plain_text(cast):
    checkin = a_checkin(cast.caseworker, who5_value=4)
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers_encrypted, note FROM wellbeing_checkin WHERE id = %s", [checkin.pk.hex])
        row = cursor.fetchone()
        if row is None:  # PostgreSQL stores the uuid natively
            cursor.execute("SELECT answers_encrypted, note FROM wellbeing_checkin WHERE id = %s", [str(checkin.pk)])
            row = cursor.fetchone()
    stored = " ".join(row)
    assert NOTE not in stored and "who5" not in stored and "sleep" not in stored
    assert CheckIn.objects.get(pk=checkin.pk).note == NOTE  # and it reads back


@pytest.mark.parametrize("role", OTHERS)
def test_every_other_role_gets_404_for_her_check_in_on_screen_and_api(client, cast, role):
    checkin = a_checkin(cast.caseworker)
    client.force_login(getattr(cast, role))
    assert client.get(reverse("wellbeing:checkin", args=[checkin.pk])).status_code == 404
    assert client.post(reverse("wellbeing:checkin_delete", args=[checkin.pk])).status_code == 404
    assert client.get(f"/api/v1/wellbeing/checkins/{checkin.pk}/").status_code == 404
    assert client.delete(f"/api/v1/wellbeing/checkins/{checkin.pk}/").status_code == 404
    listed = client.get("/api/v1/wellbeing/checkins/").json()
    assert listed["results"] == [] if "results" in listed else listed == []
    home = client.get(reverse("wellbeing:home")).content.decode()
    export = client.get(reverse("wellbeing:export")).content.decode()
    for body in (home, export, json.dumps(client.get("/api/v1/wellbeing/checkins/export/").json())):
        assert NOTE not in body and str(checkin.pk) not in body
    assert CheckIn.objects.filter(pk=checkin.pk).exists()


def test_she_reads_creates_and_deletes_her_own_over_the_api(client, cast):
    client.force_login(cast.caseworker)
    created = client.post(
        "/api/v1/wellbeing/checkins/",
        {"answers": answers(2), "note": "lelah", "in_team_figure": True},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["score"] == 40 and data["level"] == "low" and data["note"] == "lelah"
    assert client.get(f"/api/v1/wellbeing/checkins/{data['id']}/").json()["answers"]["who5_1"] == 2
    bad = client.post("/api/v1/wellbeing/checkins/", {"answers": {"who5_1": 7}}, content_type="application/json")
    assert bad.status_code == 400
    assert client.delete(f"/api/v1/wellbeing/checkins/{data['id']}/").status_code == 204
    assert not CheckIn.objects.exists()


def test_she_exports_her_own_check_ins_as_json(client, cast):
    a_checkin(cast.caseworker, who5_value=4)
    a_checkin(cast.caseworker2, note="bukan miliknya")
    client.force_login(cast.caseworker)
    response = client.get(reverse("wellbeing:export"))
    assert response["Content-Disposition"].startswith("attachment;")
    document = json.loads(response.content)
    assert [row["who5_percentage"] for row in document["checkins"]] == [80]
    assert document["checkins"][0]["note"] == NOTE
    assert "World Health Organization" in document["instrument"]


def test_she_deletes_one_and_then_all_of_her_check_ins(client, cast):
    first, second, third = (a_checkin(cast.caseworker) for _ in range(3))
    theirs = a_checkin(cast.caseworker2)
    client.force_login(cast.caseworker)
    assert client.post(reverse("wellbeing:checkin_delete", args=[first.pk])).status_code == 302
    assert set(CheckIn.objects.values_list("pk", flat=True)) == {second.pk, third.pk, theirs.pk}
    assert client.post(reverse("wellbeing:delete_all"), {}).status_code == 302  # unconfirmed: nothing happens
    assert CheckIn.objects.filter(user=cast.caseworker).count() == 2
    client.post(reverse("wellbeing:delete_all"), {"confirm": "yes"})
    assert list(CheckIn.objects.values_list("pk", flat=True)) == [theirs.pk]


def test_audit_events_never_hold_answers_scores_or_the_note(client, cast):
    client.force_login(cast.caseworker)
    client.post(reverse("wellbeing:new"), {**answers(1), "note": NOTE})
    checkin = CheckIn.objects.get()
    client.get(reverse("wellbeing:export"))
    client.post(reverse("wellbeing:checkin_delete", args=[checkin.pk]))
    events = AuditEvent.objects.filter(verb__startswith="wellbeing.")
    assert {event.verb for event in events} == {
        "wellbeing.checkin_recorded",
        "wellbeing.checkins_exported",
        "wellbeing.checkin_deleted",
    }
    dumped = json.dumps([[e.details, e.object_label] for e in events])
    assert NOTE not in dumped and "who5" not in dumped and "score" not in dumped
    assert all(set(e.details) <= {"count"} for e in events)  # the export's count of check-ins, nothing else
    assert {e.object_label for e in events if e.object_id} == {f"check-in {checkin.pk}"}


def test_check_ins_are_not_in_the_django_admin(cast):
    assert CheckIn not in admin.site._registry


def test_retention_deletes_only_check_ins_older_than_the_period_and_runs_twice(cast, settings):
    settings.SIGAP_WELLBEING_RETENTION_MONTHS = 12
    old, recent = a_checkin(cast.caseworker), a_checkin(cast.caseworker)
    CheckIn.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=366))
    CheckIn.objects.filter(pk=recent.pk).update(created_at=timezone.now() - timedelta(days=300))
    call_command("apply_wellbeing_retention", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(CheckIn.objects.values_list("pk", flat=True)) == [recent.pk]
    assert actions.apply_wellbeing_retention() == 0
    settings.SIGAP_WELLBEING_RETENTION_MONTHS = 6
    assert actions.apply_wellbeing_retention() == 1 and not CheckIn.objects.exists()
    assert AuditEvent.objects.filter(verb="wellbeing.retention_applied").count() == 2


def test_her_api_list_runs_a_fixed_number_of_queries(client, cast):
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.caseworker)
    a_checkin(cast.caseworker)
    client.get("/api/v1/wellbeing/checkins/")
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/wellbeing/checkins/")
    for _ in range(30):
        a_checkin(cast.caseworker)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/wellbeing/checkins/")
    assert response.status_code == 200
    assert len(many) == len(one)
