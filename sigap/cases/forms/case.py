"""Forms of the case page: the overview (risk and forms of violence), the team, the case manager, a task done."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from sigap.cases.actions import TASK_NOTE_MAX_LENGTH
from sigap.cases.codes import RiskLevel, ViolenceForm
from sigap.cases.forms.intake import UserChoiceField, case_manager_choices, check_inputs
from sigap.cases.models import Case, CaseTeamMember
from sigap.lib.forms import BootstrapMixin, model_choice_field


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

    user = UserChoiceField(label=_("Colleague"), queryset=None)
    access = forms.ChoiceField(label=_("Access"), choices=CaseTeamMember.Access.choices)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taken = [case.case_manager_id, *case.team.values_list("user_id", flat=True)]
        model_choice_field(self, "user").queryset = (
            get_user_model()
            .objects.filter(memberships__organisation_id=case.organisation_id, memberships__is_active=True)
            .exclude(pk__in=[pk for pk in taken if pk is not None])
            .distinct()
            .order_by("full_name")
        )


class AssignForm(BootstrapMixin, forms.Form):
    """Give the case to a case manager (a caseworker or supervisor of the owner organisation)."""

    case_manager = UserChoiceField(label=_("Case manager"), queryset=None)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"case_manager": case.case_manager_id})
        super().__init__(*args, **kwargs)
        model_choice_field(self, "case_manager").queryset = case_manager_choices(case.organisation)


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
