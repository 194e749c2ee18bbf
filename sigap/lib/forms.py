"""Form helpers shared by every app."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

SENT_TWICE = gettext_lazy("Send this field once.")

# What a form mixin is mixed into: the type checker sees the form, so ``super().full_clean()`` checks.
if TYPE_CHECKING:
    FormMixinBase = forms.BaseForm
else:
    FormMixinBase = object


class BootstrapMixin(FormMixinBase):
    """Give each widget the Bootstrap class it needs and mark invalid fields for assistive tech."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        for name in getattr(self, "_errors", None) or {}:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"


def add_errors(form: forms.BaseForm, error: ValidationError, names: dict[str, str | None] | None = None) -> None:
    """Show a verb's refusal on the form: field errors where the field exists, the rest on top.

    ``names`` maps the verb's field names to the form's where they differ."""
    if hasattr(error, "error_dict"):
        for key, errors in error.message_dict.items():
            name = (names or {}).get(key, key)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def repeated(data: Any, names: Iterable[str]) -> list[str]:
    """The fields of a submitted form (a QueryDict) that came with more than one value.

    For a field that decides what is stored (whether a file shows a sexual image) the last value must
    not silently win: such a request is refused instead."""
    if not hasattr(data, "getlist"):
        return []
    return [name for name in names if len(data.getlist(name)) > 1]


def refuse_repeated(form: forms.BaseForm, *names: str) -> None:
    """Call from ``clean``: an error on each of ``names`` sent more than once."""
    for name in names:
        if repeated(form.data, [form.add_prefix(name)]):
            form.add_error(name, str(SENT_TWICE))


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's field ``name`` as the choice field it is, to set its ``choices`` per request."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name!r} is not a choice field")
    return field


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field ``name`` as the model choice field it is, to set its ``queryset`` per request."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name!r} is not a model choice field")
    return field


DATETIME_INPUT = "%Y-%m-%dT%H:%M"


class LocalDateTimeField(forms.DateTimeField):
    """A ``datetime-local`` input, read in the current time zone."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", [DATETIME_INPUT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"])
        kwargs.setdefault("widget", forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT))
        super().__init__(**kwargs)
