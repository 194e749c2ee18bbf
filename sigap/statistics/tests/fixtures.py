"""Seeded cases for the statistics tests: varied codes, made through the case verbs (synthetic names)."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest

from sigap.cases.codes import Education, IntakeChannel, Place, Relationship, Sex, ViolenceForm
from sigap.cases.models import Case
from sigap.cases.tests.factories import make_case
from sigap.statistics.refresh import refresh_all


def seed_cases(cast: Any, count: int = 24, seed: int = 15) -> list[Case]:
    """``count`` cases spread over the cast's two organisations, with random national codes."""
    rng = random.Random(seed)
    cases = []
    for n in range(count):
        org, actor = (cast.org, cast.caseworker) if n % 3 else (cast.other_org, cast.other_caseworker)
        forms = rng.sample(list(ViolenceForm.values), rng.randint(1, 3))
        perpetrators = [
            (f"Pelaku Contoh {n}-{k}", rng.choice(Relationship.values), rng.random() < 0.2)
            for k in range(rng.randint(0, 2))
        ]
        victim = {
            "full_name": f"Korban Contoh {n}",
            "sex": rng.choice([*Sex.values, ""]),
            "date_of_birth": rng.choice([None, date(rng.randint(1950, 2024), rng.randint(1, 12), 1)]),
            "education": rng.choice([*Education.values, ""]),
            "has_disability": rng.random() < 0.2,
        }
        cases.append(
            make_case(
                org,
                actor,
                victim_values=victim,
                perpetrators=perpetrators,
                forms=forms,
                place=rng.choice([*Place.values, ""]),
                intake_channel=rng.choice(IntakeChannel.values),
                is_online=rng.random() < 0.3,
                incident_date=rng.choice([None, date(2026, rng.randint(1, 11), rng.randint(1, 28))]),
            )
        )
    refresh_all()
    return cases


@pytest.fixture
def seeded(cast: Any) -> list[Case]:
    return seed_cases(cast)
