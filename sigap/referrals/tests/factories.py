"""Referrals for tests outside this app (the access matrix), made through the verbs."""

from __future__ import annotations

from typing import Any

from sigap.accounts.models import User
from sigap.cases.models import Case
from sigap.cases.tests.factories import make_person
from sigap.consent.actions import record_consent
from sigap.consent.tests.factories import consent_input
from sigap.directory.tests.factories import make_service
from sigap.organisations.models import Organisation, OrganisationKind
from sigap.referrals import actions
from sigap.referrals.models import Referral


def make_referral(case: Case, actor: User, *, to: Organisation | None = None, **values: Any) -> Referral:
    """A referral of ``case`` to a health service of ``to`` (by default a new third organisation),
    after recording a consent that covers it."""
    if to is None:
        to, _created = Organisation.objects.get_or_create(
            name="RSUD Pihak Ketiga (test)",
            province_id=case.organisation.province_id,
            defaults={"kind": OrganisationKind.HOSPITAL},
        )
    service = make_service(to, "Layanan Kesehatan (sintetis)", service_types=["kesehatan"])
    mother = make_person(case.organisation, actor, full_name="Ibu Rujukan", sex="female")
    record_consent(
        case, actor=actor, person=case.victims.get().person, data=consent_input(mother, share_organisations=[to])
    )
    data = {
        "service": service,
        "service_type": "kesehatan",
        "sections": ["identity", "violence"],
        "reason": "Perlu layanan kesehatan (sintetis).",
        **values,
    }
    return actions.send_referral(case, actor=actor, data=actions.ReferralInput(**data))
