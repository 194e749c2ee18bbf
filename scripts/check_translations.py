#!/usr/bin/env python
"""Fail when a user-facing string has no Indonesian translation, or a translation is fuzzy.

Run by `make messages` after extraction; a test runs the same check on the committed files.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "sigap" / "locale"


def parse_po(path: Path) -> list[tuple[str, str, bool]]:
    """Return (msgid, msgstr, fuzzy) for every entry except the header. Plural forms use msgstr[0]."""
    entries: list[tuple[str, str, bool]] = []
    msgid: list[str] = []
    msgstr: list[str] = []
    fuzzy = False
    state = ""

    def flush() -> None:
        nonlocal msgid, msgstr, fuzzy
        if msgid and "".join(msgid):
            entries.append(("".join(msgid), "".join(msgstr), fuzzy))
        msgid, msgstr, fuzzy = [], [], False

    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            flush()
            state = ""
            continue
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#~"):
            continue
        elif line.startswith("msgid "):
            if state == "msgstr":
                flush()
            msgid, state = [_unquote(line[6:])], "msgid"
        elif line.startswith("msgid_plural "):
            state = "plural"
        elif line.startswith("msgstr[0] ") or line.startswith("msgstr "):
            msgstr, state = [_unquote(line.split(" ", 1)[1])], "msgstr"
        elif line.startswith("msgstr["):
            state = "other"
        elif line.startswith('"'):
            if state == "msgid":
                msgid.append(_unquote(line))
            elif state == "msgstr":
                msgstr.append(_unquote(line))
    return entries


def _unquote(text: str) -> str:
    return text.strip()[1:-1]


def problems(language: str = "id") -> list[str]:
    found = []
    for po in sorted((LOCALE / language / "LC_MESSAGES").glob("*.po")):
        for msgid, msgstr, fuzzy in parse_po(po):
            if fuzzy:
                found.append(f"{po.name}: fuzzy: {msgid!r}")
            elif not msgstr:
                found.append(f"{po.name}: untranslated: {msgid!r}")
    return found


def main() -> int:
    found = problems()
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} strings lack an Indonesian translation", file=sys.stderr)
        return 1
    print("Every string has an Indonesian translation.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
