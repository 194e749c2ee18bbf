"""Keeping the summary rows current: one case's rows are rebuilt from the case, idempotently.

``case_changed`` (the case extension hook, called with every timeline event) schedules
:func:`sigap.statistics.tasks.refresh_case` after commit; ``manage.py refresh_statistics`` rebuilds
every case in batches. Both end in :func:`refresh_cases`, which replaces a case's live rows in one
transaction, so running it twice gives the same rows. A change to a case of a verified month is
recorded as a :class:`~sigap.statistics.models.Revision` (the frozen rows stay as verified).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from sigap.cases.codes import age_band, age_on
from sigap.cases.models import (
    Case,
    CasePerpetrator,
    CasePlan,
    CaseTask,
    CaseVictim,
    Closure,
    ServiceDelivery,
    TaskKind,
)
from sigap.referrals.models import Referral
from sigap.statistics.models import FORM_FIELDS, SERVICE_FIELDS, Fact, MonthVerification, Revision, Unit

BATCH = 500
# The fields a row is compared on to tell whether a verified month's case changed.
COMPARED = [
    f.name
    for f in Fact._meta.get_fields()
    if f.concrete and f.name not in {"id", "verification", "frozen", "refreshed_at", "member_id", "case_id"}
]


def case_changed(case: Case, verb: str) -> None:
    """The case extension hook: refresh the case's rows once the verb's transaction commits."""
    from sigap.statistics.tasks import refresh_case

    case_id = str(case.pk)
    transaction.on_commit(lambda: refresh_case.enqueue(case_id, verb))


def month_of(day: date) -> date:
    return day.replace(day=1)


def _local_date(moment: datetime, zone: str) -> date:
    return moment.astimezone(zoneinfo.ZoneInfo(zone)).date()


def _on_time(tasks: list[CaseTask], kind: str, now: datetime) -> bool | None:
    """Was the first deadline of ``kind`` met? None while it is open and not yet due (or absent)."""
    found = [t for t in tasks if t.kind == kind]
    if not found:
        return None
    task = min(found, key=lambda t: t.due_at)
    if task.done_at is not None:
        return task.done_at <= task.due_at
    return False if task.due_at < now else None


def _late(case: Case, registered_month: date) -> bool:
    """Entered after its registration month was over (plus the grace days): SIMFONI's late entries."""
    next_month = (registered_month + timedelta(days=32)).replace(day=1)
    grace = timedelta(days=settings.SIGAP_STATISTICS_LATE_DAYS)
    return case.created_at.date() >= next_month + grace


def case_queryset() -> Any:
    return Case.objects.select_related("organisation").prefetch_related(
        "violence_forms",
        Prefetch("victims", queryset=CaseVictim.objects.select_related("person")),
        Prefetch("perpetrators", queryset=CasePerpetrator.objects.select_related("person")),
        Prefetch("tasks", queryset=CaseTask.objects.only("id", "case_id", "kind", "due_at", "done_at")),
        Prefetch("services", queryset=ServiceDelivery.objects.only("id", "case_id", "service_type")),
        Prefetch("plans", queryset=CasePlan.objects.only("id", "case_id", "status", "decided_at")),
        Prefetch(
            "referrals",
            queryset=Referral.objects.only(
                "id", "case_id", "status", "sent_at", "accepted_at", "declined_at", "from_organisation_id"
            ),
        ),
        Prefetch(
            "closures", queryset=Closure.objects.only("id", "case_id", "status", "reason", "decided_at", "reopened_at")
        ),
    )


def facts_for(case: Case, now: datetime) -> list[Fact]:
    """The rows of one case (loaded with :func:`case_queryset`)."""
    org = case.organisation
    zone = org.time_zone
    registered = _local_date(case.registered_at, zone)
    incident_regency = case.incident_regency_id or ""
    forms = {f.form for f in case.violence_forms.all()}
    services = {s.service_type for s in case.services.all()}
    tasks = list(case.tasks.all())
    approved = [
        p.decided_at
        for p in case.plans.all()
        if p.decided_at is not None and p.status in {CasePlan.Status.APPROVED, CasePlan.Status.SUPERSEDED}
    ]
    closures = list(case.closures.all())
    approved_closures = [c for c in closures if c.status == Closure.Status.APPROVED and c.decided_at]
    last_closure = max(approved_closures, key=lambda c: c.decided_at or now) if approved_closures else None
    shared: dict[str, Any] = {
        "case_id": case.pk,
        "organisation_id": org.pk,
        "province": org.province_id,
        "regency": org.regency_id or "",
        "incident_province": incident_regency[:2],
        "incident_regency": incident_regency,
        "registered_month": month_of(registered),
        "incident_month": month_of(case.incident_date) if case.incident_date else None,
        "client_type": case.client_type,
        "intake_channel": case.intake_channel,
        "place": case.place,
        "is_online": case.is_online,
        "risk_level": case.risk_level,
        "refreshed_at": now,
        **{field: code in forms for code, field in FORM_FIELDS.items()},
        **{field: code in services for code, field in SERVICE_FIELDS.items()},
    }
    on_day = case.incident_date or registered
    victims = list(case.victims.all())
    perpetrators = list(case.perpetrators.all())
    missing = _missing_case_fields(case, forms) + sum(_missing_victim_fields(v) for v in victims)
    missing += sum(_missing_perpetrator_fields(p) for p in perpetrators)
    rows = [
        Fact(
            unit=Unit.CASE,
            stage=case.stage,
            is_closed=case.is_closed,
            closure_reason=last_closure.reason if last_closure and case.is_closed else "",
            reopened=any(c.reopened_at is not None for c in closures),
            incident_to_report_days=(registered - case.incident_date).days if case.incident_date else None,
            # Sigap registers a report when it is received: no separate report date is recorded yet.
            report_to_registration_days=None,
            first_contact_on_time=_on_time(tasks, TaskKind.FIRST_CONTACT, now),
            assessment_on_time=_on_time(tasks, TaskKind.ASSESSMENT, now),
            plan_on_time=_on_time(tasks, TaskKind.PLAN_APPROVAL, now),
            police_report_on_time=_on_time(tasks, TaskKind.POLICE_REPORT, now),
            days_to_approved_plan=(min(approved) - case.registered_at).days if approved else None,
            duration_days=(case.closed_at - case.registered_at).days if case.closed_at and case.is_closed else None,
            case_manager_id=case.case_manager_id,
            national_fields_missing=missing,
            registered_late=_late(case, month_of(registered)),
            **shared,
        )
    ]
    for victim in victims:
        person = victim.person
        age = age_on(person.date_of_birth, on_day) if person.date_of_birth else None
        rows.append(
            Fact(
                unit=Unit.VICTIM,
                member_id=victim.pk,
                sex=person.sex,
                age_band=age_band(age),
                is_child=None if age is None else age < 18,
                has_disability=person.has_disability,
                disability_type=person.disability_type,
                education=person.education,
                national_fields_missing=_missing_victim_fields(victim),
                **shared,
            )
        )
    for perpetrator in perpetrators:
        person = perpetrator.person
        age = age_on(person.date_of_birth, on_day) if person.date_of_birth else None
        rows.append(
            Fact(
                unit=Unit.PERPETRATOR,
                member_id=perpetrator.pk,
                sex=person.sex,
                age_band=age_band(age),
                is_child=perpetrator.is_child,
                relationship=perpetrator.relationship,
                national_fields_missing=_missing_perpetrator_fields(perpetrator),
                **shared,
            )
        )
    for referral in case.referrals.all():
        if referral.from_organisation_id != org.pk:
            continue  # sent by an earlier owner before a transfer: counted with that organisation's case
        answered = referral.accepted_at or referral.declined_at
        rows.append(
            Fact(
                unit=Unit.REFERRAL,
                member_id=referral.pk,
                referral_status=referral.status,
                response_hours=int((answered - referral.sent_at).total_seconds() // 3600) if answered else None,
                **shared,
            )
        )
    return rows


def _missing_case_fields(case: Case, forms: set[str]) -> int:
    """The national recording form's case fields left empty (place, incident date and region, form)."""
    return sum([not case.place, case.incident_date is None, not case.incident_regency_id, not forms])


def _missing_victim_fields(victim: CaseVictim) -> int:
    person = victim.person
    return sum([not person.sex, person.date_of_birth is None, not person.education])


def _missing_perpetrator_fields(perpetrator: CasePerpetrator) -> int:
    return sum([not perpetrator.person.sex, not perpetrator.relationship])


def refresh_cases(case_ids: Sequence[Any], *, verb: str = "", reason: str = "") -> int:
    """Replace the live rows of ``case_ids`` (a deleted case loses its rows); idempotent. Returns
    the number of rows written. Cases of a verified month that changed get a revision."""
    now = timezone.now()
    ids = list(case_ids)
    with transaction.atomic():
        cases = list(case_queryset().filter(pk__in=ids))
        rows = [row for case in cases for row in facts_for(case, now)]
        _record_revisions(rows, verb=verb, reason=reason)
        Fact.objects.filter(frozen=False, case_id__in=ids).delete()
        Fact.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def refresh_all(*, batch: int = BATCH, stdout: Any = None) -> int:
    """Rebuild every case's live rows, a batch at a time (``manage.py refresh_statistics``)."""
    written = 0
    last = None
    while True:
        query = Case.objects.order_by("pk").values_list("pk", flat=True)
        if last is not None:
            query = query.filter(pk__gt=last)
        ids = list(query[:batch])
        if not ids:
            break
        written += refresh_cases(ids)
        last = ids[-1]
        if stdout is not None:
            stdout.write(f"{written} rows")
    # Rows of cases that no longer exist.
    Fact.objects.filter(frozen=False).exclude(case_id__in=Case.objects.values("pk")).delete()
    return written


def _record_revisions(rows: Iterable[Fact], *, verb: str, reason: str) -> None:
    """A case whose verified month is frozen and whose rows now differ gets a revision row."""
    case_rows = {r.case_id: r for r in rows if r.unit == Unit.CASE}
    if not case_rows:
        return
    verified = MonthVerification.objects.filter(status=MonthVerification.Status.VERIFIED)
    frozen_rows = Fact.objects.filter(frozen=True, unit=Unit.CASE, case_id__in=list(case_rows))
    frozen = {f.case_id: f for f in frozen_rows.filter(verification__in=verified)}
    for case_id, frozen_row in frozen.items():
        live = case_rows[case_id]
        changed = [name for name in COMPARED if getattr(frozen_row, name) != getattr(live, name)]
        if not changed:
            continue
        already = Revision.objects.filter(verification_id=frozen_row.verification_id, case_id=case_id).first()
        if already is not None and already.changed_fields == changed:
            continue  # the same difference, already recorded (the task ran twice)
        Revision.objects.create(
            verification_id=frozen_row.verification_id,
            case_id=case_id,
            verb=verb,
            reason=reason[:300],
            changed_fields=changed,
        )
