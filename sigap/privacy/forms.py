"""Forms of the data protection screens. The verbs validate; these only parse."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.lib.forms import DATETIME_INPUT, BootstrapMixin, LocalDateTimeField
from sigap.privacy.models import BREACH_FIELDS, Breach, DataCategory, SubjectRequest


def _now_local() -> str:
    return timezone.localtime().strftime(DATETIME_INPUT)


class RequestFilterForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Open (received or in progress)")), ("all", _("All")), *SubjectRequest.Status.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind of request"), required=False, choices=[("", _("All kinds")), *SubjectRequest.Kind.choices]
    )

    def filter(self, qs: QuerySet[SubjectRequest]) -> QuerySet[SubjectRequest]:
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status", "")
        if status == "":
            qs = qs.filter(status__in=[SubjectRequest.Status.RECEIVED, SubjectRequest.Status.IN_PROGRESS])
        elif status != "all":
            qs = qs.filter(status=status)
        if data.get("kind"):
            qs = qs.filter(kind=data["kind"])
        return qs


class OrganisationChoiceMixin:
    """An organisation field only when the DPO serves several organisations."""

    fields: dict[str, forms.Field]

    def add_organisation(self, organisations: list[Any]) -> None:
        if len(organisations) > 1:
            self.fields["organisation"] = forms.TypedChoiceField(
                label=_("Organisation"), choices=[(str(o.pk), o.name) for o in organisations]
            )
            self.fields["organisation"].widget.attrs["class"] = "form-select"


class ReceiveRequestForm(OrganisationChoiceMixin, BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of request"), choices=SubjectRequest.Kind.choices)
    requester = forms.CharField(
        label=_("Who asked"),
        max_length=200,
        help_text=_("For example: the person themself, their mother (guardian), their lawyer."),
    )
    details = forms.CharField(label=_("What is asked"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    received_at = LocalDateTimeField(label=_("Received"))

    def __init__(self, *args: Any, organisations: list[Any], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"received_at": _now_local()})
        super().__init__(*args, **kwargs)
        self.add_organisation(organisations)


class DecisionForm(BootstrapMixin, forms.Form):
    notes = forms.CharField(
        label=_("Decision notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class RefuseForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for refusal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("The person is told this reason."),
    )


class PersonSearchForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Name, NIK or phone of the person concerned"), max_length=100, required=False)


class BreachForm(OrganisationChoiceMixin, BootstrapMixin, forms.ModelForm[Breach]):
    discovered_at = LocalDateTimeField(label=_("Discovered"))
    data_categories = forms.MultipleChoiceField(
        label=_("Categories of data"),
        choices=DataCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Breach
        fields = BREACH_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "risk_assessment": forms.Textarea(attrs={"rows": 3}),
            "containment": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, organisations: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance._state.adding and not self.is_bound:
            self.initial.setdefault("discovered_at", _now_local())
        if organisations:
            self.add_organisation(organisations)
        self.fields["data_categories"].widget.attrs.pop("class", None)

    def _post_clean(self) -> None:
        """The verb validates the model (once, with its own messages)."""

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}


class BreachNotifiedForm(BootstrapMixin, forms.Form):
    authority_notified_at = LocalDateTimeField(label=_("Supervisory body notified"), required=False)
    subjects_notified_at = LocalDateTimeField(label=_("People affected notified"), required=False)
