"""The case page: header, stages and next steps, deadlines, overview, persons, timeline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sigap.cases import actions, extensions
from sigap.cases.models import Case, CaseTask, Stage, TaskKind
from sigap.cases.tests.factories import make_case, make_person

pytestmark = pytest.mark.django_db

SECTIONS = [
    "overview",
    "tasks",
    "assessment",
    "plan",
    "services",
    "follow-ups",
    "closure",
    "notes",
    "attachments",
    "persons",
    "team",
    "timeline",
]


def advance_url(case: Case, transition: str) -> str:
    return reverse("cases:advance", args=[case.pk, transition])


def task_done_url(case: Case, kind: str) -> str:
    return reverse("cases:task_done", args=[case.pk, kind])


# --- What the page shows ----------------------------------------------------------------------


def test_case_manager_sees_the_whole_case(cast, client):
    case = make_case(
        cast.org,
        cast.caseworker,
        risk_level="high",
        forms=["seksual"],
        tpks_offences=["perkosaan"],
        flag_immediate_danger=True,
        intake_narrative="Synthetic narrative.",
        perpetrators=[("Pelaku Contoh", "tetangga", True)],
    )
    client.force_login(cast.caseworker)
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    text = response.text
    for expected in [
        case.number,
        "Sinta Contoh",
        "Identification &amp; registration",
        '<dt>Risk</dt>\n        <dd><span class="badge text-bg-danger">High</span>',
        "Immediate danger",
        "Stage 1 of 6",
        "Sexual",
        "Rape",
        "Synthetic narrative.",
        "Pelaku Contoh",
        "Neighbour",
        "Report to police (TPKS, 3×24 hours)",
        "Case registered",
        cast.caseworker.full_name,
    ]:
        assert expected in text, expected
    for section in SECTIONS:
        assert f'<section id="{section}"' in text, section


def test_an_unassigned_case_says_so(cast, client):
    case = make_case(cast.org, cast.intake_officer)
    client.force_login(cast.supervisor)
    assert "Not yet assigned" in client.get(case.get_absolute_url()).text


def test_the_page_costs_the_same_number_of_queries_however_big_the_case(cast, client):
    # The same forms on both: other sections may look further when there is sexual violence.
    small = make_case(cast.org, cast.caseworker, forms=["seksual"])
    big = make_case(
        cast.org,
        cast.caseworker,
        forms=["seksual", "fisik", "psikis"],
        reporter=make_person(cast.org, cast.caseworker, full_name="Pelapor Contoh"),
        perpetrators=[(f"Pelaku {i}", "lainnya", False) for i in range(4)],
    )
    for colleague in (cast.caseworker2, cast.psychologist, cast.legal_aid):
        actions.add_team_member(big, actor=cast.caseworker, user=colleague, access="read")
    for level in ["high", "low", "medium", "high"]:
        actions.rate_risk(big, actor=cast.caseworker, risk_level=level, reason="Re-rated")
    client.force_login(cast.caseworker)

    def queries(case: Case) -> int:
        client.get(case.get_absolute_url())  # warm up (session, caches)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(case.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    assert queries(big) == queries(small)


def test_the_case_page_itself_stays_within_its_query_budget(
    cast, client, case, django_assert_max_num_queries, monkeypatch
):
    """Sign-in (4), the case (2), its parts (6), the timeline (1), the step guards (2), the access log (3)
    and the navigation's unread-notification badge (1)."""
    client.force_login(cast.caseworker)
    client.get(case.get_absolute_url())
    monkeypatch.setattr(extensions, "section_context", lambda request, case: {})  # the sections' own queries
    with django_assert_max_num_queries(19):
        assert client.get(case.get_absolute_url()).status_code == 200


# --- The overview card, the section menu, the forms on demand -----------------------------------


def card_of(text: str) -> str:
    return text.split("data-case-overview>")[1].split("</header>")[0]


def test_the_overview_card_says_age_stage_risk_next_deadline_consent_and_case_manager(cast, client, case):
    case.tasks.filter(kind=TaskKind.FIRST_CONTACT).update(due_at=timezone.now() - timedelta(hours=1))
    client.force_login(cast.caseworker)
    card = card_of(client.get(case.get_absolute_url()).text)
    age = case.victims.get().person.age()
    assert "Sinta Contoh" in card and case.number in card
    assert f"{age} years" in card and "Child" in card
    assert 'Identification &amp; registration</span> <span class="small">1 of 6</span>' in card
    assert "First contact / safety action" in card and '<span class="badge text-bg-danger">Overdue</span>' in card
    assert "Not recorded" in card  # no consent yet
    assert cast.caseworker.full_name in card


def test_the_section_menu_counts_what_the_sections_list(cast, client, case):
    for body in ["One", "Two", "Three"]:
        actions.add_note(case, actor=cast.caseworker, body=body)
    client.force_login(cast.caseworker)
    text = client.get(case.get_absolute_url()).text
    menu = text.split("data-case-menu>")[1].split("</nav>")[0]
    assert 'href="#notes">Notes <span class="badge rounded-pill text-bg-light border">3</span>' in menu
    assert 'href="#attachments">Attachments <span class="badge rounded-pill text-bg-light border">0</span>' in menu
    open_tasks = case.tasks.filter(done_at__isnull=True).count()
    assert f'href="#tasks">Deadlines <span class="badge rounded-pill text-bg-light border">{open_tasks}</span>' in menu


def test_the_long_forms_are_closed_until_asked_for(cast, client, case):
    client.force_login(cast.caseworker)
    text = client.get(case.get_absolute_url()).text
    for form in ["note-form", "attachment-form", "team-form"]:
        assert f'id="{form}">' in text, form  # a <details> without "open"
    assert 'name="note-body"' in text  # still on the page: it works without JavaScript
    client.force_login(cast.supervisor)
    assert 'id="assign-form">' in client.get(case.get_absolute_url()).text


def test_the_stage_step_and_the_assessment_start_no_longer_share_a_label(cast, client, case):
    client.force_login(cast.caseworker)
    text = client.get(case.get_absolute_url()).text
    stage_area = text.split("data-stage-area>")[1].split("</section>")[0]
    assert "Move to stage 2: Assessment" in stage_area
    assert "Ask to close the case" in stage_area
    assert text.count("Start the assessment") == 1
    assert "Start the assessment" in text.split('<section id="assessment"')[1].split("</section>")[0]


# --- Stages and next steps --------------------------------------------------------------------


def test_the_next_step_is_a_button(cast, client, case):
    client.force_login(cast.caseworker)
    response = client.get(case.get_absolute_url())
    assert f'action="{advance_url(case, "start_assessment")}"' in response.text
    response = client.post(advance_url(case, "start_assessment"), follow=True)
    case.refresh_from_db()
    assert case.stage == Stage.ASSESSMENT
    assert "The case moved to the next stage." in response.text


def test_a_blocked_step_says_why(cast, client, case):
    actions.advance(case, "start_assessment", actor=cast.caseworker)
    client.force_login(cast.caseworker)
    text = client.get(case.get_absolute_url()).text
    assert 'disabled aria-describedby="blocked-start_planning"' in text
    assert "Not yet: Complete the comprehensive assessment before planning." in text
    response = client.post(advance_url(case, "start_planning"), follow=True)
    assert "Complete the comprehensive assessment before planning." in response.text
    case.refresh_from_db()
    assert case.stage == Stage.ASSESSMENT


def test_closing_and_reopening_are_not_generic_steps(cast, client, case):
    client.force_login(cast.caseworker)
    assert client.post(advance_url(case, "close")).status_code == 404
    assert client.post(advance_url(case, "reopen")).status_code == 404
    assert client.post(advance_url(case, "fly_away")).status_code == 404


def test_a_read_only_colleague_gets_no_buttons_and_403(cast, client, case):
    actions.add_team_member(case, actor=cast.caseworker, user=cast.psychologist, access="read")
    client.force_login(cast.psychologist)
    text = client.get(case.get_absolute_url()).text
    assert "Move to stage 2: Assessment" not in text
    assert advance_url(case, "start_assessment") not in text
    assert "Ask to close the case" not in text
    assert "Mark done" not in text
    assert "Change risk or forms of violence" not in text
    assert client.post(advance_url(case, "start_assessment")).status_code == 403
    assert client.post(task_done_url(case, TaskKind.FIRST_CONTACT)).status_code == 403
    assert client.get(task_done_url(case, TaskKind.FIRST_CONTACT)).status_code == 403
    case.refresh_from_db()
    assert case.stage == Stage.IDENTIFICATION


def test_another_organisation_gets_404_for_every_action(cast, client, case):
    client.force_login(cast.other_caseworker)
    for url in [
        advance_url(case, "start_assessment"),
        task_done_url(case, TaskKind.FIRST_CONTACT),
        reverse("cases:overview_edit", args=[case.pk]),
        reverse("cases:team_add", args=[case.pk]),
        reverse("cases:assign", args=[case.pk]),
        reverse("cases:timeline", args=[case.pk]),
    ]:
        assert client.post(url).status_code in {404, 405}, url
        assert client.get(url).status_code in {404, 405}, url
    case.refresh_from_db()
    assert case.stage == Stage.IDENTIFICATION


# --- Deadlines --------------------------------------------------------------------------------


def test_overdue_and_due_soon_tasks_are_red_and_amber_with_words(cast, client, case):
    now = timezone.now()
    case.tasks.filter(kind=TaskKind.FIRST_CONTACT).update(due_at=now - timedelta(hours=2))
    case.tasks.filter(kind=TaskKind.ASSESSMENT).update(due_at=now + timedelta(hours=5))
    client.force_login(cast.caseworker)
    text = client.get(case.get_absolute_url()).text
    assert "list-group-item-danger" in text
    assert '<span class="badge text-bg-danger">Overdue</span>' in text
    assert "list-group-item-warning" in text
    assert '<span class="badge text-bg-warning">Due soon</span>' in text


def test_marking_a_task_done_asks_for_a_confirmation_and_a_note(cast, client, case):
    client.force_login(cast.caseworker)
    page = client.get(case.get_absolute_url()).text
    url = task_done_url(case, TaskKind.FIRST_CONTACT)
    assert f'href="{url}"' in page  # a link to the confirm step, not a one-click form
    form = client.get(url)
    assert form.status_code == 200
    assert 'name="note"' in form.text and 'name="confirm"' in form.text
    response = client.post(url, {"note": "Called the mother; the child is safe at her grandmother's."})
    assert response.status_code == 400
    assert "Tick the box to confirm the task was done." in response.text
    response = client.post(url, {"note": "  ", "confirm": "on"})
    assert response.status_code == 400
    assert "Say briefly what was done." in response.text
    assert CaseTask.objects.get(case=case, kind=TaskKind.FIRST_CONTACT).done_at is None
    assert not case.timeline.filter(verb="task_done").exists()
    response = client.post(url, {"note": "Called the mother; the child is safe.", "confirm": "on"}, follow=True)
    assert "The task is marked done." in response.text
    assert '<span class="badge text-bg-success">Done</span>' in response.text
    timeline = response.text.split('id="timeline"')[1]
    assert "Called the mother; the child is safe." in timeline
    task = CaseTask.objects.get(case=case, kind=TaskKind.FIRST_CONTACT)
    assert task.done_by == cast.caseworker
    response = client.post(url, {"note": "Again", "confirm": "on"})
    assert response.status_code == 400
    assert "There is no open task of this kind." in response.text
    assert client.get(task_done_url(case, "nonsense")).status_code == 404
    assert client.post(task_done_url(case, "nonsense")).status_code == 404


def test_a_deadline_met_by_an_event_has_no_mark_done_button_and_is_refused(cast, client, case):
    client.force_login(cast.supervisor)
    page = client.get(case.get_absolute_url()).text
    assert task_done_url(case, TaskKind.PLAN_APPROVAL) not in page
    assert "This deadline is met when a supervisor approves the case plan." in page
    url = task_done_url(case, TaskKind.PLAN_APPROVAL)
    response = client.post(url, {"note": "Approved", "confirm": "on"})
    assert response.status_code == 400
    assert "cannot be marked done by hand" in response.text
    assert 'name="note"' not in response.text
    assert case.tasks.get(kind=TaskKind.PLAN_APPROVAL).done_at is None


def test_the_whole_timeline_shows_the_note_of_a_task_done(cast, client, case):
    actions.complete_task(case, TaskKind.FIRST_CONTACT, actor=cast.caseworker, note="Home visit with the mother")
    client.force_login(cast.caseworker)
    text = client.get(reverse("cases:timeline", args=[case.pk])).text
    assert "Home visit with the mother" in text


# --- Overview: risk and forms, with lost-update protection --------------------------------------


def overview_url(case: Case) -> str:
    return reverse("cases:overview_edit", args=[case.pk])


def test_re_rating_the_risk_from_the_overview(cast, client, case):
    client.force_login(cast.caseworker)
    assert client.get(overview_url(case)).status_code == 200
    response = client.post(
        overview_url(case),
        {"risk_level": "high", "risk_reason": "Threats", "violence_forms": ["fisik"], "version": case.version},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.risk_level, case.risk_reason) == ("high", "Threats")
    first_contact = case.tasks.get(kind=TaskKind.FIRST_CONTACT)
    assert first_contact.due_at == case.registered_at + timedelta(hours=24)


def test_a_new_risk_level_needs_a_reason(cast, client, case):
    client.force_login(cast.caseworker)
    response = client.post(
        overview_url(case), {"risk_level": "high", "risk_reason": "", "violence_forms": ["fisik"], "version": 1}
    )
    assert response.status_code == 400
    assert "Say why the risk level changes." in response.text


def test_changing_risk_and_forms_together(cast, client, case):
    client.force_login(cast.caseworker)
    client.post(
        overview_url(case),
        {"risk_level": "low", "risk_reason": "Safe now", "violence_forms": ["fisik", "seksual"], "version": 1},
    )
    case.refresh_from_db()
    assert case.risk_level == "low"
    assert sorted(case.forms) == ["fisik", "seksual"]
    assert case.tasks.filter(kind=TaskKind.POLICE_REPORT).exists()


def test_a_stale_overview_form_gets_a_conflict_not_an_overwrite(cast, client, case):
    client.force_login(cast.caseworker)
    stale_version = case.version
    actions.rate_risk(case, actor=cast.supervisor, risk_level="high", reason="Supervisor re-rated")
    response = client.post(
        overview_url(case),
        {"risk_level": "low", "risk_reason": "Looks fine", "violence_forms": ["fisik"], "version": stale_version},
    )
    assert response.status_code == 409
    assert "Somebody else changed this record while you were editing it." in response.text
    assert "Supervisor re-rated" in response.text  # the newer values are shown
    case.refresh_from_db()
    assert (case.risk_level, case.risk_reason) == ("high", "Supervisor re-rated")
    assert f'name="version" value="{case.version}"' in response.text


def test_a_read_only_colleague_cannot_open_the_overview_form(cast, client, case):
    actions.add_team_member(case, actor=cast.caseworker, user=cast.legal_aid, access="read")
    client.force_login(cast.legal_aid)
    assert client.get(overview_url(case)).status_code == 403


# --- Timeline ---------------------------------------------------------------------------------


def test_the_timeline_is_newest_first_with_a_link_to_the_rest(cast, client, case):
    for i in range(12):
        actions.rate_risk(case, actor=cast.caseworker, risk_level="high" if i % 2 else "low", reason=f"Reason {i}")
    client.force_login(cast.caseworker)
    text = client.get(case.get_absolute_url()).text
    assert text.index("Reason 11") < text.index("Reason 10")
    assert "Reason 1<" not in text and "Case registered" not in text.split('id="timeline"')[1]
    assert "Show the whole timeline" in text
    full = client.get(reverse("cases:timeline", args=[case.pk])).text
    assert "Reason 0" in full and "Case registered" in full
