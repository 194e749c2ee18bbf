"""Finding cases: one search box, filters, sorting and a page of results that stays fast at scale.

The search box understands what it is given:

- a case number or its beginning (``3273-2025-00012``, ``3273-2025``) matches the number;
- 16 digits (spaces and dots allowed) is a NIK, matched exactly against the case's clients;
- other digits (``0812 3456 7890``, ``+62 812-3456-7890``) are a phone number, normalised and
  matched exactly against the clients' phones;
- anything else is (part of) a client's name: every word must appear in the name, case- and
  accent-insensitively (``Person.name_folded`` holds the folded name; the query is folded the same
  way with :func:`sigap.lib.text.fold`).

Every query starts from :func:`sigap.cases.access.visible_cases`, so search never widens access.
A page fetches one row more than it shows to know whether there is a next page, and the total is
counted only up to :data:`COUNT_LIMIT` ("more than 1,000"): counting every row of a large case load
on each page view would cost more than the page itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.db import models
from django.db.models import F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sigap.cases.codes import RiskLevel, ViolenceForm
from sigap.cases.deadlines import due_soon_limit
from sigap.cases.models import Case, CaseVictim, CaseViolenceForm, Stage
from sigap.lib.forms import BootstrapMixin
from sigap.lib.nik import normalise_nik
from sigap.lib.text import fold, normalise_phone

PAGE_SIZE = 25
COUNT_LIMIT = 1000
MAX_QUERY_LENGTH = 100
UNASSIGNED = "none"

# A regency code never starts with 0 (province codes run 11-96); the year and sequence may be cut short.
_NUMBER = re.compile(r"[1-9]\d{3}(-(\d{1,4}(-\d{0,5})?)?)?")
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


def _clients(condition: Q) -> QuerySet[CaseVictim, Any]:
    return CaseVictim.objects.filter(condition).values("case_id")


def search(qs: QuerySet[Case], terms: Terms) -> QuerySet[Case]:
    """Narrow ``qs`` to the cases matching the search terms."""
    if terms.number:
        # A range on the number instead of LIKE: it uses the plain index on every database and
        # collation. Numbers are digits and dashes, so "~" (after both in ASCII) closes the range.
        if len(terms.number) == len("0000-0000-00000"):
            return qs.filter(number=terms.number)
        return qs.filter(number__gte=terms.number, number__lt=terms.number + "~")
    if terms.nik:
        return qs.filter(pk__in=_clients(Q(person__nik=terms.nik)))
    if terms.phone:
        return qs.filter(pk__in=_clients(Q(person__phone_normalised=terms.phone)))
    if terms.words:
        condition = Q()
        for word in terms.words:
            condition &= Q(person__name_folded__contains=word)
        return qs.filter(pk__in=_clients(condition))
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


_RISK_RANK = models.Case(
    When(risk_level=RiskLevel.HIGH, then=Value(0)),
    When(risk_level=RiskLevel.MEDIUM, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)

ORDERINGS: dict[str, list[Any]] = {
    Sort.NEWEST: ["-registered_at"],
    Sort.OLDEST: ["registered_at"],
    Sort.NUMBER: ["number"],
    Sort.DUE: [F("next_due_at").asc(nulls_last=True), "-registered_at"],
    Sort.RISK: [_RISK_RANK.asc(), "-registered_at"],
}


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
        self.fields["manager"].choices = [  # type: ignore[attr-defined]
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


def apply(qs: QuerySet[Case], data: dict[str, Any], *, now: datetime | None = None) -> QuerySet[Case]:
    """Search, filter and sort ``qs`` with a valid :class:`CaseFilterForm`'s cleaned data."""
    now = now or timezone.now()
    qs = search(qs, parse_query(data.get("q") or ""))
    if data.get("stage"):
        qs = qs.filter(stage=data["stage"])
    if data.get("risk"):
        qs = qs.filter(risk_level=data["risk"])
    if data.get("form"):
        qs = qs.filter(pk__in=CaseViolenceForm.objects.filter(form=data["form"]).values("case_id"))
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
    if data.get("registered_from"):
        qs = qs.filter(registered_at__gte=_day_start(data["registered_from"]))
    if data.get("registered_to"):
        qs = qs.filter(registered_at__lt=_day_start(data["registered_to"] + timedelta(days=1)))
    return qs.order_by(*ORDERINGS.get(data.get("sort") or "", ORDERINGS[Sort.NEWEST]))


# --- Pages ----------------------------------------------------------------------------------


@dataclass
class ResultPage:
    """One page of results without a full count: ``count`` stops at COUNT_LIMIT (``more`` is then True)."""

    rows: list[Case]
    number: int
    has_next: bool
    count: int
    more: bool

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
        return (self.number - 1) * PAGE_SIZE + 1 if self.rows else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * PAGE_SIZE + len(self.rows)

    @property
    def num_pages(self) -> int | None:
        """The number of pages when the count is exact, None beyond COUNT_LIMIT."""
        return None if self.more else max(1, -(-self.count // PAGE_SIZE))

    def __iter__(self) -> Any:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def page_number(value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return max(1, min(number, 10_000))


def get_page(qs: QuerySet[Case], number: int) -> ResultPage:
    """Rows of page ``number`` (+1 to see whether a next page exists) and a capped count.

    The count query runs only when the rows alone do not tell the total (a first page that is not
    full needs none).
    """
    offset = (number - 1) * PAGE_SIZE
    rows = list(qs[offset : offset + PAGE_SIZE + 1])
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    if not has_next and (rows or number == 1):
        count = offset + len(rows)
    else:
        count = qs.order_by().values("pk")[: COUNT_LIMIT + 1].count()
    return ResultPage(
        rows=rows, number=number, has_next=has_next, count=min(count, COUNT_LIMIT), more=count > COUNT_LIMIT
    )
