"""Intake and person forms.

The intake screen is several forms posted together: the case (:class:`IntakeForm`), the client
(:class:`PersonForm`, prefix ``client``), the reporter (:class:`ReporterForm`) and a formset of
perpetrators. Buttons that only change the page ("Add another perpetrator", "Check for existing
persons", the region picker's "Next"/"Search") are round trips: the page comes back with what was
typed and no errors (:class:`QuietMixin`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.utils import ErrorDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.accounts.picker import PersonField
from sigap.cases.access import linkable_persons
from sigap.cases.actions.persons import EDITABLE_FIELDS as PERSON_EDITABLE_FIELDS
from sigap.cases.codes import (
    ClientType,
    IntakeChannel,
    Place,
    Relationship,
    RiskLevel,
    Sex,
    TPKSOffence,
    ViolenceForm,
    age_on,
)
from sigap.cases.models import Person
from sigap.lib.birthdate import DateOfBirthField
from sigap.lib.forms import BootstrapMixin, FormMixinBase
from sigap.organisations.models import Membership, Organisation
from sigap.organisations.roles import Capability, Role, capabilities_of
from sigap.regions.forms import RegionField, RegionFormMixin
from sigap.regions.models import Level

MAX_AGE = 120
NEW_PERSON = "new"
CASE_MANAGER_ROLES = [role.value for role in Role if Capability.MANAGE_CASES in capabilities_of(role)]


class QuietMixin(FormMixinBase):
    """Set ``quiet = True`` on a bound form to show what was typed without errors (a round trip)."""

    quiet = False
    _errors: ErrorDict | None

    def full_clean(self) -> None:
        super().full_clean()
        if self.quiet:
            self._errors = ErrorDict()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def check_inputs(form: forms.BaseForm) -> None:
    """Checkbox and radio lists get Bootstrap's check class (BootstrapMixin gives them form-control)."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.RadioSelect):  # CheckboxSelectMultiple is one too
            field.widget.attrs["class"] = "form-check-input"


def _blank(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


def date_from_age(age: int, today: date | None = None) -> date:
    """An estimated date of birth for someone ``age`` years old today."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - age)
    except ValueError:  # 29 February
        return today.replace(year=today.year - age, day=28)


def case_manager_choices(organisation: Organisation) -> QuerySet[Any]:
    """Active caseworkers and supervisors of the organisation, by name."""
    managers = Membership.objects.filter(organisation=organisation, is_active=True, role__in=CASE_MANAGER_ROLES)
    return get_user_model().objects.filter(pk__in=managers.values("user_id"), is_active=True)


class PersonForm(BootstrapMixin, QuietMixin, RegionFormMixin, forms.ModelForm[Person]):
    """All the details of a person; the age may stand in for an unknown date of birth."""

    estimated_age = forms.IntegerField(
        label=_("Age in years (when the date of birth is not known)"),
        required=False,
        min_value=0,
        max_value=MAX_AGE,
    )
    village = RegionField(label=_("Village where the person lives"), level=Level.VILLAGE, required=False)
    date_of_birth = DateOfBirthField(label=_("Date of birth"))

    class Meta:
        model = Person
        # The same fields the update_person verb may change.
        fields = list(PERSON_EDITABLE_FIELDS)
        widgets = {"nik": forms.TextInput(attrs={"inputmode": "numeric"})}

    field_order = ["full_name", "known_as", "nik", "phone", "sex", "date_of_birth", "estimated_age"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.input_type = "tel"
        self.fields["nik"].help_text = _("16 digits. Leave empty when the person has none or it is not known.")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        age = data.get("estimated_age")
        if not data.get("date_of_birth") and age is not None:
            data["date_of_birth"] = date_from_age(age)
            data["birth_date_estimated"] = True
            self.instance.date_of_birth = data["date_of_birth"]
            self.instance.birth_date_estimated = True
        if data.get("disability_type") and not data.get("has_disability"):
            data["has_disability"] = True
            self.instance.has_disability = True
        return data

    def person_values(self) -> dict[str, Any]:
        """The cleaned values, ready for ``create_person`` or ``update_person``."""
        return {name: self.cleaned_data.get(name) for name in self._meta.fields or []}


class ReporterForm(BootstrapMixin, QuietMixin, forms.ModelForm[Person]):
    """Who reported the case, when not the client: a name is enough."""

    class Meta:
        model = Person
        fields = ["full_name", "phone", "sex"]
        labels = {"full_name": _("Reporter's name")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = False
        self.fields["phone"].widget.input_type = "tel"

    @property
    def given(self) -> bool:
        return bool(self.cleaned_data.get("full_name"))

    def person_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) or "" for name in ["full_name", "phone", "sex"]}


class PerpetratorForm(BootstrapMixin, QuietMixin, forms.Form):
    """One alleged perpetrator; an empty row is ignored."""

    full_name = forms.CharField(
        label=_("Name or description"),
        max_length=200,
        required=False,
        help_text=_("A name, or a description such as “unknown man” when the name is not known."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=_blank(Sex.choices), required=False)
    age = forms.IntegerField(label=_("Age (about)"), min_value=0, max_value=MAX_AGE, required=False)
    is_child = forms.BooleanField(label=_("The perpetrator is a child (under 18)"), required=False)
    relationship = forms.ChoiceField(
        label=_("Relationship to the victim"), choices=_blank(Relationship.choices), required=False
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not any(data.get(name) not in (None, "", False) for name in self.fields):
            return data
        if not data.get("full_name"):
            self.add_error("full_name", _("Give a name or a description."))
        if not data.get("relationship"):
            self.add_error("relationship", _("Choose the relationship to the victim."))
        age = data.get("age")
        if age is not None and age < 18:
            data["is_child"] = True
        return data

    @property
    def used(self) -> bool:
        return bool(self.cleaned_data.get("full_name"))

    def person_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {"full_name": self.cleaned_data["full_name"], "sex": self.cleaned_data["sex"]}
        if self.cleaned_data.get("age") is not None:
            values["date_of_birth"] = date_from_age(self.cleaned_data["age"])
            values["birth_date_estimated"] = True
        return values


PerpetratorFormSet = forms.formset_factory(PerpetratorForm, extra=1, max_num=20, absolute_max=20)


class IntakeForm(BootstrapMixin, QuietMixin, RegionFormMixin, forms.Form):
    """What is known about the case at registration (docs/cases.md, stage 1)."""

    # Rendered by the likely-matches list (cases/intake_matches.html): a person's id, NEW_PERSON, or empty.
    client_person = forms.CharField(label=_("Existing person"), required=False, widget=forms.HiddenInput)
    client_type = forms.ChoiceField(
        label=_("Client type"),
        choices=_blank(ClientType.choices),
        required=False,
        help_text=_("Worked out from the date of birth when it is known."),
    )
    intake_channel = forms.ChoiceField(label=_("How the case reached us"), choices=_blank(IntakeChannel.choices))
    reporter_is_client = forms.BooleanField(label=_("The client reported it herself"), required=False)
    intake_narrative = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    violence_forms = forms.MultipleChoiceField(
        label=_("Forms of violence"), choices=ViolenceForm.choices, widget=forms.CheckboxSelectMultiple
    )
    tpks_offences = forms.MultipleChoiceField(
        label=_("Sexual-violence offences (UU 12/2022 TPKS)"),
        choices=TPKSOffence.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only when the forms include sexual violence."),
    )
    place = forms.ChoiceField(
        label=_("Where it happened (kind of place)"), choices=_blank(Place.choices), required=False
    )
    incident_date = forms.DateField(label=_("Date of the incident"), widget=DateInput(), required=False)
    incident_date_estimated = forms.BooleanField(label=_("The date is approximate"), required=False)
    incident_regency = RegionField(label=_("Regency/city where it happened"), level=Level.REGENCY, required=False)
    is_online = forms.BooleanField(label=_("Online abuse is involved"), required=False)
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=_blank(RiskLevel.choices))
    risk_reason = forms.CharField(
        label=_("Why this risk level"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    flag_immediate_danger = forms.BooleanField(label=_("Immediate danger"), required=False)
    flag_disability = forms.BooleanField(label=_("The client has a disability"), required=False)
    flag_pregnancy = forms.BooleanField(label=_("The client is pregnant"), required=False)
    case_manager = PersonField(
        label=_("Case manager"), required=False, help_text=_("Leave empty when nobody is assigned yet.")
    )

    def __init__(self, *args: Any, organisation: Organisation, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.user = user
        field: Any = self.fields["case_manager"]
        field.queryset = case_manager_choices(organisation)
        field.url = reverse("cases:intake_people") + f"?organisation={organisation.pk}"
        self.confirm_new = False
        check_inputs(self)

    def clean_client_person(self) -> Person | None:
        """The existing person chosen as the client (one of this organisation the user may link), or None."""
        value = (self.cleaned_data.get("client_person") or "").strip()
        self.confirm_new = value == NEW_PERSON
        if not value or value == NEW_PERSON:
            return None
        try:
            return linkable_persons(self.user).get(pk=value, organisation=self.organisation)
        except (Person.DoesNotExist, ValueError, ValidationError):
            # The choice is rendered with the likely matches, not as a field: say it on top.
            self.add_error(None, _("Choose a person from the list."))
            return None

    def clean_incident_date(self) -> date | None:
        when = self.cleaned_data.get("incident_date")
        if when and when > timezone.localdate():
            raise forms.ValidationError(_("The date of the incident cannot be in the future."))
        return when

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("tpks_offences") and ViolenceForm.SEKSUAL not in (data.get("violence_forms") or []):
            self.add_error("tpks_offences", _("TPKS offences apply only when the forms include sexual violence."))
        return data


def client_type_for(born: date | None, sex: str, chosen: str) -> tuple[str, str | None]:
    """(client type, error): from the date of birth when known (under 18 at intake is a child)."""
    if born is None:
        if not chosen:
            return "", str(_("Choose the client type: the date of birth is not known."))
        return chosen, None
    if age_on(born, timezone.localdate()) < 18:
        return ClientType.CHILD, None
    if sex == Sex.MALE:
        return "", str(_("An adult client must be a woman: Sigap's clients are children and adult women."))
    return ClientType.ADULT_WOMAN, None
