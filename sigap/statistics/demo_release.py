"""Demo records of the release side: one data request waiting for the organisations' decisions.

Run after the statistics demo verified its months (the request asks only organisations with verified
figures); safe to run twice (the request is found by its title)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from sigap.accounts.models import User
from sigap.notifications.actions import muted
from sigap.organisations.models import Membership, OrganisationKind
from sigap.organisations.roles import Capability
from sigap.statistics import actions_release
from sigap.statistics.datarequests import DataRequest

TITLE = "Kekerasan seksual terhadap anak di Jawa Barat (riset kebijakan)"
PURPOSE = (
    "Kajian kebijakan pencegahan oleh tim peneliti kementerian: jumlah kasus menurut bentuk kekerasan "
    "dan bulan, tanpa data perorangan. Hasil dipublikasikan sebagai laporan agregat."
)


def seed_data_request_demo() -> int:
    """The pending data request; returns how many records were made now (0 or 1)."""
    if DataRequest.objects.filter(title=TITLE).exists():
        return 0
    memberships = Membership.objects.filter(
        is_active=True, organisation__kind=OrganisationKind.MINISTRY
    ).select_related("organisation", "user")
    membership = next((m for m in memberships if m.can(Capability.VIEW_AGGREGATES)), None)
    if membership is None:
        return 0
    actor: User = membership.user
    year = timezone.localdate().year
    with muted():
        try:
            actions_release.request_data(
                actor=actor,
                organisation=membership.organisation,
                title=TITLE,
                purpose=PURPOSE,
                measure="case",
                dimensions=["form", "month"],
                start=date(year, 1, 1),
                end=date(year, 12, 1),
                region="32",
            )
        except ValidationError:  # no verified month yet: nobody to ask; a later run makes it
            return 0
    return 1
