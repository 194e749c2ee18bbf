from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sigap.lib.forms import BootstrapMixin, choice_field, model_choice_field
from sigap.organisations.actions import ORGANISATION_FIELDS
from sigap.organisations.models import Membership, Organisation, OrganisationKind
from sigap.organisations.roles import Capability, Role, capabilities_of
from sigap.regions.models import Province, Regency


class SupervisorChoiceField(forms.ModelChoiceField[Membership]):
    def label_from_instance(self, obj: Membership) -> str:
        return obj.user.full_name


SUPERVISING_ROLES = [role for role in Role if Capability.SUPERVISE in capabilities_of(role)]


def supervisor_choices(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation, is_active=True, role__in=SUPERVISING_ROLES)
        .select_related("user")
        .order_by("user__full_name")
    )


def role_choices(grant_national: bool) -> list[tuple[str, Any]]:
    return [(value, label) for value, label in Role.choices if grant_national or value != Role.NATIONAL_ADMIN]


class DirectoryFilterForm(BootstrapMixin, forms.Form):
    """Filters of the organisation directory (a GET form; every field optional)."""

    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.order_by("name"), required=False, empty_label=_("All provinces")
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganisationKind.choices])

    def filter(self, qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        if data["q"].strip():
            qs = qs.filter(name__icontains=data["q"].strip())
        if data["province"]:
            qs = qs.filter(province=data["province"])
        if data["kind"]:
            qs = qs.filter(kind=data["kind"])
        return qs


def regency_choices(province_code: str | None) -> list[tuple[str, str]]:
    empty = [("", str(_("No regency/city (province level)")))]
    if not province_code:
        return empty
    return empty + [(r.code, r.name) for r in Regency.objects.filter(province_id=province_code).order_by("name")]


def _formfield(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class OrganisationForm(BootstrapMixin, forms.ModelForm[Organisation]):
    """Create or edit an organisation. The regency list shows the chosen province's regencies only.

    Validation (regency in province, unique name, parent loops) is the verb's, which calls the
    model's ``full_clean``; the view copies its errors onto this form.
    """

    class Meta:
        model = Organisation
        fields = list(ORGANISATION_FIELDS)
        formfield_callback = _formfield

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "province").queryset = Province.objects.order_by("name")
        model_choice_field(self, "regency").queryset = Regency.objects.all()
        parents = Organisation.objects.select_related("province").order_by("name")
        if self.instance._state.adding:
            del self.fields["is_active"]
        else:
            parents = parents.exclude(pk=self.instance.pk)
        model_choice_field(self, "parent").queryset = parents
        self.fields["regency"].widget.choices = regency_choices(self.province_code())
        self.fields["province"].widget.attrs.update(
            {
                "hx-get": reverse("organisations:regency_options"),
                "hx-target": "#id_regency",
                "hx-trigger": "change",
                "aria-controls": "id_regency",
            }
        )

    def province_code(self) -> str | None:
        if self.is_bound:
            return self.data.get(self.add_prefix("province")) or None
        if self.initial.get("province"):
            return str(self.initial["province"])
        return self.instance.province_id or None

    def _post_clean(self) -> None:
        # The verb validates the model; skip ModelForm's own model validation so errors appear once.
        pass


class AddMemberForm(BootstrapMixin, forms.Form):
    email = forms.EmailField(label=_("Email address"))
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        required=False,
        help_text=_("Needed only when the person has no Sigap account yet; they get an email to choose a password."),
    )
    role = forms.ChoiceField(label=_("Role"))
    supervisor = SupervisorChoiceField(
        label=_("Supervisor"), queryset=Membership.objects.none(), required=False, empty_label=_("Nobody")
    )

    def __init__(self, *args: Any, organisation: Organisation, grant_national: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "role").choices = role_choices(grant_national)
        model_choice_field(self, "supervisor").queryset = supervisor_choices(organisation)


class ChangeRoleForm(BootstrapMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, grant_national: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "role").choices = role_choices(grant_national)


class SupervisorForm(BootstrapMixin, forms.Form):
    supervisor = SupervisorChoiceField(
        label=_("Supervisor"), queryset=Membership.objects.none(), required=False, empty_label=_("Nobody")
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "supervisor").queryset = supervisor_choices(membership.organisation).exclude(
            user_id=membership.user_id
        )
