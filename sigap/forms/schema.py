"""The definition format of a standard form (docs/forms.md) and its validation.

A *schema* is plain JSON: a form has sections, a section has questions. Every text shown to people
is a translation mapping ``{"id": ..., "en": ...}`` (a plain string is read as the same text in every
language). ``validate_schema`` returns every problem at once, as translated sentences that name the
place (``Section "safety", question "safe_at_home": ...``), so a JSON editor can list them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

TEXT = "text"
LONG_TEXT = "long_text"
YES_NO = "yes_no"
SINGLE = "single"
MULTIPLE = "multiple"
SCALE = "scale"
DATE = "date"
NUMBER = "number"
TYPES = (TEXT, LONG_TEXT, YES_NO, SINGLE, MULTIPLE, SCALE, DATE, NUMBER)
CHOICE_TYPES = (SINGLE, MULTIPLE)
YES_NO_VALUES = ("yes", "no")
DEFAULT_SCALE = (0, 4)
LANGUAGES = ("id", "en")

FORM_KEYS = {"key", "title", "description", "sections", "notes"}
SECTION_KEYS = {"key", "title", "help", "questions", "tag"}
QUESTION_KEYS = {"key", "type", "label", "help", "prompt", "required", "choices", "min", "max", "show_if", "tag"}
CHOICE_KEYS = {"value", "label"}
ADDITION_KEYS = {"sections"}

# Keys become parts of form field names ("<section>__<question>") and of history paths.
KEY = re.compile(r"^[a-z][a-z0-9_-]{0,59}$")
MAX_SECTIONS = 50
MAX_QUESTIONS = 400
MAX_CHOICES = 60


def text(value: Any, language: str | None = None) -> str:
    """A translation mapping in the current language (then Indonesian, then any); a string as it is."""
    if isinstance(value, str):
        return value
    if not isinstance(value, dict):
        return ""
    language = (language or get_language() or "id")[:2]
    for code in (language, "id", "en"):
        if isinstance(value.get(code), str) and value[code].strip():
            return str(value[code])
    for item in value.values():
        if isinstance(item, str) and item.strip():
            return item
    return ""


def questions(schema: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Every (section, question) of a valid schema, in order."""
    for section in schema.get("sections", []):
        for question in section.get("questions", []):
            yield section, question


def question_map(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {question["key"]: question for _section, question in questions(schema)}


def choice_values(question: dict[str, Any]) -> list[str]:
    """The values a question of a choice type accepts (as strings)."""
    kind = question.get("type")
    if kind == YES_NO:
        return list(YES_NO_VALUES)
    if kind in CHOICE_TYPES:
        return [str(choice.get("value")) for choice in question.get("choices", []) if isinstance(choice, dict)]
    if kind == SCALE:
        low, high = scale_range(question)
        return [str(n) for n in range(low, high + 1)]
    return []


def scale_range(question: dict[str, Any]) -> tuple[int, int]:
    """A scale's points (the default where a limit is missing or, in a definition being checked, not a whole number)."""
    low, high = question.get("min", DEFAULT_SCALE[0]), question.get("max", DEFAULT_SCALE[1])
    if not isinstance(low, int) or isinstance(low, bool):
        low = DEFAULT_SCALE[0]
    if not isinstance(high, int) or isinstance(high, bool):
        high = DEFAULT_SCALE[1]
    return low, high


# --- Validation -----------------------------------------------------------------------------------


class _Problems:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.messages.append(f"{where}: {message}" if where else message)


def _where_section(section: Any, n: int) -> str:
    key = section.get("key") if isinstance(section, dict) else None
    if isinstance(key, str) and key:
        return _('Section "%(key)s"') % {"key": key}
    return _("Section %(n)s") % {"n": n}


def _where_question(section_where: str, question: Any, n: int) -> str:
    key = question.get("key") if isinstance(question, dict) else None
    if isinstance(key, str) and key:
        return _('%(section)s, question "%(key)s"') % {"section": section_where, "key": key}
    return _("%(section)s, question %(n)s") % {"section": section_where, "n": n}


def _check_text(problems: _Problems, where: str, value: Any, name: str, *, required: bool) -> None:
    if value is None:
        if required:
            problems.add(where, _("%(name)s is missing.") % {"name": name})
        return
    if isinstance(value, str):
        if required and not value.strip():
            problems.add(where, _("%(name)s is empty.") % {"name": name})
        return
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        problems.add(where, _('%(name)s must be a text or translations like {"id": "…", "en": "…"}.') % {"name": name})
        return
    unknown = sorted(set(value) - set(LANGUAGES))
    if unknown:
        problems.add(
            where, _("%(name)s has an unknown language: %(codes)s.") % {"name": name, "codes": ", ".join(unknown)}
        )
    if required and not str(value.get("id", "")).strip():
        problems.add(where, _("%(name)s needs the Indonesian text (id).") % {"name": name})


def _check_unknown(problems: _Problems, where: str, data: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        problems.add(where, _("unknown fields: %(names)s.") % {"names": ", ".join(unknown)})


def _check_key(problems: _Problems, where: str, key: Any) -> bool:
    if not isinstance(key, str) or not KEY.match(key) or "__" in key:
        problems.add(
            where,
            _(
                "the key must start with a small letter and hold only small letters, digits, - and _ "
                "(at most 60, never two _ in a row)."
            ),
        )
        return False
    return True


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_choices(problems: _Problems, where: str, question: dict[str, Any]) -> None:
    choices = question.get("choices")
    kind = question.get("type")
    if kind not in CHOICE_TYPES:
        if choices is not None:
            problems.add(where, _("only single and multiple choice questions have choices."))
        return
    if not isinstance(choices, list) or not choices:
        problems.add(where, _("a choice question needs a list of choices."))
        return
    if len(choices) > MAX_CHOICES:
        problems.add(where, _("at most %(n)s choices.") % {"n": MAX_CHOICES})
    seen: set[str] = set()
    for n, choice in enumerate(choices, start=1):
        choice_where = _("%(question)s, choice %(n)s") % {"question": where, "n": n}
        if not isinstance(choice, dict):
            problems.add(choice_where, _('a choice is {"value": …, "label": {…}}.'))
            continue
        _check_unknown(problems, choice_where, choice, CHOICE_KEYS)
        value = choice.get("value")
        if not isinstance(value, str) or not value.strip() or len(value) > 60:
            problems.add(choice_where, _("the value must be a text of 1 to 60 characters."))
        elif value in seen:
            problems.add(choice_where, _('the value "%(value)s" is used twice.') % {"value": value})
        else:
            seen.add(value)
        _check_text(problems, choice_where, choice.get("label"), _("The label"), required=True)


def _check_range(problems: _Problems, where: str, question: dict[str, Any]) -> None:
    kind = question.get("type")
    low, high = question.get("min"), question.get("max")
    if kind not in (SCALE, NUMBER):
        if low is not None or high is not None:
            problems.add(where, _("only scale and number questions have a minimum and a maximum."))
        return
    for name, value in (("min", low), ("max", high)):
        if value is None:
            continue
        if not _is_number(value) or (kind == SCALE and not isinstance(value, int)):
            problems.add(where, _("%(name)s must be a whole number.") % {"name": name})
            return
    if kind == SCALE:
        low_n, high_n = scale_range(question)
        if not low_n < high_n or high_n - low_n > 10:
            problems.add(where, _("a scale goes from min to max, with 2 to 11 points."))
    elif low is not None and high is not None and low > high:
        problems.add(where, _("the minimum is greater than the maximum."))


def _check_condition(
    problems: _Problems, where: str, question: dict[str, Any], earlier: dict[str, dict[str, Any]]
) -> None:
    condition = question.get("show_if")
    if condition is None:
        return
    if not isinstance(condition, dict) or not isinstance(condition.get("question"), str):
        problems.add(where, _('show_if is {"question": "<key>", "equals": "<value>"} or {"question": …, "in": […]}.'))
        return
    _check_unknown(problems, where, condition, {"question", "equals", "in"})
    target = earlier.get(condition["question"])
    if target is None:
        problems.add(
            where,
            _('show_if names "%(key)s", which is not a question before this one.') % {"key": condition["question"]},
        )
        return
    if ("equals" in condition) == ("in" in condition):
        problems.add(where, _("show_if needs either equals or in."))
        return
    wanted = [condition["equals"]] if "equals" in condition else condition["in"]
    if not isinstance(wanted, list) or not wanted:
        problems.add(where, _("show_if in must be a list of values."))
        return
    allowed = choice_values(target)
    if not allowed:
        problems.add(
            where,
            _('show_if can only depend on a yes/no, choice or scale question ("%(key)s" is not one).')
            % {"key": condition["question"]},
        )
        return
    for value in wanted:
        if str(value) not in allowed or isinstance(value, bool | dict | list):
            problems.add(
                where,
                _('show_if: "%(value)s" is not an answer of "%(key)s" (%(allowed)s).')
                % {"value": value, "key": condition["question"], "allowed": ", ".join(allowed)},
            )


def _check_question(
    problems: _Problems, where: str, question: Any, earlier: dict[str, dict[str, Any]], *, locked: set[str]
) -> None:
    if not isinstance(question, dict):
        problems.add(where, _("a question must be an object."))
        return
    _check_unknown(problems, where, question, QUESTION_KEYS)
    key = question.get("key")
    if _check_key(problems, where, key) and (key in earlier or key in locked):
        problems.add(where, _('the key "%(key)s" is already used in this form.') % {"key": key})
    kind = question.get("type")
    if kind not in TYPES:
        problems.add(where, _("the type must be one of: %(types)s.") % {"types": ", ".join(TYPES)})
        return
    _check_text(problems, where, question.get("label"), _("The label"), required=True)
    _check_text(problems, where, question.get("help"), _("The help text"), required=False)
    _check_text(problems, where, question.get("prompt"), _("The prompt"), required=False)
    if "required" in question and not isinstance(question["required"], bool):
        problems.add(where, _("required must be true or false."))
    if "tag" in question and not isinstance(question["tag"], str):
        problems.add(where, _("the tag must be a text."))
    _check_choices(problems, where, question)
    _check_range(problems, where, question)
    _check_condition(problems, where, question, earlier)


def _check_sections(
    problems: _Problems,
    sections: Any,
    *,
    earlier: dict[str, dict[str, Any]],
    section_keys: set[str],
    existing_sections: set[str] | None = None,
) -> None:
    """Check a list of sections; ``earlier`` collects the questions seen (for keys and conditions).

    ``existing_sections`` (organisation additions): sections of the national form that the list may
    name to append questions to; they need no title.
    """
    if not isinstance(sections, list) or not sections:
        problems.add("", _("The form needs a list of sections with at least one section."))
        return
    if len(sections) > MAX_SECTIONS:
        problems.add("", _("At most %(n)s sections.") % {"n": MAX_SECTIONS})
    for n, section in enumerate(sections, start=1):
        where = _where_section(section, n)
        if not isinstance(section, dict):
            problems.add(where, _("a section must be an object."))
            continue
        _check_unknown(problems, where, section, SECTION_KEYS)
        key = section.get("key")
        appended = existing_sections is not None and isinstance(key, str) and key in existing_sections
        if _check_key(problems, where, key):
            if key in section_keys:
                problems.add(where, _('the key "%(key)s" is already used by another section.') % {"key": key})
            section_keys.add(str(key))
        if not appended:
            _check_text(problems, where, section.get("title"), _("The title"), required=True)
        _check_text(problems, where, section.get("help"), _("The help text"), required=False)
        if "tag" in section and not isinstance(section["tag"], str):
            problems.add(where, _("the tag must be a text."))
        items = section.get("questions")
        if not isinstance(items, list) or not items:
            problems.add(where, _("a section needs a list of questions with at least one question."))
            continue
        for m, question in enumerate(items, start=1):
            question_where = _where_question(where, question, m)
            _check_question(problems, question_where, question, earlier, locked=set())
            if isinstance(question, dict) and isinstance(question.get("key"), str):
                earlier.setdefault(question["key"], question)
    if len(earlier) > MAX_QUESTIONS:
        problems.add("", _("At most %(n)s questions.") % {"n": MAX_QUESTIONS})


def validate_schema(data: Any) -> list[str]:
    """Every problem of a form definition, as translated sentences; an empty list when it is valid."""
    problems = _Problems()
    if not isinstance(data, dict):
        problems.add("", _("A form definition is a JSON object."))
        return problems.messages
    _check_unknown(problems, _("The form"), data, FORM_KEYS)
    _check_key(problems, _("The form"), data.get("key"))
    _check_text(problems, _("The form"), data.get("title"), _("The title"), required=True)
    _check_text(problems, _("The form"), data.get("description"), _("The description"), required=False)
    if "notes" in data and not isinstance(data["notes"], str):
        problems.add(_("The form"), _("notes must be a text."))
    _check_sections(problems, data.get("sections"), earlier={}, section_keys=set())
    return problems.messages


def validate_additions(data: Any, base: dict[str, Any]) -> list[str]:
    """The problems of an organisation's own questions for the national form ``base`` (a valid schema).

    ``{"sections": [...]}``: a section whose key is one of the national form's gets the questions
    appended at its end; any other key is a new section after the national ones (with a title). The
    questions' keys must differ from every national one; their conditions may name national questions.
    """
    problems = _Problems()
    if not isinstance(data, dict):
        problems.add("", _("The organisation's questions are a JSON object with a list of sections."))
        return problems.messages
    _check_unknown(problems, "", data, ADDITION_KEYS)
    if data.get("sections") in (None, []):
        return problems.messages  # no questions of its own
    national = question_map(base)
    existing = {section["key"] for section in base.get("sections", [])}
    earlier = dict(national)
    _check_sections(problems, data.get("sections"), earlier=earlier, section_keys=set(), existing_sections=existing)
    return problems.messages
