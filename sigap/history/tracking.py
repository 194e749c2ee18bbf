"""What the history records, and how a value is turned into text and back into something readable.

A *snapshot* is a mapping from a field path to the field's raw value. A plain field's path is its
name (``risk_level``); the parts of a record that are stored as rows of their own use a dotted path
on the record they belong to: ``entries.<domain>.findings`` on an assessment,
``goals.<n>.text`` and ``goals.<n>.actions.<m>.status`` on a case plan (numbered from 1 in the
order shown). Verbs take a snapshot before and after their change; only the paths whose values
differ are written.

``SENSITIVE_FIELDS`` is the one list of the fields whose values are stored encrypted in the
history (the same values are encrypted in their own tables).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sigap.lib.dates import format_date

Snapshot = dict[str, Any]

# model label → fields whose old and new values are encrypted in the history.
SENSITIVE_FIELDS: dict[str, frozenset[str]] = {
    "cases.person": frozenset({"nik", "phone", "address_detail"}),
    "cases.case": frozenset({"intake_narrative", "risk_reason"}),
    "cases.assessment": frozenset({"summary", "risk_reason"}),
    "cases.assessmententry": frozenset({"findings", "needs"}),
    "cases.note": frozenset({"body"}),
    "online.onlineincident": frozenset({"description", "images_shared_where"}),
    # A form's answers: one path per question, ``answers.<question key>``.
    "forms.formresponse": frozenset({"answers"}),
}


@dataclass(frozen=True)
class Pseudo:
    """A list of codes shown as one field: kept in rows of its own (``read`` gets it) or in a JSON field."""

    label: Promise
    choices: type[models.Choices]
    read: Callable[[Any], list[str]] | None = None


def _violence_forms(case: Any) -> list[str]:
    return sorted(case.violence_forms.values_list("form", flat=True))


def _pseudo_fields() -> dict[tuple[str, str], Pseudo]:
    from sigap.cases.codes import TPKSOffence, ViolenceForm
    from sigap.online.models import Demand, HarmType, Platform

    return {
        ("cases.case", "violence_forms"): Pseudo(_("forms of violence"), ViolenceForm, read=_violence_forms),
        ("cases.case", "tpks_offences"): Pseudo(_("TPKS offences"), TPKSOffence),
        ("online.onlineincident", "harm_types"): Pseudo(_("harm types"), HarmType),
        ("online.onlineincident", "platforms"): Pseudo(_("platforms"), Platform),
        ("online.onlineincident", "demands"): Pseudo(_("demands"), Demand),
    }


def is_sensitive(model_label: str, field: str) -> bool:
    return field in SENSITIVE_FIELDS.get(model_label, frozenset())


def _model_field(model: type[models.Model], name: str) -> models.Field[Any, Any] | None:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a pseudo field
        return None
    return field if isinstance(field, models.Field) else None


def snapshot(instance: models.Model, fields: Iterable[str]) -> Snapshot:
    """The current values of ``fields`` of ``instance`` (a foreign key by its id, so nothing is loaded)."""
    label = instance._meta.label_lower
    values: Snapshot = {}
    for name in fields:
        field = _model_field(type(instance), name)
        if field is not None:
            values[name] = getattr(instance, field.attname)
            continue
        pseudo = _pseudo_fields().get((label, name))
        if pseudo is None or pseudo.read is None:
            raise ValueError(f"{label} has no field {name!r}")
        values[name] = pseudo.read(instance)
    return values


_ENTRY_FIELDS = ("findings", "needs", "priority")
_ACTION_FIELDS = (
    "service_type",
    "description",
    "responsible_organisation",
    "responsible_user",
    "due_date",
    "status",
)


def assessment_snapshot(assessment: Any, fields: Iterable[str] = ("summary", "risk_level", "risk_reason")) -> Snapshot:
    """The assessment's own fields and, per domain, its findings, needs and priority."""
    values = snapshot(assessment, fields)
    for entry in assessment.entries.order_by("domain"):  # not a prefetched, possibly stale list
        for name in _ENTRY_FIELDS:
            values[f"entries.{entry.domain}.{name}"] = getattr(entry, name)
    return values


def plan_snapshot(plan: Any) -> Snapshot:
    """The plan's goals and their actions, by position (a save replaces the rows, not the content)."""
    values: Snapshot = {}
    for n, goal in enumerate(plan.goals.order_by("order", "created_at").prefetch_related("actions"), start=1):
        values[f"goals.{n}.text"] = goal.text
        actions = sorted(goal.actions.all(), key=lambda a: (a.due_date or date.max, a.created_at, str(a.pk)))
        for m, action in enumerate(actions, start=1):
            for name in _ACTION_FIELDS:
                values[f"goals.{n}.actions.{m}.{name}"] = getattr(action, _attname(action, name))
    return values


def _attname(instance: models.Model, name: str) -> str:
    field = _model_field(type(instance), name)
    return field.attname if field is not None else name


# --- From a path to the field it stands for ----------------------------------------------------


@dataclass(frozen=True)
class Leaf:
    """The model field a path ends in, and how the path reads (``Goal 2, action 1: service``)."""

    model_label: str
    field: str
    prefix: str = ""

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)


def leaf(object_type: str, path: str) -> Leaf:
    parts = path.split(".")
    if object_type == "cases.assessment" and parts[0] == "entries" and len(parts) == 3:
        from sigap.cases.codes import AssessmentDomain

        domain = parts[1]
        domain_label = AssessmentDomain(domain).label if domain in AssessmentDomain.values else domain
        return Leaf("cases.assessmententry", parts[2], str(domain_label))
    if object_type == "cases.caseplan" and parts[0] == "goals":
        if len(parts) == 3:
            return Leaf("cases.plangoal", parts[2], str(_("Goal %(n)s") % {"n": parts[1]}))
        if len(parts) == 5:
            prefix = _("Goal %(n)s, action %(m)s") % {"n": parts[1], "m": parts[3]}
            return Leaf("cases.planaction", parts[4], str(prefix))
    if object_type == "forms.formresponse" and parts[0] == "answers" and len(parts) == 2:
        return Leaf("forms.formresponse", "answers", parts[1])
    return Leaf(object_type, path)


def field_label(object_type: str, path: str) -> str:
    """How the field reads on the history page, in the viewer's language."""
    where = leaf(object_type, path)
    pseudo = _pseudo_fields().get((where.model_label, where.field))
    if pseudo is not None:
        name = str(pseudo.label)
    else:
        field = _model_field(where.model, where.field)
        name = str(field.verbose_name) if field is not None else where.field
    if where.prefix:
        if where.field == "text" and where.model_label == "cases.plangoal":
            return where.prefix
        if where.field == "answers" and where.model_label == "forms.formresponse":
            return str(_("Answer: %(question)s") % {"question": where.prefix})
        return f"{where.prefix}: {name}"
    return name[:1].upper() + name[1:]


# --- Values as stored text ----------------------------------------------------------------------


def to_text(object_type: str, path: str, value: Any) -> str:
    """A raw value as the history stores it: a foreign key by its neutral label (never a person's
    name), a list as JSON, dates in ISO form, everything else as text."""
    if value is None or value == "":
        return ""
    where = leaf(object_type, path)
    field = _model_field(where.model, where.field)
    if isinstance(field, models.ForeignKey):
        target = field.related_model._default_manager.filter(pk=value).first()
        if target is None:
            return str(value)
        label = getattr(target, "audit_label", None)
        return str(label if label is not None else target)[:200]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _form_answer(text: str) -> str:
    """A standard form's answer as stored ("yes"/"no", a number, a choice's value, a list as JSON):
    yes and no in the viewer's language, a list one item after another."""
    words = {"yes": _("yes"), "no": _("no")}
    try:
        items = json.loads(text) if text.startswith("[") else None
    except ValueError:
        items = None
    if isinstance(items, list):
        return ", ".join(str(words.get(str(item), item)) for item in items)
    return str(words.get(text, text))


def readable(object_type: str, path: str, text: str, *, when: Callable[[datetime], str]) -> str:
    """A stored (decrypted) value as the viewer reads it: choices by their label, yes/no, dates."""

    if text == "":
        return ""
    where = leaf(object_type, path)
    pseudo = _pseudo_fields().get((where.model_label, where.field))
    if pseudo is not None:
        try:
            codes = json.loads(text)
        except ValueError:
            return text
        labels = dict(pseudo.choices.choices)
        return ", ".join(str(labels.get(code, code)) for code in codes)
    if where.model_label == "forms.formresponse" and where.field == "answers":
        return _form_answer(text)
    field = _model_field(where.model, where.field)
    if field is None or isinstance(field, models.ForeignKey):
        return text
    if field.choices:
        return str(dict(field.flatchoices).get(text, text))
    if isinstance(field, models.BooleanField):
        return str(_("yes") if text == "true" else _("no"))
    if isinstance(field, models.DateTimeField):
        try:
            return when(datetime.fromisoformat(text))
        except ValueError:
            return text
    if isinstance(field, models.DateField):
        try:
            return format_date(date.fromisoformat(text))
        except ValueError:
            return text
    return text
