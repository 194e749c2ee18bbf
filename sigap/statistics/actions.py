"""Verbs of the statistics app: reviewing and verifying an organisation's month (docs/statistics.md).

A data officer of the organisation (capability ``verify_statistics``) reviews a month — how many
cases, how many lack fields of the national recording form, how many were registered late, how many
changed since the last verification — and verifies it. Verifying freezes the month: its live
summary rows are copied as frozen rows of a :class:`MonthVerification`, which regional and national
views read by default. A later change to a case of that month is a :class:`Revision` (its verb and
the fields that differ); verifying the month again takes the changes in and supersedes the old copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.actions import record
from sigap.cases.models import Case
from sigap.organisations.models import Organisation
from sigap.statistics.access import verifying_organisation_ids
from sigap.statistics.models import Fact, MonthVerification, Revision, Unit
from sigap.statistics.refresh import refresh_cases


@dataclass(frozen=True)
class MonthReview:
    """What a data officer sees before verifying a month (counts only)."""

    organisation: Organisation
    month: date
    cases: int
    victims: int
    perpetrators: int
    cases_missing_national_fields: int
    national_fields_missing: int
    registered_late: int
    verification: MonthVerification | None
    revisions: int  # changes to the month's cases since it was verified

    @property
    def unverified(self) -> int:
        """Cases whose current figures are not (yet) in a verified copy."""
        if self.verification is None:
            return self.cases
        return self.revisions + max(0, self.cases - self.verification.cases)

    def completeness(self) -> dict[str, int]:
        return {
            "cases": self.cases,
            "victims": self.victims,
            "perpetrators": self.perpetrators,
            "cases_missing_national_fields": self.cases_missing_national_fields,
            "national_fields_missing": self.national_fields_missing,
            "registered_late": self.registered_late,
        }


def first_of_month(value: date) -> date:
    return value.replace(day=1)


def review_month(organisation: Organisation, month: date) -> MonthReview:
    """The month's completeness and timeliness, from the live summary rows (three queries)."""
    month = first_of_month(month)
    live = Fact.objects.filter(frozen=False, organisation=organisation, registered_month=month)
    counts = live.aggregate(
        cases=Count("id", filter=Q(unit=Unit.CASE)),
        victims=Count("id", filter=Q(unit=Unit.VICTIM)),
        perpetrators=Count("id", filter=Q(unit=Unit.PERPETRATOR)),
        incomplete=Count("id", filter=Q(unit=Unit.CASE, national_fields_missing__gt=0)),
        missing=Sum("national_fields_missing", filter=Q(unit=Unit.CASE)),
        late=Count("id", filter=Q(unit=Unit.CASE, registered_late=True)),
    )
    verification = MonthVerification.objects.filter(
        organisation=organisation, month=month, status=MonthVerification.Status.VERIFIED
    ).first()
    revisions = (
        Revision.objects.filter(verification=verification).values("case_id").distinct().count() if verification else 0
    )
    return MonthReview(
        organisation=organisation,
        month=month,
        cases=counts["cases"],
        victims=counts["victims"],
        perpetrators=counts["perpetrators"],
        cases_missing_national_fields=counts["incomplete"],
        national_fields_missing=counts["missing"] or 0,
        registered_late=counts["late"],
        verification=verification,
        revisions=revisions,
    )


def can_verify(user: Any, organisation: Organisation) -> bool:
    return organisation.pk in verifying_organisation_ids(user)


def verify_month(organisation: Organisation, month: date, *, actor: User) -> MonthVerification:
    """Freeze the month's figures as verified by ``actor`` (replacing an earlier verification)."""
    if not can_verify(actor, organisation):
        raise PermissionDenied(_("Only a data officer of the organisation can verify its figures."))
    month = first_of_month(month)
    today = timezone.localdate()
    if month > first_of_month(today):
        raise ValidationError(_("A month can be verified once it has begun."), code="future_month")
    with transaction.atomic():
        # The month's own cases are refreshed first, so what is frozen is what the cases say now.
        # A day either side: the month is the organisation's local one, the database date is UTC.
        ids = list(
            Case.objects.filter(organisation=organisation, registered_at__date__gte=month - timedelta(days=1))
            .filter(registered_at__date__lt=_next(month) + timedelta(days=1))
            .values_list("pk", flat=True)
        )
        ids += list(
            Fact.objects.filter(frozen=False, organisation=organisation, registered_month=month)
            .values_list("case_id", flat=True)
            .distinct()
        )
        refresh_cases(sorted(set(ids), key=str))
        review = review_month(organisation, month)
        earlier = MonthVerification.objects.select_for_update().filter(
            organisation=organisation, month=month, status=MonthVerification.Status.VERIFIED
        )
        superseded = [str(v.pk) for v in earlier]
        Fact.objects.filter(verification__in=earlier).delete()
        earlier.update(status=MonthVerification.Status.SUPERSEDED)
        verification = MonthVerification.objects.create(
            organisation=organisation,
            month=month,
            verified_at=timezone.now(),
            verified_by=actor,
            completeness=review.completeness(),
            cases=review.cases,
        )
        rows = list(Fact.objects.filter(frozen=False, organisation=organisation, registered_month=month))
        for row in rows:
            row.pk = None
            row.frozen = True
            row.verification = verification
        Fact.objects.bulk_create(rows, batch_size=500)
        record(
            "statistics.month_verified",
            actor=actor,
            obj=verification,
            organisation=organisation,
            month=f"{month:%Y-%m}",
            superseded=superseded,
            **review.completeness(),
        )
    return verification


def _next(month: date) -> date:
    return date(month.year + 1, 1, 1) if month.month == 12 else date(month.year, month.month + 1, 1)
