"""The certificate as a PDF: A4 landscape, Indonesian and English, a QR code to its public
verification page, and the statement that it is a training certificate, not a professional licence."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.utils import translation

from sigap.learning.models import Certificate
from sigap.lib.dates import format_date
from sigap.lib.pdf import register_fonts

NOT_A_LICENCE_ID = "Sertifikat pelatihan, bukan lisensi atau sertifikasi profesi."
NOT_A_LICENCE_EN = "Training certificate; not a professional licence or competency certification."


def _date(value: Any, language: str) -> str:
    if value is None:
        return "—"
    with translation.override(language):
        return format_date(value)


def qr_png(url: str) -> bytes:
    import segno

    buffer = BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


def certificate_pdf(certificate: Certificate, verify_url: str) -> bytes:
    """The certificate, both languages on one page; bilingual text is fixed, not the reader's language."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    regular, bold = register_fonts()
    width, height = landscape(A4)
    buffer = BytesIO()
    pdf = Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"Sertifikat {certificate.code}")
    pdf.setAuthor("Sigap")
    pdf.setStrokeColor(colors.HexColor("#5b2a86"))
    pdf.setLineWidth(3)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    middle = width / 2

    def line(text: str, y: float, font: str = regular, size: float = 12, color: Any = colors.black) -> None:
        pdf.setFont(font, size)
        pdf.setFillColor(color)
        pdf.drawCentredString(middle, y, text)

    line("SERTIFIKAT PELATIHAN", height - 40 * mm, bold, 28, colors.HexColor("#5b2a86"))
    line("Training certificate", height - 50 * mm, regular, 14, colors.grey)
    line("diberikan kepada / awarded to", height - 66 * mm, regular, 12)
    name_size = 24.0
    while name_size > 12 and stringWidth(certificate.holder_name, bold, name_size) > width - 60 * mm:
        name_size -= 1
    line(certificate.holder_name, height - 82 * mm, bold, name_size)
    line("atas keikutsertaan dan kelulusan dalam / for taking part in and completing", height - 96 * mm)
    title = certificate.programme.title
    chunks = _wrap(title, bold, 14, width - 70 * mm)
    for index, chunk in enumerate(chunks):
        line(chunk, height - (108 + 8 * index) * mm, bold, 14)
    y = height - (116 + 8 * len(chunks)) * mm
    event = certificate.event
    if event is not None:
        days = f"{_date(event.start_date, 'id')} – {_date(event.end_date, 'id')}"
        line(f"{event.venue} · {days}" if event.venue else days, y, regular, 11, colors.grey)
        y -= 8 * mm
    issued_id, issued_en = _date(certificate.issued_on, "id"), _date(certificate.issued_on, "en")
    line(f"Diterbitkan / Issued: {issued_id} ({issued_en})", y, regular, 11)
    until = certificate.valid_until
    validity = (
        f"Berlaku sampai / Valid until: {_date(until, 'id')} ({_date(until, 'en')})"
        if until
        else "Berlaku tanpa batas waktu / Does not expire"
    )
    line(validity, y - 7 * mm, regular, 11)
    line(NOT_A_LICENCE_ID, 38 * mm, bold, 10, colors.HexColor("#8a1c1c"))
    line(NOT_A_LICENCE_EN, 32 * mm, regular, 10, colors.HexColor("#8a1c1c"))
    size = 34 * mm
    pdf.drawImage(ImageReader(BytesIO(qr_png(verify_url))), width - 18 * mm - size, 18 * mm, size, size)
    pdf.setFont(regular, 8)
    pdf.setFillColor(colors.black)
    pdf.drawString(18 * mm, 24 * mm, f"Kode / Code: {certificate.code}")
    pdf.drawString(18 * mm, 19 * mm, f"Periksa / Verify: {verify_url}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _wrap(text: str, font: str, size: float, max_width: float) -> list[str]:
    """Lines of ``text`` that each fit ``max_width`` points in ``font`` at ``size``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and stringWidth(candidate, font, size) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines
