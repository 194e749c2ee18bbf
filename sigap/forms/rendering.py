"""Forms to fill and answers to read.

- :func:`effective_schema`: a version's questions plus an organisation's own.
- :func:`build_form`: a Django form for them (fields ``<section>__<question>``); conditions are
  enforced when it is validated (a hidden question is not required, its answer dropped) and, with
  JavaScript, shown and hidden as the answers change (``forms/conditions.js``, data attributes).
- :func:`answers_from_form`: the cleaned answers by question key, for ``actions.save_response``.
- :func:`display` and :func:`tagged`: a response read with the questions of its *own* version.
"""

from __future__ import annotations

import copy
import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _

from sigap.forms import answers as a
from sigap.forms import schema as s
from sigap.forms.models import FormResponse, FormVersion, OrganisationQuestions
from sigap.lib.forms import BootstrapMixin

if TYPE_CHECKING:
    from sigap.organisations.models import Organisation

SEPARATOR = "__"
RADIO_LIMIT = 7  # a single choice with more answers is a select


# --- The questions in effect ---------------------------------------------------------------------


def merge(base: dict[str, Any], additions: dict[str, Any] | None) -> dict[str, Any]:
    """``base`` with ``additions`` (``{"sections": [...]}``): questions of a section named like a
    national one are appended to it, other sections come after. A question whose key the national
    form already uses is left out (national questions always win)."""
    merged = copy.deepcopy(base)
    if not additions or not additions.get("sections"):
        return merged
    taken = set(s.question_map(merged))
    sections = {section["key"]: section for section in merged.get("sections", [])}
    for extra in additions["sections"]:
        own = [dict(q, own=True) for q in extra.get("questions", []) if q.get("key") not in taken]
        taken |= {q["key"] for q in own}
        if not own:
            continue
        if extra["key"] in sections:
            sections[extra["key"]].setdefault("questions", []).extend(own)
        else:
            # A national section the questions were added to may be gone from a later version.
            section = dict(copy.deepcopy(extra), questions=own, own=True)
            section.setdefault("title", _("Our own questions"))
            merged.setdefault("sections", []).append(section)
            sections[section["key"]] = section
    return merged


def organisation_additions(version: FormVersion, organisation: Organisation | None) -> dict[str, Any]:
    """The organisation's own questions for a national form ({} for none or an organisation's form)."""
    if organisation is None or version.definition.organisation_id is not None:
        return {}
    row = (
        OrganisationQuestions.objects.filter(definition_id=version.definition_id, organisation=organisation)
        .only("schema")
        .first()
    )
    return row.schema if row is not None else {}


def effective_schema(version: FormVersion, organisation: Organisation | None) -> dict[str, Any]:
    """The national (or own) questions of ``version`` plus ``organisation``'s own questions."""
    return merge(version.schema, organisation_additions(version, organisation))


def response_schema(response: FormResponse) -> dict[str, Any]:
    """The questions a response was filled with: its version plus the own questions copied then."""
    return merge(response.version.schema, response.extra_schema)


# --- Building the form ---------------------------------------------------------------------------


def field_name(section: dict[str, Any], question: dict[str, Any]) -> str:
    return f"{section['key']}{SEPARATOR}{question['key']}"


def _choices(question: dict[str, Any]) -> list[tuple[str, str]]:
    kind = question["type"]
    if kind == s.YES_NO:
        return [("yes", _("Yes")), ("no", _("No"))]
    if kind == s.SCALE:
        return [(value, value) for value in s.choice_values(question)]
    return [(str(c["value"]), s.text(c["label"])) for c in question.get("choices", [])]


def _form_field(question: dict[str, Any]) -> forms.Field:
    kind = question["type"]
    common: dict[str, Any] = {"label": s.text(question["label"]), "required": False}
    help_text = s.text(question.get("help"))
    if help_text:
        common["help_text"] = help_text
    if kind == s.TEXT:
        return forms.CharField(max_length=a.MAX_TEXT, **common)
    if kind == s.LONG_TEXT:
        return forms.CharField(max_length=a.MAX_LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3}), **common)
    if kind in (s.YES_NO, s.SCALE) or (kind == s.SINGLE and len(question.get("choices", [])) <= RADIO_LIMIT):
        return forms.ChoiceField(choices=_choices(question), widget=forms.RadioSelect, **common)
    if kind == s.SINGLE:
        return forms.ChoiceField(choices=[("", "—"), *_choices(question)], **common)
    if kind == s.MULTIPLE:
        return forms.MultipleChoiceField(choices=_choices(question), widget=forms.CheckboxSelectMultiple, **common)
    if kind == s.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common)
    if kind == s.NUMBER:
        widget = forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"})
        for name in ("min", "max"):
            if question.get(name) is not None:
                widget.attrs[name] = question[name]
        return forms.DecimalField(widget=widget, **common)
    raise ValueError(f"unknown question type {kind!r}")


@dataclass
class Question:
    """A question as the template shows it: its bound field, prompt, required mark and condition."""

    key: str
    name: str
    type: str
    required: bool
    prompt: str
    tag: str
    own: bool
    show_if: dict[str, Any] | None
    condition_attrs: str = ""
    condition_hint: str = ""
    bound: Any = None


@dataclass
class Section:
    key: str
    title: str
    help: str
    tag: str
    own: bool
    questions: list[Question] = field(default_factory=list)


class StandardForm(BootstrapMixin, forms.Form):
    """A form built from a schema; ``clean`` keeps only the answers of the questions shown."""

    schema: dict[str, Any]
    names: dict[str, str]  # question key -> field name
    require: bool
    version: FormVersion
    answers: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        raw = {key: _stored(cleaned.get(name)) for key, name in self.names.items() if name not in self.errors}
        kept, errors = a.clean_answers(self.schema, raw, require=self.require)
        shown = a.visible_keys(self.schema, kept)
        for key, name in self.names.items():
            if key not in shown and name in self.errors:
                del self.errors[name]  # a hidden question's bad answer is dropped, not an error
        for key, problems in errors.items():
            target = self.names.get(key)
            if target is not None and target in self.errors:
                continue  # the field already says what is wrong
            for problem in problems:
                self.add_error(target, problem)
        self.answers = kept
        return cleaned

    def sections(self) -> list[Section]:
        """The sections and questions with their bound fields, for ``forms/includes/form.html``."""
        result = []
        by_key = s.question_map(self.schema)
        for section in self.schema.get("sections", []):
            item = Section(
                key=section["key"],
                title=s.text(section.get("title")),
                help=s.text(section.get("help")),
                tag=section.get("tag", ""),
                own=bool(section.get("own")),
            )
            for question in section["questions"]:
                name = self.names[question["key"]]
                condition = question.get("show_if")
                item.questions.append(
                    Question(
                        key=question["key"],
                        name=name,
                        type=question["type"],
                        required=bool(question.get("required")),
                        prompt=s.text(question.get("prompt")),
                        tag=question.get("tag", ""),
                        own=bool(question.get("own")),
                        show_if=condition,
                        condition_attrs=_condition_attrs(self, condition),
                        condition_hint=_condition_hint(by_key, condition),
                        bound=self[name],
                    )
                )
            result.append(item)
        return result


def _condition_attrs(form: StandardForm, condition: dict[str, Any] | None) -> str:
    if not condition:
        return ""
    target = form.add_prefix(form.names.get(condition["question"], ""))
    wanted = [condition["equals"]] if "equals" in condition else condition["in"]
    values = json.dumps([str(v) for v in wanted])
    return format_html(' data-show-if="{}" data-show-values="{}"', target, values)


def _condition_hint(by_key: dict[str, dict[str, Any]], condition: dict[str, Any] | None) -> str:
    """When to answer, for a page without JavaScript (where every question shows)."""
    if not condition or condition.get("question") not in by_key:
        return ""
    target = by_key[condition["question"]]
    labels = dict(_choices(target))
    wanted = [condition["equals"]] if "equals" in condition else condition["in"]
    answers = _(" or ").join(f"“{labels.get(str(v), str(v))}”" for v in wanted)
    return _("Answer only if “%(question)s” is %(answers)s.") % {
        "question": s.text(target["label"]),
        "answers": answers,
    }


def _stored(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _initial(question: dict[str, Any], value: Any) -> Any:
    if question["type"] == s.DATE and isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    if question["type"] == s.SCALE and value is not None:
        return str(value)
    return value


def build_form(
    version: FormVersion,
    organisation: Organisation | None,
    data: Any = None,
    initial: dict[str, Any] | None = None,
    prefix: str | None = None,
    *,
    require: bool = True,
    schema: dict[str, Any] | None = None,
) -> StandardForm:
    """A form for ``version`` with ``organisation``'s own questions.

    ``initial`` is answers by question key (a saved response's ``answers``). ``require=False`` (a
    draft) checks the answers without asking for the required ones. ``schema`` overrides the
    questions (the preview of a draft; a response keeps its own with ``response_schema``).
    """
    schema = schema if schema is not None else effective_schema(version, organisation)
    fields: dict[str, forms.Field] = {}
    names: dict[str, str] = {}
    by_name: dict[str, dict[str, Any]] = {}
    values: dict[str, Any] = {}
    for section, question in s.questions(schema):
        name = field_name(section, question)
        names[question["key"]] = name
        by_name[name] = question
        fields[name] = _form_field(question)
        if question.get("required"):
            fields[name].widget.attrs["aria-required"] = "true"
        if initial and question["key"] in initial:
            values[name] = _initial(question, initial[question["key"]])
    form_class = type("StandardForm", (StandardForm,), dict(fields))
    form = form_class(data=data, initial=values, prefix=prefix)
    for name, item in form.fields.items():
        if isinstance(item.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            item.widget.attrs["class"] = "form-check-input"
            continue
        question = by_name[name]
        described = [f"{form[name].auto_id}_{part}" for part in ("prompt", "help") if s.text(question.get(part))]
        if described:
            item.widget.attrs["aria-describedby"] = " ".join(described)
    form.schema, form.names, form.require = schema, names, require
    form.version = version
    return form


def answers_from_form(form: StandardForm) -> dict[str, Any]:
    """The valid form's answers by question key (hidden questions' answers already dropped)."""
    if not form.is_valid():
        raise ValueError("answers_from_form needs a valid form")
    return dict(form.answers)


# --- Reading answers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    answer: str  # the answer as it reads ("Ya", "Sekolah, Rumah", "7 Des 2026")
    value: Any  # the stored value
    tag: str
    type: str


@dataclass
class DisplaySection:
    key: str
    title: str
    tag: str
    rows: list[Row] = field(default_factory=list)


def answer_text(question: dict[str, Any], value: Any) -> str:
    """A stored answer as it reads, in the current language, with the labels of the question it answers."""
    if a.is_empty(value):
        return ""
    kind = question["type"]
    labels = dict(_choices(question))
    if kind in (s.YES_NO, s.SINGLE):
        return labels.get(str(value), str(value))
    if kind == s.MULTIPLE:
        return ", ".join(labels.get(str(v), str(v)) for v in value)
    if kind == s.SCALE:
        low, high = s.scale_range(question)
        return _("%(value)s (scale %(low)s–%(high)s)") % {"value": value, "low": low, "high": high}
    if kind == s.DATE:
        try:
            return str(formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT"))
        except (TypeError, ValueError):
            return str(value)
    if kind == s.NUMBER:
        return str(formats.number_format(value))
    return str(value)


def display(response: FormResponse, *, include_empty: bool = False) -> list[DisplaySection]:
    """The response's sections and answers, read with the questions of the version it was filled
    with (and the organisation's own questions as they were then). Sections with no answer are left
    out unless ``include_empty``."""
    schema = response_schema(response)
    answers = response.answers or {}
    result = []
    for section in schema.get("sections", []):
        item = DisplaySection(section["key"], s.text(section.get("title")), section.get("tag", ""))
        for question in section["questions"]:
            value = answers.get(question["key"])
            if a.is_empty(value) and not include_empty:
                continue
            item.rows.append(
                Row(
                    key=question["key"],
                    label=s.text(question["label"]),
                    answer=answer_text(question, value),
                    value=value,
                    tag=question.get("tag", ""),
                    type=question["type"],
                )
            )
        if item.rows:
            result.append(item)
    return result


def tagged(response: FormResponse, tag: str) -> list[tuple[dict[str, Any], dict[str, Any], Any]]:
    """(section, question, value) of the answered questions tagged ``tag``, in the form's order,
    from the response's own version. Read texts with :func:`sigap.forms.schema.text`."""
    answers = response.answers or {}
    return [
        (section, question, answers[question["key"]])
        for section, question in s.questions(response_schema(response))
        if question.get("tag") == tag and not a.is_empty(answers.get(question["key"]))
    ]
