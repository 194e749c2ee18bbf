"""Test data for other apps' tests too (import from here, never from a conftest or a test module)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from sigap.cases.models import Case, Person
from sigap.consent import actions
from sigap.consent.actions import ConsentInput
from sigap.consent.models import Assent, GivenBy, GuardianRelationship, Method, SharingOverride
from sigap.organisations.models import Organisation


def consent_input(guardian: Person | None, **overrides: Any) -> ConsentInput:
    """A guardian's written consent to services, with the child's assent, given yesterday."""
    values: dict[str, Any] = {
        "given_by": GivenBy.GUARDIAN if guardian is not None else GivenBy.CLIENT,
        "guardian": guardian,
        "guardian_relationship": GuardianRelationship.MOTHER if guardian is not None else "",
        "assent": Assent.GIVEN,
        "method": Method.WRITTEN,
        "given_on": timezone.localdate() - timedelta(days=1),
        "explained": True,
        "services": True,
    }
    values.update(overrides)
    return ConsentInput(**values)


def ask(
    cast: Any,
    case: Case,
    person: Person,
    organisation: Organisation | None,
    *,
    purpose: str = "referral",
    ground: str = "best_interests",
    actor: Any = None,
) -> SharingOverride:
    """A request to share without consent, by ``cast.caseworker`` unless ``actor`` is given."""
    return actions.request_override(
        case,
        actor=actor or cast.caseworker,
        person=person,
        purpose=purpose,
        organisation=organisation,
        ground=ground,
        explanation="Anak butuh visum segera; ibu tidak dapat dihubungi.",
    )
