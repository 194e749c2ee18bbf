"""Referral forms: they collect and type the input; the verbs in ``actions.py`` decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.cases.codes import ServiceType
from sigap.cases.forms.work import DateInput
from sigap.cases.models import Case
from sigap.directory.models import Service, ServiceQuerySet
from sigap.lib.forms import BootstrapMixin, choice_field
from sigap.organisations.models import OrganisationKind
from sigap.referrals.actions import ReferralInput
from sigap.referrals.models import Section, Status, Urgency
from sigap.regions.models import Province, Regency


def referable_services(case: Case) -> ServiceQuerySet:
    """Directory services of other organisations that accept referrals now."""
    return (
        Service.objects.filter(is_active=True, organisation__is_active=True, accepting_referrals=True)
        .exclude(organisation_id=case.organisation_id)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


FILTER_FORM_ID = "service-filter"


def in_region(services: ServiceQuerySet, *, province: str, regency: str) -> ServiceQuerySet:
    """Services whose area covers the regency (or the province); a service with no area recorded
    serves its own organisation's regency (or province)."""
    if not (province or regency):
        return services
    through_r, through_p = Service.area_regencies.through, Service.area_provinces.through
    no_area = ~Exists(through_r.objects.filter(service_id=OuterRef("pk"))) & ~Exists(
        through_p.objects.filter(service_id=OuterRef("pk"))
    )
    home = Q(organisation__regency_id=regency) if regency else Q(organisation__province_id=province)
    return services.matching(regency=regency or None, province=province or None) | services.filter(no_area, home)


class ServiceFilterForm(BootstrapMixin, forms.Form):
    """Narrows the referral form's list of services: by the service type and the area served.

    A GET form of its own (its inputs sit next to the service list with ``form="service-filter"``,
    and the referral form carries copies so a re-shown form keeps the same list). Without any
    filter in the request, the list starts at the case's region (where it happened, otherwise the
    organisation's regency or province); choosing "any" widens it.
    """

    type = forms.ChoiceField(label=_("Type of service"), required=False)
    province = forms.ChoiceField(label=_("Province served"), required=False)
    regency = forms.ChoiceField(label=_("Regency/city served"), required=False)

    def __init__(self, params: Any, *, case: Case, url: str) -> None:
        keys = [f"filter-{name}" for name in ("type", "province", "regency")]
        chosen = any(key in params for key in keys)
        data = {key: params.get(key, "") for key in keys} if chosen else self.defaults(case)
        super().__init__(data, prefix="filter")
        choice_field(self, "type").choices = [("", _("Any type")), *ServiceType.choices]
        choice_field(self, "province").choices = [
            ("", _("Any province")),
            *Province.objects.order_by("name").values_list("code", "name"),
        ]
        province = str(data["filter-province"])[:2]
        regencies = Regency.objects.filter(province_id=province).order_by("name").values_list("code", "name")
        choice_field(self, "regency").choices = [("", _("Any regency/city")), *(regencies if province else [])]
        for field in self.fields.values():
            field.widget.attrs.update(
                {
                    "form": FILTER_FORM_ID,
                    "hx-get": url,
                    "hx-include": f"[form={FILTER_FORM_ID}]",
                    "hx-target": "#service-picker",
                    "hx-select": "#service-picker",
                    "hx-swap": "outerHTML",
                }
            )

    @staticmethod
    def defaults(case: Case) -> dict[str, str]:
        regency = case.incident_regency_id or case.organisation.regency_id or ""
        province = str(regency)[:2] if regency else case.organisation.province_id or ""
        return {"filter-type": "", "filter-province": str(province), "filter-regency": str(regency)}

    def values(self) -> dict[str, str]:
        """The valid filters ("" where none); a regency outside the chosen province is dropped."""
        self.is_valid()  # an invalid choice is left out of cleaned_data; the other filters still apply
        data = self.cleaned_data
        province, regency = data.get("province", ""), data.get("regency", "")
        if regency and not regency.startswith(f"{province}."):
            regency = ""
        return {"type": data.get("type", ""), "province": province, "regency": regency}

    def services(self, case: Case) -> ServiceQuerySet:
        chosen = self.values()
        services = in_region(referable_services(case), province=chosen["province"], regency=chosen["regency"])
        if chosen["type"]:
            services = services.matching(service_type=chosen["type"])
        return services.order_by("organisation__name", "name")


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.organisation.short_name or obj.organisation.name} — {obj.name}"


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ReferralForm(BootstrapMixin, forms.Form):
    service = ServiceChoiceField(
        label=_("Service in the directory"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("— a partner not on Sigap (below) —"),
    )
    external_name = forms.CharField(label=_("Partner not on Sigap: name"), max_length=200, required=False)
    external_contact = forms.CharField(label=_("Partner's contact (phone, address)"), max_length=300, required=False)
    external_kind = forms.ChoiceField(
        label=_("Kind of partner"), choices=[("", "—"), *OrganisationKind.choices], required=False
    )
    service_type = forms.ChoiceField(label=_("Service needed"), choices=[("", "—"), *ServiceType.choices])
    sections = forms.MultipleChoiceField(
        label=_("What to share"),
        choices=Section.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only these sections reach the receiver, and only while the referral is active."),
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Urgency.choices, initial=Urgency.ROUTINE, widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("Why the client is referred and what they need"), widget=_textarea(4))

    def __init__(self, *args: Any, case: Case, services: QuerySet[Service] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  (a programming error, not input)
        field.queryset = referable_services(case) if services is None else services
        self.fields["urgency"].help_text = _(
            "The answer is due by the case's risk level; at the latest in %(urgent)d hours for an urgent "
            "referral and %(emergency)d hours for an emergency."
        ) % {
            "urgent": settings.SIGAP_REFERRAL_DUE_HOURS_URGENT,
            "emergency": settings.SIGAP_REFERRAL_DUE_HOURS_EMERGENCY,
        }

    def values(self) -> ReferralInput:
        data = self.cleaned_data
        return ReferralInput(
            service=data["service"],
            external_name=data["external_name"],
            external_contact=data["external_contact"],
            external_kind=data["external_kind"],
            service_type=data["service_type"],
            sections=data["sections"],
            urgency=data["urgency"],
            reason=data["reason"],
        )


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=_textarea(3))


class OutcomeForm(BootstrapMixin, forms.Form):
    outcome = forms.CharField(label=_("Outcome for the referring caseworker"), widget=_textarea(3))


class DeliveryForm(BootstrapMixin, forms.Form):
    service_type = forms.ChoiceField(label=_("Service delivered"), choices=ServiceType.choices)
    delivered_on = forms.DateField(label=_("Date"), widget=DateInput)
    outcome = forms.CharField(label=_("What was done"), widget=_textarea(3), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"delivered_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ListFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Any")), *Status.choices], required=False)
