"""The access matrix: every URL that takes an object id, asked for a record of organisation A by every
role of organisation B, answers 403 or 404 (or 405, or the admin's sign-in page) and shows none of A's
data.

The URL patterns are discovered from Django's resolver (screens, API router, admin), so a new URL with
an object id fails ``test_every_url_with_an_object_id_has_an_access_matrix_entry`` until somebody
writes its entry in ``ENTRIES`` below — that is, until somebody decided who may reach it.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, include, path, reverse
from django.urls.converters import IntConverter, UUIDConverter
from django.urls.resolvers import RoutePattern
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from sigap.accounts.actions import create_api_token
from sigap.audit.models import AuditEvent
from sigap.cases import actions
from sigap.cases.models import Note, ResponseTime
from sigap.cases.tests import files
from sigap.cases.tests.factories import case_in_stage, closure_requested_for, make_person
from sigap.consent.actions import record_consent
from sigap.consent.tests.factories import ask, consent_input
from sigap.directory.tests.factories import make_service
from sigap.online import actions as online
from sigap.online.models import Guidance
from sigap.organisations.models import Membership
from sigap.organisations.roles import Role
from sigap.privacy.models import PersonRestriction
from sigap.privacy.tests.factories import breach, receive
from sigap.referrals.tests.factories import make_referral
from sigap.regions.models import District, Village

pytestmark = pytest.mark.django_db

# --- Discovering the URLs that take an object id -------------------------------------------

ID_KWARGS = {"pk", "id", "object_id", "content_type_id", "uidb64"}


def is_object_kwarg(name: str, converter: Any = None) -> bool:
    return name in ID_KWARGS or name.endswith(("_pk", "_id")) or isinstance(converter, (UUIDConverter, IntConverter))


@dataclass(frozen=True)
class Found:
    key: str  # the namespaced URL name, or the route where the pattern has no name
    route: str
    kwargs: tuple[str, ...]


def walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Found]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            continue
        assert isinstance(pattern, URLPattern)
        route = prefix + str(pattern.pattern)
        if isinstance(pattern.pattern, RoutePattern):
            kwargs = [(n, c) for n, c in pattern.pattern.converters.items()]
        else:
            kwargs = [(n, None) for n in pattern.pattern.regex.groupindex]
        names = tuple(n for n, _c in kwargs)
        if any(is_object_kwarg(n, c) for n, c in kwargs):
            key = f"{namespace}{pattern.name}" if pattern.name else route
            yield Found(key, route, names)


def discover(urlconf: Any = None) -> dict[str, Found]:
    """Every URL pattern with an object id, by key (format-suffix twins of an API route share its key)."""
    return {found.key: found for found in walk(get_resolver(urlconf).url_patterns)}


# --- The world: one of everything in organisation A ----------------------------------------

VICTIM = "Sekar Matriks Rahasia"
NARRATIVE = "Kronologi sintetis yang tidak boleh bocor"
NOTE = "Catatan biasa matriks sintetis"
RESTRICTED = "Catatan terbatas matriks sintetis"


@dataclass
class World:
    cast: Any
    case: Any
    person: Any
    assessment: Any
    plan: Any
    plan_action: Any
    service: Any
    follow_up: Any
    closure: Any
    note: Any
    attachment: Any
    membership: Any
    token: Any
    audit_event: Any
    group: Any
    district: Any
    village: Any
    consent: Any
    override: Any
    subject_request: Any
    restriction: Any
    breach: Any
    secrets: list[str] = field(default_factory=list)
    online: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def world(cast, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    case = case_in_stage(
        cast.org,
        cast.caseworker,
        cast.supervisor,
        "follow_up",
        victim_values={"full_name": VICTIM},
        intake_narrative=NARRATIVE,
    )
    actions.add_team_member(case, actor=cast.caseworker, user=cast.psychologist, access="read")
    note = actions.add_note(case, actor=cast.caseworker, body=NOTE)
    actions.add_note(case, actor=cast.psychologist, body=RESTRICTED, visibility=Note.Visibility.RESTRICTED)
    attachment = actions.add_attachment(
        case, actor=cast.caseworker, title="Surat matriks", upload=SimpleUploadedFile("surat.pdf", files.PDF)
    )
    plan = case.plans.get()
    follow_up = actions.record_follow_up(
        case,
        actor=cast.caseworker,
        held_on=timezone.localdate(),
        method="phone",
        risk_level="medium",
        progress="Membaik (sintetis).",
        next_date=timezone.localdate() + timedelta(days=30),
    )
    closure = closure_requested_for(case, cast.caseworker)
    token, _raw = create_api_token(cast.caseworker, name="Matrix token")
    client_person = case.victims.get().person
    mother = make_person(cast.org, cast.caseworker, full_name="Ibu Matriks", sex="female")
    consent = record_consent(case, actor=cast.caseworker, person=client_person, data=consent_input(mother))
    override = ask(cast, case, client_person, cast.other_org)
    subject_request = receive(cast, person=client_person)
    district = District.objects.create(code="32.73.01", regency=cast.org.regency, name="Sukasari")
    return World(
        cast=cast,
        case=case,
        person=case.victims.get().person,
        assessment=case.assessments.get(kind="comprehensive"),
        plan=plan,
        plan_action=plan.goals.get().actions.get(),
        service=case.services.get(),
        follow_up=follow_up,
        closure=closure,
        note=note,
        attachment=attachment,
        membership=Membership.objects.get(user=cast.caseworker, organisation=cast.org),
        token=token,
        audit_event=AuditEvent.objects.filter(object_id=str(case.pk)).first(),
        group=Group.objects.create(name="Matrix group"),
        district=district,
        village=Village.objects.create(code="32.73.01.1001", district=district, name="Sukarasa"),
        consent=consent,
        override=override,
        subject_request=subject_request,
        restriction=PersonRestriction.objects.create(
            person=client_person, reason="Permintaan pembatasan (sintetis)", restricted_by=cast.dpo
        ),
        breach=breach(cast),
        secrets=[
            VICTIM,
            NARRATIVE,
            NOTE,
            RESTRICTED,
            case.number,
            "Surat matriks",
            cast.caseworker.email,
            "Bukti matriks",
            TRANSFER_REASON,
            CONFERENCE_AGENDA,
        ],
        online=online_records(cast, case),
    )


def online_records(cast: Any, case: Any) -> dict[str, Any]:
    """An online incident, an evidence item and a takedown request on A's case (sigap.online)."""
    incident = online.record_incident(
        case, actor=cast.caseworker, data=online.IncidentInput(harm_types=["sextortion"], platforms=["instagram"])
    )
    evidence = online.record_evidence(
        case,
        actor=cast.caseworker,
        data=online.EvidenceInput(kind="url", description="Bukti matriks", url="https://example.org/matriks"),
    )
    takedown = online.create_takedown(
        case,
        actor=cast.caseworker,
        data=online.TakedownInput(platform="instagram", channel="platform", url="https://example.org/matriks"),
    )
    return {"incident": incident, "evidence": evidence, "takedown": takedown}


# --- The registry: for each URL, a record of organisation A and who else may reach it ------

ALL_ROLES = frozenset([*(role.value for role in Role), "no_organisation"])
NATIONAL = frozenset({Role.NATIONAL_ADMIN.value})
DIRECTORY = "the organisation directory is visible to every signed-in user and holds no personal data"
MEMBERS = "national admins manage every organisation and its members"
REGIONS = "official region codes: public reference data"
SERVICES = "the service directory is read by every signed-in user (and the public) and holds no personal data"
SERVICE_ADMINS = "national admins manage every organisation, and so its services"


def directory_service(w: World) -> dict[str, Any]:
    return {"pk": make_service(w.cast.org).pk}


def notification_(w: World) -> dict[str, Any]:
    """A notification of A's caseworker about A's case (one, however often it is asked for)."""
    from sigap.notifications.tests.factories import a_notification

    return {"pk": a_notification(w.cast.caseworker, w.case, "access-matrix").pk}


@dataclass(frozen=True)
class Entry:
    """How to reach a record of organisation A through one URL, and who of organisation B may.

    ``readable_by``: roles whose ``readable_methods`` may succeed (public or directory data); the
    answer must still hold none of A's personal data. ``exempt``: roles the policy entitles to the
    record (not requested at all). ``why`` says why either is not empty.
    """

    build: Callable[[World], dict[str, Any]]
    methods: tuple[str, ...] = ("get", "post")
    readable_by: frozenset[str] = frozenset()
    readable_methods: tuple[str, ...] = ("get",)
    exempt: frozenset[str] = frozenset()
    why: str = ""


def case_(w: World) -> dict[str, Any]:
    return {"pk": w.case.pk}


def nested(**more: Callable[[World], Any]) -> Callable[[World], dict[str, Any]]:
    """URL kwargs of an API route under /cases/{case_pk}/."""
    return lambda w: {"case_pk": w.case.pk, **{name: get(w) for name, get in more.items()}}


def on_case(**more: Callable[[World], Any]) -> Callable[[World], dict[str, Any]]:
    """URL kwargs of a screen under /cases/{pk}/."""
    return lambda w: {"pk": w.case.pk, **{name: get(w) for name, get in more.items()}}


# --- Capacity building: one programme, event, participant, certificate and quiz sitting of A --------

LEARNING = "learning content (programmes, courses, quizzes) holds no personal data; every signed-in user is a learner"
PARTICIPANT = "Peserta Matriks Rahasia"
MENTORS = "certified workers list themselves as mentors for every signed-in worker to ask (a redirect to the new pair)"


def learning(w: World) -> dict[str, Any]:
    """Built once per world: the records of organisation A's training."""
    made = getattr(w, "_learning", None)
    if made is None:
        from sigap.learning import actions as learning_actions
        from sigap.learning.tests.factories import make_learning_world

        made = make_learning_world(w.cast, learning_actions)
        w.secrets.append(PARTICIPANT)
        w._learning = made  # type: ignore[attr-defined]
    return made


def learning_pk(name: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"pk": learning(w)[name].pk}


LEARNING_ENTRIES: dict[str, Entry] = {
    "api:programme-detail": Entry(
        learning_pk("programme"), methods=("get", "post", "patch"), readable_by=ALL_ROLES, why=LEARNING
    ),
    "learning:programme": Entry(learning_pk("programme"), readable_by=ALL_ROLES, why=LEARNING),
    "learning:programme_edit": Entry(learning_pk("programme")),
    "learning:course_edit": Entry(learning_pk("course")),
    "learning:module_add": Entry(learning_pk("course")),
    "learning:course_quiz_new": Entry(lambda w: {"course_pk": learning(w)["course"].pk}),
    "learning:lesson_new": Entry(lambda w: {"module_pk": learning(w)["lesson"].module_id}),
    "learning:lesson_edit": Entry(learning_pk("lesson")),
    "learning:quiz_edit": Entry(learning_pk("quiz")),
    "api:course-detail": Entry(learning_pk("course"), readable_by=ALL_ROLES, why=LEARNING),
    "api:course-progress": Entry(learning_pk("course"), readable_by=ALL_ROLES, why=LEARNING),
    "api:course-complete-lesson": Entry(
        learning_pk("course"), readable_by=ALL_ROLES, readable_methods=("get", "post"), why=LEARNING
    ),
    "api:quiz-detail": Entry(learning_pk("quiz"), readable_by=ALL_ROLES, why=LEARNING),
    "api:quiz-start": Entry(learning_pk("quiz"), readable_by=ALL_ROLES, readable_methods=("get", "post"), why=LEARNING),
    "api:quiz-attempt-detail": Entry(learning_pk("attempt")),
    "api:quiz-attempt-submit": Entry(learning_pk("attempt")),
    "api:certificate-detail": Entry(learning_pk("certificate")),
    "api:certificate-revoke": Entry(learning_pk("certificate")),
    **{
        f"api:training-event-{name}": Entry(learning_pk("event"))
        for name in ("detail", "attendance", "certify", "participants", "progress", "report", "scores")
    },
    "api:training-event-report-xlsx": Entry(learning_pk("event")),
    "learning:course": Entry(learning_pk("course"), readable_by=ALL_ROLES, why=LEARNING),
    "learning:lesson": Entry(
        learning_pk("lesson"), readable_by=ALL_ROLES, readable_methods=("get", "post"), why=LEARNING
    ),
    "learning:lesson_file": Entry(learning_pk("lesson"), readable_by=ALL_ROLES, why=LEARNING),
    "learning:quiz": Entry(learning_pk("quiz"), readable_by=ALL_ROLES, why=LEARNING),
    "learning:quiz_start": Entry(learning_pk("quiz"), readable_by=ALL_ROLES, readable_methods=("post",), why=LEARNING),
    "learning:attempt": Entry(learning_pk("attempt")),
    "learning:attendance": Entry(lambda w: {"pk": learning(w)["event"].pk, "session_pk": learning(w)["session"].pk}),
    **{
        f"learning:{name}": Entry(learning_pk("event"))
        for name in (
            "event",
            "event_edit",
            "facilitator_add",
            "participant_add",
            "scores",
            "certify",
            "feedback",
            "report",
            "report_csv",
            "report_xlsx",
            "cohort_progress",
        )
    },
    **{f"learning:{name}": Entry(learning_pk("participant")) for name in ("elearning_confirm", "certificate_issue")},
    "learning:certificate": Entry(learning_pk("certificate")),
    "learning:pair": Entry(learning_pk("pair")),
    "learning:mentor_ask": Entry(learning_pk("mentor"), readable_by=ALL_ROLES, readable_methods=("post",), why=MENTORS),
    "learning:certificate_pdf": Entry(learning_pk("certificate")),
}

API_WRITE = ("get", "post", "patch", "delete")


# --- Standard forms: an own form of organisation A --------------------------------------------

FORMS = "national admins read every organisation's own forms (questions only, no personal data)"


def own_form(w: World) -> dict[str, Any]:
    """Built once per world: a published own form of organisation A, with a draft of version 2."""
    made = getattr(w, "_own_form", None)
    if made is None:
        from sigap.forms import actions as form_actions
        from sigap.forms.tests.fixtures import example_schema

        schema = {**example_schema(), "key": "matrix-own-form"}
        made = form_actions.create_definition(schema, by=w.cast.org_admin, organisation=w.cast.org)
        form_actions.publish_version(made.versions.get(), by=w.cast.org_admin)
        form_actions.save_draft(made, schema, by=w.cast.org_admin)
        w._own_form = made  # type: ignore[attr-defined]
    return {"pk": made.pk}


def own_form_version(w: World) -> dict[str, Any]:
    return {**own_form(w), "number": 1}


FORMS_ENTRIES: dict[str, Entry] = {
    **{f"forms:{name}": Entry(own_form, readable_by=NATIONAL, why=FORMS) for name in ("detail", "compare")},
    **{f"forms:{name}": Entry(own_form) for name in ("edit", "publish", "discard", "own_questions")},
    **{f"forms:{name}": Entry(own_form_version, readable_by=NATIONAL, why=FORMS) for name in ("version", "export")},
    "api:form-detail": Entry(own_form, methods=API_WRITE, readable_by=NATIONAL, why=FORMS),
    "api:form-version": Entry(own_form_version, readable_by=NATIONAL, why=FORMS),
    "api:form-export": Entry(own_form_version, readable_by=NATIONAL, why=FORMS),
    "api:form-draft": Entry(own_form, methods=("get", "put")),
    "api:form-publish": Entry(own_form),
    "api:form-own-questions": Entry(own_form, methods=("get", "put")),
}


def referral_(w: World) -> dict[str, Any]:
    """A referral of A's case to a third organisation (made once per world, on first use)."""
    if not hasattr(w, "referral"):
        w.referral = make_referral(w.case, w.cast.caseworker)  # type: ignore[attr-defined]
    return {"pk": w.referral.pk}  # type: ignore[attr-defined]


# --- Transfers and case conferences: A's case proposed to, and conferenced with, a third organisation.
TRANSFER_REASON = "Alasan transfer matriks sintetis"
CONFERENCE_AGENDA = "Agenda konferensi matriks sintetis"


def _third_organisation(w: World) -> Any:
    from sigap.consent.actions import approve_override
    from sigap.organisations.models import Organisation, OrganisationKind

    if "third_org" not in w.__dict__:
        third = Organisation.objects.create(
            name="LBH Matriks (test)", kind=OrganisationKind.LEGAL_AID, province=w.cast.org.province
        )
        client = w.case.victims.get().person
        for purpose in ("transfer", "case_conference"):
            approve_override(ask(w.cast, w.case, client, third, purpose=purpose), actor=w.cast.supervisor)
        w.__dict__["third_org"] = third
    return w.__dict__["third_org"]


def transfer_(w: World) -> dict[str, Any]:
    from sigap.transfers.actions import propose_transfer

    if "transfer" not in w.__dict__:
        third = _third_organisation(w)
        w.__dict__["transfer"] = propose_transfer(
            w.case, actor=w.cast.caseworker, to_organisation=third, reason=TRANSFER_REASON
        )
    return {"pk": w.__dict__["transfer"].pk}


def conference_(w: World) -> dict[str, Any]:
    from sigap.conferences import actions as conference_actions

    if "conference" not in w.__dict__:
        third = _third_organisation(w)
        conference = conference_actions.schedule_conference(
            w.case,
            actor=w.cast.caseworker,
            title="Konferensi matriks",
            scheduled_at=timezone.now() - timedelta(days=1),
            agenda=CONFERENCE_AGENDA,
        )
        conference_actions.invite(conference, actor=w.cast.caseworker, organisation=third)
        w.__dict__["conference"] = conference
    return {"pk": w.__dict__["conference"].pk}


def data_request_(w: World) -> dict[str, Any]:
    """A data request of A's data officer about A's own province: only A is asked; B sees nothing."""
    from datetime import date

    from sigap.statistics import actions_release
    from sigap.statistics.refresh import refresh_all
    from sigap.statistics.tests.release_fixtures import verify_all

    if "data_request" not in w.__dict__:
        refresh_all()
        verify_all(w.cast.data_officer)
        year = timezone.localdate().year
        w.__dict__["data_request"] = actions_release.request_data(
            actor=w.cast.data_officer,
            organisation=w.cast.org,
            title="Permintaan matriks",
            purpose="Uji akses",
            measure="case",
            dimensions=["form"],
            start=date(year, 1, 1),
            end=date(year, 12, 1),
            region=str(w.cast.org.province_id),
        )
    return {"pk": w.__dict__["data_request"].pk}


def wellbeing_checkin(w: World) -> dict[str, Any]:
    """A private check-in of A's caseworker: hers alone, so every other user gets 404 (built once)."""
    if "checkin" not in w.__dict__:
        from sigap.wellbeing.tests.factories import NOTE as CHECKIN_NOTE
        from sigap.wellbeing.tests.factories import a_checkin

        w.__dict__["checkin"] = a_checkin(w.cast.caseworker, in_team_figure=True)
        w.secrets.append(CHECKIN_NOTE)
    return {"pk": w.__dict__["checkin"].pk}


ENTRIES: dict[str, Entry] = {
    # Accounts: the password reset link is checked by its token, not by who asks.
    "accounts:password_reset_confirm": Entry(
        lambda w: {"uidb64": urlsafe_base64_encode(force_bytes(w.cast.caseworker.pk)), "token": "x-invalid"},
        readable_by=ALL_ROLES,
        readable_methods=("get", "post"),
        why="the link works only with the emailed token; a wrong one shows 'invalid link'",
    ),
    "accounts:api_token_revoke": Entry(lambda w: {"pk": w.token.pk}),
    # Organisations and members.
    "organisations:detail": Entry(
        lambda w: {"pk": w.cast.org.pk}, readable_by=ALL_ROLES, exempt=NATIONAL, why=DIRECTORY
    ),
    # The service directory.
    "directory:detail": Entry(directory_service, readable_by=ALL_ROLES, exempt=NATIONAL, why=SERVICES),
    "directory:edit": Entry(directory_service, exempt=NATIONAL, why=SERVICE_ADMINS),
    "directory:deactivate": Entry(directory_service, exempt=NATIONAL, why=SERVICE_ADMINS),
    "directory:reactivate": Entry(directory_service, exempt=NATIONAL, why=SERVICE_ADMINS),
    "directory:create": Entry(lambda w: {"pk": w.cast.org.pk}, exempt=NATIONAL, why=SERVICE_ADMINS),
    "organisations:edit": Entry(lambda w: {"pk": w.cast.org.pk}, exempt=NATIONAL, why=MEMBERS),
    "organisations:members": Entry(lambda w: {"pk": w.cast.org.pk}, exempt=NATIONAL, why=MEMBERS),
    **{
        f"organisations:{name}": Entry(lambda w: {"pk": w.membership.pk}, exempt=NATIONAL, why=MEMBERS)
        for name in (
            "member",
            "member_role",
            "member_supervisor",
            "member_deactivate",
            "member_reactivate",
            "member_resend_welcome",
        )
    },
    # Persons and cases.
    "cases:person": Entry(lambda w: {"pk": w.person.pk}),
    "cases:person_edit": Entry(lambda w: {"pk": w.person.pk}),
    "cases:detail": Entry(case_),
    "cases:advance": Entry(on_case(transition=lambda w: "start_follow_up")),
    "cases:task_done": Entry(on_case(kind=lambda w: "first_contact")),
    "cases:overview_edit": Entry(case_),
    "cases:team_add": Entry(case_),
    "cases:team_remove": Entry(on_case(user_pk=lambda w: w.cast.psychologist.pk)),
    "cases:assign": Entry(case_),
    "cases:people": Entry(on_case(purpose=lambda w: "assign")),
    "cases:timeline": Entry(case_),
    "cases:screening": Entry(case_),
    "cases:assessment_start": Entry(case_),
    "cases:assessment": Entry(on_case(assessment_id=lambda w: w.assessment.pk)),
    "cases:plan_create": Entry(case_),
    **{
        f"cases:{name}": Entry(on_case(plan_id=lambda w: w.plan.pk))
        for name in ("plan", "plan_edit", "plan_submit", "plan_decide")
    },
    "cases:plan_action_status": Entry(on_case(action_id=lambda w: w.plan_action.pk)),
    "cases:service_new": Entry(case_),
    "cases:follow_up_new": Entry(case_),
    "cases:closure_request": Entry(case_),
    "cases:closure": Entry(on_case(closure_id=lambda w: w.closure.pk)),
    "cases:closure_decide": Entry(on_case(closure_id=lambda w: w.closure.pk)),
    "cases:reopen": Entry(case_),
    "cases:note_add": Entry(case_),
    "cases:note_edit": Entry(on_case(note_pk=lambda w: w.note.pk)),
    "cases:note_correct": Entry(on_case(note_pk=lambda w: w.note.pk)),
    "cases:attachment_add": Entry(case_),
    "cases:attachment_download": Entry(on_case(attachment_pk=lambda w: w.attachment.pk)),
    "cases:attachment_destroy": Entry(on_case(attachment_pk=lambda w: w.attachment.pk)),
    "cases:summary": Entry(case_),
    "cases:summary_pdf": Entry(case_),
    # Who viewed a case; break-glass (only inside the case's own organisation); change history.
    "cases:access_log": Entry(case_),
    "cases:break_glass": Entry(case_),
    "history:case": Entry(case_),
    "history:person": Entry(lambda w: {"pk": w.person.pk}),
    # Consent and sharing without consent.
    "consent:history": Entry(case_),
    "consent:record": Entry(case_),
    "consent:withdraw": Entry(on_case(consent_pk=lambda w: w.consent.pk)),
    "consent:override_new": Entry(case_),
    "consent:override": Entry(on_case(override_pk=lambda w: w.override.pk)),
    # Data protection: the DPO's requests, restrictions and breaches; person exports.
    **{
        f"privacy:{name}": Entry(lambda w: {"pk": w.subject_request.pk})
        for name in (
            "request",
            "request_start",
            "request_link",
            "request_complete",
            "request_refuse",
            "request_export",
        )
    },
    "privacy:restriction_lift": Entry(lambda w: {"pk": w.restriction.pk}),
    "privacy:breach": Entry(lambda w: {"pk": w.breach.pk}),
    "privacy:breach_notified": Entry(lambda w: {"pk": w.breach.pk}),
    "privacy:person_export": Entry(lambda w: {"pk": w.person.pk}),
    # Notifications: only their recipient, whatever their role (another user's is 404).
    "notifications:open": Entry(notification_),
    "notifications:read": Entry(notification_),
    # Online abuse (sigap.online): the case's rules.
    "online:incident_new": Entry(case_),
    "online:incident": Entry(on_case(incident_pk=lambda w: w.online["incident"].pk)),
    "online:account_add": Entry(on_case(incident_pk=lambda w: w.online["incident"].pk)),
    "online:incident_edit": Entry(on_case(incident_pk=lambda w: w.online["incident"].pk)),
    "online:evidence_list": Entry(case_),
    "online:evidence_new": Entry(case_),
    "online:evidence": Entry(on_case(evidence_pk=lambda w: w.online["evidence"].pk)),
    "online:takedown_list": Entry(case_),
    "online:takedown_new": Entry(case_),
    "online:takedown": Entry(on_case(takedown_pk=lambda w: w.online["takedown"].pk)),
    "online:safety_plan": Entry(case_),
    "online:safety_plan_print": Entry(case_),
    "online:safety_plan_pdf": Entry(case_),
    "online:guidance_edit": Entry(
        lambda w: {"pk": Guidance.objects.first().pk},  # type: ignore[union-attr]
        exempt=NATIONAL,
        why="national admins keep the nationwide first-aid guidance (no personal data)",
    ),
    # The API.
    "api:token-detail": Entry(lambda w: {"pk": w.token.pk}, methods=API_WRITE),
    "api:token-revoke": Entry(lambda w: {"pk": w.token.pk}),
    "api:organisation-detail": Entry(
        lambda w: {"pk": w.cast.org.pk}, methods=API_WRITE, readable_by=ALL_ROLES, exempt=NATIONAL, why=DIRECTORY
    ),
    "api:service-detail": Entry(
        directory_service, methods=API_WRITE, readable_by=ALL_ROLES, exempt=NATIONAL, why=SERVICES
    ),
    "api:service-deactivate": Entry(directory_service, exempt=NATIONAL, why=SERVICE_ADMINS),
    "api:service-reactivate": Entry(directory_service, exempt=NATIONAL, why=SERVICE_ADMINS),
    "api:hsds_service": Entry(directory_service, readable_by=ALL_ROLES, why=SERVICES),
    "api:hsds_organisation": Entry(lambda w: {"pk": w.cast.org.pk}, readable_by=ALL_ROLES, why=SERVICES),
    "api:membership-detail": Entry(lambda w: {"pk": w.membership.pk}, methods=API_WRITE, exempt=NATIONAL, why=MEMBERS),
    "api:membership-deactivate": Entry(lambda w: {"pk": w.membership.pk}, exempt=NATIONAL, why=MEMBERS),
    "api:membership-reactivate": Entry(lambda w: {"pk": w.membership.pk}, exempt=NATIONAL, why=MEMBERS),
    "api:province-detail": Entry(lambda w: {"pk": w.cast.org.province_id}, readable_by=ALL_ROLES, why=REGIONS),
    "api:regency-detail": Entry(lambda w: {"pk": w.cast.org.regency_id}, readable_by=ALL_ROLES, why=REGIONS),
    "api:district-detail": Entry(lambda w: {"pk": w.district.pk}, readable_by=ALL_ROLES, why=REGIONS),
    "api:village-detail": Entry(lambda w: {"pk": w.village.pk}, readable_by=ALL_ROLES, why=REGIONS),
    "api:person-detail": Entry(lambda w: {"pk": w.person.pk}, methods=API_WRITE),
    "api:case-detail": Entry(case_, methods=API_WRITE),
    "api:case-assign": Entry(case_),
    "api:case-complete-task": Entry(on_case(kind=lambda w: "first_contact")),
    "api:case-reopen": Entry(case_),
    "api:case-transition": Entry(on_case(name=lambda w: "start_follow_up")),
    "api:case-team-list": Entry(nested()),
    "api:case-team-detail": Entry(nested(user_id=lambda w: w.cast.psychologist.pk), methods=API_WRITE),
    "api:case-timeline-list": Entry(nested()),
    "api:case-assessment-list": Entry(nested()),
    "api:case-assessment-detail": Entry(nested(pk=lambda w: w.assessment.pk), methods=API_WRITE),
    "api:case-assessment-complete": Entry(nested(pk=lambda w: w.assessment.pk)),
    "api:case-assessment-answers": Entry(nested(pk=lambda w: w.assessment.pk), methods=("get", "post")),
    "api:case-plan-list": Entry(nested()),
    "api:case-plan-detail": Entry(nested(pk=lambda w: w.plan.pk), methods=API_WRITE),
    "api:case-plan-action-status": Entry(nested(pk=lambda w: w.plan.pk, action_id=lambda w: w.plan_action.pk)),
    "api:case-plan-approve": Entry(nested(pk=lambda w: w.plan.pk)),
    "api:case-plan-review": Entry(nested(pk=lambda w: w.plan.pk), methods=("get",)),
    "api:case-plan-return-plan": Entry(nested(pk=lambda w: w.plan.pk)),
    "api:case-plan-submit": Entry(nested(pk=lambda w: w.plan.pk)),
    "api:case-service-list": Entry(nested()),
    "api:case-service-detail": Entry(nested(pk=lambda w: w.service.pk), methods=API_WRITE),
    "api:case-follow-up-list": Entry(nested()),
    "api:case-follow-up-detail": Entry(nested(pk=lambda w: w.follow_up.pk), methods=API_WRITE),
    "api:case-closure-list": Entry(nested()),
    "api:case-closure-checklist": Entry(nested()),
    "api:case-closure-open-items": Entry(nested()),
    "api:case-closure-detail": Entry(nested(pk=lambda w: w.closure.pk), methods=API_WRITE),
    "api:case-closure-approve": Entry(nested(pk=lambda w: w.closure.pk)),
    "api:case-closure-return-closure": Entry(nested(pk=lambda w: w.closure.pk)),
    "api:case-note-list": Entry(nested()),
    "api:case-note-detail": Entry(nested(pk=lambda w: w.note.pk), methods=API_WRITE),
    "api:case-note-correct": Entry(nested(pk=lambda w: w.note.pk)),
    "api:case-attachment-list": Entry(nested()),
    "api:case-attachment-detail": Entry(nested(pk=lambda w: w.attachment.pk), methods=API_WRITE),
    "api:case-attachment-download": Entry(nested(pk=lambda w: w.attachment.pk)),
    "api:case-attachment-destroy-file": Entry(nested(pk=lambda w: w.attachment.pk)),
    "api:case-access-log-list": Entry(nested()),
    "api:case-break-glass-list": Entry(nested()),
    "api:case-history-list": Entry(nested()),
    "api:person-history-list": Entry(lambda w: {"person_pk": w.person.pk}),
    "api:case-consent-list": Entry(nested()),
    "api:case-consent-detail": Entry(nested(pk=lambda w: w.consent.pk), methods=API_WRITE),
    "api:case-consent-withdraw": Entry(nested(pk=lambda w: w.consent.pk)),
    "api:case-consent-sharing-check": Entry(nested()),
    "api:case-sharing-override-list": Entry(nested()),
    "api:case-sharing-override-detail": Entry(nested(pk=lambda w: w.override.pk), methods=API_WRITE),
    "api:case-sharing-override-approve": Entry(nested(pk=lambda w: w.override.pk)),
    "api:case-sharing-override-reject": Entry(nested(pk=lambda w: w.override.pk)),
    "api:subject-request-detail": Entry(lambda w: {"pk": w.subject_request.pk}, methods=API_WRITE),
    # Online abuse (sigap.online): the case's rules.
    "api:case-online-incident-list": Entry(nested()),
    "api:case-online-incident-detail": Entry(nested(pk=lambda w: w.online["incident"].pk), methods=API_WRITE),
    "api:case-online-incident-accounts": Entry(nested(pk=lambda w: w.online["incident"].pk)),
    "api:case-online-evidence-list": Entry(nested()),
    "api:case-online-evidence-detail": Entry(nested(pk=lambda w: w.online["evidence"].pk), methods=API_WRITE),
    "api:case-online-evidence-destroy-file": Entry(nested(pk=lambda w: w.online["evidence"].pk)),
    "api:case-takedown-list": Entry(nested()),
    "api:case-takedown-detail": Entry(nested(pk=lambda w: w.online["takedown"].pk), methods=API_WRITE),
    "api:case-takedown-set-status": Entry(nested(pk=lambda w: w.online["takedown"].pk)),
    **{
        f"api:subject-request-{name}": Entry(lambda w: {"pk": w.subject_request.pk})
        for name in ("start", "person", "complete", "refuse", "export")
    },
    "api:breach-detail": Entry(lambda w: {"pk": w.breach.pk}, methods=API_WRITE),
    "api:breach-notified": Entry(lambda w: {"pk": w.breach.pk}),
    "api:person-export": Entry(lambda w: {"id": w.person.pk}),
    # Referrals: a referral of A's case to a third organisation (C); B sees nothing of it.
    "referrals:new": Entry(case_),
    **{
        f"referrals:{name}": Entry(referral_)
        for name in ("detail", "accept", "decline", "complete", "cancel", "service", "letter")
    },
    "api:referral-detail": Entry(referral_, methods=API_WRITE),
    **{
        f"api:referral-{name}": Entry(referral_)
        for name in ("accept", "decline", "complete", "cancel", "services", "letter")
    },
    "api:person-export-package": Entry(lambda w: {"id": w.person.pk}),
    "api:notification-detail": Entry(notification_, methods=API_WRITE),
    "api:notification-read": Entry(notification_),
    # Transfers and case conferences.
    "transfers:propose": Entry(case_),
    **{f"transfers:{name}": Entry(transfer_) for name in ("detail", "accept", "decline", "withdraw", "people")},
    **{f"api:transfer-{name}": Entry(transfer_) for name in ("detail", "accept", "decline", "withdraw")},
    "conferences:case": Entry(case_),
    "conferences:schedule": Entry(case_),
    **{
        f"conferences:{name}": Entry(conference_)
        for name in ("detail", "edit", "invite", "minutes", "add_action", "adopt", "cancel")
    },
    "conferences:people": Entry(lambda w: {**conference_(w), "purpose": "invite"}),
    "api:conference-detail": Entry(conference_, methods=("get", "post", "patch")),
    **{f"api:conference-{name}": Entry(conference_) for name in ("invite", "minutes", "add-action", "adopt", "cancel")},
    **LEARNING_ENTRIES,
    **FORMS_ENTRIES,
    # Statistics (sigap.statistics): A's own months, for A's staff with the aggregates capability.
    **{
        key: Entry(lambda w: {"pk": w.cast.org.pk, "month": "2026-01"}, methods=methods)
        for key, methods in [
            ("statistics:month", ("get", "post")),
            ("api:statistics-month-detail", ("get",)),
            ("api:statistics-month-verify", ("post",)),
        ]
    },
    "statistics:months": Entry(lambda w: {"pk": w.cast.org.pk}, methods=("get",)),
    "api:statistics-month-list": Entry(lambda w: {"pk": w.cast.org.pk}, methods=("get",)),
    # Statistics: data requests between agencies (B neither asks nor is asked: 404).
    **{
        f"statistics_release:request_{name}": Entry(data_request_)
        for name in ("detail", "approve", "refuse", "withdraw")
    },
    "statistics_release:simfoni_sheet": Entry(
        lambda w: {"pk": w.cast.org.pk, "year": timezone.localdate().year, "month": timezone.localdate().month},
        methods=("get",),
    ),
    "statistics_release:request_download": Entry(lambda w: {**data_request_(w), "fmt": "csv"}),
    "api:data-request-detail": Entry(data_request_),
    **{f"api:data-request-{name}": Entry(data_request_) for name in ("approve", "refuse", "withdraw", "download")},
    # Wellbeing: a worker's own check-ins (docs/wellbeing.md); no role, in any organisation, is exempt.
    "wellbeing:checkin": Entry(wellbeing_checkin),
    "wellbeing:checkin_delete": Entry(wellbeing_checkin),
    "api:wellbeing-checkin-detail": Entry(wellbeing_checkin, methods=("get", "post", "patch", "delete")),
}

# The Django admin: staff only (nobody of organisation B is staff), and only these models are in it.
# Cases, persons and their records must never be added here: see docs/security.md, "The Django admin".
ADMIN_MODELS: dict[str, Callable[[World], Any]] = {
    "auth/group": lambda w: w.group.pk,
    "axes/accessattempt": lambda w: 1,
    "axes/accesslog": lambda w: 1,
    "axes/accessfailurelog": lambda w: 1,
    "django_tasks_database/dbtaskresult": lambda w: uuid.uuid4(),
    "accounts/user": lambda w: w.cast.caseworker.pk,
    "accounts/apitoken": lambda w: w.token.pk,
    "otp_totp/totpdevice": lambda w: 1,
    "otp_static/staticdevice": lambda w: 1,
    "audit/auditevent": lambda w: w.audit_event.pk,
    "audit/accesslog": lambda w: 1,
    "organisations/organisation": lambda w: w.cast.org.pk,
    "organisations/membership": lambda w: w.membership.pk,
    "cases/responsetime": lambda w: ResponseTime.objects.first().pk,  # type: ignore[union-attr]
    "online/guidance": lambda w: Guidance.objects.first().pk,  # type: ignore[union-attr]
}


def _admin_entry(get_id: Callable[[World], Any]) -> Entry:
    # The admin refuses every method alike before it looks at the object; one GET shows it.
    return Entry(lambda w: {"object_id": get_id(w)}, methods=("get",))


for _model, _get_id in ADMIN_MODELS.items():
    _name = _model.replace("/", "_")
    for _view in ("change", "delete", "history"):
        ENTRIES[f"admin:{_name}_{_view}"] = _admin_entry(_get_id)
    ENTRIES[f"admin/{_model}/<path:object_id>/"] = _admin_entry(_get_id)  # the old-style change URL
ENTRIES["admin:auth_user_password_change"] = Entry(lambda w: {"id": w.cast.caseworker.pk}, methods=("get",))
ENTRIES["admin:view_on_site"] = Entry(lambda w: {"content_type_id": 1, "object_id": w.case.pk}, methods=("get",))


# --- The cast of organisation B: one user per role ----------------------------------------


def other_organisation_users(cast: Any) -> dict[str, Any]:
    from conftest import make_user

    users: dict[str, Any] = {Role.CASEWORKER.value: cast.other_caseworker, Role.ORG_ADMIN.value: cast.other_org_admin}
    for role in Role:
        if role.value not in users:
            users[role.value] = make_user(
                f"other.{role.value}@test.sigap.invalid", f"Other {role.label}", cast.other_org, role.value
            )
    # B's supervisor supervises B's caseworker, as in A: their scope is as wide as it gets.
    supervisor = Membership.objects.get(user=users[Role.SUPERVISOR.value], organisation=cast.other_org)
    Membership.objects.filter(user=cast.other_caseworker, organisation=cast.other_org).update(supervisor=supervisor)
    users["no_organisation"] = cast.learner
    return users


# --- The tests -----------------------------------------------------------------------------


def test_every_url_with_an_object_id_has_an_access_matrix_entry():
    found = set(discover())
    missing = sorted(found - set(ENTRIES))
    stale = sorted(set(ENTRIES) - found)
    assert not missing, "add an access-matrix entry (tests/test_access_matrix.py) for: " + ", ".join(missing)
    assert not stale, "remove the access-matrix entries of URLs that no longer exist: " + ", ".join(stale)


def _leaky_view(request: Any, pk: Any) -> Any:  # pragma: no cover - never requested
    raise AssertionError


urlpatterns = [
    path("", include("sigap.urls")),
    path("cases/<uuid:pk>/leak/", _leaky_view, name="leak"),
]


def test_a_new_url_with_an_object_id_and_no_entry_is_caught():
    found = discover(__name__)
    assert "leak" in found
    assert set(found) - set(ENTRIES) == {"leak"}


def test_ids_are_recognised_by_name_or_converter_but_plain_slugs_are_not():
    assert is_object_kwarg("case_pk") and is_object_kwarg("object_id") and is_object_kwarg("pk")
    assert is_object_kwarg("anything", UUIDConverter()) and is_object_kwarg("n", IntConverter())
    assert not is_object_kwarg("transition") and not is_object_kwarg("format") and not is_object_kwarg("level")


def test_every_exception_in_the_matrix_says_why():
    for key, entry in ENTRIES.items():
        if entry.readable_by or entry.exempt:
            assert entry.why, key


def denied(response: Any) -> bool:
    if response.status_code in (403, 404, 405):
        return True
    # The admin sends whoever is not staff to its own sign-in page.
    return response.status_code == 302 and response["Location"].startswith("/admin/login/")


def urls_for(key: str, kwargs: dict[str, Any]) -> list[str]:
    if key.startswith("admin/"):
        return ["/" + key.replace("<path:object_id>", str(kwargs["object_id"]))]
    urls = [reverse(key, kwargs=kwargs)]
    if key.startswith("api:"):
        with contextlib.suppress(NoReverseMatch):  # router routes have a format-suffix twin; plain paths not
            urls.append(reverse(key, kwargs={**kwargs, "format": "json"}))
    return urls


def send(client: Client, method: str, url: str) -> Any:
    if method == "get":
        return client.get(url)
    if url.startswith("/api/"):
        return getattr(client, method)(url, data={}, content_type="application/json")
    return getattr(client, method)(url, data={})


def leaks_for(world: World, role: str, user: Any) -> tuple[int, list[str]]:
    """Every URL of ``ENTRIES`` with every method, as ``user``: what was reached or shown."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    leaks: list[str] = []
    checked = 0
    for key, entry in ENTRIES.items():
        if role in entry.exempt:
            continue
        for url in urls_for(key, entry.build(world)):
            for method in entry.methods if not url.endswith(".json") else ("get",):
                response = send(client, method, url)
                checked += 1
                readable = role in entry.readable_by and method in entry.readable_methods
                if not readable and not denied(response):
                    leaks.append(f"{role}: {method.upper()} {url} ({key}) → {response.status_code}")
                body = b"" if response.streaming else response.content
                shown = [secret for secret in world.secrets if secret.encode() in body]
                if shown:
                    leaks.append(f"{role}: {method.upper()} {url} ({key}) shows {shown}")
    return checked, leaks


def test_no_role_of_another_organisation_reaches_any_record(world):
    """One world for all roles (building it is most of the time); each role has its own session."""
    leaks: list[str] = []
    checked = 0
    for role, user in sorted(other_organisation_users(world.cast).items()):
        count, found = leaks_for(world, role, user)
        checked += count
        leaks += found
    assert checked > 11 * 200, checked
    assert not leaks, "records of another organisation were reached:\n" + "\n".join(leaks)


def test_a_regency_data_officer_reaches_no_case_person_or_record_of_the_regency(world, regions):
    """Issue #15: a data officer of the Dinas PPPA of A's own regency reads the regency's aggregates
    (sigap.statistics) and nothing else: every case, person and record URL of A answers 403/404."""
    from sigap.statistics.tests.factories import regional_office

    officer = regional_office("Dinas PPPA Kota Bandung", province=regions["jabar"], regency=regions["bandung"])
    province = regional_office("Dinas PPPA Jawa Barat", province=regions["jabar"])
    leaks: list[str] = []
    checked = 0
    for user in (officer, province):
        count, found = leaks_for(world, Role.DATA_OFFICER.value, user)
        checked += count
        leaks += found
    assert checked > 2 * 200, checked
    assert not leaks, "a regional data officer reached records:\n" + "\n".join(leaks)


# --- Need-to-know inside organisation A: a person follows their cases -------------------------

PERSON_KEYS = [key for key in ENTRIES if key.startswith(("api:person", "cases:person", "history:person"))]
PERSON_KEYS += ["privacy:person_export"]
# A's colleagues on no case of the world's victim (the DPO exports persons for data-protection tasks).
OUTSIDE_THE_CASE = ["caseworker2", "intake_officer", "legal_aid", "org_admin", "data_officer", "trainer"]


def test_no_colleague_outside_the_case_reaches_its_persons(world):
    """Issue #12: recorded by the organisation is not enough. A colleague in A who may not open the
    victim's case gets 404/403 on every person URL, finds the victim in no list or search, and the
    intake's duplicate check tells her that a match exists without saying who."""
    assert len(PERSON_KEYS) >= 8, PERSON_KEYS
    leaks: list[str] = []
    for role in OUTSIDE_THE_CASE:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(getattr(world.cast, role))
        for key in PERSON_KEYS:
            entry = ENTRIES[key]
            for url in urls_for(key, entry.build(world)):
                for method in entry.methods if not url.endswith(".json") else ("get",):
                    response = send(client, method, url)
                    body = b"" if response.streaming else response.content
                    if not denied(response) or VICTIM.encode() in body:
                        leaks.append(f"{role}: {method.upper()} {url} ({key}) → {response.status_code}")
        found = [
            client.get(reverse("api:person-list")),
            client.post(reverse("api:person-search"), {"q": VICTIM}, content_type="application/json"),
            client.post(reverse("api:case-search"), {"q": VICTIM}, content_type="application/json"),
            client.post(reverse("cases:person_matches"), {"client-full_name": VICTIM}),
        ]
        leaks += [f"{role}: a list, search or the duplicate check shows the victim" for r in found if VICTIM in r.text]
        leaks += [f"{role}: its id" for r in found if str(world.person.pk) in r.text]
    assert not leaks, "persons reached outside their cases:\n" + "\n".join(leaks)


def test_the_team_of_the_case_still_reaches_its_persons(world):
    """The other side of the rule: the case manager, her supervisor and the team see the victim."""
    for role in ("caseworker", "supervisor", "psychologist"):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(getattr(world.cast, role))
        assert client.get(reverse("cases:person", kwargs={"pk": world.person.pk})).status_code == 200, role
        assert VICTIM in client.get(reverse("api:person-list")).text, role
