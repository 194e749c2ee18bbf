"""The check-in form: five WHO-5 items, three work-strain items, a private note, one checkbox."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.lib.forms import BootstrapMixin
from sigap.wellbeing import who5
from sigap.wellbeing.actions import NOTE_MAX


class CheckInForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=_("A private note (only you see it)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    in_team_figure = forms.BooleanField(
        label=_("Count my score, without my name, in my organisation's average for the quarter"),
        help_text=_("Shown only when at least 5 workers took part, and never broken down further."),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.who5_fields = []
        self.strain_fields = []
        for key, label in who5.WHO5_ITEMS:
            self.fields[key] = forms.TypedChoiceField(
                label=str(label), choices=who5.WHO5_CHOICES, coerce=int, widget=forms.RadioSelect
            )
            self.who5_fields.append(self[key])
        for key, label, choices in who5.STRAIN_ITEMS:
            self.fields[key] = forms.TypedChoiceField(
                label=str(label), choices=choices, coerce=int, widget=forms.RadioSelect
            )
            self.strain_fields.append(self[key])
        self.order_fields([key for key, _l in who5.WHO5_ITEMS] + [k for k, _l, _c in who5.STRAIN_ITEMS])

    def answers(self) -> dict[str, int]:
        keys = [key for key, _l in who5.WHO5_ITEMS] + [key for key, _l, _c in who5.STRAIN_ITEMS]
        return {key: self.cleaned_data[key] for key in keys}
