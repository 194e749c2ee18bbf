"""The coordination, online abuse, learning and directory screens on a 360px phone, on the demo world:
nothing wider than the screen (a wide table scrolls inside its own ``.table-responsive`` box) and no
serious or critical accessibility problem."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from sigap.accounts.models import User
from sigap.cases.models import CaseTask, TaskKind
from sigap.conferences.models import Conference
from sigap.learning.demo import EVENT
from sigap.learning.models import Certificate, TrainingEvent
from sigap.notifications.models import Notification
from sigap.online.models import OnlineIncident
from sigap.referrals.models import Referral
from sigap.transfers.models import Transfer
from tests.browser.test_pages import PHONE, axe_violations, describe
from tests.test_crawl import seed_demo_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERIOUS = {"serious", "critical"}


def demo_user(login: str) -> User:
    return User.objects.get(email=f"{login}@demo.sigap.test")


def pages() -> list[tuple[str, User | None, str]]:
    """(name, who looks, path) for every screen checked; None looks without signing in."""
    receiver = demo_user("supervisor.dinsos-bandung")
    referral = Referral.objects.filter(to_organisation__memberships__user=receiver).order_by("created_at").first()
    external = Referral.objects.filter(is_external=True).select_related("case__case_manager").first()
    transfer = Transfer.objects.select_related("proposed_by").order_by("created_at").first()
    conference = Conference.objects.select_related("created_by").order_by("created_at").first()
    notified = Notification.objects.select_related("recipient").order_by("created_at").first()
    incident = OnlineIncident.objects.select_related("case__case_manager").order_by("created_at").first()
    event = TrainingEvent.objects.get(title=EVENT)
    trainer = event.facilitators.get()
    certificate = Certificate.objects.order_by("created_at").first()
    # Marking a manual task done is a confirm page; a deadline met by an event says so instead.
    open_task = (
        CaseTask.objects.filter(kind=TaskKind.FIRST_CONTACT, done_at__isnull=True, case__closed_at__isnull=True)
        .exclude(case__case_manager=None)
        .select_related("case__case_manager")
        .order_by("due_at")
        .first()
    )
    assert referral and external and transfer and conference and notified and incident and certificate, (
        "the demo is incomplete"
    )
    assert open_task is not None, "the demo has no open first contact"
    task_case = open_task.case
    case = incident.case
    return [
        ("referral inbox", receiver, reverse("referrals:inbox")),
        ("referral detail", receiver, reverse("referrals:detail", args=[referral.pk])),
        (
            "referral to a partner not on Sigap",
            external.case.case_manager,
            reverse("referrals:detail", args=[external.pk]),
        ),
        ("transfer detail", transfer.proposed_by, reverse("transfers:detail", args=[transfer.pk])),
        ("conference detail", conference.created_by, reverse("conferences:detail", args=[conference.pk])),
        ("notifications", notified.recipient, reverse("notifications:list")),
        ("online incident", case.case_manager, reverse("online:incident", args=[case.pk, incident.pk])),
        ("online evidence list", case.case_manager, reverse("online:evidence_list", args=[case.pk])),
        ("learning event report", trainer, reverse("learning:report", args=[event.pk])),
        # Participants still waiting for a certificate: "Issue…" links with hidden names in a wide table.
        ("learning event participants, page 2", trainer, reverse("learning:event", args=[event.pk]) + "?page=2"),
        ("certificate verification", None, reverse("verify_certificate", args=[certificate.code])),
        # Pages the exploratory run of this check over the whole crawl found wanting: overdue tasks
        # on My work, and wide tables of plain text (no link to reach them by keyboard).
        ("my work with overdue tasks", demo_user("caseworker.bandung"), reverse("core:home")),
        ("who viewed a case", case.case_manager, reverse("cases:access_log", args=[case.pk])),
        ("online abuse statistics", demo_user("supervisor.bandung"), reverse("online:report")),
        ("break-glass openings", demo_user("dpo.bandung"), reverse("audit:break_glass")),
        ("directory search", demo_user("caseworker.bandung"), reverse("directory:list") + "?q=psikolog"),
        (
            "mark a task done",
            task_case.case_manager,
            reverse("cases:task_done", args=[task_case.pk, TaskKind.FIRST_CONTACT]),
        ),
        (
            "a deadline met by an event",
            task_case.case_manager,
            reverse("cases:task_done", args=[task_case.pk, TaskKind.PLAN_APPROVAL]),
        ),
    ]


def open_as(browser_page: Any, base_url: str, user: User | None, path: str) -> int:
    """Open ``path`` signed in as ``user`` (a session made on the server: quicker than the sign-in form)."""
    browser_page.context.clear_cookies()
    if user is not None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        browser_page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])
    response = browser_page.goto(f"{base_url}{path}")
    return response.status if response else 0


def test_new_screens_fit_a_360px_phone_and_have_no_serious_accessibility_problems(
    live_server, page_factory, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    seed_demo_world(cases=80)
    page = page_factory(PHONE, bypass_csp=True)
    problems: list[str] = []
    for name, user, path in pages():
        status = open_as(page, live_server.url, user, path)
        if status != 200 or page.url != f"{live_server.url}{path}":
            problems.append(f"{name} ({path}): status {status} at {page.url}")
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            culprits = page.evaluate(
                """(limit) => [...document.querySelectorAll('body *')]
                    .filter((el) => el.getBoundingClientRect().right > limit + 1
                        && (!el.closest('.table-responsive') || getComputedStyle(el).position === 'absolute'))
                    .slice(0, 5).map((el) => el.outerHTML.slice(0, 120))""",
                PHONE["width"],
            )
            problems.append(f"{name} ({path}) is {width}px wide: {culprits}")
        serious = [v for v in axe_violations(page) if v["impact"] in SERIOUS]
        if serious:
            problems.append(f"{name} ({path}):\n{describe(serious)}")
    assert problems == [], "\n".join(problems)
