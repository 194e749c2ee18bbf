"""The whole-run log check (tests/logcheck.py): what it records, what it finds, what it leaves alone."""

from __future__ import annotations

import logging
from datetime import date

from sigap.cases.management import synthetic
from tests.logcheck import CAPTURE, find_identifiers, literals_in_tests, variants

FORBIDDEN = variants("0812-0001-2345") | variants("3273044120100001")


def test_a_phone_is_found_however_its_digits_are_written():
    lines = [
        "INFO sigap x phone 0812-0001-2345",
        "INFO sigap x +62 812 0001 2345 called",
        "INFO sigap x q=081200012345&page=2",
        "INFO sigap x 6281200012345",
    ]
    assert [finding.line for finding in find_identifiers(lines, FORBIDDEN)] == [1, 2, 3, 4]


def test_a_nik_is_found_plain_or_grouped():
    lines = ["nik=3273044120100001", "NIK 3273 0441 2010 0001.", "3273.0441.2010.0001"]
    assert len(find_identifiers(lines, FORBIDDEN)) == 3


def test_other_numbers_are_not_findings():
    lines = [
        "2026-12-07 23:05:12,345 WARNING django.request GET /cases/5f0c1a2e-1111-4a3b-9c8d-0123456789ab/ 404 user=-",
        "Sent 12 emails in 0.0812 s; case 3273-2026-000123",
    ]
    assert find_identifiers(lines, FORBIDDEN) == []


def test_a_finding_does_not_repeat_the_whole_number():
    (finding,) = find_identifiers(["phone 0812-0001-2345"], FORBIDDEN, name="gw0.log")
    assert str(finding) == "gw0.log:1: a NIK or phone (0812…, 12 digits)"


def test_the_niks_and_phones_written_in_tests_are_forbidden():
    literals = literals_in_tests()
    assert {"3273044120100001", "081234567890", "6281234567890"} <= literals
    assert "0000000000000000" not in literals  # a placeholder is nobody's number


def test_every_synthetic_nik_and_phone_of_the_run_is_recorded(request):
    capture = request.config.stash[CAPTURE]
    made = {synthetic.phone(424_242), synthetic.nik("32.73.04", date(2012, 3, 14), True, 4242)}
    assert capture.made is not None and made <= capture.made


def test_every_record_of_the_run_reaches_the_file_at_debug_level(request):
    capture = request.config.stash[CAPTURE]
    assert capture.handler is not None
    try:
        raise ValueError("inside")
    except ValueError:
        logging.getLogger("sigap.test_logcheck").debug("marker %s", "b3f1", exc_info=True)
    capture.handler.file.flush()
    text = (capture.directory / f"{capture.name}.log").read_text(encoding="utf-8")
    assert "DEBUG sigap.test_logcheck marker b3f1" in text
    assert 'raise ValueError("inside")' in text
