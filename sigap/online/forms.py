"""Forms of the online-abuse screens. They collect and type the input; the verbs in
``sigap.online.actions`` decide what is allowed, and their refusals are shown on the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.cases.forms.intake import check_inputs
from sigap.cases.forms.work import DateInput
from sigap.cases.models import Case
from sigap.lib.forms import BootstrapMixin, LocalDateTimeField, refuse_repeated
from sigap.online.models import (
    Channel,
    Demand,
    EvidenceKind,
    HarmType,
    Known,
    OffenderAccount,
    OnlineIncident,
    Platform,
    SafetyItem,
    SafetyStatus,
    SexualContent,
    TakedownStatus,
)


def _blank(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


class IncidentForm(BootstrapMixin, forms.Form):
    harm_types = forms.MultipleChoiceField(
        label=_("Kinds of harm"), choices=HarmType.choices, widget=forms.CheckboxSelectMultiple
    )
    platforms = forms.MultipleChoiceField(
        label=_("Platforms"), choices=Platform.choices, widget=forms.CheckboxSelectMultiple
    )
    first_contact_on = forms.DateField(label=_("First contact"), required=False, widget=DateInput())
    last_contact_on = forms.DateField(label=_("Last contact"), required=False, widget=DateInput())
    demands = forms.MultipleChoiceField(
        label=_("What the offender demanded"),
        choices=Demand.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    amount_demanded = forms.DecimalField(label=_("Amount demanded (Rp)"), required=False, min_value=0, decimal_places=0)
    amount_paid = forms.DecimalField(label=_("Amount paid (Rp)"), required=False, min_value=0, decimal_places=0)
    images_shared = forms.BooleanField(label=_("Images of the victim were shared"), required=False)
    images_shared_where = forms.CharField(
        label=_("Where the images were shared"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Platforms, groups or sites — never the images themselves."),
    )
    description = forms.CharField(
        label=_("What happened online"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        check_inputs(self)


class AccountForm(BootstrapMixin, forms.Form):
    platform = forms.ChoiceField(label=_("Platform"), choices=_blank(Platform.choices))
    handle = forms.CharField(label=_("Account name or number"), max_length=200)
    profile_url = forms.CharField(label=_("Profile address (URL)"), max_length=500, required=False)
    known_to_victim = forms.ChoiceField(label=_("Known to the victim?"), choices=_blank(Known.choices))


class EvidenceForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of evidence"), choices=_blank(EvidenceKind.choices))
    incident = forms.ModelChoiceField(
        label=_("Incident"), queryset=OnlineIncident.objects.none(), required=False, empty_label="—"
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    url = forms.CharField(label=_("Address (URL)"), max_length=1000, required=False)
    platform = forms.ChoiceField(label=_("Platform"), choices=_blank(Platform.choices), required=False)
    sexual_content = forms.ChoiceField(
        label=_("Does it show a sexual image?"),
        choices=SexualContent.choices,
        initial=SexualContent.NONE,
        widget=forms.RadioSelect,
    )
    police_hash = forms.CharField(label=_("Hash from the police"), max_length=200, required=False)
    chat_text = forms.CharField(label=_("Chat export (text)"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    captured_at = LocalDateTimeField(label=_("Captured at"), required=False)
    captured_by = forms.CharField(label=_("Captured by"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File of context (optional)"),
        required=False,
        help_text=_("A screenshot of a profile page or a chat list, a payment receipt. Never a sexual image."),
    )
    no_sexual_image_confirmed = forms.BooleanField(
        label=_("I confirm the file contains no sexual image"), required=False
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["incident"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  (a programming error, not input)
        field.queryset = case.online_incidents.order_by("-created_at")
        field.label_from_instance = lambda obj: ", ".join(obj.harm_labels()) or str(obj.pk)[:8]  # type: ignore[method-assign]
        check_inputs(self)

    def clean(self) -> dict[str, Any] | None:
        # Whether the item shows a sexual image is said once: with two values the last would win.
        refuse_repeated(self, "sexual_content", "no_sexual_image_confirmed")
        return super().clean()


class CustodyForm(BootstrapMixin, forms.Form):
    handed_to = forms.CharField(label=_("Handed to (name, unit)"), max_length=200)
    handed_at = LocalDateTimeField(label=_("Handed over at"))
    reference = forms.CharField(label=_("Reference number"), max_length=100, required=False)


class TakedownForm(BootstrapMixin, forms.Form):
    url = forms.CharField(label=_("Address (URL)"), max_length=1000, required=False)
    account = forms.ModelChoiceField(
        label=_("Or the offender's account"), queryset=OffenderAccount.objects.none(), required=False, empty_label="—"
    )
    platform = forms.ChoiceField(label=_("Platform"), choices=_blank(Platform.choices))
    channel = forms.ChoiceField(label=_("Channel"), choices=_blank(Channel.choices))
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(v, label) for v, label in TakedownStatus.choices if v in ("draft", "submitted", "acknowledged")],
        initial=TakedownStatus.SUBMITTED,
    )
    submitted_at = LocalDateTimeField(label=_("Submitted at"), required=False)
    reference = forms.CharField(label=_("Reference number"), max_length=100, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["account"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = OffenderAccount.objects.filter(incident__case=case).order_by("created_at")
        field.label_from_instance = lambda obj: f"{obj.get_platform_display()} · {obj.handle}"  # type: ignore[method-assign]


class TakedownStatusForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("New status"), choices=[(v, label) for v, label in TakedownStatus.choices if v != "draft"]
    )
    at = LocalDateTimeField(label=_("When"), required=False, help_text=_("Now, when left empty."))
    reference = forms.CharField(label=_("Reference number"), max_length=100, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SafetyPlanForm(BootstrapMixin, forms.Form):
    """One status and one note per checklist point (docs/online.md)."""

    def __init__(self, *args: Any, current: dict[str, tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key in SafetyItem.values:
            status, notes = current.get(key, (SafetyStatus.TODO, ""))
            # The point's text is its fieldset's legend (``rows``), shown once; screen readers read
            # the fields' own labels with it.
            self.fields[f"{key}_status"] = forms.ChoiceField(
                label=_("Status"), choices=SafetyStatus.choices, initial=status
            )
            self.fields[f"{key}_notes"] = forms.CharField(
                label=_("Notes"),
                required=False,
                initial=notes,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 1}),
            )
        for field in self.fields.values():
            widget = field.widget
            widget.attrs["class"] = "form-select" if isinstance(widget, forms.Select) else "form-control"

    def rows(self) -> list[tuple[Any, Any, Any]]:
        """(the point's text, its status field, its notes field) for each checklist point."""
        return [(label, self[f"{key}_status"], self[f"{key}_notes"]) for key, label in SafetyItem.choices]

    def items(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {key: (data[f"{key}_status"], data[f"{key}_notes"]) for key in SafetyItem.values}


class GuidanceForm(BootstrapMixin, forms.Form):
    title_id = forms.CharField(label=_("Title (Indonesian)"), max_length=200)
    body_id = forms.CharField(
        label=_("Text (Indonesian)"), widget=forms.Textarea(attrs={"rows": 7}), help_text=_("One point per line.")
    )
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    body_en = forms.CharField(
        label=_("Text (English)"), widget=forms.Textarea(attrs={"rows": 7}), help_text=_("One point per line.")
    )
