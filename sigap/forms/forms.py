"""The editor's forms: a definition (or an organisation's own questions) as JSON, and an import."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.lib.forms import BootstrapMixin

MAX_UPLOAD = 512 * 1024

SKELETON: dict[str, Any] = {
    "key": "new-form",
    "title": {"id": "Formulir baru", "en": "New form"},
    "sections": [
        {
            "key": "first",
            "title": {"id": "Bagian pertama", "en": "First section"},
            "questions": [{"key": "question_1", "type": "text", "label": {"id": "Pertanyaan", "en": "Question"}}],
        }
    ],
}

ADDITIONS_SKELETON: dict[str, Any] = {"sections": []}


def as_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def parse_json(text: str) -> Any:
    """The JSON of an editor box, or a ``forms.ValidationError`` that says where it breaks."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise forms.ValidationError(
            _("This is not valid JSON (line %(line)s, column %(column)s): %(reason)s."),
            params={"line": error.lineno, "column": error.colno, "reason": error.msg},
        ) from error


class OwnerField(forms.ChoiceField):
    """National ("", offered to national admins only) or one of the organisations the user administers."""

    def __init__(self, organisations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(label=_("Whose form"), choices=organisations, required=False, **kwargs)
        self.national_allowed = any(value == "" for value, _label in organisations)

    def validate(self, value: Any) -> None:
        if value == "" and not self.national_allowed:
            raise forms.ValidationError(_("Choose the organisation whose form this is."))
        super().validate(value)


class DefinitionForm(BootstrapMixin, forms.Form):
    """The JSON editor of a form's draft (and, with ``organisations``, of a new form)."""

    definition = forms.CharField(
        label=_("Definition (JSON)"),
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false", "class": "font-monospace small"}),
        help_text=_("Sections and questions as described in the form format guide; problems are listed below."),
    )

    def __init__(self, *args: Any, organisations: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["owner"] = OwnerField(
                organisations,
                help_text=_("A national form is used by every organisation; an organisation's own form only by it."),
            )
            self.fields["owner"].widget.attrs["class"] = "form-select"
            self.order_fields(["owner", "definition"])

    def clean_definition(self) -> Any:
        return parse_json(self.cleaned_data["definition"])


class AdditionsForm(BootstrapMixin, forms.Form):
    questions = forms.CharField(
        label=_("Our own questions (JSON)"),
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false", "class": "font-monospace small"}),
        help_text=_(
            "A list of sections: a section with the key of a national section gets your questions at its end; "
            "a new key makes a section of your own after the national ones."
        ),
    )

    def clean_questions(self) -> Any:
        return parse_json(self.cleaned_data["questions"])


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Definition file (.json)"), required=False)
    text = forms.CharField(
        label=_("…or paste the JSON"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "class": "font-monospace small"}),
    )

    def __init__(self, *args: Any, organisations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = OwnerField(
            organisations,
            help_text=_("Used when the key is new; a form with the same key gets the import as its draft."),
        )
        self.fields["owner"].widget.attrs["class"] = "form-select"
        self.order_fields(["owner", "file", "text"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload, text = cleaned.get("file"), (cleaned.get("text") or "").strip()
        if upload is not None:
            if upload.size > MAX_UPLOAD:
                raise forms.ValidationError(_("The file is larger than 512 KB."))
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError as error:
                raise forms.ValidationError(_("The file is not UTF-8 text.")) from error
        if not text:
            raise forms.ValidationError(_("Choose a file or paste the JSON."))
        cleaned["data"] = parse_json(text)
        return cleaned
