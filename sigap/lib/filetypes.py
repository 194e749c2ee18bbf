"""Recognise an uploaded document from its content, never from its name.

Only the kinds a case file needs are recognised: PDF, common images, and office documents. Anything
else (executables, scripts, HTML, archives, macro-enabled Office files, installers) is unknown.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str


PDF = FileType("application/pdf", "pdf")
PNG = FileType("image/png", "png")
JPEG = FileType("image/jpeg", "jpg")
GIF = FileType("image/gif", "gif")
WEBP = FileType("image/webp", "webp")
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
PPTX = FileType("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx")
DOC = FileType("application/msword", "doc")
XLS = FileType("application/vnd.ms-excel", "xls")
ODT = FileType("application/vnd.oasis.opendocument.text", "odt")
ODS = FileType("application/vnd.oasis.opendocument.spreadsheet", "ods")

ALL = (PDF, PNG, JPEG, GIF, WEBP, DOCX, XLSX, PPTX, DOC, XLS, ODT, ODS)
BY_CONTENT_TYPE = {t.content_type: t for t in ALL}

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The main part of an Office Open XML package names the kind of document. Macro-enabled variants
# (docm, xlsm, pptm) have other main types and are therefore not recognised.
_OOXML_MAIN_PARTS = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
}
_ODF_MIMETYPES = {ODT.content_type.encode(): ODT, ODS.content_type.encode(): ODS}
# Enough to read [Content_Types].xml of any real document, small enough to stop a zip bomb.
_MAX_MANIFEST_BYTES = 256 * 1024


def sniff(data: bytes) -> FileType | None:
    """The type of ``data`` judged from its bytes, or None when it is not an accepted kind."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    if data.startswith(_OLE_SIGNATURE):
        return _sniff_ole(data)
    return None


def _sniff_zip(data: bytes) -> FileType | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as handle:
                    return _ODF_MIMETYPES.get(handle.read(100).strip())
            if "[Content_Types].xml" in names:
                with archive.open("[Content_Types].xml") as handle:
                    manifest = handle.read(_MAX_MANIFEST_BYTES)
                for main_part, kind in _OOXML_MAIN_PARTS.items():
                    if main_part in manifest:
                        return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        return None
    return None


def _sniff_ole(data: bytes) -> FileType | None:
    """Word 97–2003 and Excel 97–2003 files are OLE compound files; their stream names tell them apart.

    Other compound files (installers, old PowerPoint, Outlook messages) are not accepted.
    """
    if "WordDocument".encode("utf-16-le") in data:
        return DOC
    if "Workbook".encode("utf-16-le") in data or "Book\x00".encode("utf-16-le") in data:
        return XLS
    return None
