"""Forms of the case page: the overview (risk and forms of violence), the team, the case manager, a task done."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sigap.accounts.picker import PersonField
from sigap.cases.actions import TASK_NOTE_MAX_LENGTH
from sigap.cases.codes import RiskLevel, ViolenceForm
from sigap.cases.forms.intake import case_manager_choices, check_inputs
from sigap.cases.models import Case, CaseTeamMember
from sigap.lib.forms import BootstrapMixin
from sigap.organisations.models import Membership


class OverviewForm(BootstrapMixin, forms.Form):
    """Re-rate the risk and correct the forms of violence; ``version`` guards against lost updates."""

    risk_level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices)
    risk_reason = forms.CharField(
        label=_("Why this risk level"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    violence_forms = forms.MultipleChoiceField(
        label=_("Forms of violence"), choices=ViolenceForm.choices, widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "risk_level": case.risk_level,
                "risk_reason": case.risk_reason,
                "violence_forms": case.forms,
                "version": case.version,
            },
        )
        super().__init__(*args, **kwargs)
        self.case = case
        check_inputs(self)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        risk_changed = data.get("risk_level") != self.case.risk_level
        if risk_changed and not (data.get("risk_reason") or "").strip():
            self.add_error("risk_reason", _("Say why the risk level changes."))
        return data

    @property
    def risk_changed(self) -> bool:
        return (self.cleaned_data["risk_level"], self.cleaned_data["risk_reason"]) != (
            self.case.risk_level,
            self.case.risk_reason,
        )

    @property
    def forms_changed(self) -> bool:
        return sorted(self.cleaned_data["violence_forms"]) != sorted(self.case.forms)


class TeamMemberForm(BootstrapMixin, forms.Form):
    """Share the case with a colleague of the owner organisation."""

    user = PersonField(label=_("Colleague"))
    access = forms.ChoiceField(label=_("Access"), choices=CaseTeamMember.Access.choices)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = Membership.objects.filter(organisation_id=case.organisation_id, is_active=True).values("user_id")
        field: Any = self.fields["user"]
        colleagues = get_user_model().objects.filter(pk__in=members, is_active=True)
        colleagues = colleagues.exclude(pk__in=case.team.values("user_id"))
        if case.case_manager_id is not None:
            colleagues = colleagues.exclude(pk=case.case_manager_id)
        field.queryset = colleagues
        field.url = reverse("cases:people", args=[case.pk, "team"])


class AssignForm(BootstrapMixin, forms.Form):
    """Give the case to a case manager (a caseworker or supervisor of the owner organisation)."""

    case_manager = PersonField(label=_("Case manager"))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["case_manager"]
        field.queryset = case_manager_choices(case.organisation)
        field.url = reverse("cases:people", args=[case.pk, "assign"])


class TaskDoneForm(BootstrapMixin, forms.Form):
    """Mark a manual task done: what was done, and a deliberate confirmation (works without JavaScript)."""

    note = forms.CharField(
        label=_("What was done"),
        help_text=_("For example: who was contacted and how, or where the report was made."),
        max_length=TASK_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say briefly what was done.")},
    )
    confirm = forms.BooleanField(
        label=_("I confirm this task was really done."),
        error_messages={"required": _("Tick the box to confirm the task was done.")},
    )


PICKER_FORMS: dict[str, tuple[type[Any], str, str]] = {
    # purpose in the endpoint's URL: (form, its person field, the access verb that shows the form)
    "team": (TeamMemberForm, "user", "manage_team"),
    "assign": (AssignForm, "case_manager", "assign"),
}
