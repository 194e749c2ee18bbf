"""Forms of the release side: asking for a table, and deciding on a request."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.lib.forms import BootstrapMixin, choice_field
from sigap.organisations.models import Organisation

MEASURES = [("case", _("Cases")), ("victim", _("Victims")), ("perpetrator", _("Perpetrators"))]


def breakdown_choices() -> list[tuple[str, str]]:
    from sigap.statistics.queries import DIMENSIONS

    return [(key, str(d.label)) for key, d in DIMENSIONS.items() if key != "organisation"]


class DataRequestForm(BootstrapMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Asked by"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    purpose = forms.CharField(
        label=_("Purpose and use of the data"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Who will use the table, for what, and how it will be published. No names or case details."),
    )
    measure = forms.ChoiceField(label=_("Count"), choices=MEASURES)
    rows = forms.ChoiceField(label=_("Breakdown"))
    columns = forms.ChoiceField(label=_("Second breakdown (optional)"), required=False)
    start = forms.DateField(label=_("From (month)"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To (month)"), widget=forms.DateInput(attrs={"type": "date"}))
    region = forms.CharField(
        label=_("Region code"),
        required=False,
        max_length=5,
        help_text=_("Empty for the whole nation, 2 digits for a province, 32.73 for a regency/city."),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = organisations
        choices = breakdown_choices()
        choice_field(self, "rows").choices = choices
        choice_field(self, "columns").choices = [("", "—"), *choices]


class DecisionForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when refusing."),
    )
