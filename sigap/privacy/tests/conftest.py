"""Fixtures for data protection: cases with a full record, closed long ago or recently."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sigap.cases import actions
from sigap.cases.models import Case, Note
from sigap.cases.tests import files
from sigap.cases.tests.factories import case_in_stage
from sigap.cases.tests.fixtures import case, other_case  # noqa: F401 (pytest fixtures, used by name)

ALL_CHECKED = {
    "goals_reviewed": True,
    "client_informed": True,
    "referrals_closed": True,
    "safety_checked": True,
    "records_complete": True,
}


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def full_case(cast: Any, **overrides: Any) -> Case:
    """A subject in follow-up with an assessment, plan, service, follow-up, notes (one restricted) and an
    attachment, made through the verbs. All text is synthetic."""
    overrides.setdefault("intake_narrative", "Narasi sintetis tentang kejadian.")
    overrides.setdefault("perpetrators", [("Pelaku Contoh", "tetangga", False)])
    subject = case_in_stage(cast.org, cast.caseworker, cast.supervisor, "follow_up", **overrides)
    actions.record_follow_up(
        subject,
        actor=cast.caseworker,
        held_on=timezone.localdate(),
        method="phone",
        risk_level=subject.risk_level,
        progress="Kemajuan sintetis.",
        new_risks="Risiko baru sintetis.",
    )
    actions.add_note(subject, actor=cast.caseworker, body="Catatan biasa sintetis.")
    actions.add_note(
        subject, actor=cast.supervisor, body="Catatan terbatas sintetis.", visibility=Note.Visibility.RESTRICTED
    )
    actions.add_attachment(
        subject, actor=cast.caseworker, title="Surat sintetis", upload=SimpleUploadedFile("surat.pdf", files.PDF)
    )
    return subject


def close(subject: Case, cast: Any, *, years_ago: float = 0) -> Case:
    """Close ``subject`` through the verbs, then move its dates ``years_ago`` into the past."""
    closure = actions.request_closure(
        subject, actor=cast.caseworker, reason="goals_met", reason_detail="Detail sintetis.", checklist=ALL_CHECKED
    )
    actions.approve_closure(closure, actor=cast.supervisor)
    if years_ago:
        shift = timedelta(days=round(365.25 * years_ago))
        subject.refresh_from_db()
        Case.objects.filter(pk=subject.pk).update(
            closed_at=subject.closed_at - shift, registered_at=subject.registered_at - shift
        )
    subject.refresh_from_db()
    return subject


@pytest.fixture
def old_case(cast: Any, media: Path) -> Case:
    """A full case closed eleven years ago (past the default ten-year retention)."""
    return close(full_case(cast), cast, years_ago=11)


@pytest.fixture
def recent_case(cast: Any, media: Path) -> Case:
    """A full case closed two years ago (inside retention)."""
    return close(
        full_case(cast, victim_values={"full_name": "Rina Contoh", "date_of_birth": date(2010, 1, 2)}),
        cast,
        years_ago=2,
    )


@pytest.fixture
def other_dpo(cast: Any) -> Any:
    """The data protection officer of the other organisation."""
    from conftest import make_user
    from sigap.organisations.roles import Role

    return make_user("other.dpo@test.sigap.invalid", "Other DPO", cast.other_org, Role.DPO)
