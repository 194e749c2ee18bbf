"""The guided assessment: what the cases app reads from a standard form's tagged answers.

The psychosocial assessment and the initial screening are standard forms (``sigap/forms``,
definitions in ``sigap/forms/definitions/``). The forms engine knows nothing about cases; it stores
the answers of one form version. This module turns those answers into what the rest of the cases app
reads, so every screen, export and report that reads :class:`AssessmentEntry` rows keeps working:

- a section whose key is an assessment domain (``AssessmentDomain``) gives that domain's entry:
  **findings** are the section's answered questions ("label: answer"), the risk factors answered
  "yes", the strengths and the client's own words; **needs** is the answer tagged ``need`` and
  **priority** the one tagged ``need_priority``;
- the questions tagged ``summary``, ``risk_level`` and ``risk_reason`` give the assessment's summary
  and the worker's risk rating;
- :func:`propose_risk` proposes a risk level from the risk factors (the rule is below, docs/cases.md).

A question hidden by its condition (``show_if``) counts as not answered, whatever was sent. Pure
functions over the definition (JSON) and the answers (``{question key: value}``): no queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sigap.cases.codes import Priority, RiskLevel

FINDING = "finding"
CLIENT_WORDS = "client_words"
STRENGTH = "strength"
RISK = "risk"  # a risk factor: "yes" counts
RISK_HIGH = "risk_high"  # an immediate-danger indicator: one "yes" proposes high risk
NEED = "need"
NEED_PRIORITY = "need_priority"
SUMMARY = "summary"
RISK_LEVEL = "risk_level"
RISK_REASON = "risk_reason"

# How many plain risk factors answered "yes" propose high risk (fewer, but at least one: medium).
HIGH_RISK_FACTORS = 3

Schema = Mapping[str, Any]
Answers = Mapping[str, Any]


def text_of(value: Any) -> str:
    """A definition's text in the reader's language: ``{"id": …, "en": …}`` or a plain string."""
    if isinstance(value, Mapping):
        language = (get_language() or "id").split("-")[0]
        return str(value.get(language) or value.get("id") or value.get("en") or "")
    return "" if value is None else str(value)


def questions(schema: Schema) -> Iterator[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    for section in schema.get("sections", []):
        for question in section.get("questions", []):
            yield section, question


def is_yes(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"yes", "ya", "true", "1", "on"}


def is_shown(question: Mapping[str, Any], answers: Answers) -> bool:
    """Whether the question's condition holds (a question without one is always shown)."""
    condition = question.get("show_if")
    if not condition:
        return True
    given = answers.get(condition.get("question", ""))
    if "in" in condition:
        wanted = [str(v) for v in condition["in"]]
        return any(str(v) in wanted for v in given) if isinstance(given, list) else str(given) in wanted
    wanted = condition.get("equals")
    if isinstance(wanted, bool) or str(wanted).lower() in {"yes", "no", "true", "false"}:
        return given not in (None, "") and is_yes(given) == is_yes(wanted)
    return (isinstance(given, list) and str(wanted) in map(str, given)) or str(given) == str(wanted)


def is_answered(value: Any) -> bool:
    return value not in (None, "", [], {}) and not (isinstance(value, str) and not value.strip())


def answer_text(question: Mapping[str, Any], value: Any) -> str:
    """An answer as a reader sees it: choice labels, yes/no in words, lists joined."""
    labels = {str(c.get("value")): text_of(c.get("label")) for c in question.get("choices") or []}
    if question.get("type") == "yes_no":
        return _("Yes") if is_yes(value) else _("No")
    if isinstance(value, list):
        return ", ".join(labels.get(str(v), str(v)) for v in value)
    return labels.get(str(value), str(value))


def _answered(schema: Schema, answers: Answers) -> Iterator[tuple[Mapping[str, Any], Mapping[str, Any], Any]]:
    for section, question in questions(schema):
        value = answers.get(question["key"])
        if is_answered(value) and is_shown(question, answers):
            yield section, question, value


@dataclass
class RiskProposal:
    """The risk level the answers propose, with the reason in words and the factors behind it."""

    level: str
    reason: str
    high: list[str] = field(default_factory=list)  # immediate-danger indicators answered "yes"
    factors: list[str] = field(default_factory=list)  # other risk factors answered "yes"

    @property
    def label(self) -> str:
        return str(RiskLevel(self.level).label)


def propose_risk(schema: Schema, answers: Answers) -> RiskProposal:
    """The rule: **high** when any immediate-danger indicator (``risk_high``) is "yes" or at least
    three risk factors (``risk``) are; **medium** for one or two risk factors; **low** for none.
    The worker confirms the proposal or chooses another level with a reason."""
    high: list[str] = []
    factors: list[str] = []
    for _section, question, value in _answered(schema, answers):
        if question.get("tag") in {RISK, RISK_HIGH} and is_yes(value):
            (high if question.get("tag") == RISK_HIGH else factors).append(text_of(question.get("label")))
    if high or len(factors) >= HIGH_RISK_FACTORS:
        level = RiskLevel.HIGH
    elif factors:
        level = RiskLevel.MEDIUM
    else:
        level = RiskLevel.LOW
    if not (high or factors):
        reason = _("No risk factor was answered “yes”.")
    else:
        parts = []
        if high:
            parts.append(_("Immediate danger: %(items)s") % {"items": "; ".join(high)})
        if factors:
            parts.append(_("Risk factors: %(items)s") % {"items": "; ".join(factors)})
        reason = ". ".join(parts) + "."
    return RiskProposal(str(level), reason, high, factors)


def domain_entries(schema: Schema, answers: Answers, domains: Iterable[str]) -> dict[str, dict[str, str]]:
    """Per assessed domain (sections keyed by a domain code): findings, needs and priority."""
    wanted = set(domains)
    found: dict[str, dict[str, list[str]]] = {}
    for section, question, value in _answered(schema, answers):
        domain = section.get("key")
        if domain not in wanted:
            continue
        parts = found.setdefault(
            domain, {"findings": [], "risks": [], "strengths": [], "words": [], "need": [], "p": []}
        )
        tag, label = question.get("tag"), text_of(question.get("label"))
        if tag == NEED:
            parts["need"].append(str(value).strip())
        elif tag == NEED_PRIORITY:
            parts["p"].append(str(value))
        elif tag in {RISK, RISK_HIGH}:
            if is_yes(value):
                parts["risks"].append(label)
        elif tag == STRENGTH:
            if question.get("type") != "yes_no":
                parts["strengths"].append(str(value).strip())
            elif is_yes(value):
                parts["strengths"].append(label)
        elif tag == CLIENT_WORDS:
            parts["words"].append(f"\u201c{str(value).strip()}\u201d")
        elif question.get("type") == "long_text" and tag == FINDING and question.get("key", "").endswith("_findings"):
            parts["findings"].insert(0, str(value).strip())  # the domain's own account comes first
        else:
            parts["findings"].append(f"{label}: {answer_text(question, value)}")
    entries: dict[str, dict[str, str]] = {}
    for domain, parts in found.items():
        lines = list(parts["findings"])
        if parts["risks"]:
            lines.append(_("Risk factors: %(items)s") % {"items": "; ".join(parts["risks"])})
        if parts["strengths"]:
            lines.append(_("Strengths: %(items)s") % {"items": "; ".join(parts["strengths"])})
        if parts["words"]:
            lines.append(_("In the client's words: %(words)s") % {"words": " ".join(parts["words"])})
        priority = next((p for p in parts["p"] if p in Priority.values), "")
        entries[domain] = {"findings": "\n".join(lines), "needs": "\n".join(parts["need"]), "priority": priority}
    return entries


def tagged_value(schema: Schema, answers: Answers, tag: str) -> Any:
    """The first shown, answered question with ``tag`` ("" when none)."""
    return next((value for _s, question, value in _answered(schema, answers) if question.get("tag") == tag), "")


def key_of(schema: Schema, tag: str) -> str | None:
    """The key of the first question tagged ``tag`` (to pre-fill it)."""
    return next((question["key"] for _s, question in questions(schema) if question.get("tag") == tag), None)


def summary_of(schema: Schema, answers: Answers) -> tuple[str, str, str]:
    """(summary, risk level chosen, reason) from the tagged answers."""
    level = str(tagged_value(schema, answers, RISK_LEVEL) or "")
    return (
        str(tagged_value(schema, answers, SUMMARY) or ""),
        level if level in RiskLevel.values else "",
        str(tagged_value(schema, answers, RISK_REASON) or ""),
    )
