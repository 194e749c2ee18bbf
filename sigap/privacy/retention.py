"""Retention per record type: a small table of rules (:data:`RULES`) that ``apply_retention`` walks.

- closed cases are anonymised ``SIGAP_RETENTION_CLOSED_CASE_YEARS`` after closure;
- answered data subjects' requests lose who asked, what was asked, the decision's free text and the
  link to the person ``SIGAP_RETENTION_SUBJECT_REQUEST_YEARS`` after the decision (the kind, dates
  and status stay: the DPO's record of having answered);
- django-axes sign-in records are deleted ``SIGAP_RETENTION_SIGNIN_DAYS`` after the attempt.

The audit events and access logs are hash-chained and kept: no rule touches them.

Anonymising removes what identifies or describes a person (names, NIK, phone, address, narratives,
notes, assessment and plan free text, attachments) and keeps what the statistics count (region,
forms of violence, age band at registration, sex, place, relationship, services, dates, codes).
Everything goes through model fields, never raw SQL, so encrypted fields stay encrypted.

Apps with their own records on a case (referrals, online incidents, conferences …) give a
``clear_for_retention`` function in their case extension (``sigap.cases.extensions``); anonymising a
case calls each before its attachments are deleted, so a record pointing at a file lets go of it first.

A person is anonymised only when every case they appear in is past retention; the legal-retention
check of an erasure request (:func:`legal_holds`) uses the same rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.actions import record
from sigap.cases.access import cases_of_person
from sigap.cases.actions.persons import refresh_client_names
from sigap.cases.codes import age_band, age_on
from sigap.cases.extensions import retention_clearers
from sigap.cases.models import (
    Assessment,
    AssessmentEntry,
    Attachment,
    Case,
    CasePlan,
    CaseTask,
    Closure,
    FollowUp,
    Note,
    Person,
    PlanAction,
    PlanGoal,
    ServiceDelivery,
    Stage,
    TimelineEvent,
)
from sigap.consent.models import Consent, SharingOverride
from sigap.forms.actions import clear_response
from sigap.forms.models import FormResponse
from sigap.history.models import FieldChange
from sigap.lib import crypto
from sigap.lib.dates import format_date
from sigap.privacy.models import AnonymisedCase, SubjectRequest

# Timeline events whose summary is free text (a reason, a comment, a person's name).
FREE_TEXT_EVENTS = {"person_updated", "risk_rated", "reopened", "plan_returned", "closure_returned"}


def retention_years() -> int:
    return int(settings.SIGAP_RETENTION_CLOSED_CASE_YEARS)


def years_before(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def keep_until(case: Case) -> date | None:
    """The day a closed case may be anonymised; None while it is open."""
    if case.stage != Stage.CLOSED or case.closed_at is None:
        return None
    return _years_after(timezone.localdate(case.closed_at), retention_years())


def past_retention(now: datetime | None = None) -> Q:
    cutoff = years_before(now or timezone.now(), retention_years())
    return Q(stage=Stage.CLOSED, closed_at__lte=cutoff)


def due_cases(now: datetime | None = None) -> QuerySet[Case]:
    """Closed cases past retention that are not anonymised yet."""
    return (
        Case.objects.filter(past_retention(now))
        .exclude(pk__in=AnonymisedCase.objects.values("case_id"))
        .order_by("closed_at", "id")
    )


@dataclass
class Hold:
    """A case that keeps a person's record: open, or closed less than the retention period ago."""

    case: Case
    until: date | None

    @property
    def message(self) -> str:
        if self.until is None:
            return _(
                "This person appears in case %(number)s, which is still open; the record must be kept "
                "until the case is closed and %(years)d years have passed."
            ) % {"number": self.case.number, "years": retention_years()}
        return _(
            "This person appears in case %(number)s, closed less than %(years)d years ago; the record must be "
            "kept until %(date)s."
        ) % {"number": self.case.number, "years": retention_years(), "date": format_date(self.until)}


def legal_holds(person: Person, now: datetime | None = None) -> list[Hold]:
    """The cases that still require ``person``'s record to be kept (empty: it may be erased)."""
    cases = Case.objects.filter(cases_of_person(person.pk)).exclude(past_retention(now)).distinct()
    return [Hold(case=c, until=keep_until(c)) for c in cases.order_by("registered_at")]


# --- Anonymising ----------------------------------------------------------------------------


def registration_day(case: Case) -> date:
    """The day a case was registered (UTC), the reference day of a victim's age in the statistics."""
    return case.registered_at.astimezone(UTC).date()


def _general_birth_date(person: Person) -> date | None:
    """A birth date that gives the same age at every registration of the person's cases, and no more.

    The latest date with the same ages is the earliest registration day moved back by the age then
    (so the real birthday is gone); with no case there is nothing to keep, so no date at all.
    """
    if person.date_of_birth is None:
        return None
    candidates = []
    for case in Case.objects.filter(cases_of_person(person.pk)).distinct():
        day = registration_day(case)
        age = age_on(person.date_of_birth, day)
        try:
            candidates.append(day.replace(year=day.year - age))
        except ValueError:
            candidates.append(day.replace(year=day.year - age, day=28))
    return min(candidates) if candidates else None


def anonymous_label(person: Person) -> str:
    return f"Anonim-{str(person.pk)[:8]}"


def anonymise_person(person: Person) -> None:
    """Replace what identifies ``person``; keep sex, disability, education, marital status,
    nationality and village (counted in statistics), and the age at each case's registration."""
    person.full_name = anonymous_label(person)
    person.known_as = ""
    person.nik = ""
    person.phone = ""
    person.address_detail = ""
    person.occupation = ""
    person.date_of_birth = _general_birth_date(person)
    person.birth_date_estimated = person.date_of_birth is not None
    person.save()
    # The change history would keep the old values (names, NIK, phone …): it goes with them.
    FieldChange.objects.filter(object_type=Person._meta.label_lower, object_id=str(person.pk)).purge()


def _clear_consents(case: Case) -> None:
    """Consent free text goes, and the scanned form is unlinked (the attachment itself is deleted
    with the others); so does the explanation of a request to share without consent."""
    Consent.objects.filter(case=case).update(assent_note="", witness_name="", withdrawal_reason="", scanned_form=None)
    SharingOverride.objects.filter(case=case).update(explanation="", decision_comment="")


def _clear_case_records(case: Case) -> list[str]:
    """Blank the free text of everything on the case; delete notes and attachments. Returns the
    stored names of the attachment files to delete once the transaction commits."""
    Case.objects.filter(pk=case.pk).update(intake_narrative="", risk_reason="")
    CaseTask.objects.filter(case=case).update(note="")
    Assessment.objects.filter(case=case).update(summary="", risk_reason="", proposed_risk_reason="")
    # The standard forms' answers (guided assessment and screening), and their change history.
    for response in FormResponse.objects.filter(assessment__case=case, cleared_at__isnull=True):
        clear_response(response)
    AssessmentEntry.objects.filter(assessment__case=case).update(findings="", needs="")
    CasePlan.objects.filter(case=case).update(decision_comment="")
    PlanGoal.objects.filter(plan__case=case).update(text="")
    PlanAction.objects.filter(goal__plan__case=case).update(description="")
    ServiceDelivery.objects.filter(case=case).update(outcome="", provider_name="")
    FollowUp.objects.filter(case=case).update(progress="", new_risks="", goal_progress={})
    Closure.objects.filter(case=case).update(reason_detail="", decision_comment="", reopen_reason="")
    TimelineEvent.objects.filter(case=case, verb__in=FREE_TEXT_EVENTS).update(summary="", details={})
    _clear_consents(case)
    for clear in retention_clearers():
        clear(case)
    # A correction points at the note it corrects (protected): unlink first, then delete them all.
    Note.objects.filter(case=case).update(corrects=None)
    Note.objects.filter(case=case).delete()
    attachments = Attachment.objects.filter(case=case)
    names = list(attachments.values_list("storage_name", flat=True))
    attachments.delete()
    return names


def persons_of(case: Case) -> list[Person]:
    ids = {*case.victims.values_list("person_id", flat=True), *case.perpetrators.values_list("person_id", flat=True)}
    if case.reporter_id:
        ids.add(case.reporter_id)
    return list(Person.objects.filter(pk__in=ids).order_by("pk"))


def anonymise_case(case: Case, *, now: datetime | None = None, actor: User | None = None) -> int:
    """Anonymise one case past retention and those of its persons no other case keeps.

    Returns how many persons were anonymised. Idempotent: a case already anonymised is left alone.
    """
    with transaction.atomic():
        _marker, created = AnonymisedCase.objects.get_or_create(case=case)
        if not created:
            return 0
        names = _clear_case_records(case)
        anonymised = 0
        for person in persons_of(case):
            if person.full_name != anonymous_label(person) and not legal_holds(person, now):
                anonymise_person(person)
                anonymised += 1
        primary = case.victims.filter(is_primary=True).select_related("person").first()
        label = anonymous_label(primary.person) if primary else ""
        Case.objects.filter(pk=case.pk).update(primary_client_name=label)
        refresh_client_names([case.pk])
        FieldChange.objects.filter(case_id=case.pk).purge()
        # Counts only: the audit log must not keep what was just removed.
        record(
            "privacy.case_anonymised",
            actor=actor,
            obj=case,
            organisation=case.organisation,
            actor_label="" if actor else "apply_retention",
            persons_anonymised=anonymised,
            attachments_deleted=len(names),
        )
        transaction.on_commit(lambda: _delete_files(names))
    return anonymised


def _delete_files(names: list[str]) -> None:
    for name in names:
        crypto.delete_encrypted(name)


@dataclass
class RetentionRun:
    cases: int = 0
    persons: int = 0
    case_numbers: list[str] = field(default_factory=list)


def apply_retention(*, dry_run: bool = False, now: datetime | None = None) -> RetentionRun:
    """Anonymise every closed case past retention (``dry_run``: only count them)."""
    run = RetentionRun()
    for case in due_cases(now).select_related("organisation"):
        run.cases += 1
        run.case_numbers.append(case.number)
        if dry_run:
            run.persons += sum(
                1 for p in persons_of(case) if p.full_name != anonymous_label(p) and not legal_holds(p, now)
            )
        else:
            run.persons += anonymise_case(case, now=now)
    return run


# --- Answered data subjects' requests -----------------------------------------------------------


def subject_request_years() -> int:
    return int(settings.SIGAP_RETENTION_SUBJECT_REQUEST_YEARS)


def due_subject_requests(now: datetime | None = None) -> QuerySet[SubjectRequest]:
    """Completed or refused requests decided longer ago than the period that still hold who asked,
    what they asked, the decision's free text or the link to the person."""
    cutoff = years_before(now or timezone.now(), subject_request_years())
    holds_personal_data = (
        ~Q(requester="") | ~Q(details="") | ~Q(decision_notes="") | ~Q(refusal_reason="") | Q(person__isnull=False)
    )
    return SubjectRequest.objects.filter(
        holds_personal_data,
        status__in=[SubjectRequest.Status.COMPLETED, SubjectRequest.Status.REFUSED],
        decided_at__lte=cutoff,
    )


def clear_subject_requests(*, dry_run: bool = False, now: datetime | None = None) -> dict[str, int]:
    """Clear the requester, the free text and the person link of answered requests past the period;
    keep the kind, the dates, the status and who handled it."""
    with transaction.atomic():
        due = due_subject_requests(now)
        if dry_run:
            return {"requests": due.count()}
        cleared = due.update(
            requester="",
            details="",
            decision_notes="",
            refusal_reason="",
            person=None,
            updated_at=now or timezone.now(),
        )
    return {"requests": cleared}


# --- Sign-in records (django-axes) ------------------------------------------------------------

SIGNIN_MODELS = (AccessAttempt, AccessFailureLog, AccessLog)


def signin_days() -> int:
    return int(settings.SIGAP_RETENTION_SIGNIN_DAYS)


def delete_signin_records(*, dry_run: bool = False, now: datetime | None = None) -> dict[str, int]:
    """Delete django-axes attempts, failures and sign-in logs older than the period."""
    cutoff = (now or timezone.now()) - timedelta(days=signin_days())
    counts: dict[str, int] = {}
    with transaction.atomic():
        for model in SIGNIN_MODELS:
            old = model.objects.filter(attempt_time__lte=cutoff)
            # Only the model's own rows count (an attempt's expiry row goes with it by cascade).
            counts[model._meta.model_name or ""] = old.count() if dry_run else old.delete()[1].get(model._meta.label, 0)
    return counts


# --- The rules --------------------------------------------------------------------------------


def _closed_cases(*, dry_run: bool, now: datetime | None) -> dict[str, int]:
    run = apply_retention(dry_run=dry_run, now=now)
    return {"cases": run.cases, "persons": run.persons}


@dataclass(frozen=True)
class Rule:
    """One record type: how long it is kept, what happens after, and the setting that holds the period."""

    key: str
    record_type: str
    setting: str
    unit: str  # "years" or "days"
    after: str
    action: str
    apply: Callable[..., dict[str, int]]

    @property
    def period(self) -> int:
        return int(getattr(settings, self.setting))


RULES: tuple[Rule, ...] = (
    Rule(
        "closed_cases",
        "closed cases",
        "SIGAP_RETENTION_CLOSED_CASE_YEARS",
        "years",
        "after closure",
        "anonymised",
        _closed_cases,
    ),
    Rule(
        "subject_requests",
        "answered subject requests",
        "SIGAP_RETENTION_SUBJECT_REQUEST_YEARS",
        "years",
        "after the decision",
        "requester, free text and person link cleared",
        clear_subject_requests,
    ),
    Rule(
        "signin_records",
        "sign-in records",
        "SIGAP_RETENTION_SIGNIN_DAYS",
        "days",
        "after the attempt",
        "deleted",
        delete_signin_records,
    ),
)


@dataclass
class RuleOutcome:
    rule: Rule
    counts: dict[str, int]

    @property
    def changed(self) -> int:
        return sum(self.counts.values())


def apply_rules(*, dry_run: bool = False, now: datetime | None = None) -> list[RuleOutcome]:
    """Apply every rule in turn (``dry_run``: only count). Each rule that changed something writes one
    audit event with its counts; a closed case also writes its own (``privacy.case_anonymised``)."""
    outcomes = []
    for rule in RULES:
        outcome = RuleOutcome(rule, rule.apply(dry_run=dry_run, now=now))
        if not dry_run and outcome.changed:
            details: dict[str, Any] = {"rule": rule.key, "period": rule.period, "unit": rule.unit, **outcome.counts}
            record("privacy.retention_applied", actor_label="apply_retention", **details)
        outcomes.append(outcome)
    return outcomes


# --- Statistics (what anonymising must not change) -------------------------------------------


def case_statistics(cases: QuerySet[Case] | None = None) -> dict[str, Counter[Any]]:
    """Case counts by region, form of violence, victims' age band at registration, sex, place,
    relationship and service: the aggregates reports are made of."""
    cases = (cases if cases is not None else Case.objects.all()).select_related("organisation")
    stats: dict[str, Counter[Any]] = {
        name: Counter()
        for name in [
            "region",
            "incident_region",
            "victim_village",
            "form",
            "age_band",
            "sex",
            "place",
            "relationship",
            "service",
            "client_type",
            "disability",
        ]
    }
    for case in cases.prefetch_related("violence_forms", "victims__person", "perpetrators", "services"):
        stats["region"][(case.organisation.province_id, case.organisation.regency_id)] += 1
        stats["incident_region"][case.incident_regency_id] += 1
        stats["place"][case.place] += 1
        stats["client_type"][case.client_type] += 1
        for form in case.violence_forms.all():
            stats["form"][form.form] += 1
        for victim in case.victims.all():
            person = victim.person
            age = age_on(person.date_of_birth, registration_day(case)) if person.date_of_birth else None
            stats["age_band"][age_band(age)] += 1
            stats["sex"][person.sex] += 1
            stats["victim_village"][person.village_id] += 1
            stats["disability"][(person.has_disability, person.disability_type)] += 1
        for perpetrator in case.perpetrators.all():
            stats["relationship"][(perpetrator.relationship, perpetrator.is_child)] += 1
        for service in case.services.all():
            stats["service"][service.service_type] += 1
    return stats
