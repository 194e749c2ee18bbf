"""Test data for cases, made through the verbs (never by writing rows directly).

``make_case(cast.org, cast.caseworker)`` opens a medium-risk physical-violence case for a synthetic
child victim, managed by the registering user when they may manage cases. Any field of
:class:`~sigap.cases.actions.Intake` can be overridden by keyword; ``victim=`` links an existing
person, ``victim_values=`` changes the new victim's fields, ``perpetrators=`` takes
``(name, relationship, is_child)`` tuples. All names are synthetic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sigap.accounts.access import has_capability
from sigap.accounts.models import User
from sigap.cases import actions
from sigap.cases.codes import ClientType, IntakeChannel, RiskLevel, Sex, ViolenceForm
from sigap.cases.models import Case, Person
from sigap.organisations.models import Organisation
from sigap.organisations.roles import Capability

_UNSET: Any = object()

VICTIM_DEFAULTS: dict[str, Any] = {
    "full_name": "Sinta Contoh",
    "sex": Sex.FEMALE,
    "date_of_birth": date(2012, 3, 14),
}


def make_person(organisation: Organisation, actor: User, **values: Any) -> Person:
    """A person recorded by ``organisation`` (a synthetic name unless ``full_name`` is given)."""
    values.setdefault("full_name", "Orang Contoh")
    return actions.create_person(actor=actor, organisation=organisation, values=values)


def make_case(
    organisation: Organisation,
    actor: User,
    *,
    victim: Person | None = None,
    victim_values: Mapping[str, Any] | None = None,
    perpetrators: Iterable[tuple[str, str, bool]] = (),
    case_manager: User | None = _UNSET,
    **overrides: Any,
) -> Case:
    """Open a case through ``actions.open_case``; see the module docstring."""
    if victim is None:
        victim = make_person(organisation, actor, **{**VICTIM_DEFAULTS, **(victim_values or {})})
    if case_manager is _UNSET:
        case_manager = actor if has_capability(actor, Capability.MANAGE_CASES, organisation) else None
    links = [
        actions.PerpetratorLink(
            person=make_person(organisation, actor, full_name=name), relationship=relationship, is_child=is_child
        )
        for name, relationship, is_child in perpetrators
    ]
    fields: dict[str, Any] = {
        "client_type": ClientType.CHILD,
        "intake_channel": IntakeChannel.WALK_IN,
        "risk_level": RiskLevel.MEDIUM,
        "forms": [ViolenceForm.FISIK],
        "victims": [victim],
        "perpetrators": links,
        "case_manager": case_manager,
        **overrides,
    }
    return actions.open_case(actor=actor, organisation=organisation, intake=actions.Intake(**fields))
