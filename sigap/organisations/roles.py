"""Roles and the capabilities they carry.

Code asks for a capability (``Capability.APPROVE``), never compares role strings, so adding a role
or moving a duty is one edit here.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    SUPERVISOR = "supervisor", _("Supervisor")
    PSYCHOLOGIST = "psychologist", _("Psychologist / counsellor")
    LEGAL_AID = "legal_aid", _("Legal aid")
    INTAKE_OFFICER = "intake_officer", _("Intake officer")
    ORG_ADMIN = "org_admin", _("Organisation admin")
    DATA_OFFICER = "data_officer", _("Data officer")
    TRAINER = "trainer", _("Trainer")
    DPO = "dpo", _("Data protection officer")
    NATIONAL_ADMIN = "national_admin", _("National admin")


class Capability(StrEnum):
    SEE_PERSONAL_DATA = "see_personal_data"
    REGISTER_CASES = "register_cases"
    VIEW_CASES = "view_cases"
    MANAGE_CASES = "manage_cases"
    APPROVE = "approve"
    SUPERVISE = "supervise"
    VIEW_RESTRICTED_NOTES = "view_restricted_notes"
    MANAGE_ORGANISATION = "manage_organisation"
    VIEW_AGGREGATES = "view_aggregates"
    # Reviews and verifies the organisation's monthly figures (sigap.statistics); in a Dinas PPPA or
    # the ministry also reads the region's aggregates (sigap.statistics.access).
    VERIFY_STATISTICS = "verify_statistics"
    MANAGE_TRAINING = "manage_training"
    MANAGE_DATA_PROTECTION = "manage_data_protection"
    ADMINISTER_NATIONAL = "administer_national"
    LEARN = "learn"


C = Capability

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.CASEWORKER: frozenset({C.SEE_PERSONAL_DATA, C.REGISTER_CASES, C.VIEW_CASES, C.MANAGE_CASES}),
    Role.SUPERVISOR: frozenset(
        {
            C.SEE_PERSONAL_DATA,
            C.REGISTER_CASES,
            C.VIEW_CASES,
            C.MANAGE_CASES,
            C.APPROVE,
            C.SUPERVISE,
            C.VIEW_RESTRICTED_NOTES,
            C.VIEW_AGGREGATES,
        }
    ),
    Role.PSYCHOLOGIST: frozenset({C.SEE_PERSONAL_DATA, C.VIEW_CASES, C.VIEW_RESTRICTED_NOTES}),
    Role.LEGAL_AID: frozenset({C.SEE_PERSONAL_DATA, C.VIEW_CASES}),
    Role.INTAKE_OFFICER: frozenset({C.SEE_PERSONAL_DATA, C.REGISTER_CASES}),
    Role.ORG_ADMIN: frozenset({C.SEE_PERSONAL_DATA, C.MANAGE_ORGANISATION, C.VIEW_AGGREGATES}),
    # Data officers work with aggregates only, never with individual records.
    Role.DATA_OFFICER: frozenset({C.VIEW_AGGREGATES, C.VERIFY_STATISTICS}),
    Role.TRAINER: frozenset({C.SEE_PERSONAL_DATA, C.MANAGE_TRAINING}),
    Role.DPO: frozenset({C.SEE_PERSONAL_DATA, C.MANAGE_DATA_PROTECTION, C.VIEW_AGGREGATES}),
    Role.NATIONAL_ADMIN: frozenset(
        {C.SEE_PERSONAL_DATA, C.ADMINISTER_NATIONAL, C.MANAGE_ORGANISATION, C.VIEW_AGGREGATES}
    ),
}

# Everybody with an account is a learner.
EVERYONE: frozenset[Capability] = frozenset({C.LEARN})


def capabilities_of(role: str) -> frozenset[Capability]:
    return ROLE_CAPABILITIES.get(role, frozenset()) | EVERYONE
