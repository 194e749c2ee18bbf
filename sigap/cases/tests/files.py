"""Tiny synthetic files for attachment tests, generated here (no real documents or images)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1×1 pixel, greyscale
    pixels = zlib.compress(b"\x00\x80")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _content_types(main: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'content-types"><Override PartName="/main.xml" ContentType="{main}"/></Types>'
    ).encode()


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = _png()
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8 \x0e\x00\x00\x00" + b"\x00" * 14
DOCX = _zip(
    {
        "[Content_Types].xml": _content_types(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
        ),
        "word/document.xml": b"<document/>",
    }
)
XLSX = _zip(
    {
        "[Content_Types].xml": _content_types(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
        )
    }
)
PPTX = _zip(
    {
        "[Content_Types].xml": _content_types(
            "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
        )
    }
)
DOCM = _zip({"[Content_Types].xml": _content_types("application/vnd.ms-word.document.macroEnabled.main+xml")})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})
ODS = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})
PLAIN_ZIP = _zip({"readme.txt": b"synthetic"})
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
DOC = _OLE + "WordDocument".encode("utf-16-le") + b"\x00" * 64
XLS = _OLE + "Workbook".encode("utf-16-le") + b"\x00" * 64
OTHER_OLE = _OLE + "SummaryInformation".encode("utf-16-le") + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"
HTML = b"<!doctype html><script>alert(1)</script>"
