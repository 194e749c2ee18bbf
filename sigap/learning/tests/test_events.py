"""Training events: scheduling, participants, attendance, scores and the report, on screens and API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sigap.learning import actions
from sigap.learning.models import Attendance, Participant, TrainingEvent

pytestmark = pytest.mark.django_db


def as_user(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def invite(event: Any, cast: Any, name: str, regency: Any = None, province: Any = None) -> Participant:
    return actions.add_participant(
        event,
        actor=cast.trainer,
        values={"full_name": name, "province": province or cast.org.province, "regency": regency or cast.org.regency},
    )


def test_trainer_schedules_an_event_over_the_api_and_its_sessions_are_laid_out_over_the_days(cast, programme):
    response = as_user(cast.trainer).post(
        "/api/v1/training-events/",
        {
            "programme": str(programme.pk),
            "organisation": str(cast.org.pk),
            "title": "Pelatihan API",
            "start_date": "2026-04-01",
            "end_date": "2026-04-02",
            "mode": "blended",
            "partners": [str(cast.other_org.pk)],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    event = TrainingEvent.objects.get(pk=response.json()["id"])
    assert [str(s.held_on) for s in event.sessions.order_by("order")] == ["2026-04-01", "2026-04-02"]
    assert list(event.facilitators.all()) == [cast.trainer]


def test_caseworker_cannot_schedule_training(cast, programme):
    response = as_user(cast.caseworker).post(
        "/api/v1/training-events/",
        {"programme": str(programme.pk), "organisation": str(cast.org.pk), "title": "X", "start_date": "2026-04-01",
         "end_date": "2026-04-01", "mode": "online"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 403


def test_an_event_whose_last_day_is_before_the_first_is_refused_with_a_message(cast, programme):
    response = as_user(cast.trainer).post(
        "/learning/events/new/",
        {"programme": programme.pk, "organisation": cast.org.pk, "title": "X", "start_date": "2026-04-02",
         "end_date": "2026-04-01", "mode": "online"},
    )  # fmt: skip
    assert response.status_code == 200
    assert b"The last day cannot be before the first day." in response.content
    assert not TrainingEvent.objects.filter(title="X").exists()


def test_report_counts_participants_distinct_provinces_and_regencies_attendance_and_scores(cast, event, regions):
    first = invite(event, cast, "Peserta Satu")
    second = invite(event, cast, "Peserta Dua")
    invite(event, cast, "Peserta Tiga", regency=regions["mataram"], province=regions["ntb"])
    own = actions.add_participant(event, actor=cast.trainer, user=cast.caseworker)
    session_one, session_two = event.sessions.order_by("order")
    actions.mark_attendance(session_one, actor=cast.trainer, present=[first.pk, second.pk, own.pk])
    actions.mark_attendance(session_two, actor=cast.trainer, present=[first.pk])
    actions.record_scores(first, actor=cast.trainer, pre=40, post=80)
    actions.record_scores(second, actor=cast.trainer, pre=60, post=70)
    report = as_user(cast.trainer).get(f"/api/v1/training-events/{event.pk}/report/").json()
    assert report["participants"] == 4
    assert report["provinces"] == 2
    assert report["regencies"] == 2
    assert report["attendance_rate"] == 50.0  # 4 of 8
    assert report["mean_pre_score"] == 50.0 and report["mean_post_score"] == 75.0
    assert report["certificates_issued"] == 0  # nobody did the e-learning


def test_marking_everybody_present_then_unticking_one_sets_attendance_for_the_whole_session(cast, event):
    people = [invite(event, cast, f"Peserta {n}") for n in range(3)]
    session = event.sessions.first()
    client = as_user(cast.trainer)
    page = client.get(f"/learning/events/{event.pk}/sessions/{session.pk}/attendance/")
    assert page.content.count(b" checked") == 3  # everybody ticked to start with
    client.post(
        f"/learning/events/{event.pk}/sessions/{session.pk}/attendance/", {"present": [people[0].pk, people[1].pk]}
    )
    assert dict(Attendance.objects.values_list("participant_id", "present")) == {
        people[0].pk: True,
        people[1].pk: True,
        people[2].pk: False,
    }


def test_a_score_above_100_is_refused_with_a_message_and_nothing_is_saved(cast, event):
    participant = invite(event, cast, "Peserta Salah")
    response = as_user(cast.trainer).post(
        f"/api/v1/training-events/{event.pk}/scores/",
        {"participant": str(participant.pk), "pre": "50", "post": "150"},
        content_type="application/json",
    )
    assert response.status_code == 400
    participant.refresh_from_db()
    assert participant.pre_score is None and participant.post_score is None
    page = as_user(cast.trainer).post(f"/learning/events/{event.pk}/scores/", {f"post-{participant.pk}": "abc"})
    assert b"A score is a percentage between 0 and 100." in page.content


def test_organiser_staff_read_the_report_but_get_403_when_marking_attendance(cast, event):
    session = event.sessions.first()
    client = as_user(cast.data_officer)
    assert client.get(f"/learning/events/{event.pk}/report/").status_code == 200
    assert client.get(f"/api/v1/training-events/{event.pk}/report/").status_code == 200
    assert client.post(f"/learning/events/{event.pk}/sessions/{session.pk}/attendance/", {}).status_code == 403
    response = client.post(
        f"/api/v1/training-events/{event.pk}/attendance/",
        {"session": str(session.pk), "present": []},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_caseworker_of_another_organisation_gets_404_on_the_event_and_its_report(cast, event):
    client = as_user(cast.other_caseworker)
    assert client.get(f"/learning/events/{event.pk}/").status_code == 404
    assert client.get(f"/api/v1/training-events/{event.pk}/report/").status_code == 404


def test_a_participant_from_another_organisation_sees_the_event_and_only_themself(cast, event):
    invite(event, cast, "Peserta Lain")
    actions.add_participant(event, actor=cast.trainer, user=cast.other_caseworker)
    client = as_user(cast.other_caseworker)
    page = client.get(f"/learning/events/{event.pk}/")
    assert page.status_code == 200 and b"Peserta Lain" not in page.content
    names = [p["full_name"] for p in client.get(f"/api/v1/training-events/{event.pk}/participants/").json()["results"]]
    assert names == ["Other Caseworker"]
    assert client.get(f"/api/v1/training-events/{event.pk}/report/").status_code == 403


def test_report_page_has_charts_without_inline_script_and_a_csv_export(cast, event):
    invite(event, cast, "=HYPERLINK(1)")
    client = as_user(cast.trainer)
    page = client.get(f"/learning/events/{event.pk}/report/")
    assert b"data-chart=" in page.content and b"<script>" not in page.content
    csv_text = client.get(f"/learning/events/{event.pk}/report.csv").content.decode()
    assert "'=HYPERLINK(1)" in csv_text


def test_event_lists_take_a_fixed_number_of_queries(cast, programme, django_assert_num_queries):
    from datetime import date

    for n in range(3):
        actions.create_event(
            programme,
            actor=cast.trainer,
            organisation=cast.org,
            values={"title": f"Pelatihan {n}", "start_date": date(2026, 5, 1), "end_date": date(2026, 5, 1)},
        )
    client = as_user(cast.trainer)
    client.get("/learning/events/")
    with django_assert_num_queries(7):  # with the notification badge
        assert client.get("/learning/events/").status_code == 200
    with django_assert_num_queries(9):
        assert client.get("/api/v1/training-events/").status_code == 200


def test_the_event_page_takes_a_fixed_number_of_queries_whatever_the_cohort(cast, event, django_assert_num_queries):
    client = as_user(cast.trainer)
    for n in range(2):
        invite(event, cast, f"Peserta {n}")
    client.get(f"/learning/events/{event.pk}/")
    with django_assert_num_queries(13):
        client.get(f"/learning/events/{event.pk}/")
    for n in range(2, 6):
        invite(event, cast, f"Peserta {n}")
    with django_assert_num_queries(13):
        client.get(f"/learning/events/{event.pk}/")


def test_the_api_adds_users_and_invited_people_takes_scores_and_certifies(cast, event, regions):
    client = as_user(cast.trainer)
    url = f"/api/v1/training-events/{event.pk}/"
    user = client.post(f"{url}participants/", {"user": str(cast.caseworker.pk)}, content_type="application/json")
    assert user.status_code == 201, user.content
    assert user.json()["province"] == "32" and user.json()["full_name"] == "Test Caseworker"
    invited = client.post(
        f"{url}participants/",
        {"full_name": "Undangan Satu", "organisation_name": "Dinas Sosial", "role_title": "Pekerja sosial",
         "province": "52", "regency": "52.71"},
        content_type="application/json",
    )  # fmt: skip
    assert invited.status_code == 201, invited.content
    wrong = client.post(
        f"{url}participants/",
        {"full_name": "Salah Wilayah", "province": "32", "regency": "52.71"},
        content_type="application/json",
    )
    assert wrong.status_code == 400 and "regency" in str(wrong.json())
    pk = invited.json()["id"]
    sessions = [str(s.pk) for s in event.sessions.all()]
    for session in sessions:
        assert client.post(
            f"{url}attendance/", {"session": session, "present": [pk]}, content_type="application/json"
        ).json() == {"present": 1}
    assert (
        client.post(
            f"{url}scores/", {"participant": pk, "pre": 55, "post": 85}, content_type="application/json"
        ).status_code
        == 200
    )
    assert client.post(f"{url}certify/", content_type="application/json").json() == {"issued": 0}  # e-learning
    actions.confirm_elearning(Participant.objects.get(pk=pk), actor=cast.trainer)
    assert Participant.objects.get(pk=pk).certificate.holder_name == "Undangan Satu"


def test_new_dates_move_the_sessions_and_a_facilitator_added_by_email_may_manage(cast, event):
    client = as_user(cast.trainer)
    client.post(
        f"/learning/events/{event.pk}/edit/",
        {"title": "Pelatihan uji", "start_date": "2026-06-01", "end_date": "2026-06-01", "mode": "online"},
    )
    assert {str(s.held_on) for s in event.sessions.all()} == {"2026-06-01"}
    assert as_user(cast.caseworker).get(f"/learning/events/{event.pk}/scores/").status_code == 403
    client.post(f"/learning/events/{event.pk}/facilitators/", {"email": cast.caseworker.email})
    assert as_user(cast.caseworker).get(f"/learning/events/{event.pk}/scores/").status_code == 200
    assert as_user(cast.data_officer).post(f"/learning/events/{event.pk}/edit/", {}).status_code == 403


def test_organiser_staff_see_counts_but_not_participants_names_or_the_csv(cast, event):
    invite(event, cast, "Nama Peserta Rahasia")
    client = as_user(cast.data_officer)
    assert b"Nama Peserta Rahasia" not in client.get(f"/learning/events/{event.pk}/").content
    assert b"Nama Peserta Rahasia" not in client.get(f"/learning/events/{event.pk}/report/").content
    assert client.get(f"/api/v1/training-events/{event.pk}/participants/").json()["results"] == []
    assert client.get(f"/learning/events/{event.pk}/report.csv").status_code == 403
