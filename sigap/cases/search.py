"""Finding cases: one search box, filters, sorting and a page of results that stays fast at scale.

The search box understands what it is given:

- a case number or its beginning (``3273-2025-00012``, ``3273-2025``) matches the number; a whole
  number has a five- or six-digit sequence (``3273-2025-100012`` past 99,999 cases in a year);
- 16 digits (spaces and dots allowed) is a NIK, matched exactly against the case's clients;
- other digits (``0812 3456 7890``, ``+62 812-3456-7890``) are a phone number, normalised and
  matched exactly against the clients' phones;
- NIKs and phones are stored encrypted: both are matched through their blind indexes
  (``Person.nik_index``, ``Person.phone_index``), keyed hashes of the normalised value;
- anything else is (part of) a client's name: every word must appear in the name, case- and
  accent-insensitively (``Person.name_folded`` holds the folded name; the query is folded the same
  way with :func:`sigap.lib.text.fold`).

Every query starts from :func:`sigap.cases.access.visible_cases`, so search never widens access.
A page fetches one row more than it shows to know whether there is a next page; nothing counts all
matches (on a large case load the count costs more than the page), so the total is shown only when
the last page is reached. Search terms are matched on the persons first (their indexes: NIK, phone,
and the folded name, with a trigram index on PostgreSQL), then joined to the cases; a name part
that many people share is checked on the case row itself (``Case.client_names_folded``) while the
list is read in order; on PostgreSQL a trigram index on that column (migration 0015) answers it.

The query plans rely on the database's statistics: PostgreSQL keeps them up to date by itself; a
SQLite database that grew by a large import needs ``ANALYZE`` (or ``PRAGMA optimize``) once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.db import connection, models
from django.db.models import Exists, F, Func, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sigap.cases.codes import RiskLevel, ViolenceForm
from sigap.cases.deadlines import due_soon_limit
from sigap.cases.models import Case, CaseVictim, CaseViolenceForm, Person, Stage
from sigap.cases.models.persons import index_of_nik, index_of_phone
from sigap.lib.forms import BootstrapMixin, choice_field
from sigap.lib.nik import normalise_nik
from sigap.lib.text import fold, normalise_phone

PAGE_SIZE = 25
MAX_PAGE = 10_000
# Above this many people matching a name, its cases are checked one by one in list order.
COMMON_NAME_PEOPLE = 200
MAX_QUERY_LENGTH = 100
UNASSIGNED = "none"

# A regency code never starts with 0 (province codes run 11-96); the year and sequence may be cut short.
# The sequence has at least five digits and grows to six past 99,999 cases in a year (the format
# is ``{:05d}``), so a five- or six-digit sequence is a whole number.
_NUMBER = re.compile(r"[1-9]\d{3}(-(\d{1,4}(-\d{0,6})?)?)?")
_WHOLE_NUMBER = re.compile(r"\d{4}-\d{4}-\d{5,6}")
_PHONE_CHARS = re.compile(r"[\d\s().+\-/]+")
_MIN_PHONE_DIGITS = 6


@dataclass(frozen=True)
class Terms:
    """What the search box was understood to ask for (at most one kind is set)."""

    number: str = ""
    nik: str = ""
    phone: str = ""
    words: tuple[str, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return not (self.number or self.nik or self.phone or self.words)


def parse_query(text: str) -> Terms:
    text = " ".join((text or "").split())[:MAX_QUERY_LENGTH]
    if not text:
        return Terms()
    if _NUMBER.fullmatch(text):
        return Terms(number=text)
    if _PHONE_CHARS.fullmatch(text):
        digits = re.sub(r"\D", "", text)
        if len(digits) == 16:
            return Terms(nik=normalise_nik(digits))
        if len(digits) >= _MIN_PHONE_DIGITS:
            return Terms(phone=normalise_phone(text))
    return Terms(words=tuple(dict.fromkeys(fold(text).split())))


def _clients(people: QuerySet[Person]) -> QuerySet[CaseVictim, Any]:
    """Cases (ids) whose clients are among ``people``: persons first, so their indexes lead."""
    return CaseVictim.objects.filter(person_id__in=people.values("pk")).values("case_id")


def search(
    qs: QuerySet[Case],
    terms: Terms,
    *,
    organisations: Iterable[Any] | None = None,
) -> QuerySet[Case]:
    """Narrow ``qs`` to the cases matching the search terms.

    ``organisations`` (the user's) narrows the persons searched first; it never widens ``qs``.
    """
    if terms.number:
        # A range on the number instead of LIKE: it uses the plain index on every database and
        # collation. Numbers are digits and dashes, so "~" (after both in ASCII) closes the range.
        if _WHOLE_NUMBER.fullmatch(terms.number):
            return qs.filter(number=terms.number)
        return qs.filter(number__gte=terms.number, number__lt=terms.number + "~")
    people = Person.objects.all()
    if organisations is not None:
        people = people.filter(organisation_id__in=list(organisations))
    if terms.nik:
        return qs.filter(pk__in=_clients(people.filter(nik_index=index_of_nik(terms.nik))))
    if terms.phone:
        return qs.filter(pk__in=_clients(people.filter(phone_index=index_of_phone(terms.phone))))
    if terms.words:
        for word in terms.words:
            people = people.filter(name_folded__contains=word)
        found = list(people.order_by().values_list("pk", flat=True)[: COMMON_NAME_PEOPLE + 1])
        if len(found) <= COMMON_NAME_PEOPLE:
            # A rare name: start from its few clients.
            return qs.filter(pk__in=CaseVictim.objects.filter(person_id__in=found).values("case_id"))
        # A common name part ("sari", "nur"): check each case's own copy of its clients' folded
        # names while the cases are read in the order of whichever index the list or its other
        # filters use, so the page is full after a few dozen rows and no join runs per row.
        for word in terms.words:
            qs = qs.filter(client_names_folded__contains=word)
        return qs
    return qs


# --- Filters and sorting --------------------------------------------------------------------


class DueFilter(models.TextChoices):
    OVERDUE = "overdue", _("Overdue")
    DUE_SOON = "due_soon", _("Due soon")
    LATE_OR_SOON = "attention", _("Overdue or due soon")


class Sort(models.TextChoices):
    NEWEST = "", _("Newest first")
    OLDEST = "oldest", _("Oldest first")
    NUMBER = "number", _("Case number")
    DUE = "due", _("Next deadline")
    RISK = "risk", _("Highest risk first")


ORDERINGS: dict[str, list[Any]] = {
    Sort.NEWEST: ["-registered_at"],
    Sort.OLDEST: ["registered_at"],
    Sort.NUMBER: ["number"],
}
RISK_ORDER = [RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW]


def ordered_parts(qs: QuerySet[Case], sort: str) -> list[QuerySet[Case]]:
    """The cases in the chosen order, as querysets to read one after the other.

    One ORDER BY over the risk rank, or over the next deadline with the cases without one last,
    makes the database read and sort every matching case before it can return the first page.
    Split by risk level, or into cases with and without a deadline, each part is read in the order
    of an index and only as far as the page needs.
    """
    if sort == Sort.RISK:
        return [qs.filter(risk_level=level).order_by("-registered_at") for level in RISK_ORDER]
    if sort == Sort.DUE:
        return [
            qs.filter(next_due_at__isnull=False).order_by("next_due_at", "-registered_at"),
            qs.filter(next_due_at__isnull=True).order_by("-registered_at"),
        ]
    return [qs.order_by(*ORDERINGS.get(sort, ORDERINGS[Sort.NEWEST]))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class CaseFilterForm(BootstrapMixin, forms.Form):
    """The case list's search box, filters and sort order (a GET form; every field optional)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Case number, client name, NIK or phone number."),
    )
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("All stages")), *Stage.choices])
    risk = forms.ChoiceField(label=_("Risk"), required=False, choices=[("", _("Any risk")), *RiskLevel.choices])
    form = forms.ChoiceField(
        label=_("Form of violence"), required=False, choices=[("", _("Any form")), *ViolenceForm.choices]
    )
    due = forms.ChoiceField(label=_("Deadlines"), required=False, choices=[("", _("Any")), *DueFilter.choices])
    manager = forms.ChoiceField(label=_("Case manager"), required=False)
    registered_from = forms.DateField(label=_("Registered from"), required=False, widget=DateInput())
    registered_to = forms.DateField(label=_("Registered until"), required=False, widget=DateInput())
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=Sort.choices)

    def __init__(self, *args: Any, managers: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "manager").choices = [
            ("", _("Anyone")),
            (UNASSIGNED, pgettext_lazy("case manager", "Not assigned")),
            *(managers or []),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("registered_from"), data.get("registered_to")
        if start and end and start > end:
            self.add_error("registered_to", _("The end date is before the start date."))
        return data

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields if name != "sort")


def _day_start(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _filtered(
    qs: QuerySet[Case], data: dict[str, Any], now: datetime | None, organisations: Iterable[Any] | None
) -> tuple[QuerySet[Case], Terms]:
    now = now or timezone.now()
    terms = parse_query(data.get("q") or "")
    qs = search(qs, terms, organisations=organisations)
    if data.get("stage"):
        qs = qs.filter(stage=data["stage"])
    if data.get("risk"):
        qs = qs.filter(risk_level=data["risk"])
    if data.get("form"):
        # EXISTS, not IN: a common form (a third of all cases) should not drive the query.
        qs = qs.filter(Exists(CaseViolenceForm.objects.filter(case=OuterRef("pk"), form=data["form"])))
    due = data.get("due")
    if due == DueFilter.OVERDUE:
        qs = qs.filter(next_due_at__lt=now)
    elif due == DueFilter.DUE_SOON:
        qs = qs.filter(next_due_at__gte=now, next_due_at__lte=due_soon_limit(now))
    elif due == DueFilter.LATE_OR_SOON:
        qs = qs.filter(next_due_at__lte=due_soon_limit(now))
    manager = data.get("manager")
    if manager == UNASSIGNED:
        qs = qs.filter(case_manager__isnull=True)
    elif manager:
        qs = qs.filter(case_manager_id=manager)
    registered = "registered_at"
    if _check_dates_in_row(data):
        qs = qs.alias(registered_in_row=Func(F("registered_at"), function="", template="+%(expressions)s"))
        registered = "registered_in_row"
    if data.get("registered_from"):
        qs = qs.filter(**{f"{registered}__gte": _day_start(data["registered_from"])})
    if data.get("registered_to"):
        qs = qs.filter(**{f"{registered}__lt": _day_start(data["registered_to"] + timedelta(days=1))})
    return qs, terms


# SQLite keeps no statistics on value ranges (most builds lack STAT4), so it takes any registration
# period for a selective one: sorted by deadline, it reads every case of a year and sorts them all.
# For a period longer than this, the dates are checked on each row (``+column`` keeps SQLite off
# that index) while the deadline index is read in order, which fills a page after a few hundred rows.
WIDE_PERIOD_DAYS = 45


def _check_dates_in_row(data: dict[str, Any]) -> bool:
    if connection.vendor != "sqlite" or (data.get("sort") or "") != Sort.DUE:
        return False
    start, end = data.get("registered_from"), data.get("registered_to")
    if not (start or end):
        return False
    return start is None or end is None or (end - start).days > WIDE_PERIOD_DAYS


def find(
    qs: QuerySet[Case], data: dict[str, Any], *, now: datetime | None = None, organisations: Iterable[Any] | None = None
) -> list[QuerySet[Case]]:
    """Search, filter and sort ``qs`` by a valid :class:`CaseFilterForm`'s cleaned data, for
    :func:`get_page` (see :func:`ordered_parts` for why the result is a list of querysets)."""
    qs, terms = _filtered(qs, data, now, organisations)
    sort = data.get("sort") or ""
    if terms.number and sort in {Sort.NEWEST, Sort.OLDEST}:
        # Numbers run with the registration date (<regency>-<year>-<sequence>): ordered by number,
        # the matches are read from the number index in order instead of all sorted by date.
        return [qs.order_by("-number" if sort == Sort.NEWEST else "number")]
    return ordered_parts(qs, sort)


_RISK_RANK = models.Case(
    *(models.When(risk_level=level, then=models.Value(rank)) for rank, level in enumerate(RISK_ORDER)),
    default=models.Value(len(RISK_ORDER)),
    output_field=models.IntegerField(),
)
SINGLE_ORDERINGS: dict[str, list[Any]] = {
    **ORDERINGS,
    Sort.DUE: [models.F("next_due_at").asc(nulls_last=True), "-registered_at"],
    Sort.RISK: [_RISK_RANK.asc(), "-registered_at"],
}


def apply(
    qs: QuerySet[Case], data: dict[str, Any], *, now: datetime | None = None, organisations: Iterable[Any] | None = None
) -> QuerySet[Case]:
    """The same search, filters and order as :func:`find`, as one queryset (for the API and exports,
    whose paginators need one). On a large case load the risk and deadline orders sort every match."""
    qs, _terms = _filtered(qs, data, now, organisations)
    return qs.order_by(*SINGLE_ORDERINGS.get(data.get("sort") or "", SINGLE_ORDERINGS[Sort.NEWEST]))


# --- Pages ----------------------------------------------------------------------------------


@dataclass
class ResultPage:
    """One page of results. ``total`` is known on the last page only: nothing counts every match."""

    rows: list[Case]
    number: int
    has_next: bool

    @property
    def total(self) -> int | None:
        """The number of matches, known without counting on the last page only."""
        if self.has_next or not (self.rows or self.number == 1):
            return None
        return self.end_index

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1

    @property
    def end_index(self) -> int:
        return (self.number - 1) * PAGE_SIZE + len(self.rows)

    def __iter__(self) -> Any:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def page_number(value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return max(1, min(number, MAX_PAGE))


def get_page(parts: list[QuerySet[Case]], number: int) -> ResultPage:
    """Page ``number`` of the parts read one after the other, with one row more to know whether a
    next page exists. A part is counted only when the page starts beyond its end."""
    offset = (number - 1) * PAGE_SIZE
    wanted = PAGE_SIZE + 1
    rows: list[Case] = []
    for part in parts:
        got = list(part[offset : offset + wanted - len(rows)])
        if got:
            rows.extend(got)
            offset = 0
            if len(rows) >= wanted:
                break
        elif offset:
            offset = max(0, offset - part.count())
    return ResultPage(rows=rows[:PAGE_SIZE], number=number, has_next=len(rows) > PAGE_SIZE)
