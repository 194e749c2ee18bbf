"""National code lists (docs/cases.md), as translatable choices. The slug is what is stored."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ViolenceForm(models.TextChoices):
    FISIK = "fisik", _("Physical")
    PSIKIS = "psikis", _("Psychological")
    SEKSUAL = "seksual", _("Sexual")
    EKSPLOITASI = "eksploitasi", _("Exploitation")
    TRAFFICKING = "trafficking", _("Trafficking (TPPO)")
    PENELANTARAN = "penelantaran", _("Neglect")
    LAINNYA = "lainnya", pgettext_lazy("violence form", "Other")


class TPKSOffence(models.TextChoices):
    """Sexual-violence offences under UU 12/2022 TPKS, and related offences the law brings in."""

    PELECEHAN_NONFISIK = "pelecehan_nonfisik", _("Non-physical sexual harassment")
    PELECEHAN_FISIK = "pelecehan_fisik", _("Physical sexual harassment")
    PEMAKSAAN_KONTRASEPSI = "pemaksaan_kontrasepsi", _("Forced contraception")
    PEMAKSAAN_STERILISASI = "pemaksaan_sterilisasi", _("Forced sterilisation")
    PEMAKSAAN_PERKAWINAN = "pemaksaan_perkawinan", _("Forced marriage")
    PENYIKSAAN_SEKSUAL = "penyiksaan_seksual", _("Sexual torture")
    EKSPLOITASI_SEKSUAL = "eksploitasi_seksual", _("Sexual exploitation")
    PERBUDAKAN_SEKSUAL = "perbudakan_seksual", _("Sexual slavery")
    KSBE = "ksbe", _("Electronic-based sexual violence (KSBE)")
    PERKOSAAN = "perkosaan", _("Rape")
    PERBUATAN_CABUL = "perbuatan_cabul", _("Obscene acts")
    PEMAKSAAN_PELACURAN = "pemaksaan_pelacuran", _("Forced prostitution")
    KEKERASAN_SEKSUAL_ANAK = "kekerasan_seksual_anak", _("Child sexual abuse")
    LAINNYA = "lainnya", pgettext_lazy("offence", "Other")


class Place(models.TextChoices):
    RUMAH_TANGGA = "rumah_tangga", _("Household")
    TEMPAT_KERJA = "tempat_kerja", _("Workplace")
    SEKOLAH = "sekolah", _("School")
    FASILITAS_UMUM = "fasilitas_umum", _("Public facility")
    LEMBAGA_PENDIDIKAN_KILAT = "lembaga_pendidikan_kilat", _("Short-course institution")
    DARING = "daring", _("Online")
    LAINNYA = "lainnya", pgettext_lazy("place", "Other")


class Relationship(models.TextChoices):
    ORANG_TUA = "orang_tua", _("Parent")
    KELUARGA = "keluarga", _("Family / relative")
    SUAMI_ISTRI = "suami_istri", _("Husband / wife")
    PACAR_TEMAN = "pacar_teman", _("Partner / friend")
    GURU = "guru", _("Teacher")
    MAJIKAN = "majikan", _("Employer")
    REKAN_KERJA = "rekan_kerja", _("Co-worker")
    TETANGGA = "tetangga", _("Neighbour")
    ORANG_TIDAK_DIKENAL = "orang_tidak_dikenal", _("Stranger")
    LAINNYA = "lainnya", pgettext_lazy("relationship", "Other")


class ServiceType(models.TextChoices):
    PENGADUAN = "pengaduan", _("Complaint intake")
    KESEHATAN = "kesehatan", _("Health")
    BANTUAN_HUKUM = "bantuan_hukum", _("Legal aid")
    PENEGAKAN_HUKUM = "penegakan_hukum", _("Law enforcement")
    REHABILITASI_SOSIAL = "rehabilitasi_sosial", _("Social rehabilitation")
    REINTEGRASI_SOSIAL = "reintegrasi_sosial", _("Social reintegration")
    PEMULANGAN = "pemulangan", _("Return home")
    PENDAMPINGAN_TOKOH_AGAMA = "pendampingan_tokoh_agama", _("Support by a religious leader")
    PENJANGKAUAN = "penjangkauan", _("Outreach")
    PENAMPUNGAN_SEMENTARA = "penampungan_sementara", _("Temporary shelter")
    MEDIASI = "mediasi", _("Mediation")
    PENDAMPINGAN = "pendampingan", _("Accompaniment")
    PSIKOLOGIS = "psikologis", _("Psychological support / counselling")


class IntakeChannel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    SAPA_129 = "sapa_129", _("SAPA 129")
    WHATSAPP = "whatsapp", _("WhatsApp")
    POLICE = "police", _("Police")
    HEALTH_FACILITY = "health_facility", _("Health facility")
    SCHOOL = "school", _("School")
    OUTREACH = "outreach", _("Outreach")
    ONLINE_REPORT = "online_report", _("Online report")
    OTHER = "other", pgettext_lazy("intake channel", "Other")


class ClientType(models.TextChoices):
    CHILD = "child", _("Child (under 18 at intake)")
    ADULT_WOMAN = "adult_woman", _("Adult woman")


class RiskLevel(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class Education(models.TextChoices):
    NONE = "none", _("Not (yet) in school")
    SD = "sd", _("Primary school (SD)")
    SMP = "smp", _("Junior secondary (SMP)")
    SMA = "sma", _("Senior secondary (SMA/SMK)")
    DIPLOMA = "diploma", _("Diploma (D1–D3)")
    S1 = "s1", _("Bachelor (S1/D4)")
    S2_PLUS = "s2_plus", _("Postgraduate (S2/S3)")


class MaritalStatus(models.TextChoices):
    SINGLE = "single", _("Not married")
    MARRIED = "married", _("Married")
    DIVORCED = "divorced", _("Divorced")
    WIDOWED = "widowed", _("Widowed")


class DisabilityType(models.TextChoices):
    """Kinds of disability under UU 8/2016."""

    PHYSICAL = "physical", _("Physical")
    INTELLECTUAL = "intellectual", _("Intellectual")
    MENTAL = "mental", _("Mental")
    SENSORY = "sensory", _("Sensory")
    MULTIPLE = "multiple", _("Multiple")


class ClosureReason(models.TextChoices):
    GOALS_MET = "goals_met", _("Goals met")
    TRANSFERRED = "transferred", _("Transferred")
    MOVED_UNREACHABLE = "moved_unreachable", _("Moved away or unreachable")
    DECLINED = "declined", _("Declined further services")
    TURNED_18 = "turned_18", _("Turned 18 and handed over")
    DIED = "died", _("Died")
    OTHER = "other", pgettext_lazy("closure reason", "Other")


class AssessmentDomain(models.TextChoices):
    SAFETY = "safety", _("Safety")
    HEALTH = "health", _("Health")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial")
    LEGAL = "legal", _("Legal")
    EDUCATION = "education", _("Education")
    ECONOMIC = "economic", _("Economic")
    FAMILY_CARE = "family_care", _("Family and care")
    BEST_INTERESTS = "best_interests", _("Best interests (children)")


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


AGE_BANDS: list[tuple[str, int, int | None]] = [
    ("0-5", 0, 5),
    ("6-12", 6, 12),
    ("13-17", 13, 17),
    ("18-24", 18, 24),
    ("25-44", 25, 44),
    ("45-59", 45, 59),
    ("60+", 60, None),
]


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_band(age: int | None) -> str:
    if age is None:
        return ""
    for label, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return label
    return ""


class SexualContent(models.TextChoices):
    NONE = "none", _("No sexual image")
    ADULT = "adult", _("Contains a sexual or intimate image of an adult")
    CHILD = "child", _("Sexual imagery of a child")
