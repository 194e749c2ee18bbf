"""Retention per record type: answered requests and sign-in records, each rule only past its period."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import call_command
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.privacy import actions
from sigap.privacy.models import SubjectRequest
from sigap.privacy.retention import RULES, apply_rules
from sigap.privacy.tests.factories import receive

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def answered(cast: Any, *, years_ago: float, refused: bool = False, person: Any = None) -> SubjectRequest:
    """A request answered through the verbs, its decision then moved ``years_ago`` into the past."""
    subject_request = receive(cast, details="Salinan data sintetis.", person=person)
    if refused:
        actions.refuse_request(subject_request, actor=cast.dpo, reason="Alasan penolakan sintetis.")
    else:
        actions.complete_request(subject_request, actor=cast.dpo, notes="Catatan keputusan sintetis.")
    decided = timezone.now() - timedelta(days=round(365.25 * years_ago))
    SubjectRequest.objects.filter(pk=subject_request.pk).update(decided_at=decided)
    subject_request.refresh_from_db()
    return subject_request


def signin_records(days_ago: int, name: str) -> None:
    """One django-axes attempt, failure and sign-in log for ``name``, ``days_ago`` old."""
    common = {"username": name, "ip_address": "192.0.2.1", "user_agent": "test", "http_accept": "*/*", "path_info": "/"}
    AccessAttempt.objects.create(get_data="", post_data="", failures_since_start=1, **common)
    AccessFailureLog.objects.create(**common)
    AccessLog.objects.create(**common)
    when = timezone.now() - timedelta(days=days_ago)
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=name).update(attempt_time=when)


def test_an_answered_request_past_the_period_loses_who_asked_and_the_free_text_and_keeps_the_rest(cast, case):
    person = case.victims.get().person
    done = answered(cast, years_ago=6, person=person)
    refused = answered(cast, years_ago=6, refused=True)

    assert "cleared 2 request(s)" in run()

    for subject_request in (done, refused):
        kept = SubjectRequest.objects.get(pk=subject_request.pk)
        assert (kept.requester, kept.details, kept.decision_notes, kept.refusal_reason) == ("", "", "", "")
        assert kept.person_id is None
        assert (kept.kind, kept.status, kept.received_at, kept.decided_at) == (
            subject_request.kind,
            subject_request.status,
            subject_request.received_at,
            subject_request.decided_at,
        )
        assert kept.handled_by == cast.dpo


def test_requests_inside_the_period_or_still_open_are_left_alone(cast, case):
    recent = answered(cast, years_ago=4, person=case.victims.get().person)
    still_open = receive(cast, details="Masih diproses, sintetis.")
    SubjectRequest.objects.filter(pk=still_open.pk).update(received_at=timezone.now() - timedelta(days=3650))

    assert "cleared 0 request(s)" in run()

    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert recent.requester and recent.decision_notes and recent.person_id
    assert still_open.requester and still_open.details


def test_the_request_period_comes_from_the_setting(cast, settings):
    answered(cast, years_ago=2)
    settings.SIGAP_RETENTION_SUBJECT_REQUEST_YEARS = 1
    assert "answered subject requests: retention 1 years after the decision: cleared 1 request(s)" in run()


def test_sign_in_records_older_than_the_period_are_deleted_and_newer_ones_kept(db):
    signin_records(400, "lama@example.org")
    signin_records(30, "baru@example.org")

    output = run()

    assert "deleted 3 record(s) (1 accessattempt, 1 accessfailurelog, 1 accesslog)" in output
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert list(model.objects.values_list("username", flat=True)) == ["baru@example.org"]


def test_the_sign_in_period_comes_from_the_setting(db, settings):
    signin_records(30, "baru@example.org")
    settings.SIGAP_RETENTION_SIGNIN_DAYS = 7
    assert "sign-in records: retention 7 days after the attempt: deleted 3 record(s)" in run()


def test_a_dry_run_counts_every_rule_and_changes_nothing(cast, old_case):
    answered(cast, years_ago=6)
    signin_records(400, "lama@example.org")
    requests = list(SubjectRequest.objects.values())
    events = AuditEvent.objects.count()

    output = run("--dry-run")

    assert "would anonymise 1 case(s)" in output
    assert "would clear 1 request(s)" in output
    assert "would delete 3 record(s)" in output
    assert list(SubjectRequest.objects.values()) == requests
    assert AccessLog.objects.count() == AccessAttempt.objects.count() == AccessFailureLog.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_the_output_has_one_line_per_rule_with_counts_and_no_names(cast, old_case):
    answered(cast, years_ago=6)
    signin_records(400, "lama@example.org")

    lines = run().splitlines()

    assert [line.split(":")[0] for line in lines] == [rule.record_type for rule in RULES]
    text = "\n".join(lines)
    for name in ("Sinta", "Ibu kandung", "lama@example.org"):
        assert name not in text


def test_a_second_run_changes_nothing_and_each_rule_that_acted_wrote_one_audit_event(cast, old_case):
    answered(cast, years_ago=6)
    signin_records(400, "lama@example.org")

    first = apply_rules()
    events = AuditEvent.objects.filter(verb="privacy.retention_applied")
    assert [o.changed > 0 for o in first] == [True, True, True]
    assert sorted(e.details["rule"] for e in events) == ["closed_cases", "signin_records", "subject_requests"]
    subject_requests = events.get(details__rule="subject_requests")
    assert subject_requests.details == {"rule": "subject_requests", "period": 5, "unit": "years", "requests": 1}
    assert "Ibu kandung" not in str([e.details for e in events])

    second = apply_rules()

    assert [o.changed for o in second] == [0, 0, 0]
    assert events.count() == 3
