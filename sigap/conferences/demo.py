"""Case conference demo records (``manage.py seed_demo_cases``), made through the verbs.

On one open child's demo case of UPTD PPA Kota Bandung, organised by its case manager: a conference
held three days ago with the police PPA unit and the hospital's integrated service centre invited
(and a neighbourhood head outside Sigap), with minutes, decisions and three actions added to the
case plan as a new draft version; and a conference in five days with the hospital's centre invited.
Sharing with the invited organisations is allowed by a supervisor's approved decision.

Safe to run again: nothing is made when a demo conference exists. All names and texts are synthetic.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sigap.conferences import actions
from sigap.conferences.models import Conference
from sigap.organisations.models import Organisation
from sigap.transfers.demo import SENDER, allow_sharing, demo_cases, demo_user
from sigap.transfers.models import Transfer

MARKER = "(demo)"
POLICE = "Unit PPA Satreskrim Polrestabes Bandung"
HOSPITAL = "Pusat Pelayanan Terpadu RSUD Kota Bandung"


def seed_conferences_demo() -> int:
    """Make the demo conferences (see the module docstring); the number made."""
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=[SENDER, POLICE, HOSPITAL])}
    supervisors = [demo_user("supervisor.bandung"), demo_user("supervisor2.bandung")]
    police_worker, psychologist = demo_user("caseworker.polres-bandung"), demo_user("psychologist.ppt-bandung")
    if len(organisations) < 3 or None in (*supervisors, police_worker, psychologist):
        return 0
    owner, police, hospital = organisations[SENDER], organisations[POLICE], organisations[HOSPITAL]
    if Conference.objects.filter(organisation=owner, title__endswith=MARKER).exists():
        return 0
    transferred = Transfer.objects.filter(from_organisation=owner).values_list("case_id", flat=True)
    cases = demo_cases(owner, supervisors, 1, skip=transferred)  # type: ignore[arg-type]
    if not cases:
        return 0
    case, caseworker, supervisor = cases[0].case, cases[0].manager, cases[0].supervisor
    now = timezone.now()
    with transaction.atomic():
        for organisation in (police, hospital):
            allow_sharing(case, organisation, "case_conference", asker=caseworker, approver=supervisor)
        held = actions.schedule_conference(
            case,
            actor=caseworker,
            title=f"Konferensi kasus: perlindungan dan proses hukum {MARKER}",
            scheduled_at=now - timedelta(days=3),
            location="Ruang rapat UPTD PPA Kota Bandung",
            agenda="1. Keamanan klien di rumah\n2. Perkembangan laporan polisi\n3. Pemulihan psikologis",
        )
        actions.invite(held, actor=caseworker, organisation=police)
        actions.invite(held, actor=caseworker, user=psychologist, role="Psikolog")
        actions.invite(
            held, actor=caseworker, name="Ketua RT 05", outside_organisation="RT 05/RW 02", role="Tokoh masyarakat"
        )
        actions.record_minutes(
            held,
            actor=caseworker,
            minutes="Semua pihak hadir. Klien tinggal sementara di rumah nenek dan merasa aman. Berkas laporan "
            "sudah diterima penyidik (data demo sintetis).",
            decisions="1. Penyidik menjadwalkan pemeriksaan dengan pendampingan.\n2. Konseling mingguan di PPT.\n"
            "3. Pendamping UPTD memantau keamanan setiap minggu.",
        )
        soon = timezone.localdate() + timedelta(days=14)
        for data in (
            actions.ActionData(
                "penegakan_hukum", "Pemeriksaan saksi korban dengan pendamping", police, police_worker, soon
            ),
            actions.ActionData("psikologis", "Konseling mingguan selama dua bulan", hospital, psychologist, soon),
            actions.ActionData("pendampingan", "Pendampingan saat pemeriksaan polisi", owner, caseworker, soon),
        ):
            actions.add_action(held, actor=caseworker, data=data)
        # When a plan version is waiting for approval, the actions stay on the conference for now.
        with contextlib.suppress(ValidationError):
            actions.adopt_actions(held, actor=caseworker)
        upcoming = actions.schedule_conference(
            case,
            actor=caseworker,
            title=f"Konferensi kasus: tinjauan pemulihan {MARKER}",
            scheduled_at=now + timedelta(days=5),
            location="Daring (tautan dikirim lewat email)",
            agenda="1. Hasil konseling\n2. Rencana kembali ke sekolah",
        )
        actions.invite(upcoming, actor=caseworker, organisation=hospital)
    return 2
