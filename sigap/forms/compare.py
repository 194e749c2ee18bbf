"""What changed between two versions of a form: question by question, and line by line."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from sigap.forms import schema as s

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True)
class Change:
    kind: str  # added, removed, changed
    key: str
    section: str
    old_label: str = ""
    new_label: str = ""
    details: list[str] = field(default_factory=list)


def _located(schema: dict[str, Any]) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    return {question["key"]: (section, question) for section, question in s.questions(schema)}


def _details(old: dict[str, Any], new: dict[str, Any], old_section: str, new_section: str) -> list[str]:
    details = []
    if old_section != new_section:
        details.append(_("moved to section “%(section)s”") % {"section": new_section})
    if s.text(old.get("label")) != s.text(new.get("label")) or old.get("label") != new.get("label"):
        details.append(_("label"))
    if old.get("type") != new.get("type"):
        details.append(_("type %(old)s → %(new)s") % {"old": old.get("type"), "new": new.get("type")})
    if bool(old.get("required")) != bool(new.get("required")):
        details.append(_("now required") if new.get("required") else _("no longer required"))
    if old.get("choices") != new.get("choices"):
        details.append(_("choices"))
    if old.get("show_if") != new.get("show_if"):
        details.append(_("condition"))
    for name, label in (("help", _("help text")), ("prompt", _("prompt")), ("tag", _("tag"))):
        if old.get(name) != new.get(name):
            details.append(str(label))
    if (old.get("min"), old.get("max")) != (new.get("min"), new.get("max")):
        details.append(_("range"))
    return details


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """The questions added, removed and changed from ``old`` to ``new``, in the new form's order
    (removed ones last)."""
    before, after = _located(old), _located(new)
    changes = []
    for key, (section, question) in after.items():
        section_title = s.text(section.get("title"))
        if key not in before:
            changes.append(Change(ADDED, key, section_title, new_label=s.text(question.get("label"))))
            continue
        old_section, old_question = before[key]
        details = _details(old_question, question, s.text(old_section.get("title")), section_title)
        if details:
            changes.append(
                Change(
                    CHANGED,
                    key,
                    section_title,
                    old_label=s.text(old_question.get("label")),
                    new_label=s.text(question.get("label")),
                    details=details,
                )
            )
    for key, (section, question) in before.items():
        if key not in after:
            changes.append(Change(REMOVED, key, s.text(section.get("title")), old_label=s.text(question.get("label"))))
    return changes


def pretty(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2)


def line_diff(old: dict[str, Any], new: dict[str, Any], old_name: str, new_name: str) -> list[tuple[str, str]]:
    """The unified diff of the two definitions as (kind, line): kind is "add", "del", "hunk" or ""."""
    lines = difflib.unified_diff(
        pretty(old).splitlines(), pretty(new).splitlines(), fromfile=old_name, tofile=new_name, lineterm="", n=2
    )
    result = []
    for line in lines:
        if line.startswith(("+++", "---")):
            continue
        kind = {"+": "add", "-": "del", "@": "hunk"}.get(line[:1], "")
        result.append((kind, line))
    return result
