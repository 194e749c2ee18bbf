"""Consent on the demo cases (``manage.py seed_demo_cases``), recorded through the verbs on the
case's simulated clock: most clients consent to services at registration, some also to sharing with
kinds of organisation or to the police report; a few withdraw later; a few cases without consent
have a request to share without it waiting for a supervisor. All names are synthetic."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from sigap.accounts.models import User
from sigap.cases.actions import create_person
from sigap.cases.codes import Sex
from sigap.cases.management import synthetic
from sigap.cases.models import Case, Stage
from sigap.consent import actions
from sigap.consent.models import (
    Assent,
    Consent,
    GivenBy,
    GuardianRelationship,
    Method,
    OverrideGround,
    SharingOverride,
    SharingPurpose,
)
from sigap.organisations.models import OrganisationKind

CONSENTED = 0.85
WITH_SHARING = 0.4
WITHDRAWN = 0.04
OVERRIDE_ASKED = 0.3
SHARE_KINDS = [
    OrganisationKind.HOSPITAL,
    OrganisationKind.PUSKESMAS,
    OrganisationKind.LEGAL_AID,
    OrganisationKind.SOCIAL_SERVICE,
    OrganisationKind.SAFE_HOUSE,
]
METHODS = [Method.WRITTEN] * 6 + [Method.VERBAL_WITNESSED] * 2 + [Method.THUMBPRINT, Method.ELECTRONIC]


def seed_case_consent(case: Case, *, actor: User, clock: dict[str, datetime], final_stage: str, key: str) -> None:
    """Consent (or its absence) for the case's main client, on the day it was registered.

    ``clock`` is the simulated clock of ``seed_demo_cases``; the steps after this one set it again.
    ``key`` is the case plan's stable key: the choices must not hang on the case number, which counts
    the cases registered in the same year and so shifts with today's date.
    """
    rng = random.Random(f"consent:{key}")  # noqa: S311 - synthetic demo data, not secrets
    client = case.victims.select_related("person").get(is_primary=True).person
    clock["now"] = min(case.registered_at + timedelta(hours=rng.uniform(1, 20)), clock["real_now"])
    stays_open = final_stage != Stage.CLOSED
    # Each organisation shows at least one request waiting for a supervisor and one withdrawal.
    first_request = stays_open and not SharingOverride.objects.filter(case__organisation=case.organisation).exists()
    if first_request or rng.random() >= CONSENTED:
        if first_request or (stays_open and rng.random() < OVERRIDE_ASKED):
            _ask_to_report_without_consent(case, client, actor)
        return
    consent = actions.record_consent(case, actor=actor, person=client, data=_input(case, client, actor, rng))
    first_withdrawal = not Consent.objects.filter(
        case__organisation=case.organisation, withdrawn_on__isnull=False
    ).exists()
    if first_withdrawal or rng.random() < WITHDRAWN:
        clock["now"] = min(clock["now"] + timedelta(days=rng.uniform(1, 3)), clock["real_now"])
        actions.withdraw_consent(
            consent,
            actor=actor,
            withdrawn_on=timezone.localdate(),
            withdrawn_by=consent.given_by,
            reason="Keluarga memutuskan pindah ke luar kota dan tidak ingin data dibagikan (sintetis).",
        )


def _input(case: Case, client: Any, actor: User, rng: random.Random) -> actions.ConsentInput:
    today = timezone.localdate()
    child = actions.is_child_client(case, client, today)
    data = actions.ConsentInput(
        given_by=GivenBy.GUARDIAN if child else GivenBy.CLIENT,
        method=rng.choice(METHODS),
        given_on=today,
        explained=True,
        services=True,
        police_report=case.has_sexual_violence and rng.random() < 0.7,
        photos=rng.random() < 0.1,
    )
    if data.method == Method.VERBAL_WITNESSED:
        data.witness_name = synthetic.full_name(rng, Sex.FEMALE)
    if rng.random() < WITH_SHARING:
        data.share_kinds = sorted(rng.sample(SHARE_KINDS, k=rng.randint(1, 3)))
    if child:
        _guardian_and_assent(case, client, actor, rng, data)
    return data


def _guardian_and_assent(case: Case, client: Any, actor: User, rng: random.Random, data: actions.ConsentInput) -> None:
    reporter = case.reporter
    if reporter is not None and not actions.is_perpetrator(case, reporter):
        data.guardian, data.guardian_relationship = reporter, GuardianRelationship.MOTHER
    else:
        values = {"full_name": synthetic.full_name(rng, Sex.FEMALE), "sex": Sex.FEMALE}
        data.guardian = create_person(actor=actor, organisation=case.organisation, values=values)
        data.guardian_relationship = rng.choice([GuardianRelationship.GRANDPARENT, GuardianRelationship.OTHER_FAMILY])
    if actions.assent_required(client, data.given_on):
        data.assent = Assent.GIVEN if rng.random() < 0.9 else Assent.REFUSED
        data.assent_note = "" if data.assent == Assent.GIVEN else "Anak tidak ingin polisi dilibatkan (sintetis)."
    else:
        data.assent = Assent.NOT_SOUGHT
        data.assent_note = "Anak masih kecil; dijelaskan dengan bahasa sederhana kepada pendamping."


def _ask_to_report_without_consent(case: Case, client: Any, actor: User) -> None:
    actions.request_override(
        case,
        actor=actor,
        person=client,
        purpose=SharingPurpose.POLICE_REPORT,
        organisation=None,
        ground=OverrideGround.LEGAL_DUTY if case.has_sexual_violence else OverrideGround.IMMINENT_DANGER,
        explanation="Keluarga belum dapat dihubungi; laporan ke polisi tidak dapat ditunda (sintetis).",
    )
