"""First-aid guidance per harm type, written for Sigap (docs/online.md), and how a page finds it.

The defaults below are loaded by a data migration; admins change them in the admin afterwards
(``Guidance``). One point per line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import translation

DEFAULT_GUIDANCE: dict[str, dict[str, str]] = {
    "sextortion": {
        "title_id": "Pertolongan pertama: pemerasan seksual (sekstorsi)",
        "body_id": (
            "Sampaikan kepada korban bahwa ini bukan kesalahannya; pelakulah yang berbuat jahat.\n"
            "Jangan membayar atau mengirim apa pun lagi: membayar biasanya membuat tuntutan bertambah.\n"
            "Jangan hapus percakapan, akun, atau bukti pembayaran; catat nama akun dan tautannya.\n"
            "Hentikan kontak dengan pelaku: jangan membalas, lalu blokir setelah bukti dicatat.\n"
            "Laporkan akun ke platform dan bantu laporan ke polisi siber; untuk anak, ingat tenggat lapor 3×24 jam.\n"
            "Jangan simpan atau teruskan gambar intim; cukup catat di mana gambar itu berada."
        ),
        "title_en": "First aid: sexual extortion (sextortion)",
        "body_en": (
            "Tell the victim it is not their fault; the offender is the one doing wrong.\n"
            "Do not pay or send anything more: paying usually brings bigger demands.\n"
            "Do not delete the chats, accounts or payment records; note the account names and links.\n"
            "Stop contact with the offender: no replies, and block once the evidence is recorded.\n"
            "Report the account to the platform and help with a report to the police cyber unit; for a child, "
            "remember the 3×24-hour police report.\n"
            "Never keep or forward an intimate image; only record where it is."
        ),
    },
    "grooming": {
        "title_id": "Pertolongan pertama: bujuk rayu (grooming) daring",
        "body_id": (
            "Dengarkan anak dengan tenang dan tanpa menyalahkan; pujilah keberaniannya bercerita.\n"
            "Pastikan anak aman sekarang: apakah pelaku mengajak bertemu atau mengetahui alamatnya?\n"
            "Catat akun pelaku, platform, tanggal kontak pertama dan terakhir, serta isi ajakannya.\n"
            "Jangan menyamar sebagai anak atau menghubungi pelaku sendiri; serahkan kepada polisi.\n"
            "Libatkan orang tua atau wali yang bukan pelaku, dan susun rencana keselamatan digital bersama anak."
        ),
        "title_en": "First aid: online grooming",
        "body_en": (
            "Listen to the child calmly and without blame; praise them for telling.\n"
            "Make sure the child is safe now: has the offender asked to meet, or do they know where the child lives?\n"
            "Record the offender's accounts, the platforms, the first and last contact and what was asked for.\n"
            "Do not pose as the child or contact the offender yourself; leave that to the police.\n"
            "Involve a parent or guardian who is not the offender, and make a digital safety plan with the child."
        ),
    },
    "ncii": {
        "title_id": "Pertolongan pertama: penyebaran konten intim tanpa persetujuan (KSBE)",
        "body_id": (
            "Yakinkan korban bahwa penyebaran tanpa persetujuan adalah kekerasan seksual berbasis elektronik "
            "menurut UU TPKS.\n"
            "Catat alamat (URL), platform, akun penyebar, dan waktu ditemukan; jangan unduh atau simpan kontennya.\n"
            "Ajukan penghapusan lewat fitur laporan platform dan layanan aduan konten pemerintah.\n"
            "Untuk gambar yang dibuat sebelum korban berusia 18 tahun, atau gambar intim orang dewasa, tawarkan "
            "layanan penghapusan berbasis hash: gambarnya tetap di perangkat korban.\n"
            "Korban berhak atas penghapusan konten; catat setiap permintaan dan hasilnya di Sigap."
        ),
        "title_en": "First aid: non-consensual sharing of intimate images (KSBE)",
        "body_en": (
            "Reassure the victim that sharing without consent is electronic-based sexual violence under the TPKS law.\n"
            "Record the address (URL), platform, the sharing account and when it was found; do not download or "
            "keep the content.\n"
            "Ask for removal through the platform's report tool and the government's content-complaint service.\n"
            "For images taken before the victim was 18, or an adult's intimate images, offer a hash-based removal "
            "service: the image stays on the victim's device.\n"
            "The victim has a right to have the content removed; record every request and its outcome in Sigap."
        ),
    },
    "csam": {
        "title_id": "Pertolongan pertama: materi kekerasan seksual anak",
        "body_id": (
            "Jangan pernah mengunduh, menyalin, memotret layar, menyimpan, atau meneruskan gambar seksual anak, "
            "termasuk untuk bukti: memilikinya adalah tindak pidana.\n"
            "Catat hanya lokasinya: alamat (URL), platform, akun, tanggal dan jam, serta uraian singkat.\n"
            "Laporkan segera ke polisi siber; mereka yang mengamankan bukti dan dapat memberikan nilai hash.\n"
            "Ajukan penghapusan ke platform dan layanan aduan konten; tawarkan layanan penghapusan berbasis hash.\n"
            "Dampingi anak dan keluarganya; rujuk ke layanan psikologis."
        ),
        "title_en": "First aid: child sexual abuse material",
        "body_en": (
            "Never download, copy, screenshot, keep or forward a sexual image of a child, not even as evidence: "
            "possessing it is a crime.\n"
            "Record only where it is: the address (URL), platform, account, date and time, and a short description.\n"
            "Report to the police cyber unit at once; they secure the evidence and may give you a hash.\n"
            "Ask the platform and the content-complaint service to remove it; offer a hash-based removal service.\n"
            "Support the child and the family; refer them for psychological support."
        ),
    },
}

# Harm types without a panel of their own show the closest one.
PANEL_FOR = {
    "sextortion": "sextortion",
    "grooming": "grooming",
    "ncii": "ncii",
    "csam": "csam",
    "live_streamed": "csam",
}


def panels_for(harm_types: Iterable[str]) -> list[dict[str, Any]]:
    """The guidance panels for these harm types, in the active language (one query)."""
    from sigap.online.models import Guidance

    wanted: list[str] = []
    for harm in harm_types:
        key = PANEL_FOR.get(harm)
        if key and key not in wanted:
            wanted.append(key)
    if not wanted:
        return []
    language = translation.get_language() or "id"
    rows: dict[str, Any] = {g.harm_type: g for g in Guidance.objects.filter(harm_type__in=wanted)}
    for key in wanted:
        # A panel removed from the database (or never loaded) falls back to the text shipped with Sigap.
        if key not in rows and key in DEFAULT_GUIDANCE:
            rows[key] = Guidance(harm_type=key, **DEFAULT_GUIDANCE[key])
    return [
        {"harm_type": key, "title": rows[key].title(language), "points": rows[key].points(language)}
        for key in wanted
        if key in rows
    ]
