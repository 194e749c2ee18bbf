"""Every template shows dates through Sigap's own filters (``|day``, ``|when``, ``in_zone_of``), so
they read the same everywhere in the user's language ("7 Des 2026 14.05 WIB", issue #14 item 7).
Django's ``|date`` with a format of its own is allowed only for machine values (``Y-m-d`` of a date
input)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATE_FILTER = re.compile(r"\|\s*(date|time)\b(?::\s*(['\"])(?P<format>[^'\"]*)\2)?")
MACHINE_FORMATS = {"Y-m-d", "Y-m", "c", "U"}  # ISO values of inputs, addresses and exports


def test_no_template_formats_a_date_its_own_way():
    found = []
    for path in sorted((ROOT / "sigap").rglob("*.html")):
        if "vendor" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in DATE_FILTER.finditer(line):
                if match.group("format") not in MACHINE_FORMATS:
                    found.append(f"{path.relative_to(ROOT)}:{number}: {match.group(0)}")
    assert found == [], "use |day or |when (sigap_time) instead:\n" + "\n".join(found)
