from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.cases.codes import ClientType, ServiceType, Sex
from sigap.directory.actions import AREA_FIELDS, SERVICE_FIELDS
from sigap.directory.models import Language, Service, ServiceQuerySet
from sigap.lib.forms import BootstrapMixin, choice_field, model_choice_field
from sigap.organisations.forms import regency_choices
from sigap.regions.models import Province, Regency, Village


class ServiceFilterForm(BootstrapMixin, forms.Form):
    """Filters of the directory search (a GET form; every field optional)."""

    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.order_by("name"), required=False, empty_label=_("All provinces")
    )
    regency = forms.ChoiceField(label=_("Regency/city"), required=False)
    service_type = forms.ChoiceField(
        label=_("Service type"), required=False, choices=[("", _("All service types")), *ServiceType.choices]
    )
    age = forms.IntegerField(label=_("Client's age"), required=False, min_value=0, max_value=120)
    sex = forms.ChoiceField(label=_("Client's sex"), required=False, choices=[("", _("Any")), *Sex.choices])
    client_type = forms.ChoiceField(
        label=_("Client type"), required=False, choices=[("", _("Any")), *ClientType.choices]
    )
    accepting_referrals = forms.BooleanField(label=_("Accepting referrals only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        province = (self.data.get("province") or "")[:2] or None
        choice_field(self, "regency").choices = [
            ("", _("All regencies/cities")),
            *regency_choices(province)[1:],
        ]

    def filter(self, qs: ServiceQuerySet) -> ServiceQuerySet:
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        return qs.matching(
            province=data["province"],
            regency=data["regency"],
            service_type=data["service_type"],
            age=data["age"],
            sex=data["sex"],
            client_type=data["client_type"],
            accepting_referrals=True if data["accepting_referrals"] else None,
        )


class ServiceForm(BootstrapMixin, forms.ModelForm[Service]):
    """Add or edit a service. Validation is the verb's (model full_clean); the view shows its errors."""

    service_types = forms.MultipleChoiceField(
        label=_("Service types"), choices=ServiceType.choices, widget=forms.CheckboxSelectMultiple, required=True
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=Language.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    village = forms.CharField(
        label=_("Village code"),
        required=False,
        max_length=13,
        help_text=_("Optional official village (kelurahan/desa) code, e.g. 32.73.01.1001."),
    )

    class Meta:
        model = Service
        fields = [*SERVICE_FIELDS, *AREA_FIELDS]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "area_regencies": forms.SelectMultiple(attrs={"size": 8}),
            "area_provinces": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "area_regencies").queryset = Regency.objects.order_by("province_id", "name")
        model_choice_field(self, "area_provinces").queryset = Province.objects.order_by("name")
        if self.instance.village_id:
            self.initial["village"] = self.instance.village_id

    def clean_village(self) -> Village | None:
        code = self.cleaned_data["village"].strip()
        if not code:
            return None
        village = Village.objects.filter(pk=code).first()
        if village is None:
            raise forms.ValidationError(_("No village has this code."))
        return village

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, choices in (("service_types", ServiceType.choices), ("languages", Language.choices)):
            if name in data:
                data[name] = [value for value, _label in choices if value in set(data[name])]
        return data

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def _post_clean(self) -> None:
        # The verb validates the model; skip ModelForm's own model validation so errors appear once.
        pass
