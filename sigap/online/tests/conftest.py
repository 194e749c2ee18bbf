"""Online-abuse fixtures: a child's sextortion case of the cast's organisation, with one incident.

Files are tiny synthetic ones (a 1×1 grey PNG, a PDF skeleton); never a real or sexual image.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from sigap.cases.models import Case
from sigap.cases.tests import files
from sigap.cases.tests.factories import make_case
from sigap.online import actions
from sigap.online.models import OnlineIncident


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def png(name: str = "grey.png") -> SimpleUploadedFile:
    """A 1×1 grey PNG (synthetic)."""
    return SimpleUploadedFile(name, files.PNG, content_type="image/png")


@pytest.fixture
def case(cast: Any) -> Case:
    return make_case(cast.org, cast.caseworker, is_online=True)


@pytest.fixture
def incident(cast: Any, case: Case) -> OnlineIncident:
    return actions.record_incident(
        case,
        actor=cast.caseworker,
        data=actions.IncidentInput(
            harm_types=["sextortion"],
            platforms=["instagram"],
            demands=["money"],
            amount_demanded=2_000_000,
            description="Akun palsu meminta uang (sintetis).",
        ),
    )


@pytest.fixture
def other_case(cast: Any) -> Case:
    return make_case(cast.other_org, cast.other_caseworker, is_online=True)
