"""Certificates: issued by the rule or by a trainer with a reason, revoked with a reason, a PDF, and
public verification by code."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from sigap.learning import actions
from sigap.learning.models import Certificate, Lesson
from sigap.learning.tests.test_events import as_user, invite

pytestmark = pytest.mark.django_db


def finish_course(user, programme):
    course = programme.required_courses.get()
    for lesson in Lesson.objects.filter(module__course=course):
        actions.complete_lesson(lesson, actor=user)
    for quiz in course.quizzes.all():
        attempt = actions.start_attempt(quiz, actor=user)
        right = {str(q.pk): [str(c.pk) for c in q.choices.filter(is_correct=True)] for q in quiz.questions.all()}
        actions.submit_attempt(attempt, actor=user, answers=right)


def test_the_certificate_is_issued_automatically_once_attendance_elearning_and_post_test_meet_the_rule(
    cast, event, programme
):
    participant = actions.add_participant(event, actor=cast.trainer, user=cast.caseworker)
    actions.mark_attendance(event.sessions.first(), actor=cast.trainer, present=[participant.pk])  # 50% is enough
    actions.record_scores(participant, actor=cast.trainer, post=90)
    assert not Certificate.objects.exists()  # the e-learning is still missing
    finish_course(cast.caseworker, programme)
    certificate = Certificate.objects.get()
    assert certificate.holder == cast.caseworker and certificate.status == "valid"
    assert certificate.valid_until.year == certificate.issued_on.year + 3
    # Finishing the e-learning issued it (no acting trainer): the holder is told all the same.
    assert certificate.holder.notifications.get().kind == "certificate_issued"


def test_a_post_test_below_the_pass_mark_gives_no_certificate(cast, event):
    participant = invite(event, cast, "Peserta Gagal")
    actions.confirm_elearning(participant, actor=cast.trainer)
    actions.mark_attendance(event.sessions.first(), actor=cast.trainer, present=[participant.pk])
    actions.record_scores(participant, actor=cast.trainer, post=69)
    assert not Certificate.objects.exists()
    actions.record_scores(participant, actor=cast.trainer, post=70)
    assert Certificate.objects.filter(participant=participant).exists()


def test_a_trainer_issues_by_hand_only_with_a_reason_and_revokes_only_with_one(cast, event):
    participant = invite(event, cast, "Peserta Khusus")
    with pytest.raises(ValidationError):
        actions.issue_certificate(participant, actor=cast.trainer, reason="short")
    client = as_user(cast.trainer)
    client.post(
        f"/learning/participants/{participant.pk}/certificate/", {"reason": "Sakit pada hari kedua; diganti tugas"}
    )
    certificate = Certificate.objects.get()
    assert certificate.manual_reason.startswith("Sakit")
    page = client.post(f"/learning/certificates/{certificate.pk}/", {"reason": "no"})
    assert b"Ensure this value has at least 10 characters" in page.content
    client.post(f"/learning/certificates/{certificate.pk}/", {"reason": "Data kehadiran ternyata keliru"})
    certificate.refresh_from_db()
    assert certificate.status == "revoked"


def test_the_holder_cannot_revoke_their_certificate(cast, event):
    participant = actions.add_participant(event, actor=cast.trainer, user=cast.caseworker)
    certificate = actions.issue_certificate(participant, actor=cast.trainer, reason="Alasan yang cukup panjang")
    response = as_user(cast.caseworker).post(
        f"/api/v1/certificates/{certificate.pk}/revoke/",
        {"reason": "Saya ingin mencabutnya"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_anybody_verifies_a_certificate_by_code_and_sees_only_name_programme_dates_and_status(cast, event, settings):
    participant = actions.add_participant(event, actor=cast.trainer, user=cast.caseworker)
    certificate = actions.issue_certificate(participant, actor=cast.trainer, reason="Alasan yang cukup panjang")
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/verify/{certificate.code}")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Test Caseworker" in body and "Program uji" in body and "Valid" in body
    assert cast.caseworker.email not in body and cast.org.name not in body and "Pelatihan uji" not in body
    actions.revoke_certificate(certificate, actor=cast.trainer, reason="Ternyata tidak hadir")
    assert "Revoked" in Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/verify/{certificate.code}").content.decode()


def test_an_unknown_code_is_404_and_guessing_in_bulk_is_429(settings):
    settings.SIGAP_PUBLIC_RATE_LIMIT = 3
    client = Client()
    assert [client.get("/verify/SGP-AAAA-BBBB-CCCC").status_code for _ in range(4)] == [404, 404, 404, 429]


def test_the_pdf_is_a4_landscape_bilingual_with_the_not_a_licence_statement(cast, event):
    from pypdf import PdfReader

    participant = invite(event, cast, "Ṣekar Ayuningtyas")
    certificate = actions.issue_certificate(participant, actor=cast.trainer, reason="Alasan yang cukup panjang")
    response = as_user(cast.trainer).get(f"/learning/certificates/{certificate.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    page = PdfReader(BytesIO(response.content)).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)
    text = page.extract_text()
    assert "SERTIFIKAT PELATIHAN" in text and "Training certificate" in text
    assert "bukan lisensi" in text and "not a professional licence" in text
    assert certificate.code in text and "Ṣekar" in text


def test_learner_sees_only_their_own_certificates(cast, event):
    mine = actions.issue_certificate(
        actions.add_participant(event, actor=cast.trainer, user=cast.caseworker),
        actor=cast.trainer,
        reason="Alasan yang cukup",
    )
    other = actions.issue_certificate(invite(event, cast, "Orang Lain"), actor=cast.trainer, reason="Alasan yang cukup")
    client = as_user(cast.caseworker)
    codes = [c["code"] for c in client.get("/api/v1/certificates/").json()["results"]]
    assert codes == [mine.code]
    assert client.get(f"/learning/certificates/{other.pk}/").status_code == 404
    assert mine.code.encode() in client.get("/learning/certificates/").content


def test_a_supervisor_sees_the_certificates_of_the_workers_they_supervise(cast, event):
    certificate = actions.issue_certificate(
        actions.add_participant(event, actor=cast.trainer, user=cast.caseworker),
        actor=cast.trainer,
        reason="Alasan yang cukup",
    )
    assert as_user(cast.supervisor).get(f"/api/v1/certificates/{certificate.pk}/").status_code == 200
    assert as_user(cast.caseworker2).get(f"/api/v1/certificates/{certificate.pk}/").status_code == 404


def test_certificate_list_takes_a_fixed_number_of_queries(cast, event, django_assert_num_queries):
    for n in range(3):
        actions.issue_certificate(invite(event, cast, f"Orang {n}"), actor=cast.trainer, reason="Alasan yang cukup")
    client = as_user(cast.trainer)
    client.get("/api/v1/certificates/")
    with django_assert_num_queries(6):
        assert len(client.get("/api/v1/certificates/").json()["results"]) == 3


def test_a_second_certificate_of_the_same_programme_renews_the_first(cast, event, programme):
    from datetime import date

    first = actions.issue_certificate(
        actions.add_participant(event, actor=cast.trainer, user=cast.caseworker),
        actor=cast.trainer,
        reason="Alasan yang cukup",
    )
    later = actions.create_event(
        programme,
        actor=cast.trainer,
        organisation=cast.org,
        values={"title": "Penyegaran", "start_date": date(2029, 3, 1), "end_date": date(2029, 3, 1)},
    )
    second = actions.issue_certificate(
        actions.add_participant(later, actor=cast.trainer, user=cast.caseworker),
        actor=cast.trainer,
        reason="Alasan yang cukup",
    )
    assert second.renews == first
    page = as_user(cast.caseworker).get(f"/learning/certificates/{first.pk}/")
    assert second.code.encode() in page.content


def test_the_holder_is_notified_in_the_app_and_by_email_in_their_language(
    cast, event, mailoutbox, django_capture_on_commit_callbacks
):
    from sigap.notifications.models import Kind, Notification

    cast.caseworker.language = "id"
    cast.caseworker.save()
    participant = actions.add_participant(event, actor=cast.trainer, user=cast.caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = actions.issue_certificate(participant, actor=cast.trainer, reason="Alasan yang cukup panjang")
    notification = Notification.objects.get(recipient=cast.caseworker)
    assert notification.kind == Kind.CERTIFICATE_ISSUED and notification.in_app
    assert notification.url == f"/learning/certificates/{certificate.pk}/"
    assert [m.to for m in mailoutbox] == [[cast.caseworker.email]]
    body = mailoutbox[0].body
    assert certificate.code in body and f"/verify/{certificate.code}" in body
    assert "bukan lisensi" in body and "Program uji" in mailoutbox[0].subject
    assert f"/notifications/{notification.pk}/open/" in body
    page = as_user(cast.caseworker).get("/notifications/")
    assert b"Program uji" in page.content


def test_a_holder_who_turned_certificate_emails_off_gets_no_email(
    cast, event, mailoutbox, django_capture_on_commit_callbacks
):
    from sigap.notifications.models import Kind, Notification, Preference

    Preference.objects.create(user=cast.caseworker, kind=Kind.CERTIFICATE_ISSUED, in_app=True, email=False)
    participant = actions.add_participant(event, actor=cast.trainer, user=cast.caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        actions.issue_certificate(participant, actor=cast.trainer, reason="Alasan yang cukup panjang")
    assert mailoutbox == []
    assert Notification.objects.filter(recipient=cast.caseworker, kind=Kind.CERTIFICATE_ISSUED).count() == 1


def test_the_holder_is_told_of_a_revocation_but_not_its_reason(
    cast, event, mailoutbox, django_capture_on_commit_callbacks
):
    from sigap.notifications.models import Kind, Notification

    participant = actions.add_participant(event, actor=cast.trainer, user=cast.caseworker)
    certificate = actions.issue_certificate(participant, actor=cast.trainer, reason="Alasan yang cukup panjang")
    with django_capture_on_commit_callbacks(execute=True):
        actions.revoke_certificate(certificate, actor=cast.trainer, reason="Alasan pencabutan rahasia")
    revoked = Notification.objects.get(recipient=cast.caseworker, kind=Kind.CERTIFICATE_REVOKED)
    assert revoked.url == certificate.get_absolute_url()
    assert [m.to for m in mailoutbox] == [[cast.caseworker.email]]
    assert "Alasan pencabutan rahasia" not in mailoutbox[0].body and certificate.code in mailoutbox[0].body


def test_an_invited_person_without_an_account_is_not_notified(cast, event):
    from sigap.notifications.models import Notification

    actions.issue_certificate(invite(event, cast, "Peserta Undangan"), actor=cast.trainer, reason="Alasan yang cukup")
    assert not Notification.objects.exists()
