"""``manage.py seed_demo_cases`` also gives the data protection officer something to work on:
requests in every state, a breach register and a break-glass opening, safe to run twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sigap.audit.access import break_glass_openings
from sigap.audit.models import AccessAction, AccessLog, AuditEvent
from sigap.cases.access import can_view_case
from sigap.cases.models import Stage
from sigap.cases.mywork import break_glass_notices
from sigap.cases.tests.fixtures import demo, seed  # noqa: F401 (pytest fixtures, used by name)
from sigap.organisations.models import Organisation
from sigap.organisations.roles import Role
from sigap.privacy import retention
from sigap.privacy.demo import BREACHES, BREAK_GLASS_REASON, MAIN_ORGANISATION, REQUESTS
from sigap.privacy.models import Breach, PersonRestriction, SubjectRequest

pytestmark = pytest.mark.django_db

Kind = SubjectRequest.Kind
Status = SubjectRequest.Status


@pytest.fixture
def seeded(demo):  # noqa: F811 - the fixture imported above
    return seed(cases=60)


@pytest.fixture
def main_org(seeded):
    return Organisation.objects.get(name=MAIN_ORGANISATION)


def hours_ago(moment) -> float:
    return (timezone.now() - moment).total_seconds() / 3600


def test_the_dpo_of_the_main_demo_organisation_has_requests_in_every_state(main_org):
    requests = {r.kind: r for r in SubjectRequest.objects.filter(organisation=main_org)}
    assert set(requests) == {Kind.ACCESS, Kind.CORRECTION, Kind.ERASURE, Kind.OBJECTION, Kind.RESTRICTION}
    access = requests[Kind.ACCESS]
    assert access.status == Status.RECEIVED and 23.9 < hours_ago(access.received_at) < 24.5
    assert access.due_state == "due_soon"
    assert requests[Kind.CORRECTION].status == Status.IN_PROGRESS
    overdue = requests[Kind.OBJECTION]
    assert overdue.status == Status.RECEIVED and 95.9 < hours_ago(overdue.received_at) < 96.5
    assert overdue.due_state == "overdue"
    # Made through the verbs.
    assert AuditEvent.objects.filter(verb="privacy.request_received", object_id=str(overdue.pk)).exists()


def test_the_demo_erasure_is_refused_while_the_clients_case_is_kept(main_org):
    erasure = SubjectRequest.objects.get(organisation=main_org, kind=Kind.ERASURE)
    assert erasure.status == Status.REFUSED and "retensi" in erasure.refusal_reason
    assert erasure.person is not None and retention.legal_holds(erasure.person)
    assert AuditEvent.objects.filter(verb="privacy.request_refused", object_id=str(erasure.pk)).exists()


def test_the_demo_restriction_is_completed_and_restricts_a_demo_client(main_org):
    restriction = SubjectRequest.objects.get(organisation=main_org, kind=Kind.RESTRICTION)
    assert restriction.status == Status.COMPLETED
    # Decided on the simulated clock, two days after it was received (not at seeding time).
    assert restriction.decided_at - restriction.received_at == timedelta(days=2)
    active = PersonRestriction.objects.get(request=restriction, lifted_at__isnull=True)
    assert active.person == restriction.person
    assert active.person.organisation == main_org
    assert active.person.victim_of.filter(case__stage=Stage.CLOSED).exists()


def test_the_breach_register_has_one_breach_notified_in_time_and_one_due_soon(main_org):
    breaches = list(Breach.objects.filter(organisation=main_org))
    assert len(breaches) == 2
    notified = next(b for b in breaches if b.is_notified)
    assert notified.authority_notified_at <= notified.notification_due_at
    assert notified.subjects_notified_at <= notified.notification_due_at
    assert notified.due_state == "done"
    open_breach = next(b for b in breaches if not b.is_notified)
    assert open_breach.status == Breach.Status.OPEN
    assert 49.9 < hours_ago(open_breach.discovered_at) < 50.5
    assert open_breach.due_state == "due_soon"
    assert AuditEvent.objects.filter(verb="privacy.breach_notified", object_id=str(notified.pk)).exists()


def test_only_organisations_with_a_dpo_get_requests_and_breaches(main_org):
    assert set(SubjectRequest.objects.values_list("organisation", flat=True).distinct()) == {main_org.pk}
    assert set(Breach.objects.values_list("organisation", flat=True).distinct()) == {main_org.pk}


def test_a_supervisor_opened_a_case_outside_their_scope_by_break_glass(main_org):
    opening = AccessLog.objects.select_related("user").get(action=AccessAction.BREAK_GLASS)
    assert opening.organisation_id == main_org.pk and opening.reason == BREAK_GLASS_REASON
    assert opening.user.memberships.filter(organisation=main_org, role=Role.SUPERVISOR).exists()
    case = main_org.cases.select_related("case_manager").get(pk=opening.case_id)
    assert case.stage != Stage.CLOSED
    assert not can_view_case(opening.user, case)  # outside the supervisor's normal access
    assert timedelta(hours=2) < timezone.now() - opening.time < timedelta(hours=4)
    # The DPO's list and the case manager's notice on My work show it.
    assert list(break_glass_openings([main_org.pk])) == [opening]
    assert [n.pk for n in break_glass_notices(case.case_manager)] == [opening.pk]


def test_seeding_again_makes_no_duplicates(seeded, main_org):
    assert f"{len(REQUESTS) + len(BREACHES) + 1} made now" in seeded
    before = (SubjectRequest.objects.count(), Breach.objects.count(), PersonRestriction.objects.count())
    out = seed(cases=60)
    assert "Data protection demo records (requests, breaches, break-glass): 0 made now." in out
    assert (SubjectRequest.objects.count(), Breach.objects.count(), PersonRestriction.objects.count()) == before
    assert AccessLog.objects.filter(action=AccessAction.BREAK_GLASS).count() == 1
