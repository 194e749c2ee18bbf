"""Which files an attachment may be: judged from the bytes (sigap.lib.filetypes), never the name."""

from __future__ import annotations

import pytest

from sigap.cases.tests import files
from sigap.lib import filetypes


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (files.PDF, "application/pdf"),
        (files.PNG, "image/png"),
        (files.JPEG, "image/jpeg"),
        (files.GIF, "image/gif"),
        (files.WEBP, "image/webp"),
        (files.DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (files.XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (files.PPTX, "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        (files.DOC, "application/msword"),
        (files.XLS, "application/vnd.ms-excel"),
        (files.ODT, "application/vnd.oasis.opendocument.text"),
        (files.ODS, "application/vnd.oasis.opendocument.spreadsheet"),
    ],
)
def test_accepted_kinds_are_recognised_from_their_content(content, expected):
    kind = filetypes.sniff(content)
    assert kind is not None and kind.content_type == expected


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(files.EXE, id="windows executable"),
        pytest.param(files.HTML, id="html with a script"),
        pytest.param(files.PLAIN_ZIP, id="plain zip archive"),
        pytest.param(files.DOCM, id="macro-enabled word document"),
        pytest.param(files.OTHER_OLE, id="other compound file (installer, message)"),
        pytest.param(b"PK\x03\x04 not really a zip", id="broken zip"),
        pytest.param(b"#!/bin/sh\nrm -rf /\n", id="shell script"),
        pytest.param(b"", id="empty"),
    ],
)
def test_other_content_is_not_recognised(content):
    assert filetypes.sniff(content) is None


def test_every_accepted_kind_has_an_extension_for_the_download_name():
    assert all(kind.extension and kind.content_type in filetypes.BY_CONTENT_TYPE for kind in filetypes.ALL)
