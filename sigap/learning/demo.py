"""The demo of capacity building, after the event that started Sigap (docs/learning.md): a three-day
in-person case-management programme in Jakarta run by the ministry with two partner NGOs, six
sessions, 68 participants from six provinces and thirteen regencies/cities, a required e-learning
course with quizzes, and the certificates that follow from the programme's rule.

Every person is synthetic. Idempotent: the event is found by its title; a re-run adds nothing.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any

from sigap.accounts.models import User
from sigap.learning import actions
from sigap.learning.models import (
    Choice,
    Course,
    Lesson,
    MediaKind,
    Module,
    Programme,
    ProgrammeSession,
    Question,
    QuestionKind,
    Quiz,
    TrainingEvent,
)
from sigap.notifications.actions import muted
from sigap.organisations.models import Organisation, OrganisationKind
from sigap.regions.models import Province, Regency

PROGRAMME = "Penguatan Kapasitas Penyedia Layanan Perlindungan Perempuan dan Anak dalam Manajemen Kasus"
EVENT = f"{PROGRAMME} — Jakarta, Oktober 2025"
COURSE = "Dasar-Dasar Manajemen Kasus Perlindungan Anak"
START, END = date(2025, 10, 28), date(2025, 10, 30)

# Two partner NGOs (synthetic names): a child-rights organisation and a trauma-recovery foundation.
PARTNERS = [
    ("Yayasan Hak Anak Nusantara", "YHAN"),
    ("Yayasan Pemulihan Jiwa Sejahtera", "YPJS"),
]

SESSIONS = [
    ("Manajemen kasus perlindungan anak", "Memahami enam tahap manajemen kasus dan peran manajer kasus."),
    ("Asesmen risiko dan perencanaan intervensi", "Menyusun asesmen dan rencana intervensi bersama klien."),
    ("Pendekatan psikososial dalam layanan", "Menerapkan dukungan psikososial yang berpusat pada korban."),
    ("Penanganan kasus kekerasan anak di ranah daring", "Mengenali pola kekerasan daring dan langkah penanganannya."),
    ("Koordinasi dan rujukan antarinstansi", "Merujuk dan berkoordinasi dengan polisi, rumah sakit dan LBH."),
    ("Perawatan diri (self-care) bagi penyedia layanan", "Menjaga ketahanan emosional dan mencegah kelelahan kerja."),
]

# Where the 68 participants work: six provinces, thirteen regencies/cities (official codes).
REGENCY_SHARE = {
    "32.73": 7, "32.04": 5, "32.01": 5,
    "33.74": 6, "33.72": 5,
    "35.78": 6, "35.07": 5,
    "52.71": 6, "52.01": 4,
    "73.71": 6, "73.08": 4,
    "91.71": 5, "91.03": 4,
}  # fmt: skip
PROVINCES = sorted({code[:2] for code in REGENCY_SHARE})

# Demo accounts who took part (the rest are invited people without an account).
DEMO_PARTICIPANTS = ["caseworker.bandung", "caseworker2.bandung", "caseworker.mataram", "caseworker.makassar"]
# This one still has the e-learning to finish, so the demo shows a certificate waiting on it.
STILL_LEARNING = "caseworker.bandung"

FIRST = ["Ayu", "Budi", "Citra", "Dewi", "Eka", "Fajar", "Gita", "Hadi", "Intan", "Joko", "Kartika", "Lestari",
         "Made", "Nina", "Oki", "Putu", "Rini", "Sari", "Tono", "Umi", "Vina", "Wahyu", "Yanti", "Zainal"]  # fmt: skip
LAST = ["Pratama", "Wijaya", "Saputri", "Hidayat", "Kurniawan", "Anggraeni", "Nugraha", "Rahayu", "Siregar",
        "Lumban", "Syahrir", "Manuhutu", "Tanjung", "Purnama", "Halim", "Mahendra"]  # fmt: skip
ROLES = ["Manajer kasus", "Pendamping korban", "Konselor", "Petugas pengaduan", "Psikolog", "Pekerja sosial"]
ORG_KINDS = ["UPTD PPA", "Dinas PPPA", "Dinas Sosial"]


def regions_present() -> bool:
    provinces = Province.objects.filter(code__in=PROVINCES).count()
    regencies = Regency.objects.filter(code__in=list(REGENCY_SHARE)).count()
    return provinces == len(PROVINCES) and regencies == len(REGENCY_SHARE)


def seed_learning(organisations: dict[str, Organisation], users: dict[str, User]) -> int:
    """Create the demo programme, course and event once; returns how many records were made.
    Demo certificates are not news: nobody is notified or emailed about them."""
    with muted():
        return _seed_learning(organisations, users)


def _seed_learning(organisations: dict[str, Organisation], users: dict[str, User]) -> int:
    if TrainingEvent.objects.filter(title=EVENT).exists() or not regions_present():
        return 0
    ministry, trainer = organisations["kemenpppa"], users["trainer.nasional"]
    partners = [
        Organisation.objects.get_or_create(
            name=name,
            province_id="31",
            defaults={"short_name": short, "kind": OrganisationKind.NGO, "regency_id": "31.74"},
        )[0]
        for name, short in PARTNERS
    ]
    course = seed_course(ministry)
    seed_handout(course, trainer)
    programme = seed_programme(ministry, course)
    event = actions.create_event(
        programme,
        actor=trainer,
        organisation=ministry,
        values={"title": EVENT, "start_date": START, "end_date": END, "mode": "in_person", "venue": "Jakarta"},
        partners=partners,
        facilitators=[trainer],
    )
    participants = seed_participants(event, trainer, users)
    play_event(event, trainer, participants)
    return 1 + len(participants)


def handout_pdf() -> bytes:
    """A one-page synthetic handout (the stages of case management), drawn with reportlab."""
    from io import BytesIO

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from sigap.lib.pdf import register_fonts

    regular, bold = register_fonts()
    buffer = BytesIO()
    page = Canvas(buffer, pagesize=A4)
    page.setFont(bold, 16)
    page.drawString(72, 770, "Lembar ringkas: tahap manajemen kasus (contoh)")
    page.setFont(regular, 12)
    stages = ["Identifikasi", "Registrasi", "Asesmen", "Rencana kasus", "Pelaksanaan", "Tindak lanjut dan penutupan"]
    for index, stage in enumerate(stages, start=1):
        page.drawString(90, 740 - 22 * index, f"{index}. {stage}")
    page.showPage()
    page.save()
    return buffer.getvalue()


def seed_handout(course: Course, trainer: User) -> None:
    """The first lesson of the stages module carries an uploaded handout (a lesson file)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    lesson = Lesson.objects.filter(module__course=course, module__order=1).order_by("order").first()
    if lesson is not None:
        actions.save_lesson(
            lesson,
            actor=trainer,
            values={},
            upload=SimpleUploadedFile("lembar-tahap-manajemen-kasus.pdf", handout_pdf(), "application/pdf"),
        )


def seed_course(ministry: Organisation) -> Course:
    course = Course.objects.create(
        title=COURSE,
        organisation=ministry,
        summary="Materi wajib sebelum sertifikasi: tahap manajemen kasus, prinsip kepentingan terbaik anak, "
        "dan keselamatan klien.",
    )
    outline = [
        ("Prinsip dasar", ["Kepentingan terbaik anak", "Persetujuan dan kerahasiaan"]),
        (
            "Tahap manajemen kasus",
            ["Identifikasi dan registrasi", "Asesmen dan rencana", "Tindak lanjut dan penutupan"],
        ),
    ]
    for m_index, (module_title, lessons) in enumerate(outline):
        module = Module.objects.create(course=course, title=module_title, order=m_index)
        for l_index, title in enumerate(lessons):
            Lesson.objects.create(
                module=module,
                title=title,
                order=l_index,
                body=f"## {title}\n\nBaca ringkasan ini lalu kerjakan kuis modul.\n\n"
                "- Utamakan **keselamatan** klien\n- Catat setiap langkah\n- Libatkan supervisor",
                media_kind=MediaKind.LINK if l_index == 0 else MediaKind.NONE,
                media_url="https://example.org/materi-sintetis" if l_index == 0 else "",
                media_title="Bacaan tambahan (contoh)" if l_index == 0 else "",
            )
    make_quiz(
        "Kuis: dasar manajemen kasus",
        ministry,
        course=course,
        questions=[
            (
                "Berapa tahap manajemen kasus?",
                QuestionKind.SINGLE,
                [("Enam", True), ("Tiga", False), ("Sepuluh", False)],
            ),
            (
                "Persetujuan anak diminta melalui orang tua atau wali.",
                QuestionKind.TRUE_FALSE,
                [("Benar", True), ("Salah", False)],
            ),
            (
                "Mana yang termasuk asesmen?",
                QuestionKind.MULTIPLE,
                [("Risiko keselamatan", True), ("Kebutuhan kesehatan", True), ("Warna rumah", False)],
            ),
        ],
    )
    return course


def make_quiz(title: str, organisation: Organisation, *, course: Course | None = None, questions: list[Any]) -> Quiz:
    quiz = Quiz.objects.create(title=title, organisation=organisation, course=course, pass_mark=70, max_attempts=3)
    for q_index, (text, kind, choices) in enumerate(questions):
        question = Question.objects.create(
            quiz=quiz, text=text, kind=kind, order=q_index, feedback="Lihat kembali materi modul terkait."
        )
        Choice.objects.bulk_create(
            Choice(question=question, text=label, is_correct=right, order=c_index)
            for c_index, (label, right) in enumerate(choices)
        )
    return quiz


def seed_programme(ministry: Organisation, course: Course) -> Programme:
    bank = [
        (
            f"Pertanyaan tes {n}: pilih langkah yang tepat.",
            QuestionKind.SINGLE,
            [("Tepat", True), ("Kurang tepat", False)],
        )
        for n in range(1, 11)
    ]
    programme = Programme.objects.create(
        title=PROGRAMME,
        organisation=ministry,
        description="Pelatihan tatap muka tiga hari dengan e-learning wajib, tes awal dan tes akhir.",
        pre_test=make_quiz("Tes awal manajemen kasus", ministry, questions=bank),
        post_test=make_quiz("Tes akhir manajemen kasus", ministry, questions=bank),
        min_attendance=80,
        post_test_pass_mark=70,
        validity_months=36,
    )
    programme.required_courses.set([course])
    for index, (title, objectives) in enumerate(SESSIONS):
        ProgrammeSession.objects.create(
            programme=programme, title=title, objectives=objectives, duration_minutes=180, order=index
        )
    return programme


def seed_participants(event: TrainingEvent, trainer: User, users: dict[str, User]) -> list[Any]:
    rng = random.Random(20251028)  # noqa: S311 - demo data, reproducible on purpose
    made = [
        actions.add_participant(event, actor=trainer, user=users[login])
        for login in DEMO_PARTICIPANTS
        if login in users
    ]
    for regency_code, share in REGENCY_SHARE.items():
        regency = Regency.objects.get(code=regency_code)
        already = sum(1 for p in made if p.regency_id == regency_code)
        for n in range(share - already):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            kind = ORG_KINDS[n % len(ORG_KINDS)]
            made.append(
                actions.add_participant(
                    event,
                    actor=trainer,
                    values={
                        "full_name": name,
                        "organisation_name": f"{kind} {regency.name.replace('Kabupaten ', 'Kab. ')}",
                        "role_title": ROLES[rng.randrange(len(ROLES))],
                        "province": regency.province,
                        "regency": regency,
                    },
                )
            )
    return made


def play_event(event: TrainingEvent, trainer: User, participants: list[Any]) -> None:
    """Attendance, e-learning and scores with a realistic spread, then the certificates the rule gives."""
    rng = random.Random(68)  # noqa: S311 - demo data
    sessions = list(event.sessions.order_by("order"))
    missed: dict[Any, set[int]] = {}
    for participant in participants:
        roll = rng.random()
        count = 0 if roll < 0.75 else 1 if roll < 0.9 else 2 if roll < 0.97 else 3
        missed[participant.pk] = set(rng.sample(range(len(sessions)), count))
    for index, session in enumerate(sessions):
        present = [p.pk for p in participants if index not in missed[p.pk]]
        actions.mark_attendance(session, actor=trainer, present=present)
    for participant in participants:
        login_user = participant.user
        if (login_user is None or login_user.email.split("@")[0] != STILL_LEARNING) and rng.random() < 0.93:
            actions.confirm_elearning(participant, actor=trainer, on=START)
        pre = Decimal(rng.randrange(35, 76))
        post = min(Decimal(100), pre + Decimal(rng.randrange(0, 36)))
        actions.record_scores(participant, actor=trainer, pre=pre, post=post)
    actions.certify_event(event, actor=trainer, issued_on=END)
    # Certificates issued while scores were entered carry today's date; the demo's carry the last day.
    event.certificates.update(issued_on=END, valid_until=actions.add_months(END, event.programme.validity_months))
    comments = [
        ("Latihan studi kasus dari daerah sendiri.", "Waktu diskusi kelompok ditambah."),
        ("Sesi kekerasan daring sangat relevan.", "Contoh alur rujukan antarprovinsi."),
        ("Sesi perawatan diri.", "Materi dibagikan sebelum pelatihan."),
        ("Simulasi asesmen risiko.", ""),
    ]
    with_accounts = [p for p in participants if p.user is not None]
    for participant, (useful, improve) in zip(with_accounts, comments, strict=False):
        actions.submit_feedback(
            participant, actor=participant.user, rating=rng.choice([4, 5]), useful=useful, improve=improve
        )
    mentor = next((p for p in participants if p.user is not None and hasattr(p, "certificate")), None)
    if mentor is not None and mentor.user is not None:
        actions.become_mentor(
            actor=mentor.user,
            province=mentor.province,
            regency=mentor.regency,
            expertise="Manajemen kasus anak; penanganan kasus kekerasan daring",
        )
