"""Transfer forms: they collect and type the input; the verbs decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import User
from sigap.accounts.picker import PersonField, render_matches
from sigap.cases.models import Case
from sigap.lib.forms import BootstrapMixin
from sigap.organisations.models import Organisation
from sigap.transfers.actions import CASE_MANAGER_ROLES
from sigap.transfers.models import Transfer


def receiving_organisations(case: Case) -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True).exclude(pk=case.organisation_id).order_by("name")


def case_manager_candidates(organisation: Organisation) -> QuerySet[User]:
    return (
        User.objects.filter(
            memberships__organisation=organisation,
            memberships__is_active=True,
            memberships__role__in=CASE_MANAGER_ROLES,
            is_active=True,
        )
        .order_by("full_name")
        .distinct()
        .only("id", "full_name", "email")  # a choice list never needs a password hash
    )


class ProposeForm(BootstrapMixin, forms.Form):
    to_organisation = forms.ModelChoiceField(
        label=_("Transfer to"), queryset=Organisation.objects.none(), empty_label="—"
    )
    reason = forms.CharField(
        label=_("Reason for the transfer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The receiving organisation reads this before deciding, together with the case number, forms of "
            "violence, risk level and the client's age band. Write only what they need to decide."
        ),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_organisation"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = receiving_organisations(case)


class AcceptForm(BootstrapMixin, forms.Form):
    case_manager = PersonField(label=_("New case manager"))
    comment = forms.CharField(label=_("Comment (optional)"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, organisation: Organisation, url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["case_manager"]
        field.queryset, field.url = case_manager_candidates(organisation), url


def accept_form(transfer: Transfer, data: Any = None) -> AcceptForm:
    url = reverse("transfers:people", args=[transfer.pk])
    return AcceptForm(data, organisation=transfer.to_organisation, url=url)


def case_manager_matches(transfer: Transfer, query: str) -> str:
    """The matches of the accept form's "new case manager" box (the transfer's receiving organisation)."""
    bound = accept_form(transfer)["case_manager"]
    return render_matches(bound.field, bound.html_name, query, bound.auto_id)


class DeclineForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(label=_("Why the transfer is declined"), widget=forms.Textarea(attrs={"rows": 2}))
