"""Intake (registering a new case) and person pages. Thin: the verbs do the work."""

from __future__ import annotations

import contextlib
import copy
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import BaseForm
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sigap.accounts.models import User
from sigap.audit.access import AccessAction, log_access
from sigap.cases import actions
from sigap.cases.access import (
    can_edit_person,
    get_person_for_user,
    linkable_persons,
    person_cases,
    registering_organisations,
)
from sigap.cases.actions.persons import update_person
from sigap.cases.forms.intake import (
    NEW_PERSON,
    IntakeForm,
    PerpetratorFormSet,
    PersonForm,
    ReporterForm,
    client_type_for,
)
from sigap.cases.models import Case, Person
from sigap.cases.persons import Match, ShownMatch, birth_year_of, likely_matches, shown_matches
from sigap.history.forms import CorrectionReasonForm
from sigap.lib.birthdate import typed_date_of_birth
from sigap.lib.forms import add_errors
from sigap.lib.http import SignedInRequest
from sigap.lib.models import attach
from sigap.organisations.models import Organisation

# Buttons that only change the page; the form comes back without errors and nothing is saved.
ADD_PERPETRATOR = "_add_perpetrator"
CHECK_MATCHES = "_check_matches"

# The client's details shown folded ("More about the client") unless one of them needs attention.
CLIENT_MORE_FIELDS = {
    "village",
    "address_detail",
    "has_disability",
    "disability_type",
    "education",
    "occupation",
    "marital_status",
    "nationality",
}

# Errors of open_case that belong to a field with another name on the form.
INTAKE_FIELD_NAMES = {"forms": "violence_forms", "victims": None}


@dataclass
class IntakeForms:
    """The forms posted together by the intake screen."""

    case: IntakeForm
    client: PersonForm
    reporter: ReporterForm
    perpetrators: Any

    @classmethod
    def build(cls, data: QueryDict | None, organisation: Organisation, user: Any) -> IntakeForms:
        if data is not None and ADD_PERPETRATOR in data:
            data = data.copy()
            total = int(data.get("perpetrators-TOTAL_FORMS") or 0)
            data["perpetrators-TOTAL_FORMS"] = str(min(total + 1, 20))
        return cls(
            case=IntakeForm(data, organisation=organisation, user=user),
            client=PersonForm(data, prefix="client"),
            reporter=ReporterForm(data, prefix="reporter"),
            perpetrators=PerpetratorFormSet(data, prefix="perpetrators"),
        )

    def all(self) -> list[BaseForm]:
        return [self.case, self.client, self.reporter, *self.perpetrators.forms]

    def quieten(self) -> None:
        for form in self.all():
            attach(form, quiet=True)

    @property
    def linking(self) -> bool:
        """The user chose an existing person as the client: the client fields are not used."""
        return bool(self.case.is_valid() and self.case.cleaned_data["client_person"])

    def valid(self) -> bool:
        checks = [self.case.is_valid(), self.reporter.is_valid(), self.perpetrators.is_valid()]
        if self.linking:
            self.client.quiet = True
        else:
            checks.append(self.client.is_valid())
        return all(checks)


def _matches_from(data: QueryDict, organisation: Organisation, prefix: str = "client-") -> list[Match]:
    """Likely existing persons for what was typed so far (raw input: it need not be valid yet)."""
    age: int | None = None
    born = typed_date_of_birth(data, f"{prefix}date_of_birth")
    with contextlib.suppress(ValueError):
        age = int(data.get(f"{prefix}estimated_age", ""))
    return likely_matches(
        organisation,
        full_name=data.get(f"{prefix}full_name", "")[:200],
        nik=data.get(f"{prefix}nik", "")[:32],
        phone=data.get(f"{prefix}phone", "")[:32],
        birth_year=birth_year_of(born, age if age is not None and 0 <= age <= 120 else None),
    )


def _matches_shown(request: SignedInRequest, data: QueryDict, organisation: Organisation) -> list[ShownMatch]:
    """The likely matches for what was typed, with the person the user linked kept on the list
    even when what is typed no longer matches them (only a person the user may link)."""
    matches = _matches_from(data, organisation)
    chosen = data.get("client_person", "")[:64]
    if chosen and chosen != NEW_PERSON and not any(str(m.person.pk) == chosen for m in matches):
        with contextlib.suppress(ValueError, ValidationError):
            person = linkable_persons(request.user).filter(pk=chosen, organisation=organisation).first()
            if person is not None:
                matches = [Match(person=person), *matches]
    return shown_matches(request.user, organisation, matches)


class _Refused(Exception):
    """A verb refused part of the intake: roll the whole intake back and show why on ``form``."""

    def __init__(self, form: BaseForm, error: ValidationError, names: dict[str, str | None] | None = None):
        super().__init__(error)
        self.form, self.error, self.names = form, error, names


def _create(form: BaseForm, actor: User, organisation: Organisation, values: dict[str, Any]) -> Person:
    try:
        return actions.create_person(actor=actor, organisation=organisation, values=values)
    except ValidationError as error:
        raise _Refused(form, error) from error


def _open(request: SignedInRequest, organisation: Organisation, f: IntakeForms) -> Case:
    """Record the persons and open the case. Call inside one transaction."""
    actor: User = request.user
    data = f.case.cleaned_data
    if data["client_person"]:
        victim = data["client_person"]
        born, sex = victim.date_of_birth, victim.sex
    else:
        values = f.client.person_values()
        born, sex = values["date_of_birth"], values["sex"]
    client_type, problem = client_type_for(born, sex, data["client_type"])
    if problem:
        raise _Refused(f.case, ValidationError({"client_type": [problem]}))
    if not data["client_person"]:
        victim = _create(f.client, actor, organisation, values)
    reporter = None
    if data["reporter_is_client"]:
        reporter = victim
    elif f.reporter.given:
        reporter = _create(f.reporter, actor, organisation, f.reporter.person_values())
    links = [
        actions.PerpetratorLink(
            person=_create(row, actor, organisation, row.person_values()),
            relationship=row.cleaned_data["relationship"],
            is_child=row.cleaned_data["is_child"],
        )
        for row in f.perpetrators.forms
        if row.used
    ]
    region = data["incident_regency"]
    intake = actions.Intake(
        client_type=client_type,
        intake_channel=data["intake_channel"],
        risk_level=data["risk_level"],
        risk_reason=data["risk_reason"],
        victims=[victim],
        forms=data["violence_forms"],
        tpks_offences=data["tpks_offences"],
        intake_narrative=data["intake_narrative"],
        reporter=reporter,
        perpetrators=links,
        place=data["place"],
        incident_date=data["incident_date"],
        incident_date_estimated=data["incident_date_estimated"],
        incident_regency_id=region.code if region else None,
        is_online=data["is_online"],
        flag_disability=data["flag_disability"],
        flag_pregnancy=data["flag_pregnancy"],
        flag_immediate_danger=data["flag_immediate_danger"],
        case_manager=data["case_manager"],
    )
    try:
        return actions.open_case(actor=actor, organisation=organisation, intake=intake)
    except ValidationError as error:
        raise _Refused(f.case, error, INTAKE_FIELD_NAMES) from error


def chosen_organisation(request: SignedInRequest) -> Organisation | None:
    organisations = registering_organisations(request.user)
    if not organisations:
        raise PermissionDenied
    if len(organisations) == 1:
        return organisations[0]
    wanted = request.GET.get("organisation", "")
    return next((o for o in organisations if str(o.pk) == wanted), None)


def intake(request: SignedInRequest) -> HttpResponse:
    """Register a new case: client, what happened, perpetrators, risk (docs/cases.md, stage 1)."""
    organisation = chosen_organisation(request)
    if organisation is None:
        return render(request, "cases/intake_choose.html", {"organisations": registering_organisations(request.user)})
    post = request.POST if request.method == "POST" else None
    f = IntakeForms.build(post, organisation, request.user)
    matches: list[ShownMatch] = []
    status = 200
    if post is not None:
        matches = _matches_shown(request, post, organisation)
        round_trip = (
            ADD_PERPETRATOR in post or CHECK_MATCHES in post or f.case.region_round_trip or f.client.region_round_trip
        )
        if round_trip:
            f.quieten()
        elif f.valid():
            if matches and not f.linking and not f.case.confirm_new:
                f.case.add_error(
                    None,
                    _(
                        "Some persons already recorded may be this client. Link one of them, or choose "
                        "“None of these: record a new person”."
                    ),
                )
            else:
                try:
                    with transaction.atomic():
                        case = _open(request, organisation, f)
                except _Refused as refused:
                    add_errors(refused.form, refused.error, refused.names)
                else:
                    messages.success(request, _("Case %(number)s was registered.") % {"number": case.number})
                    return redirect(case)
        status = 400 if any(form.errors for form in f.all()) else 200
    return render(
        request,
        "cases/intake.html",
        {
            "organisation": organisation,
            "several_organisations": len(registering_organisations(request.user)) > 1,
            "form": f.case,
            "client_form": f.client,
            "reporter_form": f.reporter,
            "perpetrators": f.perpetrators,
            "matches": matches,
            "chosen_person": post.get("client_person", "") if post is not None else "",
            "new_person": NEW_PERSON,
            "client_more_open": f.client.region_round_trip or bool(set(f.client.errors) & CLIENT_MORE_FIELDS),
            "media": f.case.media + f.client.media,
        },
        status=status,
    )


@require_POST
def person_matches(request: SignedInRequest) -> HttpResponse:
    """The likely existing persons for what is typed at intake (htmx fragment). POST, with the CSRF
    token: what is typed (name, NIK, phone, date of birth) must never be in a web address."""
    organisation = chosen_organisation(request)
    if organisation is None:
        raise PermissionDenied
    return render(
        request,
        "cases/intake_matches.html",
        {
            "matches": _matches_shown(request, request.POST, organisation),
            "chosen_person": request.POST.get("client_person", "")[:64],
        },
    )


# --- Persons ---------------------------------------------------------------------------------


@require_GET
def person_detail(request: SignedInRequest, pk: UUID) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    log_access(user=request.user, obj=person, action=AccessAction.VIEW_PERSON, request=request)
    cases = person_cases(request.user, person).select_related("case_manager")
    return render(
        request,
        "cases/person_detail.html",
        {"person": person, "cases": cases, "can_edit": can_edit_person(request.user, person)},
    )


def person_edit(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """Correct a person's details; a version number in the form prevents lost updates."""
    person = get_person_for_user(request.user, pk, need="edit")
    post = request.POST if request.method == "POST" else None
    # The form works on a copy, so the page heading keeps the saved name while the form is wrong.
    form = PersonForm(post, instance=copy.copy(person), prefix="person")
    correction = CorrectionReasonForm(post, prefix="correction")
    version = person.version
    conflict = False
    status = 200
    if post is not None:
        version = _posted_version(post)
        if form.region_round_trip:
            form.quiet = True
        elif form.is_valid() & correction.is_valid():
            try:
                update_person(
                    person,
                    actor=request.user,
                    values=form.person_values(),
                    expected_version=version,
                    reason=correction.cleaned_data["reason"],
                )
            except actions.ConflictError as error:
                form.add_error(None, error.messages)
                person.refresh_from_db()
                version, conflict, status = person.version, True, 409
            except ValidationError as error:
                add_errors(form, error)
                status = 400
            else:
                messages.success(request, _("The person's details were saved."))
                return redirect("cases:person", pk=person.pk)
        else:
            status = 400
    return render(
        request,
        "cases/person_form.html",
        {
            "person": person,
            "form": form,
            "correction": correction,
            "version": version,
            "conflict": conflict,
            "media": form.media,
        },
        status=status,
    )


def _posted_version(post: QueryDict) -> int:
    try:
        return int(post.get("version", ""))
    except ValueError:
        return -1
