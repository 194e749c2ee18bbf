"""A learner's journey in Chromium: the e-learning course and its quiz, marked present by the trainer,
the post-test online, the certificate that follows, and an anonymous visitor verifying it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sigap.accounts.models import User
from sigap.learning import actions
from sigap.learning.demo import make_quiz
from sigap.learning.models import Certificate, Course, Lesson, Module, Programme, ProgrammeSession, QuestionKind
from sigap.organisations.models import Membership
from sigap.organisations.roles import Role
from tests.browser import test_pages
from tests.browser.test_pages import PASSWORD, PHONE, sign_in

caseworker = test_pages.caseworker  # the fixture, shared with the other page tests

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def training(caseworker: User) -> dict[str, Any]:
    org = caseworker.memberships.get().organisation
    trainer = User.objects.create_user(email="pelatih@test.sigap.invalid", password=PASSWORD, full_name="Pelatih Uji")
    Membership.objects.create(user=trainer, organisation=org, role=Role.TRAINER)
    course = Course.objects.create(title="Kursus Dasar (uji)", organisation=org)
    module = Module.objects.create(course=course, title="Modul 1")
    Lesson.objects.create(
        module=module, title="Pelajaran pertama", body="## Kepentingan terbaik anak\n\nIsi pelajaran."
    )
    make_quiz(
        "Kuis modul",
        org,
        course=course,
        questions=[("Ibu kota?", QuestionKind.SINGLE, [("Benar", True), ("Salah", False)])],
    )
    post_test = make_quiz(
        "Tes akhir", org, questions=[("Aman?", QuestionKind.TRUE_FALSE, [("Benar", True), ("Salah", False)])]
    )
    programme = Programme.objects.create(title="Program Manajemen Kasus (uji)", organisation=org, post_test=post_test)
    programme.required_courses.set([course])
    ProgrammeSession.objects.create(programme=programme, title="Sesi manajemen kasus")
    event = actions.create_event(
        programme,
        actor=trainer,
        organisation=org,
        values={"title": "Pelatihan uji browser", "start_date": date(2026, 3, 2), "end_date": date(2026, 3, 2)},
    )
    actions.add_participant(event, actor=trainer, user=caseworker)
    return {"trainer": trainer, "course": course, "event": event, "post_test": post_test}


def answer_right_and_submit(page: Any, base: str, quiz_pk: Any) -> None:
    page.goto(f"{base}/learning/quizzes/{quiz_pk}/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.locator("main input[type=radio]").first.check()  # "Benar" is the first and the right answer
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("#quiz-result.alert-success").count() == 1


def test_learner_completes_the_course_is_marked_present_passes_and_an_anonymous_visitor_verifies_the_certificate(
    live_server,
    page_factory,
    caseworker,
    training,
):
    base = live_server.url
    learner = page_factory(PHONE)
    sign_in(learner, base, caseworker)
    learner.goto(f"{base}/learning/courses/{training['course'].pk}/")
    with learner.expect_navigation():
        learner.locator("main a.btn-primary").click()  # start the course
    assert learner.locator("main .lesson-body h3").inner_text() == "Kepentingan terbaik anak"
    with learner.expect_navigation():
        learner.locator("main form button[type=submit]").click()  # done, back to the course
    answer_right_and_submit(learner, base, training["course"].quizzes.get().pk)
    learner.goto(f"{base}/learning/courses/{training['course'].pk}/")
    assert learner.locator("#course-complete").count() == 1

    trainer = page_factory(PHONE)
    sign_in(trainer, base, training["trainer"])
    session = training["event"].sessions.get()
    trainer.goto(f"{base}/learning/events/{training['event'].pk}/sessions/{session.pk}/attendance/")
    assert trainer.locator("main input[name=present]").is_checked()
    with trainer.expect_navigation():
        trainer.locator("main form button[type=submit]").click()

    answer_right_and_submit(learner, base, training["post_test"].pk)
    certificate = Certificate.objects.get()
    learner.goto(f"{base}/learning/certificates/")
    assert certificate.code in learner.locator("main").inner_text()
    width = learner.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]

    visitor = page_factory(PHONE)
    response = visitor.goto(f"{base}/verify/{certificate.code}")
    assert response.status == 200
    assert visitor.locator("#certificate-holder").inner_text() == caseworker.full_name
    assert visitor.locator("#certificate-status").inner_text() in ("Berlaku", "Valid")
    assert visitor.goto(f"{base}/verify/SGP-XXXX-YYYY-ZZZZ").status == 404


@pytest.mark.parametrize("viewport", test_pages.VIEWPORTS)
def test_learning_pages_fit_a_phone_and_have_no_wcag_aa_violations(
    live_server, page_factory, caseworker, training, viewport
):
    event = training["event"]
    participant = event.participants.get()
    certificate = actions.issue_certificate(participant, actor=training["trainer"], reason="Alasan uji aksesibilitas")
    attempt = actions.start_attempt(training["post_test"], actor=caseworker)
    lesson = Lesson.objects.get()
    profile = actions.become_mentor(
        actor=caseworker, province=event.participants.get().province, regency=None, expertise="Uji"
    )
    pair = actions.ask_mentor(profile, actor=training["trainer"])
    actions.log_mentoring_session(
        pair, actor=caseworker, held_on=date(2026, 3, 3), topic="Asesmen", notes="Catatan uji"
    )
    pages = {
        caseworker: [
            "/learning/",
            f"/learning/events/{event.pk}/",
            f"/learning/courses/{training['course'].pk}/",
            f"/learning/lessons/{lesson.pk}/",
            f"/learning/attempts/{attempt.pk}/",
            "/learning/certificates/",
            f"/learning/certificates/{certificate.pk}/",
            f"/learning/events/{event.pk}/feedback/",
            f"/learning/quizzes/{training['post_test'].pk}/",
            "/learning/courses/",
            "/learning/mentors/",
            f"/learning/mentoring/{pair.pk}/",
        ],
        training["trainer"]: [
            "/learning/events/",
            "/learning/events/new/",
            f"/learning/events/{event.pk}/",
            f"/learning/events/{event.pk}/report/",
            f"/learning/events/{event.pk}/scores/",
            f"/learning/events/{event.pk}/sessions/{event.sessions.get().pk}/attendance/",
            f"/learning/events/{event.pk}/progress/",
            f"/learning/events/{event.pk}/participants/new/",
            "/learning/programmes/",
            "/learning/programmes/new/",
            f"/learning/programmes/{event.programme_id}/",
            f"/learning/courses/{training['course'].pk}/edit/",
            f"/learning/lessons/{lesson.pk}/edit/",
            f"/learning/quizzes/{training['post_test'].pk}/edit/",
            "/learning/competency/",
            "/learning/mentors/",
        ],
        None: [f"/verify/{certificate.code}"],
    }
    for user, paths in pages.items():
        page = page_factory(viewport, bypass_csp=True)
        if user is not None:
            sign_in(page, live_server.url, user)
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            violations = test_pages.axe_violations(page)
            assert violations == [], f"axe-core found problems on {path}:\n" + test_pages.describe(violations)
            if viewport == PHONE:
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= PHONE["width"], f"{path} is {width}px wide on a {PHONE['width']}px screen"


def test_the_report_draws_its_charts_under_the_content_security_policy(live_server, page_factory, training):
    page = page_factory(test_pages.DESKTOP)
    errors = test_pages.console_errors(page)
    sign_in(page, live_server.url, training["trainer"])
    page.goto(f"{live_server.url}/learning/events/{training['event'].pk}/report/")
    page.wait_for_function("document.querySelectorAll('canvas[data-chart]').length === 3")
    page.wait_for_function("typeof Chart !== 'undefined' && Object.keys(Chart.instances).length === 3")
    assert errors == []
