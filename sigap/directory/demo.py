"""Demo services for the demo organisations of ``manage.py seed_demo`` (synthetic content).

Idempotent: a service is found by organisation and name; a re-run changes nothing.
"""

from __future__ import annotations

from typing import Any

from sigap.directory.models import Service
from sigap.organisations.models import Organisation
from sigap.regions.models import Province, Regency

WEEKDAYS = "Senin–Jumat 08.00–16.00 WIB"

# (organisation key, name, values, regencies served, provinces served)
SERVICES: list[tuple[str, str, dict[str, Any], list[str], list[str]]] = [
    (
        "sapa129",
        "Pengaduan SAPA 129",
        {
            "description": "Layanan pengaduan kekerasan terhadap perempuan dan anak melalui telepon 129 dan "
            "WhatsApp 08111-129-129; pengaduan diteruskan ke UPTD PPA setempat.",
            "service_types": ["pengaduan", "penjangkauan"],
            "languages": ["id", "en"],
            "opening_hours": "24 jam, setiap hari",
            "phone": "129",
        },
        [],
        ["31", "32", "52", "73", "91"],
    ),
    (
        "uptd-jabar",
        "Rujukan Kasus Antar-Kabupaten/Kota Jawa Barat",
        {
            "description": "Koordinasi penanganan kasus yang melibatkan lebih dari satu kabupaten/kota di Jawa Barat.",
            "service_types": ["pengaduan", "pendampingan", "pemulangan"],
            "languages": ["id", "su"],
            "opening_hours": WEEKDAYS,
        },
        [],
        ["32"],
    ),
    (
        "uptd-bandung",
        "Pengaduan dan Penjangkauan Korban",
        {
            "description": "Menerima pengaduan langsung, menjangkau korban di rumah atau sekolah, dan menyusun "
            "rencana penanganan.",
            "service_types": ["pengaduan", "penjangkauan", "pendampingan"],
            "languages": ["id", "su", "jv"],
            "opening_hours": WEEKDAYS,
            "address": "Jl. Contoh Layanan No. 1 (alamat sintetis)",
        },
        ["32.73"],
        [],
    ),
    (
        "uptd-bandung",
        "Konseling Psikologis Anak dan Remaja",
        {
            "description": "Konseling oleh psikolog klinis untuk anak korban kekerasan dan pendamping keluarganya.",
            "service_types": ["psikologis"],
            "client_type": "child",
            "min_age": 4,
            "max_age": 17,
            "languages": ["id", "su"],
            "opening_hours": "Senin–Sabtu 09.00–15.00 WIB, dengan janji temu",
        },
        ["32.73"],
        [],
    ),
    (
        "polres-bandung",
        "Pelaporan dan Pemeriksaan Ramah Anak",
        {
            "description": "Penerimaan laporan polisi dan pemeriksaan korban di ruang pelayanan khusus oleh "
            "penyidik Unit PPA.",
            "service_types": ["penegakan_hukum"],
            "languages": ["id", "su"],
            "opening_hours": "24 jam (piket Unit PPA)",
        },
        ["32.73"],
        [],
    ),
    (
        "ppt-bandung",
        "Pemeriksaan Medis dan Visum",
        {
            "description": "Pemeriksaan dan perawatan medis korban, visum et repertum atas permintaan penyidik, "
            "kontrasepsi darurat dan profilaksis.",
            "service_types": ["kesehatan"],
            "languages": ["id", "su", "en"],
            "opening_hours": "IGD 24 jam; poli PPT Senin–Jumat 08.00–14.00 WIB",
            "cost_note": "Gratis bagi korban dengan surat rujukan UPTD PPA atau kepolisian.",
        },
        ["32.73"],
        ["32"],
    ),
    (
        "uptd-mataram",
        "Rumah Aman Sementara",
        {
            "description": "Penampungan sementara yang aman bagi perempuan dan anak yang terancam; lokasi "
            "dirahasiakan, masuk hanya melalui rujukan.",
            "service_types": ["penampungan_sementara", "pendampingan"],
            "sex": "female",
            "languages": ["id", "sas"],
            "languages_note": "Bahasa Sumbawa dengan pendamping",
            "opening_hours": "24 jam melalui rujukan",
            "accepting_referrals": False,
        },
        ["52.71"],
        [],
    ),
    (
        "uptd-mataram",
        "Pendampingan Korban dan Reintegrasi",
        {
            "description": "Pendampingan selama proses hukum dan pemulihan, serta reintegrasi ke keluarga dan sekolah.",
            "service_types": ["pendampingan", "reintegrasi_sosial", "rehabilitasi_sosial"],
            "languages": ["id", "sas"],
            "opening_hours": "Senin–Jumat 08.00–16.00 WITA",
        },
        ["52.71"],
        ["52"],
    ),
    (
        "lbh-mataram",
        "Bantuan Hukum Perempuan dan Anak",
        {
            "description": "Konsultasi hukum, pendampingan di kepolisian dan pengadilan, dan pengajuan restitusi.",
            "service_types": ["bantuan_hukum", "mediasi"],
            "languages": ["id", "sas"],
            "opening_hours": "Senin–Jumat 09.00–17.00 WITA",
            "is_free": True,
            "cost_note": "Gratis untuk korban; biaya perkara ditanggung bantuan hukum negara.",
        },
        ["52.71"],
        ["52"],
    ),
    (
        "yayasan-makassar",
        "Konseling dan Pendampingan Berbasis Komunitas",
        {
            "description": "Kelompok dukungan, konseling sebaya dan pendampingan oleh tokoh agama dan masyarakat.",
            "service_types": ["psikologis", "pendampingan_tokoh_agama", "penjangkauan"],
            "languages": ["id", "bug", "mak"],
            "opening_hours": "Senin–Sabtu 09.00–17.00 WITA",
            "is_free": False,
            "cost_note": "Sumbangan sukarela; tidak ada korban yang ditolak karena biaya.",
        },
        ["73.71"],
        [],
    ),
    (
        "uptd-jayapura",
        "Pengaduan dan Rehabilitasi Sosial Anak",
        {
            "description": "Pengaduan, asesmen dan rehabilitasi sosial bagi anak korban di Kota Jayapura.",
            "service_types": ["pengaduan", "rehabilitasi_sosial", "pemulangan"],
            "client_type": "child",
            "max_age": 17,
            "languages": ["id"],
            "languages_note": "Bahasa daerah Papua dengan penerjemah",
            "opening_hours": "Senin–Jumat 08.00–16.00 WIT",
        },
        ["91.71"],
        [],
    ),
    # Referral partners of UPTD PPA Bandung (sigap.referrals.demo).
    (
        "dinsos-bandung",
        "Rehabilitasi Sosial Anak dan Keluarga",
        {
            "description": "Rehabilitasi sosial, bantuan sosial dan reintegrasi bagi anak korban dan keluarganya.",
            "service_types": ["rehabilitasi_sosial", "reintegrasi_sosial"],
            "languages": ["id", "su"],
            "opening_hours": WEEKDAYS,
        },
        ["32.73"],
        [],
    ),
    (
        "rumah-aman-bandung",
        "Rumah Aman Sementara Kota Bandung",
        {
            "description": "Tempat tinggal sementara yang aman bagi perempuan dan anak korban; alamat dirahasiakan.",
            "service_types": ["penampungan_sementara", "pendampingan"],
            "languages": ["id", "su"],
            "opening_hours": "24 jam, melalui rujukan",
        },
        ["32.73"],
        [],
    ),
]


def seed_directory(organisations: dict[str, Organisation]) -> int:
    """Create the demo services that are missing; return how many records were written."""
    writes = 0
    for key, name, values, regencies, provinces in SERVICES:
        organisation = organisations[key]
        defaults = {"email": organisation.email, "phone": organisation.phone or "", **values}
        service, created = Service.objects.get_or_create(organisation=organisation, name=name, defaults=defaults)
        if created:
            service.full_clean()
            service.area_regencies.set(Regency.objects.filter(code__in=regencies))
            service.area_provinces.set(Province.objects.filter(code__in=provinces))
            writes += 1
    return writes
