"""Choosing a colleague by typing: a form field whose page size does not grow with the staff.

A ``<select>`` of every member of an organisation costs the page as many options as it has staff
(1,803 at a large service: 85 % of a case page's time). ``PersonField`` renders a search box
instead. Without JavaScript the typed name or email is looked up when the form is sent: one match
is the answer, several come back as a short list of radio buttons to choose from (the "choose"
step). With htmx the same list appears while typing, from an endpoint that builds the same form,
so it offers exactly the people the form would accept (``render_matches``).

The query is never logged or put in a URL: the box is posted (``hx-post``), never sent as GET.
"""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django import forms
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

MIN_QUERY = 2
MATCH_LIMIT = 10
_WORDS = 5


def find_people(queryset: QuerySet[Any], query: str) -> list[Any]:
    """At most ``MATCH_LIMIT`` + 1 people of ``queryset`` whose name or email holds every typed word.

    Only the columns a choice shows are loaded (never a password hash).
    """
    query = query.strip()
    if len(query) < MIN_QUERY:
        return []
    qs = queryset
    for word in query.split()[:_WORDS]:
        qs = qs.filter(Q(full_name__icontains=word) | Q(email__icontains=word))
    return list(qs.only("pk", "full_name", "email").order_by("full_name", "email")[: MATCH_LIMIT + 1])


class PersonWidget(forms.Widget):
    """A search box, the hint and the list of matches (radio buttons named ``<name>_pick``)."""

    template_name = "includes/person_picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.url = ""
        self.matches: list[Any] = []
        self.searched = False

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(f"{name}_pick") or data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}_pick" not in data

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> Any:
        attrs = self.build_attrs(self.attrs, attrs)
        text = "" if value is None else str(value)
        context = {
            "name": name,
            "id": attrs.get("id") or f"id_{name}",
            "text": text,
            "url": self.url,
            "required": self.is_required,
            "invalid": "is-invalid" in attrs.get("class", "") or bool(attrs.get("aria-invalid")),
            "matches": self.matches[:MATCH_LIMIT],
            "more": len(self.matches) > MATCH_LIMIT,
            "searched": self.searched,
            "min_query": MIN_QUERY,
        }
        return render_to_string(self.template_name, context)


def _as_uuid(value: Any) -> UUID | None:
    try:
        return UUID(str(value))
    except ValueError:
        return None


class PersonField(forms.Field):
    """A user of ``queryset`` (set it in the form's ``__init__``), chosen by pk or by typing.

    ``url`` is the endpoint that lists matches while typing (optional: without it, or without
    JavaScript, the box is looked up on submit).
    """

    widget = PersonWidget
    default_error_messages = {
        "short": _("Type at least two letters of the name or the email."),
        "none": _("Nobody who can be chosen here matches what you typed."),
        "several": _("Several people match: choose one below, or type more of the name."),
        "invalid_choice": _("Choose somebody from the list."),
    }

    def __init__(self, *, queryset: QuerySet[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.queryset = queryset

    @property
    def box(self) -> PersonWidget:
        return cast(PersonWidget, self.widget)

    @property
    def url(self) -> str:
        return self.box.url

    @url.setter
    def url(self, value: str) -> None:
        self.box.url = value

    def prepare_value(self, value: Any) -> Any:
        """What the box shows: the email of a person already chosen (it finds them again on submit)."""
        if hasattr(value, "email"):
            return value.email
        pk = _as_uuid(value) if value else None
        if pk is not None and self.queryset is not None:
            return self.queryset.filter(pk=pk).values_list("email", flat=True).first() or ""
        return value

    def to_python(self, value: Any) -> Any:
        text = str(value or "").strip()
        if not text:
            return None
        assert self.queryset is not None  # noqa: S101  (a programming error, not input)
        pk = _as_uuid(text)
        if pk is not None:
            chosen = self.queryset.only("pk", "full_name", "email").filter(pk=pk).first()
            if chosen is None:
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
            return chosen
        if len(text) < MIN_QUERY:
            raise forms.ValidationError(self.error_messages["short"], code="short")
        matches = find_people(self.queryset, text)
        exact = [person for person in matches if person.email.lower() == text.lower()]
        if len(matches) == 1 or exact:
            return (exact or matches)[0]
        self.box.matches, self.box.searched = matches, True
        code = "several" if matches else "none"
        raise forms.ValidationError(self.error_messages[code], code=code)

    def has_choices_to_show(self) -> bool:
        """Whether a submitted form came back with a list to choose from (the "choose" step)."""
        return bool(self.box.matches)


def person_field(form: forms.BaseForm, name: str) -> PersonField:
    """The form's field ``name`` as the person box it is."""
    field = form.fields[name]
    if not isinstance(field, PersonField):
        raise TypeError(f"{name!r} is not a person field")
    return field


def render_matches(field: forms.Field, name: str, query: str, auto_id: str | Any) -> str:
    """The list of matches for the box of ``field`` (a :class:`PersonField`; the htmx endpoint's answer)."""
    if not isinstance(field, PersonField):
        raise TypeError("matches are rendered for a person field")
    assert field.queryset is not None  # noqa: S101
    text = query.strip()
    matches = find_people(field.queryset, text)
    context = {
        "name": name,
        "id": auto_id,
        "matches": matches[:MATCH_LIMIT],
        "more": len(matches) > MATCH_LIMIT,
        "searched": len(text) >= MIN_QUERY,
        "min_query": MIN_QUERY,
    }
    return render_to_string("includes/person_picker_results.html", context)
