"""Forms for consent and for sharing without it. They collect and type the input; the verbs in
``sigap.consent.actions`` decide what is allowed, and their refusals are shown on the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.cases.actions.records import is_online_case
from sigap.cases.forms.intake import check_inputs
from sigap.cases.forms.work import DateInput
from sigap.cases.models import Case, Person
from sigap.consent.models import Assent, GivenBy, GuardianRelationship, Method, OverrideGround, SharingPurpose
from sigap.lib.forms import BootstrapMixin, refuse_repeated
from sigap.organisations.models import Organisation, OrganisationKind

NEW_GUARDIAN = "new"


def _clients_field(form: forms.BaseForm, case: Case) -> None:
    """The case's clients to choose from, the main client first chosen."""
    clients = clients_of(case)
    field = form.fields["person"]
    assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  (a programming error, not input)
    field.queryset = Person.objects.filter(pk__in=[p.pk for p in clients]).order_by("full_name")
    if clients:
        form.initial.setdefault("person", clients[0].pk)


def clients_of(case: Case) -> list[Person]:
    return [victim.person for victim in case.victims.select_related("person").order_by("-is_primary", "created_at")]


def guardian_candidates(case: Case) -> QuerySet[Person]:
    """Persons linked to the case who could be a parent or guardian: the reporter, guardians named on
    earlier consents; never a client or an alleged perpetrator of this case."""
    linked = Q(consents_as_guardian__case=case)
    if case.reporter_id:
        linked |= Q(pk=case.reporter_id)
    return (
        Person.objects.filter(linked, organisation_id=case.organisation_id)
        .exclude(perpetrator_of__case=case)
        .exclude(victim_of__case=case)
        .distinct()
        .order_by("full_name")
    )


def outside_organisations(case: Case) -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True).exclude(pk=case.organisation_id).order_by("name")


class ConsentForm(BootstrapMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Client"), queryset=Person.objects.none(), empty_label=None)
    given_by = forms.ChoiceField(label=_("Consent given by"), choices=GivenBy.choices, widget=forms.RadioSelect)
    guardian = forms.ChoiceField(label=_("Parent or guardian"), required=False)
    new_guardian_name = forms.CharField(label=_("Name of the parent or guardian"), max_length=200, required=False)
    new_guardian_phone = forms.CharField(label=_("Their phone (optional)"), max_length=30, required=False)
    guardian_relationship = forms.ChoiceField(
        label=_("Relationship to the client"),
        choices=[("", "—"), *GuardianRelationship.choices],
        required=False,
    )
    assent = forms.ChoiceField(
        label=_("The child's assent"),
        choices=[(v, label) for v, label in Assent.choices if v != Assent.NOT_APPLICABLE],
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Ask every child who can understand; a child of the assent age or older must be asked."),
    )
    assent_note = forms.CharField(
        label=_("About the assent (why it was not sought, or what the child said)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    services = forms.BooleanField(label=_("Receiving services from this organisation"), required=False)
    police_report = forms.BooleanField(label=_("Reporting to the police"), required=False)
    photos = forms.BooleanField(label=_("Photos and recordings"), required=False)
    share_kinds = forms.MultipleChoiceField(
        label=_("Sharing with these kinds of organisation"),
        choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    share_organisations = forms.ModelMultipleChoiceField(
        label=_("Sharing with these organisations"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    method = forms.ChoiceField(label=_("How consent was given"), choices=Method.choices, widget=forms.RadioSelect)
    witness_name = forms.CharField(label=_("Witness (for verbal consent)"), max_length=200, required=False)
    given_on = forms.DateField(label=_("Date given"), widget=DateInput)
    explained = forms.BooleanField(
        label=_(
            "I explained the services, their risks and benefits, how the information is used and who it is shared "
            "with, and the limits of confidentiality."
        ),
        required=False,
    )
    scanned_form = forms.FileField(
        label=_("Scanned consent form (optional)"),
        required=False,
        help_text=_("A PDF or a photo of the signed form; it is stored encrypted with the case's attachments."),
    )
    # Only on an online-abuse case, where every file needs it (removed in __init__ otherwise).
    scan_no_sexual_image_confirmed = forms.BooleanField(
        label=_("I confirm the file contains no sexual image"), required=False
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("given_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        _clients_field(self, case)
        guardian_field = self.fields["guardian"]
        assert isinstance(guardian_field, forms.ChoiceField)  # noqa: S101
        guardian_field.choices = [
            ("", "—"),
            *[(str(p.pk), p.full_name) for p in guardian_candidates(case)],
            (NEW_GUARDIAN, _("Someone not yet recorded (give the name below)")),
        ]
        orgs_field = self.fields["share_organisations"]
        assert isinstance(orgs_field, forms.ModelMultipleChoiceField)  # noqa: S101
        orgs_field.queryset = outside_organisations(case)
        if not is_online_case(case):
            del self.fields["scan_no_sexual_image_confirmed"]
        check_inputs(self)

    def clean(self) -> dict[str, Any]:
        refuse_repeated(self, "scan_no_sexual_image_confirmed")
        data = super().clean() or {}
        new = data.get("given_by") == GivenBy.GUARDIAN and data.get("guardian") == NEW_GUARDIAN
        if new and not (data.get("new_guardian_name") or "").strip():
            self.add_error("new_guardian_name", _("Give the name of the parent or guardian."))
        return data


class WithdrawForm(BootstrapMixin, forms.Form):
    withdrawn_by = forms.ChoiceField(label=_("Withdrawn by"), choices=GivenBy.choices, widget=forms.RadioSelect)
    withdrawn_on = forms.DateField(label=_("Date of withdrawal"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("withdrawn_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        check_inputs(self)


class OverrideForm(BootstrapMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Client"), queryset=Person.objects.none(), empty_label=None)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=SharingPurpose.choices)
    organisation = forms.ModelChoiceField(
        label=_("Share with"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("May be left empty only for the report to the police."),
    )
    ground = forms.ChoiceField(label=_("Ground"), choices=OverrideGround.choices, widget=forms.RadioSelect)
    explanation = forms.CharField(
        label=_("Why sharing without consent is needed"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why consent cannot be obtained or would be unsafe, and what sharing will do for the client."),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _clients_field(self, case)
        org_field = self.fields["organisation"]
        assert isinstance(org_field, forms.ModelChoiceField)  # noqa: S101
        org_field.queryset = outside_organisations(case)
        check_inputs(self)


class DecisionForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve sharing without consent")), ("reject", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (required when refusing)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        check_inputs(self)
