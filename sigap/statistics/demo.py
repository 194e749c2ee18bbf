"""Statistics demo (``manage.py seed_demo_cases``): the summary rows of every demo case, and months
verified by each demo UPTD PPA's data officer — every month but the last two, so the demo shows
verified and not-yet-verified months side by side, and the Dinas PPPA of Jawa Barat and of Kota
Bandung (data officers ``data.dinas-jabar`` and ``data.dinas-bandung``) read their region's verified
figures. Safe to run twice: a month already verified is left as it is.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from sigap.organisations.demo import EMAIL_DOMAIN
from sigap.organisations.models import Membership
from sigap.organisations.roles import Role
from sigap.statistics.actions import verify_month
from sigap.statistics.models import Fact, MonthVerification, Unit
from sigap.statistics.months import recent_months
from sigap.statistics.refresh import refresh_all

UNVERIFIED_RECENT_MONTHS = 2


def seed_statistics_demo() -> int:
    """Refresh the summary rows, then verify the older months; returns the months verified now."""
    refresh_all()
    made = 0
    officers = Membership.objects.filter(
        role=Role.DATA_OFFICER, is_active=True, user__email__endswith=f"@{EMAIL_DOMAIN}"
    ).select_related("organisation", "user")
    months = recent_months(timezone.localdate(), 12)[UNVERIFIED_RECENT_MONTHS:]
    for membership in officers:
        org = membership.organisation
        with_cases = set(
            Fact.objects.filter(frozen=False, unit=Unit.CASE, organisation=org, registered_month__in=months)
            .values_list("registered_month", flat=True)
            .distinct()
        )
        done = set(
            MonthVerification.objects.filter(
                organisation=org, status=MonthVerification.Status.VERIFIED
            ).values_list("month", flat=True)
        )
        for month in sorted(with_cases - done):
            verify_month(org, date(month.year, month.month, 1), actor=membership.user)
            made += 1
    return made
