"""Answers checked against a schema: the one place that decides which questions are shown (their
``show_if``), what a valid answer of each type is, and which required questions are unanswered.

The form built by :func:`sigap.forms.rendering.build_form`, the API and :func:`sigap.forms.actions.save_response`
all go through :func:`clean_answers`, so a hidden question is never required and its answer is
never kept, whichever way the answers came in.

Stored answer values: ``text``/``long_text`` a string, ``yes_no`` ``"yes"``/``"no"``, ``single`` the
choice's value, ``multiple`` a list of values (in the form's order), ``scale`` an integer, ``date``
an ISO date ``"YYYY-MM-DD"``, ``number`` an integer or a float.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from sigap.forms import schema as s

MAX_TEXT = 500
MAX_LONG_TEXT = 10_000

Errors = dict[str, list[str]]


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def matches(condition: dict[str, Any], value: Any) -> bool:
    """Whether an answer meets a ``show_if`` (a list matches when any of its values does)."""
    wanted = {str(v) for v in ([condition["equals"]] if "equals" in condition else condition.get("in", []))}
    if is_empty(value):
        return False
    values = value if isinstance(value, list) else [value]
    return any(str(v) in wanted for v in values)


def visible_keys(schema: dict[str, Any], answers: dict[str, Any]) -> set[str]:
    """The questions shown for these answers: those without a condition, and those whose condition's
    question is itself shown and answered as the condition says."""
    by_key = s.question_map(schema)
    decided: dict[str, bool] = {}

    def shown(key: str, depth: int = 0) -> bool:
        if key in decided:
            return decided[key]
        condition = by_key[key].get("show_if")
        result = True
        if condition:
            target = condition.get("question")
            result = (
                target in by_key
                and depth < len(by_key)
                and shown(target, depth + 1)
                and matches(condition, answers.get(target))
            )
        decided[key] = result
        return result

    return {key for key in by_key if shown(key)}


def _number(value: Any) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite():
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def clean_value(question: dict[str, Any], value: Any) -> tuple[Any, str]:
    """(the value as stored, "") or (None, a translated message) for one answered question."""
    kind = question["type"]
    if kind in (s.TEXT, s.LONG_TEXT):
        if not isinstance(value, str):
            return None, _("Write a text.")
        value = value.strip()
        limit = MAX_TEXT if kind == s.TEXT else MAX_LONG_TEXT
        if len(value) > limit:
            return None, _("At most %(n)s characters.") % {"n": limit}
        return value, ""
    if kind in (s.YES_NO, s.SINGLE):
        if str(value) not in s.choice_values(question) or isinstance(value, list | dict | bool):
            return None, _("Choose one of the answers offered.")
        return str(value), ""
    if kind == s.MULTIPLE:
        values = value if isinstance(value, list) else [value]
        allowed = s.choice_values(question)
        if any(isinstance(v, list | dict | bool) or str(v) not in allowed for v in values):
            return None, _("Choose only answers offered.")
        chosen = {str(v) for v in values}
        return [v for v in allowed if v in chosen], ""
    if kind == s.SCALE:
        number = _number(value)
        low, high = s.scale_range(question)
        if not isinstance(number, int) or not low <= number <= high:
            return None, _("Choose a point from %(low)s to %(high)s.") % {"low": low, "high": high}
        return number, ""
    if kind == s.DATE:
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return value.isoformat(), ""
        try:
            return datetime.date.fromisoformat(str(value)).isoformat(), ""
        except ValueError:
            return None, _("Enter a date as year-month-day.")
    if kind == s.NUMBER:
        number = _number(value)
        if number is None:
            return None, _("Enter a number.")
        least, most = question.get("min"), question.get("max")
        if least is not None and number < least:
            return None, _("At least %(n)s.") % {"n": least}
        if most is not None and number > most:
            return None, _("At most %(n)s.") % {"n": most}
        return number, ""
    return None, _("This question cannot be answered.")


def clean_answers(schema: dict[str, Any], answers: Any, *, require: bool = True) -> tuple[dict[str, Any], Errors]:
    """The answers to keep and the problems, per question key.

    Unknown keys are refused; answers to hidden questions are dropped; empty answers are left out;
    with ``require`` every shown required question must be answered.
    """
    errors: Errors = {}
    if not isinstance(answers, dict):
        return {}, {"__all__": [_("The answers must be an object of question keys and values.")]}
    by_key = s.question_map(schema)
    unknown = sorted(set(answers) - set(by_key))
    if unknown:
        errors["__all__"] = [_("Unknown questions: %(keys)s.") % {"keys": ", ".join(unknown)}]
    kept: dict[str, Any] = {}
    for key, question in by_key.items():
        value = answers.get(key)
        if isinstance(value, str) and question["type"] not in (s.TEXT, s.LONG_TEXT):
            value = value.strip()
        if is_empty(value):
            continue
        cleaned, problem = clean_value(question, value)
        if problem:
            errors[key] = [problem]
        elif not is_empty(cleaned):
            kept[key] = cleaned
    shown = visible_keys(schema, kept)
    kept = {key: value for key, value in kept.items() if key in shown}
    errors = {key: problems for key, problems in errors.items() if key == "__all__" or key in shown}
    if require:
        for key, question in by_key.items():
            if key in shown and question.get("required") and key not in kept and key not in errors:
                errors[key] = [_("This question must be answered.")]
    return kept, errors
