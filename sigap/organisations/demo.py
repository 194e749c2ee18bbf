"""Demo organisations across three time zones and one account per role, all synthetic.

The constants (``ORGANISATIONS``, ``PEOPLE``, ``EMAIL_DOMAIN``) are what the other apps' demo data
builds on; ``manage.py seed_demo`` (``sigap.home``) calls the seeders. Safe to run again: they find
what an earlier run made and only fill in what is missing or changed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.management.base import CommandError
from django.db import models

from sigap.accounts.models import User
from sigap.organisations.models import Membership, Organisation
from sigap.organisations.models import OrganisationKind as Kind
from sigap.organisations.roles import Role
from sigap.regions.models import Province, Regency

DEFAULT_DEMO_PASSWORD = "sigap-demo-2026"  # noqa: S105 - published on purpose; demo mode only
EMAIL_DOMAIN = "demo.sigap.test"


def demo_password() -> str:
    """The one password of every demo account: setting or environment SIGAP_DEMO_PASSWORD."""
    configured = getattr(settings, "SIGAP_DEMO_PASSWORD", "") or os.environ.get("SIGAP_DEMO_PASSWORD", "")
    return configured.strip() or DEFAULT_DEMO_PASSWORD


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    short_name: str
    kind: str
    province: str
    regency: str | None = None
    parent: str | None = None
    phone: str = ""
    whatsapp: str = ""


@dataclass(frozen=True)
class DemoPerson:
    login: str  # the part of the email address before the @
    full_name: str
    organisation: str | None
    role: str | None
    supervisor: str | None = None  # login of the supervisor, in the same organisation
    superuser: bool = False

    @property
    def email(self) -> str:
        return f"{self.login}@{EMAIL_DOMAIN}"


# WIB: 31 DKI Jakarta, 32 Jawa Barat. WITA: 52 Nusa Tenggara Barat, 73 Sulawesi Selatan. WIT: 91 Papua.
# Parents come before their children.
ORGANISATIONS = [
    DemoOrganisation(
        "kemenpppa",
        "Kementerian Pemberdayaan Perempuan dan Perlindungan Anak",
        "KemenPPPA",
        Kind.MINISTRY,
        "31",
        "31.71",
    ),
    # SAPA 129's public hotline numbers (docs/cases.md), so the demo directory shows where to call.
    DemoOrganisation(
        "sapa129",
        "Layanan SAPA 129",
        "SAPA 129",
        Kind.SAPA_129,
        "31",
        "31.71",
        parent="kemenpppa",
        phone="129",
        whatsapp="08111129129",
    ),
    DemoOrganisation("dinas-jabar", "Dinas PPPA Provinsi Jawa Barat", "DP3A Jabar", Kind.DINAS_PPPA, "32"),
    DemoOrganisation(
        "uptd-jabar",
        "UPTD PPA Provinsi Jawa Barat",
        "UPTD PPA Jabar",
        Kind.UPTD_PPA_PROVINCE,
        "32",
        parent="dinas-jabar",
    ),
    DemoOrganisation("dinas-bandung", "Dinas PPPA Kota Bandung", "DP3A Bandung", Kind.DINAS_PPPA, "32", "32.73"),
    DemoOrganisation(
        "uptd-bandung",
        "UPTD PPA Kota Bandung",
        "UPTD PPA Bandung",
        Kind.UPTD_PPA_REGENCY,
        "32",
        "32.73",
        parent="dinas-bandung",
    ),
    DemoOrganisation(
        "polres-bandung", "Unit PPA Satreskrim Polrestabes Bandung", "Unit PPA Bandung", Kind.POLICE_PPA, "32", "32.73"
    ),
    DemoOrganisation(
        "ppt-bandung", "Pusat Pelayanan Terpadu RSUD Kota Bandung", "PPT RSUD Bandung", Kind.HOSPITAL, "32", "32.73"
    ),
    DemoOrganisation("uptd-mataram", "UPTD PPA Kota Mataram", "UPTD PPA Mataram", Kind.UPTD_PPA_REGENCY, "52", "52.71"),
    DemoOrganisation("lbh-mataram", "LBH Perempuan dan Anak Mataram", "LBH PA Mataram", Kind.LEGAL_AID, "52", "52.71"),
    DemoOrganisation("yayasan-makassar", "Yayasan Pelita Anak Makassar", "Pelita Anak", Kind.NGO, "73", "73.71"),
    DemoOrganisation(
        "uptd-jayapura", "UPTD PPA Kota Jayapura", "UPTD PPA Jayapura", Kind.UPTD_PPA_REGENCY, "91", "91.71"
    ),
    # Referral partners of UPTD PPA Bandung (sigap.referrals.demo).
    DemoOrganisation(
        "dinsos-bandung", "Dinas Sosial Kota Bandung", "Dinsos Bandung", Kind.SOCIAL_SERVICE, "32", "32.73"
    ),
    DemoOrganisation(
        "rumah-aman-bandung",
        "Rumah Aman Perempuan dan Anak Kota Bandung",
        "Rumah Aman Bandung",
        Kind.SAFE_HOUSE,
        "32",
        "32.73",
    ),
]

# Synthetic names. Supervisors are listed before the people they supervise.
PEOPLE = [
    DemoPerson("admin.nasional", "Ratna Kusumawati", "kemenpppa", Role.NATIONAL_ADMIN, superuser=True),
    DemoPerson("trainer.nasional", "Agus Setiadi", "kemenpppa", Role.TRAINER),
    DemoPerson("supervisor.sapa", "Eko Saputra", "sapa129", Role.SUPERVISOR),
    DemoPerson("intake.sapa", "Maya Anggraini", "sapa129", Role.INTAKE_OFFICER, supervisor="supervisor.sapa"),
    DemoPerson("admin.jabar", "Bambang Sutrisno", "uptd-jabar", Role.ORG_ADMIN),
    DemoPerson("data.jabar", "Indah Permatasari", "uptd-jabar", Role.DATA_OFFICER),
    DemoPerson("admin.bandung", "Rina Marlina", "uptd-bandung", Role.ORG_ADMIN),
    DemoPerson("supervisor.bandung", "Sri Wahyuni", "uptd-bandung", Role.SUPERVISOR),
    DemoPerson("supervisor2.bandung", "Hendra Gunawan", "uptd-bandung", Role.SUPERVISOR),
    DemoPerson("caseworker.bandung", "Siti Rahmawati", "uptd-bandung", Role.CASEWORKER, "supervisor.bandung"),
    DemoPerson("caseworker2.bandung", "Ayu Lestiani", "uptd-bandung", Role.CASEWORKER, "supervisor.bandung"),
    DemoPerson("caseworker3.bandung", "Dimas Prasetyo", "uptd-bandung", Role.CASEWORKER, "supervisor2.bandung"),
    DemoPerson("psychologist.bandung", "Nurul Hidayah", "uptd-bandung", Role.PSYCHOLOGIST),
    DemoPerson("legal.bandung", "Yusuf Hakim", "uptd-bandung", Role.LEGAL_AID),
    DemoPerson("intake.bandung", "Fitri Handayani", "uptd-bandung", Role.INTAKE_OFFICER),
    DemoPerson("data.bandung", "Arief Nugroho", "uptd-bandung", Role.DATA_OFFICER),
    DemoPerson("dpo.bandung", "Wulan Sari", "uptd-bandung", Role.DPO),
    # Regional data officers (sigap.statistics): the aggregates of their province / city, no case.
    DemoPerson("data.dinas-jabar", "Ratih Purnamasari", "dinas-jabar", Role.DATA_OFFICER),
    DemoPerson("data.dinas-bandung", "Galih Pratama", "dinas-bandung", Role.DATA_OFFICER),
    DemoPerson("admin.polres-bandung", "Teguh Wibowo", "polres-bandung", Role.ORG_ADMIN),
    DemoPerson("caseworker.polres-bandung", "Aditya Ramadhan", "polres-bandung", Role.CASEWORKER),
    DemoPerson("admin.ppt-bandung", "Lina Kartika", "ppt-bandung", Role.ORG_ADMIN),
    DemoPerson("psychologist.ppt-bandung", "Putri Ayuningtyas", "ppt-bandung", Role.PSYCHOLOGIST),
    DemoPerson("admin.mataram", "Baiq Nurhasanah", "uptd-mataram", Role.ORG_ADMIN),
    DemoPerson("supervisor.mataram", "Lalu Ahmad Fauzi", "uptd-mataram", Role.SUPERVISOR),
    DemoPerson("caseworker.mataram", "Baiq Sulastri", "uptd-mataram", Role.CASEWORKER, "supervisor.mataram"),
    DemoPerson("admin.lbh-mataram", "Nur Laila Fitri", "lbh-mataram", Role.ORG_ADMIN),
    DemoPerson("legal.lbh-mataram", "Muhammad Zainul Arifin", "lbh-mataram", Role.LEGAL_AID),
    DemoPerson("admin.makassar", "Andi Nurfadillah", "yayasan-makassar", Role.ORG_ADMIN),
    DemoPerson("caseworker.makassar", "Muhammad Irfan Syahputra", "yayasan-makassar", Role.CASEWORKER),
    DemoPerson("admin.jayapura", "Yohana Wenda", "uptd-jayapura", Role.ORG_ADMIN),
    DemoPerson("supervisor.jayapura", "Markus Kogoya", "uptd-jayapura", Role.SUPERVISOR),
    DemoPerson("caseworker.jayapura", "Fransiska Yikwa", "uptd-jayapura", Role.CASEWORKER, "supervisor.jayapura"),
    # Referral partners: supervisors (they work cases) answer referrals; no caseworkers, so no demo cases.
    DemoPerson("admin.dinsos-bandung", "Dedi Kurniawan", "dinsos-bandung", Role.ORG_ADMIN),
    DemoPerson("supervisor.dinsos-bandung", "Euis Komalasari", "dinsos-bandung", Role.SUPERVISOR),
    DemoPerson("admin.rumah-aman-bandung", "Neneng Hasanah", "rumah-aman-bandung", Role.ORG_ADMIN),
    DemoPerson("supervisor.rumah-aman-bandung", "Tuti Alawiyah", "rumah-aman-bandung", Role.SUPERVISOR),
    DemoPerson("learner", "Ani Susanti", None, None),
]

REQUIRED_PROVINCES = sorted({o.province for o in ORGANISATIONS})
REQUIRED_REGENCIES = sorted({o.regency for o in ORGANISATIONS if o.regency})


def _sync(obj: models.Model, values: dict[str, Any]) -> bool:
    """Set ``values`` on an existing row and save only when something differs."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save()
    return bool(changed)


def check_regions() -> None:
    provinces = set(Province.objects.filter(code__in=REQUIRED_PROVINCES).values_list("code", flat=True))
    regencies = set(Regency.objects.filter(code__in=REQUIRED_REGENCIES).values_list("code", flat=True))
    missing = sorted(set(REQUIRED_PROVINCES) - provinces) + sorted(set(REQUIRED_REGENCIES) - regencies)
    if missing:
        raise CommandError(
            f"Regions are missing ({', '.join(missing)}). Run `manage.py load_regions` first, then seed_demo."
        )


def seed_organisations() -> tuple[dict[str, Organisation], int]:
    """The demo organisations by key, and how many rows were written."""
    writes = 0
    made: dict[str, Organisation] = {}
    for spec in ORGANISATIONS:
        values = {
            "short_name": spec.short_name,
            "kind": spec.kind,
            "regency_id": spec.regency,
            "parent_id": made[spec.parent].pk if spec.parent else None,
            "phone": spec.phone,
            "whatsapp": spec.whatsapp,
            "email": f"{spec.key}@{EMAIL_DOMAIN}",
            "is_active": True,
        }
        org, created = Organisation.objects.get_or_create(name=spec.name, province_id=spec.province, defaults=values)
        writes += created or _sync(org, values)
        made[spec.key] = org
    return made, writes


def seed_people(password: str) -> tuple[dict[str, User], int]:
    """The demo accounts by login, and how many rows were written."""
    # Hashing is slow on purpose (Argon2), so the demo accounts share one hash and a re-run
    # checks each distinct stored hash once. They share a published password anyway.
    writes = 0
    shared_hash = ""
    good_hashes: set[str] = set()
    bad_hashes: set[str] = set()
    users: dict[str, User] = {}
    for person in PEOPLE:
        values = {
            "full_name": person.full_name,
            "is_active": True,
            "is_staff": person.superuser,
            "is_superuser": person.superuser,
        }
        user = User.objects.filter(email=person.email).first()
        if user is not None:
            writes += _sync(user, values)
            if user.password not in good_hashes | bad_hashes:
                (good_hashes if check_password(password, user.password) else bad_hashes).add(user.password)
            if user.password in good_hashes:
                users[person.login] = user
                continue
        shared_hash = shared_hash or make_password(password)
        good_hashes.add(shared_hash)
        if user is None:
            user = User(email=person.email, password=shared_hash, **values)
            user.save()
        else:
            user.password = shared_hash
            user.save(update_fields=["password"])
        writes += 1
        users[person.login] = user
    return users, writes


def seed_memberships(organisations: dict[str, Organisation], users: dict[str, User]) -> int:
    """How many rows were written."""
    writes = 0
    made: dict[str, Membership] = {}
    for person in PEOPLE:
        if person.organisation is None or person.role is None:
            continue
        supervisor = made[person.supervisor] if person.supervisor else None
        membership, created = Membership.objects.get_or_create(
            user=users[person.login],
            organisation=organisations[person.organisation],
            role=person.role,
            defaults={"supervisor": supervisor},
        )
        writes += created or _sync(
            membership, {"is_active": True, "supervisor_id": supervisor.pk if supervisor else None}
        )
        made[person.login] = membership
    return writes
