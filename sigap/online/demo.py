"""Online-abuse demo records (``manage.py seed_demo_cases``), made through the verbs on a simulated
clock: sextortion, grooming, non-consensual sharing (KSBE) and cyberbullying incidents on open demo
cases, with offender accounts, evidence items (never a file of a sexual image: those are recorded
by location only) and takedown requests in every status. Safe to run twice.

No real person, account or address: handles are invented and every address is on example.com,
example.org or example.net (reserved for documentation).
"""

from __future__ import annotations

import math
import random
import struct
import zlib
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from sigap.accounts.models import User
from sigap.cases.actions.records import destroy_sexual_image
from sigap.cases.demo import demo_case_ids, demo_units
from sigap.cases.management.synthetic import simulated_clock
from sigap.cases.models import Case, Stage
from sigap.online import actions
from sigap.online.models import EvidenceKind, SexualContent, TakedownStatus

TOTAL_ONLINE_CASES = 16

SCENARIOS: list[dict[str, Any]] = [
    {
        "harm_types": ["sextortion"],
        "platforms": ["instagram", "whatsapp"],
        "demands": ["money", "more_images"],
        "amount_demanded": 3_000_000,
        "amount_paid": 500_000,
        "images_shared": False,
        "description": "Akun tak dikenal mengancam menyebarkan foto jika korban tidak membayar (sintetis).",
        "sexual": SexualContent.ADULT,
        "platform": "instagram",
    },
    {
        "harm_types": ["grooming"],
        "platforms": ["games", "messenger"],
        "demands": ["meeting", "more_images"],
        "description": "Teman bermain gim daring membujuk anak untuk bertemu dan mengirim foto (sintetis).",
        "sexual": SexualContent.CHILD,
        "platform": "games",
    },
    {
        "harm_types": ["ncii"],
        "platforms": ["telegram", "x"],
        "images_shared": True,
        "images_shared_where": "Grup Telegram dan satu akun X (alamat di daftar bukti).",
        "description": "Mantan pacar menyebarkan video intim tanpa persetujuan (sintetis).",
        "sexual": SexualContent.ADULT,
        "platform": "telegram",
    },
    {
        "harm_types": ["cyberbullying", "impersonation"],
        "platforms": ["tiktok"],
        "description": "Akun palsu atas nama korban mengunggah ejekan dan ancaman (sintetis).",
        "sexual": SexualContent.NONE,
        "platform": "tiktok",
    },
]

HANDLE_PARTS = ["bunga", "langit", "senja", "ombak", "kilat", "rimba", "awan", "pelangi"]


def _handle(rng: random.Random) -> str:
    return f"@{rng.choice(HANDLE_PARTS)}_{rng.choice(HANDLE_PARTS)}{rng.randint(10, 999)}_contoh"


def seed_online_demo() -> int:
    """Give open demo cases an online incident until the demo has ``TOTAL_ONLINE_CASES``; return how many were made."""

    units = demo_units()
    if not units:
        return 0
    per_unit = math.ceil(TOTAL_ONLINE_CASES / len(units))
    made = 0
    counter = 0
    for unit in units:
        cases = Case.objects.filter(pk__in=demo_case_ids(Case.objects.filter(organisation=unit.organisation)))
        have = cases.filter(online_incidents__isnull=False).distinct().count()
        candidates = (
            cases.exclude(stage=Stage.CLOSED)
            .filter(case_manager__isnull=False, online_incidents__isnull=True)
            .select_related("case_manager", "organisation")
            .order_by("-is_online", "-registered_at", "pk")
        )
        for case in candidates[: max(per_unit - have, 0)]:
            seed_case_online(case, index=have + counter)
            counter += 1
            made += 1
    actions.remind_stale_takedowns()  # the demo's quiet requests show their reminders at once
    return made


def seed_case_online(case: Case, *, index: int) -> None:
    """One incident with an account, evidence and takedown requests; statuses rotate over the cases so
    that every status appears."""
    rng = random.Random(f"online:{case.number}")  # noqa: S311 - synthetic demo data, not secrets
    scenario = dict(SCENARIOS[index % len(SCENARIOS)])
    sexual, platform = scenario.pop("sexual"), scenario.pop("platform")
    actor = case.case_manager
    assert actor is not None  # noqa: S101  (only managed cases are chosen)
    real_now = timezone.now()
    start = min(case.registered_at + timedelta(hours=6), real_now - timedelta(days=20))
    with transaction.atomic(), simulated_clock(start) as clock:
        today = timezone.localdate()
        incident = actions.record_incident(
            case,
            actor=actor,
            data=actions.IncidentInput(
                first_contact_on=today - timedelta(days=rng.randint(20, 60)),
                last_contact_on=today - timedelta(days=rng.randint(1, 5)),
                **scenario,
            ),
        )
        account = actions.add_offender_account(
            incident,
            actor=actor,
            platform=platform,
            handle=_handle(rng),
            profile_url=f"https://{platform}.example.com/{rng.randint(1000, 9999)}",
            known_to_victim=rng.choice(["known", "unknown", "unsure"]),
        )
        content_url = f"https://content.example.org/{platform}/{rng.randint(10000, 99999)}"
        actions.record_evidence(
            case,
            actor=actor,
            data=actions.EvidenceInput(
                kind=EvidenceKind.URL,
                incident=incident,
                description="Lokasi konten yang dilaporkan; konten tidak diunduh (sintetis).",
                url=content_url,
                platform=platform,
                sexual_content=sexual,
                captured_at=clock["now"],
                captured_by="Pendamping",
            ),
        )
        actions.record_evidence(
            case,
            actor=actor,
            data=actions.EvidenceInput(
                kind=EvidenceKind.CHAT_EXPORT,
                incident=incident,
                description="Ekspor percakapan sebagai teks (sintetis).",
                platform=platform,
                chat_text="[10.02] pelaku: kirim sekarang atau aku sebar\n[10.05] korban: tolong jangan (sintetis)",
                captured_at=clock["now"],
                captured_by="Korban, didampingi pendamping",
            ),
        )
        if index % 5 == 1:
            _destroyed_screenshot(case, actor, incident)
        if index % 3 == 0:
            evidence = actions.record_evidence(
                case,
                actor=actor,
                data=actions.EvidenceInput(
                    kind=EvidenceKind.POLICE_HASH,
                    incident=incident,
                    description="Nilai hash dari Unit Siber untuk konten yang sama (sintetis).",
                    police_hash=f"{rng.getrandbits(256):064x}",
                    sexual_content=sexual,
                ),
            )
            clock["now"] += timedelta(days=1)
            actions.record_custody(
                evidence,
                actor=actor,
                handed_to="Unit Siber Polda (contoh)",
                handed_at=clock["now"],
                reference=f"LP/{rng.randint(100, 999)}/X/2026",
            )
        _takedowns(case, actor, incident, account, content_url, platform, index, rng, clock, real_now)


def _grey_png() -> bytes:
    """A 1×1 grey PNG, made here: the demo never holds a real image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b"")
    )


def _destroyed_screenshot(case: Case, actor: User, incident: Any) -> None:
    """A context screenshot confirmed by mistake and then destroyed: the item shows the tombstone (the
    hash, destroyed at/by). The file is a synthetic grey square, deleted again when the seeding commits."""
    evidence = actions.record_evidence(
        case,
        actor=actor,
        data=actions.EvidenceInput(
            kind=EvidenceKind.CONTEXT_SCREENSHOT,
            incident=incident,
            description="Tangkapan layar yang ternyata memuat gambar seksual; berkas sudah dimusnahkan (sintetis).",
            upload=SimpleUploadedFile("tangkapan.png", _grey_png(), content_type="image/png"),
            no_sexual_image_confirmed=True,
        ),
    )
    assert evidence.attachment is not None  # noqa: S101
    destroy_sexual_image(
        evidence.attachment, actor=actor, reason="Contoh demo: dikonfirmasi keliru saat diunggah (sintetis)."
    )


FINAL_STATUSES = [
    TakedownStatus.REMOVED,
    TakedownStatus.SUBMITTED,
    TakedownStatus.ACKNOWLEDGED,
    TakedownStatus.REFUSED,
    TakedownStatus.NO_RESPONSE,
    TakedownStatus.DRAFT,
]


def _takedowns(
    case: Case,
    actor: User,
    incident: Any,
    account: Any,
    url: str,
    platform: str,
    index: int,
    rng: random.Random,
    clock: dict[str, Any],
    real_now: Any,
) -> None:
    channels = ["platform", "government", "police", "hash"]
    for n, final in enumerate([FINAL_STATUSES[index % 6], FINAL_STATUSES[(index + 3) % 6]]):
        clock["now"] += timedelta(hours=rng.randint(2, 30))
        first = TakedownStatus.DRAFT if final == TakedownStatus.DRAFT else TakedownStatus.SUBMITTED
        takedown = actions.create_takedown(
            case,
            actor=actor,
            data=actions.TakedownInput(
                incident=incident,
                account=account if n else None,
                url="" if n else url,
                platform=platform,
                channel=channels[(index + n) % len(channels)],
                status=first,
                reference="" if first == TakedownStatus.DRAFT else f"REF-{rng.randint(10000, 99999)}",
            ),
        )
        path = {
            TakedownStatus.ACKNOWLEDGED: [TakedownStatus.ACKNOWLEDGED],
            TakedownStatus.REMOVED: [TakedownStatus.ACKNOWLEDGED, TakedownStatus.REMOVED],
            TakedownStatus.REFUSED: [TakedownStatus.REFUSED],
            TakedownStatus.NO_RESPONSE: [TakedownStatus.NO_RESPONSE],
        }.get(final, [])
        saved = clock["now"]
        for status in path:
            clock["now"] = min(clock["now"] + timedelta(days=rng.randint(1, 6)), real_now)
            takedown = actions.update_takedown(takedown, actor=actor, status=status)
        clock["now"] = saved
