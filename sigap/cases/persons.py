"""Persons: which existing persons a new one may duplicate.

A person is visible to whoever may see a case the person is part of (as a victim, perpetrator or
reporter), and editable by whoever may edit such a case; the rules are in sigap.cases.access
(``visible_persons``, ``can_view_person``). Likely duplicates are looked for among the persons of
the registering organisation only, so that an intake never links another organisation's record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sigap.cases.access import cases_of_person, linkable_persons, visible_cases
from sigap.cases.models import Case, Person
from sigap.cases.models.persons import index_of_nik, index_of_phone
from sigap.lib.text import fold, normalise_phone

MATCH_LIMIT = 5
NAME_SIMILARITY = 0.85
BIRTH_YEAR_TOLERANCE = 2
MIN_PHONE_DIGITS = 8
CANDIDATE_LIMIT = 200


# --- Likely duplicates ---------------------------------------------------------------------


@dataclass
class Match:
    person: Person
    reasons: list[str | Promise] = field(default_factory=list)
    score: int = 0

    @property
    def birth_year(self) -> int | None:
        return self.person.date_of_birth.year if self.person.date_of_birth else None


def _similar(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b or sorted(a.split()) == sorted(b.split()):
        return True
    return SequenceMatcher(None, a, b).ratio() >= NAME_SIMILARITY


def birth_year_of(date_of_birth: date | None, estimated_age: int | None) -> int | None:
    if date_of_birth is not None:
        return date_of_birth.year
    if estimated_age is not None:
        return timezone.localdate().year - estimated_age
    return None


def likely_matches(
    organisation: Any,
    *,
    full_name: str = "",
    nik: str = "",
    phone: str = "",
    birth_year: int | None = None,
    limit: int = MATCH_LIMIT,
) -> list[Match]:
    """Persons of ``organisation`` who may be the same person: same NIK, same phone, or a similar
    name (accents, case and word order ignored) with a birth year within two years.

    A similar name alone counts only when one of the two birth years is unknown and the names are
    the same once folded.
    """
    phone = normalise_phone(phone)
    name = fold(full_name)
    tokens = [t for t in name.split() if len(t) >= 3]
    # NIK and phone are encrypted: they are compared through their blind indexes.
    nik_key = index_of_nik(nik)
    phone_key = index_of_phone(phone) if len(phone) >= MIN_PHONE_DIGITS else ""
    rule = Q()
    if nik_key:
        rule |= Q(nik_index=nik_key)
    if phone_key:
        rule |= Q(phone_index=phone_key)
    for token in tokens:
        rule |= Q(name_folded__contains=token)
    if not rule:
        return []
    # The encrypted fields are not needed to compare: up to 200 candidates are not decrypted for nothing.
    candidates = (
        Person.objects.filter(rule, organisation=organisation)
        .defer("nik", "phone", "address_detail")
        .order_by("full_name")[:CANDIDATE_LIMIT]
    )
    matches = []
    for person in candidates:
        reasons: list[str | Promise] = []
        score = 0
        if nik_key and person.nik_index == nik_key:
            reasons.append(_("same NIK"))
            score += 4
        if phone_key and person.phone_index == phone_key:
            reasons.append(_("same phone number"))
            score += 2
        theirs = fold(person.full_name)
        their_year = person.date_of_birth.year if person.date_of_birth else None
        if birth_year is not None and their_year is not None:
            if abs(birth_year - their_year) <= BIRTH_YEAR_TOLERANCE and _similar(name, theirs):
                reasons.append(_("similar name and birth year"))
                score += 1
        elif name and (name == theirs or sorted(name.split()) == sorted(theirs.split())):
            reasons.append(_("same name"))
            score += 1
        if reasons:
            matches.append(Match(person=person, reasons=reasons, score=score))
    # The strongest evidence first: NIK, then phone, then name.
    matches.sort(key=lambda m: -m.score)
    return matches[:limit]


@dataclass
class ShownMatch:
    """What the intake shows of a likely match: the person only when the user may link them (they
    see them through a case, or recorded them and nobody linked them yet); otherwise why it matched
    and whom to ask for access, never who the person is."""

    reasons: list[str | Promise]
    person: Person | None = None
    cases: list[Case] = field(default_factory=list)  # the person's cases the user may open
    contacts: list[str] = field(default_factory=list)  # case managers of the person's other cases
    ask_supervisor: bool = False  # another case without a case manager, or a person on no case

    @property
    def birth_year(self) -> int | None:
        return self.person.date_of_birth.year if self.person and self.person.date_of_birth else None


def shown_matches(user: Any, organisation: Any, matches: list[Match]) -> list[ShownMatch]:
    """The likely matches as ``user`` may see them (a fixed number of queries per match, at most
    ``MATCH_LIMIT`` matches and the linked person)."""
    ids = [m.person.pk for m in matches]
    linkable = set(linkable_persons(user).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    shown = []
    for match in matches:
        cases = list(
            Case.objects.filter(cases_of_person(match.person.pk), organisation=organisation)
            .select_related("case_manager")
            .distinct()
            .order_by("-registered_at")[:MATCH_LIMIT]
        )
        may_open = set(visible_cases(user).filter(pk__in=[c.pk for c in cases]).values_list("pk", flat=True))
        others = [c for c in cases if c.pk not in may_open]
        is_linkable = match.person.pk in linkable
        shown.append(
            ShownMatch(
                reasons=match.reasons,
                person=match.person if is_linkable else None,
                cases=[c for c in cases if c.pk in may_open],
                contacts=sorted({c.case_manager.full_name for c in others if c.case_manager is not None}),
                ask_supervisor=any(c.case_manager_id is None for c in others) or (not is_linkable and not cases),
            )
        )
    return shown
