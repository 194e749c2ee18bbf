"""Forms for the work on a case: screening, assessment, plan, services, follow-up, closure.

Forms only collect and type the input; the verbs in ``sigap.cases.actions`` decide what is allowed
and their refusals are shown on the form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sigap.accounts.models import User
from sigap.accounts.picker import PersonField
from sigap.cases import actions
from sigap.cases.codes import ClosureReason, Priority, RiskLevel, ServiceType
from sigap.cases.models import Assessment, AssessmentEntry, Case, CasePlan, FollowUp, PlanAction
from sigap.lib.forms import BootstrapMixin
from sigap.organisations.models import Membership, Organisation


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def style(form: forms.BaseForm) -> None:
    """Bootstrap classes for fields added after BootstrapMixin ran, and radio buttons as form-checks."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.RadioSelect, forms.CheckboxInput)):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = css


def choices_of(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)  # noqa: S101  (a programming error, not input)
    return field


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _blank(choices: list[tuple[str, Any]], label: Any = "---------") -> list[tuple[str, Any]]:
    return [("", label), *choices]


def _service_field(
    offered: list[tuple[str, Any]], *, required: bool = True, refusal: str | None = None
) -> forms.ChoiceField:
    """Every service validates, so a refused mediation reaches the verb and its reason is shown;
    the list ``offered`` on the page leaves it out, and ``refusal`` says why under the field."""
    field = forms.ChoiceField(label=_("Service"), choices=_blank(ServiceType.choices), required=required)
    field.widget.choices = _blank(offered)
    if refusal:
        field.help_text = refusal
    return field


# --- Assessment -----------------------------------------------------------------------------


class ScreeningForm(BootstrapMixin, forms.Form):
    summary = forms.CharField(label=_("What the screening found"), widget=_textarea(4))
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=RiskLevel.choices, widget=forms.RadioSelect)
    risk_reason = forms.CharField(
        label=_("Reason for the risk level"),
        widget=_textarea(2),
        required=False,
        help_text=_("Needed when the risk level changes."),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"risk_level": case.risk_level})
        super().__init__(*args, **kwargs)
        style(self)


@dataclass
class DomainFields:
    label: Any
    findings: forms.BoundField
    needs: forms.BoundField
    priority: forms.BoundField


class AssessmentForm(BootstrapMixin, forms.Form):
    """The comprehensive assessment: a summary, the risk level, and three fields per domain."""

    summary = forms.CharField(label=_("Summary"), widget=_textarea(4), required=False)
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=_blank(RiskLevel.choices), required=False)
    risk_reason = forms.CharField(
        label=_("Reason for the risk level"),
        widget=_textarea(2),
        required=False,
        help_text=_("Needed when the risk level changes."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        self.domains = actions.assessment_domains(assessment.case)
        entries = {entry.domain: entry for entry in assessment.entries.all()}
        initial: dict[str, Any] = {
            "summary": assessment.summary,
            "risk_level": assessment.risk_level,
            "risk_reason": assessment.risk_reason,
            "version": assessment.version,
        }
        for domain, _label in self.domains:
            entry = entries.get(domain)
            if entry is not None:
                initial.update(
                    {
                        f"{domain}_findings": entry.findings,
                        f"{domain}_needs": entry.needs,
                        f"{domain}_priority": entry.priority,
                    }
                )
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for domain, _label in self.domains:
            self.fields[f"{domain}_findings"] = forms.CharField(label=_("Findings"), widget=_textarea(), required=False)
            self.fields[f"{domain}_needs"] = forms.CharField(label=_("Needs"), widget=_textarea(2), required=False)
            self.fields[f"{domain}_priority"] = forms.ChoiceField(
                label=_("Priority"), choices=_blank(Priority.choices), required=False
            )
        style(self)

    def domain_fields(self) -> list[DomainFields]:
        return [
            DomainFields(label, self[f"{domain}_findings"], self[f"{domain}_needs"], self[f"{domain}_priority"])
            for domain, label in self.domains
        ]

    def entries(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {
            domain: {
                "findings": data[f"{domain}_findings"],
                "needs": data[f"{domain}_needs"],
                "priority": data[f"{domain}_priority"],
            }
            for domain, _label in self.domains
        }


class VersionForm(forms.Form):
    """Just the version the user saw, for buttons that change a record (complete, submit)."""

    version = forms.IntegerField(widget=forms.HiddenInput)


# --- Case plan ------------------------------------------------------------------------------


def organisation_choices() -> list[tuple[str, str]]:
    return [(str(pk), name) for pk, name in Organisation.objects.filter(is_active=True).values_list("pk", "name")]


def case_staff(case: Case) -> QuerySet[Any]:
    """Active members of the case's organisation, for the plan's "responsible person" boxes."""
    members = Membership.objects.filter(organisation=case.organisation, is_active=True).values("user_id")
    return User.objects.filter(pk__in=members, is_active=True)


class GoalForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Goal"), widget=_textarea(2), required=False)
    need = forms.CharField(widget=forms.HiddenInput, required=False)  # the assessment need it answers
    remove = forms.BooleanField(label=_("Remove this goal"), required=False)
    need_entry: AssessmentEntry | None = None


class ActionForm(BootstrapMixin, forms.Form):
    service_type = forms.ChoiceField(label=_("Service"), required=False)
    description = forms.CharField(label=_("What will be done"), widget=_textarea(2), required=False)
    responsible_organisation = forms.ChoiceField(label=_("Responsible organisation"), required=False)
    responsible_user = PersonField(label=_("Responsible person"), required=False)
    due_date = forms.DateField(label=_("Due by"), widget=DateInput, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=PlanAction.Status.choices, initial=PlanAction.Status.PLANNED)
    remove = forms.BooleanField(label=_("Remove this action"), required=False)

    def __init__(self, *args: Any, choices: Mapping[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_type"] = _service_field(choices["services"], required=False)
        choices_of(self, "responsible_organisation").choices = _blank(choices["organisations"])
        person: Any = self.fields["responsible_user"]
        person.queryset, person.url = choices["staff"], choices["staff_url"]
        style(self)

    @property
    def is_empty(self) -> bool:
        data = self.cleaned_data
        keys = ("service_type", "description", "responsible_organisation", "responsible_user", "due_date")
        return not any(data.get(key) for key in keys)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("remove") and not self.is_empty and not data.get("service_type"):
            self.add_error("service_type", _("Choose a service for this action."))
        return data


class PlanForm:
    """Goals with their actions as one form of numbered blocks, so the whole plan saves at once
    without JavaScript: ``g0-text``, ``g0a1-service_type``, with the counts in hidden fields."""

    def __init__(self, plan: CasePlan, data: Mapping[str, Any] | None = None, *, add: str = "") -> None:
        self.plan = plan
        self.case = plan.case
        self.data = data
        self.choices: dict[str, Any] = {
            "organisations": organisation_choices(),
            "staff": case_staff(self.case),
            "staff_url": reverse("cases:people", args=[self.case.pk, "plan"]),
            "services": actions.allowed_service_types(self.case),
        }
        self.mediation_refusal = actions.mediation_refusal(self.case)
        found = AssessmentEntry.objects.filter(assessment__case=self.case).exclude(needs="")
        self.needs = {str(entry.pk): entry for entry in found}
        self.version = data.get("version") if data is not None else plan.version
        self.non_field_errors: list[str] = []
        self.blocks: list[tuple[GoalForm, list[ActionForm]]] = []
        if data is None:
            for i, goal in enumerate(plan.goals.prefetch_related("actions__responsible_user")):
                action_forms = [
                    self._action(i, j, initial=self._action_initial(action))
                    for j, action in enumerate(goal.actions.all())
                ]
                action_forms.append(self._action(i, len(action_forms)))
                initial = {"text": goal.text, "need": str(goal.need_id or "")}
                self.blocks.append((self._goal(i, initial=initial), action_forms))
            i = len(self.blocks)
            self.blocks.append((self._goal(i), [self._action(i, 0)]))
            return
        goal_count = self._count(data.get("goals")) + (1 if add == "goal" else 0)
        for i in range(goal_count):
            action_count = self._count(data.get(f"g{i}-actions")) or 1
            if add == f"action-{i}":
                action_count += 1
            action_forms = [self._action(i, j, data=data) for j in range(action_count)]
            self.blocks.append((self._goal(i, data=data), action_forms))

    @staticmethod
    def _count(value: Any) -> int:
        try:
            return max(0, min(int(value), 50))
        except (TypeError, ValueError):
            return 0

    def _goal(self, i: int, **kwargs: Any) -> GoalForm:
        form = GoalForm(kwargs.pop("data", None), prefix=f"g{i}", **kwargs)
        need = form.data.get(f"g{i}-need") if form.is_bound else form.initial.get("need")
        form.need_entry = self.needs.get(str(need or ""))
        return form

    def _action(self, i: int, j: int, **kwargs: Any) -> ActionForm:
        return ActionForm(kwargs.pop("data", None), prefix=f"g{i}a{j}", choices=self.choices, **kwargs)

    @staticmethod
    def _action_initial(action: PlanAction) -> dict[str, Any]:
        return {
            "service_type": action.service_type,
            "description": action.description,
            "responsible_organisation": str(action.responsible_organisation_id or ""),
            "responsible_user": action.responsible_user,
            "due_date": action.due_date,
            "status": action.status,
        }

    def is_valid(self) -> bool:
        valid = True
        for goal_form, action_forms in self.blocks:
            valid = goal_form.is_valid() and valid
            for action_form in action_forms:
                valid = action_form.is_valid() and valid
        return valid

    def goals(self) -> list[actions.GoalInput]:
        """The plan as the verb takes it; removed and empty blocks left out."""
        organisations = {
            str(o.pk): o for o in Organisation.objects.filter(pk__in=self._chosen("responsible_organisation"))
        }
        goals = []
        for goal_form, action_forms in self.blocks:
            if goal_form.cleaned_data["remove"]:
                continue
            inputs = [
                actions.ActionInput(
                    service_type=f.cleaned_data["service_type"],
                    description=f.cleaned_data["description"],
                    responsible_organisation=organisations.get(f.cleaned_data["responsible_organisation"]),
                    responsible_user=f.cleaned_data["responsible_user"],
                    due_date=f.cleaned_data["due_date"],
                    status=f.cleaned_data["status"] or PlanAction.Status.PLANNED,
                )
                for f in action_forms
                if not f.cleaned_data["remove"] and not f.is_empty
            ]
            text = goal_form.cleaned_data["text"]
            if text.strip() or inputs:
                goals.append(actions.GoalInput(text=text, actions=inputs, need=goal_form.need_entry))
        return goals

    def _chosen(self, name: str) -> list[str]:
        return [f.cleaned_data[name] for _g, forms_ in self.blocks for f in forms_ if f.cleaned_data.get(name)]

    def add_errors(self, messages: list[str]) -> None:
        self.non_field_errors.extend(messages)


class ActionStatusForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=PlanAction.Status.choices)
    expected = forms.ChoiceField(choices=PlanAction.Status.choices, widget=forms.HiddenInput)


class DecisionForm(BootstrapMixin, forms.Form):
    """A supervisor's decision on a plan or a closure request."""

    APPROVE, RETURN = "approve", "return"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Approve")), (RETURN, pgettext_lazy("decision", "Return with comments"))],
    )
    comment = forms.CharField(
        label=_("Comment"), widget=_textarea(3), required=False, help_text=_("Required when you return it.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == self.RETURN and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say what needs to change."))
        return data


# --- Services -------------------------------------------------------------------------------


class ServiceForm(BootstrapMixin, forms.Form):
    OWN, ORGANISATION, OTHER = "own", "organisation", "other"

    service_type = forms.ChoiceField(label=_("Service"))
    delivered_on = forms.DateField(label=_("Date"), widget=DateInput)
    provider = forms.ChoiceField(
        label=_("Provided by"),
        choices=[
            (OWN, _("Our unit")),
            (ORGANISATION, _("Another organisation on Sigap")),
            (OTHER, _("A provider not on Sigap")),
        ],
        initial=OWN,
        widget=forms.RadioSelect,
    )
    provider_organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    provider_name = forms.CharField(label=_("Provider's name"), max_length=200, required=False)
    plan_action = forms.ChoiceField(label=_("Action of the plan"), required=False)
    outcome = forms.CharField(label=_("Outcome"), widget=_textarea(3), required=False)

    def __init__(self, *args: Any, case: Case, plan: CasePlan | None, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"delivered_on": timezone.localdate(), "provider": self.OWN})
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["service_type"] = _service_field(
            actions.allowed_service_types(case), refusal=actions.mediation_refusal(case)
        )
        choices_of(self, "provider_organisation").choices = _blank(
            [(pk, name) for pk, name in organisation_choices() if pk != str(case.organisation_id)]
        )
        self.actions = list(PlanAction.objects.filter(goal__plan=plan).select_related("goal")) if plan else []
        choices_of(self, "plan_action").choices = _blank(
            [(str(a.pk), f"{Truncator(a.goal.text).chars(40)} – {a.get_service_type_display()}") for a in self.actions],
            _("Not part of the plan"),
        )
        style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        provider = data.get("provider")
        if provider == self.ORGANISATION and not data.get("provider_organisation"):
            self.add_error("provider_organisation", _("Choose the organisation."))
        if provider == self.OTHER and not (data.get("provider_name") or "").strip():
            self.add_error("provider_name", _("Name the provider."))
        return data

    def verb_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        provider = data["provider"]
        organisation: Organisation | None = None
        if provider == self.OWN:
            organisation = self.case.organisation
        elif provider == self.ORGANISATION:
            organisation = Organisation.objects.filter(pk=data["provider_organisation"], is_active=True).first()
        action = next((a for a in self.actions if str(a.pk) == data["plan_action"]), None)
        return {
            "service_type": data["service_type"],
            "delivered_on": data["delivered_on"],
            "provider_organisation": organisation,
            "provider_name": data["provider_name"] if provider == self.OTHER else "",
            "plan_action": action,
            "outcome": data["outcome"],
        }


# --- Follow-up ------------------------------------------------------------------------------


class FollowUpForm(BootstrapMixin, forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    method = forms.ChoiceField(label=_("How"), choices=FollowUp.Method.choices)
    progress = forms.CharField(label=_("Progress overall"), widget=_textarea(3), required=False)
    new_risks = forms.CharField(
        label=_("New risks"), widget=_textarea(2), required=False, help_text=_("Needed when the risk level changes.")
    )
    risk_level = forms.ChoiceField(label=_("Risk level now"), choices=RiskLevel.choices, widget=forms.RadioSelect)
    next_date = forms.DateField(label=_("Next follow-up"), widget=DateInput, required=False)

    def __init__(self, *args: Any, case: Case, plan: CasePlan | None, cadence_days: int, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"held_on": timezone.localdate(), "risk_level": case.risk_level})
        super().__init__(*args, **kwargs)
        self.goals = list(plan.goals.all()) if plan else []
        for goal in self.goals:
            self.fields[f"goal_{goal.pk}"] = forms.CharField(
                label=_("Progress on “%(goal)s”") % {"goal": Truncator(goal.text).chars(80)},
                widget=_textarea(2),
                required=False,
            )
        self.fields["next_date"].help_text = _(
            "Leave empty to follow up in %(days)s days (the risk level's cadence)."
        ) % {"days": cadence_days}
        style(self)

    def goal_fields(self) -> list[forms.BoundField]:
        return [self[f"goal_{goal.pk}"] for goal in self.goals]

    def verb_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            "method": data["method"],
            "progress": data["progress"],
            "goal_progress": {str(goal.pk): data[f"goal_{goal.pk}"] for goal in self.goals},
            "new_risks": data["new_risks"],
            "risk_level": data["risk_level"],
            "next_date": data["next_date"],
        }


# --- Closure --------------------------------------------------------------------------------


class ClosureRequestForm(BootstrapMixin, forms.Form):
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=_blank(ClosureReason.choices))
    reason_detail = forms.CharField(
        label=_("Details"),
        widget=_textarea(3),
        required=False,
        help_text=_("Required for “Transferred” (to whom) and “Other”."),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checklist_keys = []
        for key, label, required in actions.checklist_items_for(case, ""):
            field = forms.BooleanField(label=label, required=False)
            if key == "goals_reviewed" and not required:
                field.help_text = _("Not needed: this case never had an approved plan.")
            elif key == "client_informed":
                field.help_text = _("Not needed when the client died or cannot be reached.")
            elif key == "safety_checked":
                field.help_text = _("Not needed when the client died.")
            self.fields[f"check_{key}"] = field
            self.checklist_keys.append(key)
        style(self)

    def checklist_fields(self) -> list[forms.BoundField]:
        return [self[f"check_{key}"] for key in self.checklist_keys]

    def checklist(self) -> dict[str, bool]:
        return {key: bool(self.cleaned_data[f"check_{key}"]) for key in self.checklist_keys}


class ReopenForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Why is the case reopened?"), widget=_textarea(3))
