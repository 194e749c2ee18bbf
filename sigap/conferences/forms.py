"""Case conference forms: they collect and type the input; the verbs decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import User
from sigap.accounts.picker import PersonField, render_matches
from sigap.cases.actions import allowed_service_types
from sigap.cases.forms.work import DateInput
from sigap.cases.models import Case
from sigap.conferences.actions import responsible_organisations
from sigap.conferences.models import Conference
from sigap.lib.forms import BootstrapMixin, LocalDateTimeField
from sigap.organisations.models import Membership, Organisation


def staff_of(organisations: list[Organisation]) -> QuerySet[User]:
    members = Membership.objects.filter(organisation__in=organisations, is_active=True).values("user_id")
    return User.objects.filter(pk__in=members, is_active=True)


class ScheduleForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    scheduled_at = LocalDateTimeField(label=_("Date and time"))
    location = forms.CharField(label=_("Place or link"), max_length=300, required=False)
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class InviteForm(BootstrapMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation on Sigap"), queryset=Organisation.objects.none(), required=False, empty_label="—"
    )
    user = PersonField(
        label=_("Person on Sigap"),
        required=False,
        help_text=_("Colleagues of your organisation and staff of organisations already invited."),
    )
    name = forms.CharField(label=_("Or a person not on Sigap: name"), max_length=200, required=False)
    outside_organisation = forms.CharField(label=_("Their organisation"), max_length=200, required=False)
    role = forms.CharField(label=_("Role"), max_length=100, required=False)

    def __init__(self, *args: Any, conference: Conference, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = self.fields["organisation"]
        users: Any = self.fields["user"]
        assert isinstance(orgs, forms.ModelChoiceField)  # noqa: S101
        orgs.queryset = Organisation.objects.filter(is_active=True).order_by("name")
        users.queryset = staff_of(responsible_organisations(conference))
        users.url = reverse("conferences:people", args=[conference.pk, "invite"])


class MinutesForm(BootstrapMixin, forms.Form):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 6}))
    decisions = forms.CharField(label=_("Decisions"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class ActionForm(BootstrapMixin, forms.Form):
    service_type = forms.ChoiceField(label=_("Service"))
    description = forms.CharField(
        label=_("What will be done"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    responsible_organisation = forms.ModelChoiceField(
        label=_("Responsible organisation"), queryset=Organisation.objects.none(), required=False, empty_label="—"
    )
    responsible_user = PersonField(label=_("Responsible person"), required=False)
    due_date = forms.DateField(label=_("Due by"), widget=DateInput, required=False)

    def __init__(self, *args: Any, conference: Conference, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = responsible_organisations(conference)
        service = self.fields["service_type"]
        orgs = self.fields["responsible_organisation"]
        users: Any = self.fields["responsible_user"]
        assert isinstance(service, forms.ChoiceField)  # noqa: S101
        assert isinstance(orgs, forms.ModelChoiceField)  # noqa: S101
        service.choices = [("", "—"), *allowed_service_types(case)]
        orgs.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations]).order_by("name")
        users.queryset = staff_of(organisations)
        users.url = reverse("conferences:people", args=[conference.pk, "action"])


def people_matches(conference: Conference, purpose: str, query: str) -> str | None:
    """The matches of the invitation's or the action's person box (None: no such box)."""
    if purpose == "invite":
        bound = InviteForm(conference=conference)["user"]
    elif purpose == "action":
        bound = ActionForm(conference=conference, case=conference.case)["responsible_user"]
    else:
        return None
    return render_matches(bound.field, bound.html_name, query, bound.auto_id)
