"""The region picker: a form field any app can use to ask for a place.

``RegionField`` renders four labelled, cascading selects (province → regency/city → district →
village, down to the field's ``level``) and a search box that finds a place by name and shows its
full path ("Village, District, Regency, Province"). Its cleaned value is the chosen
:class:`~sigap.regions.models.Province`, ``Regency``, ``District`` or ``Village``, with its ancestors
loaded, so it can be assigned straight to a foreign key.

How it behaves:

- With JavaScript, htmx loads each child select's ``<option>`` list from ``regions:options``, the
  search box asks ``regions:search`` as the user types, and picking a result re-renders the picker
  from ``regions:widget`` with every level filled in. ``sigap/regions.js`` clears the lower levels
  when a higher one changes and removes the no-JavaScript buttons.
- Without JavaScript, "Next" and "Search" buttons submit the surrounding form; the page comes back
  with the lower level's choices (or the search results, as buttons) filled in. In a GET form that
  is all there is to it. In a POST form, use :class:`RegionFormMixin` so that such a round trip is
  not taken as the real submission (``is_valid()`` is False and no errors are shown).

Using it in another app's form::

    class ClientAddressForm(BootstrapMixin, RegionFormMixin, forms.ModelForm[Client]):
        village = RegionField(label=_("Village"), level="village")            # -> Village

        class Meta:
            model = Client
            fields = ["village", "street"]

    class OrganisationFilterForm(BootstrapMixin, forms.Form):
        area = RegionField(label=_("Area"), level="regency", min_level="province", required=False)

``level`` is the deepest level shown; ``min_level`` (default: ``level``) is how deep the person
must go, so the second form accepts a province or a regency. For a model with separate
``province`` and ``regency`` keys, read ``region.ancestors`` (or the code) in the view or verb.

In the template, render the field with the include (it adds help text and errors) and load the
form's media, which brings ``sigap/regions.js``::

    {% block head %}{{ form.media }}{% endblock %}
    ...
    {% include "regions/includes/region_field.html" with field=form.village %}

``BootstrapMixin`` must come before ``RegionFormMixin`` in the bases, so that fields are not marked
invalid after a picker round trip. The widget's HTML names are ``<name>_province`` …
``<name>_village``, ``<name>__q`` (search), ``<name>__pick`` and ``<name>__refresh``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from sigap.lib.forms import BootstrapMixin, FormMixinBase
from sigap.regions.models import (
    LEVELS,
    MODELS,
    Level,
    Region,
    RegionMixin,
    ancestor_codes,
    depth,
    get_region,
    level_of,
    parent_code,
)
from sigap.regions.search import MIN_QUERY_LENGTH, RegionMatch, normalise_query, search_regions

SEARCH_LIMIT = 10

LEVEL_LABELS = {
    Level.PROVINCE: _("Province"),
    Level.REGENCY: _("Regency/city"),
    Level.DISTRICT: _("District (kecamatan)"),
    Level.VILLAGE: _("Village (desa/kelurahan)"),
}
CHOOSE_LABELS = {
    Level.PROVINCE: _("Choose a province"),
    Level.REGENCY: _("Choose a regency/city"),
    Level.DISTRICT: _("Choose a district"),
    Level.VILLAGE: _("Choose a village"),
}
PARENT_FIRST_LABELS = {
    Level.REGENCY: _("Choose a province first"),
    Level.DISTRICT: _("Choose a regency/city first"),
    Level.VILLAGE: _("Choose a district first"),
}


@dataclass(frozen=True)
class RegionInput:
    """What the picker sent: the deepest consistent code, and whether it was only a round trip."""

    code: str = ""
    query: str = ""
    picked: bool = False
    refresh: bool = False

    @property
    def is_round_trip(self) -> bool:
        """The person used the picker ("Next", "Search" or a result), not the form's own button."""
        return self.picked or self.refresh


def code_of(value: Any) -> str:
    if isinstance(value, RegionInput):
        return value.code
    if isinstance(value, RegionMixin):
        return value.code
    return str(value or "")


def option_list(level: Level, parent: str) -> list[tuple[str, str]]:
    """(code, name) of the regions at ``level`` inside ``parent``, by name; all provinces for a province."""
    model: Any = MODELS[level]
    qs = model.objects.all()
    if level != Level.PROVINCE:
        if level_of(parent) != LEVELS[depth(level) - 1]:
            return []
        qs = qs.filter(**{f"{model.parent_field}_id": parent})
    return list(qs.order_by("name", "code").values_list("code", "name"))


def placeholder(level: Level, parent: str) -> str:
    if level == Level.PROVINCE or level_of(parent) == LEVELS[depth(level) - 1]:
        return str(CHOOSE_LABELS[level])
    return str(PARENT_FIRST_LABELS[level])


class RegionWidget(forms.Widget):
    """Cascading selects plus a search box; see the module docstring."""

    template_name = "regions/widgets/region.html"
    body_template_name = "regions/widgets/region_body.html"

    class Media:
        js = [forms.Script("sigap/regions.js", defer=True)]

    def __init__(
        self, level: Level | str = Level.VILLAGE, min_level: Level | str | None = None, attrs: Any = None
    ) -> None:
        super().__init__(attrs)
        self.level = Level(level)
        self.min_level = Level(min_level or level)
        self.label: Any = ""
        self.is_required = False

    @property
    def levels(self) -> tuple[Level, ...]:
        return LEVELS[: depth(self.level) + 1]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> RegionInput:
        picked = str(data.get(f"{name}__pick") or "").strip()
        if level_of(picked) in self.levels:
            return RegionInput(code=picked, picked=True)
        code = ""
        for level in self.levels:
            value = str(data.get(f"{name}_{level.value}") or "").strip()
            # A lower level chosen under another parent is stale (the parent changed): drop it.
            if level_of(value) != level or parent_code(value) != code:
                break
            code = value
        return RegionInput(
            code=code,
            query=normalise_query(str(data.get(f"{name}__q") or "")),
            refresh=f"{name}__refresh" in data,
        )

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        prefix = f"{name}_"
        return not any(key.startswith(prefix) for key in data)

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_{self.levels[0].value}" if id_ else ""

    def fragment_urls(self, name: str, widget_id: str) -> dict[str, str]:
        """URLs of the search and re-render fragments, carrying what they need to rebuild this widget."""
        levels = {"level": self.level.value, "min_level": self.min_level.value}
        params = urlencode({"name": name, "id": widget_id, **levels})
        return {
            "search_url": f"{reverse('regions:search')}?{params}",
            "widget_url": f"{reverse('regions:widget')}?{params}",
        }

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        data = value if isinstance(value, RegionInput) else RegionInput(code=code_of(value))
        invalid = "is-invalid" in context["widget"]["attrs"].get("class", "")
        results: list[RegionMatch] | None = None
        if len(data.query) >= MIN_QUERY_LENGTH and not data.picked:
            results = search_regions(data.query, levels=self.levels, limit=SEARCH_LIMIT)
        context.update(
            {
                "id": widget_id,
                "label": self.label,
                "required": self.is_required,
                "selects": self._selects(name, widget_id, data, invalid),
                "query": data.query,
                "results": results,
                "body_template": self.body_template_name,
                **self.fragment_urls(name, widget_id),
            }
        )
        return context

    def _selects(self, name: str, widget_id: str, data: RegionInput, invalid: bool) -> list[dict[str, Any]]:
        """One select per level: the choices under the chosen parent (one query each), and htmx wiring."""
        codes = ancestor_codes(data.code) if data.code else []
        next_index = min(len(codes), len(self.levels) - 1)  # the level to choose next (or the last)
        selects = []
        for index, level in enumerate(self.levels):
            parent = codes[index - 1] if 0 < index <= len(codes) else ""
            child = self.levels[index + 1] if index + 1 < len(self.levels) else None
            selects.append(
                {
                    "level": level.value,
                    "label": LEVEL_LABELS[level],
                    "name": f"{name}_{level.value}",
                    "id": f"{widget_id}_{level.value}",
                    "options": option_list(level, parent) if level == Level.PROVINCE or parent else [],
                    "placeholder": placeholder(level, parent),
                    "parent_first": str(PARENT_FIRST_LABELS.get(level, "")),
                    "selected": codes[index] if index < len(codes) else "",
                    "child_id": f"{widget_id}_{child.value}" if child else "",
                    "child_url": _options_url(child, f"{name}_{level.value}") if child else "",
                    "focus": data.picked and index == next_index,
                    "invalid": invalid and index == next_index,
                }
            )
        return selects

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        # The project template engine (not the form renderer's) finds sigap/regions/templates/regions/.
        return SafeString(render_to_string(self.template_name, self.get_context(name, value, attrs)))

    def render_body(self, name: str, value: Any, widget_id: str) -> SafeString:
        """Only the part htmx swaps after a search result is picked."""
        context = self.get_context(name, value, {"id": widget_id})
        return SafeString(render_to_string(self.body_template_name, context))


def _options_url(level: Level, parent_field_name: str) -> str:
    return f"{reverse('regions:options', args=[level.value])}?{urlencode({'from': parent_field_name})}"


class RegionField(forms.Field):
    """A province, regency, district or village chosen with the picker; see the module docstring."""

    widget = RegionWidget
    default_error_messages = {
        "invalid_choice": _("Choose a place from the lists or the search results."),
        "too_shallow": _("Choose a %(level)s."),
    }

    def __init__(
        self, *, level: Level | str = Level.VILLAGE, min_level: Level | str | None = None, **kwargs: Any
    ) -> None:
        self.level = Level(level)
        self.min_level = Level(min_level or level)
        if depth(self.min_level) > depth(self.level):
            raise ValueError("min_level cannot be below level")
        kwargs.setdefault("widget", RegionWidget(level=self.level, min_level=self.min_level))
        super().__init__(**kwargs)
        self.widget.label = self.label  # the widget's legend

    def to_python(self, value: Any) -> Region | None:
        code = code_of(value)
        if not code:
            return None
        level = level_of(code)
        if level is None or depth(level) > depth(self.level):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        if depth(level) < depth(self.min_level):
            raise ValidationError(
                self.error_messages["too_shallow"], code="too_shallow", params={"level": Level(self.min_level).label}
            )
        region = get_region(code)
        if region is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return region

    def prepare_value(self, value: Any) -> Any:
        return value if isinstance(value, RegionInput) else code_of(value)

    def has_changed(self, initial: Any, data: Any) -> bool:
        return code_of(initial) != code_of(data)


class RegionFormMixin(FormMixinBase):
    """Treat a picker round trip ("Next", "Search", a picked result) as not yet submitted."""

    fields: dict[str, forms.Field]
    _errors: ErrorDict | None

    @property
    def region_round_trip(self) -> bool:
        bound = getattr(self, "is_bound", False)
        return bound and any(
            isinstance(field, RegionField) and self[name].data.is_round_trip for name, field in self.fields.items()
        )

    def full_clean(self) -> None:
        super().full_clean()
        if self.region_round_trip:
            self._errors = ErrorDict()

    def is_valid(self) -> bool:
        return super().is_valid() and not self.region_round_trip


class RegionPickerForm(BootstrapMixin, forms.Form):
    """The demonstration page's form: any place, from a province down to a village."""

    region = RegionField(label=_("Place"), level=Level.VILLAGE, min_level=Level.PROVINCE, required=False)
