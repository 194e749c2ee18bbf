"""Referral forms: they collect and type the input; the verbs in ``actions.py`` decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.cases.codes import ServiceType
from sigap.cases.forms.work import DateInput
from sigap.cases.models import Case
from sigap.directory.models import Service
from sigap.lib.forms import BootstrapMixin
from sigap.organisations.models import OrganisationKind
from sigap.referrals.actions import ReferralInput
from sigap.referrals.models import Section, Status, Urgency


def referable_services(case: Case) -> QuerySet[Service]:
    """Directory services of other organisations that accept referrals now."""
    return (
        Service.objects.filter(is_active=True, organisation__is_active=True, accepting_referrals=True)
        .exclude(organisation_id=case.organisation_id)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


class ServiceChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
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

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  (a programming error, not input)
        field.queryset = referable_services(case)

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
