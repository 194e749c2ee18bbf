"""How an app plugs into a case: one registry, filled from each app's ``AppConfig.ready``.

Everything an app adds to a case is declared in one :class:`CaseExtension` and registered with
:func:`register`:

- ``sections``: its parts of the case page (:class:`Section`: a template, where it goes, its extra
  context ``(request, case) -> dict`` with keys prefixed by the section's key and a fixed number of
  queries, the page has a query budget test; the count its entry in the section menu shows);
- ``overview_items``: its lines on the overview card at the top of the case page (:class:`OverviewItem`,
  e.g. the consent app's consent status), drawn from what its section already loaded;
- ``timeline_labels``: the names of its timeline events, in the reader's language;
- ``closure``: what it has open when the case closes and how approving the closure settles it
  (:class:`ClosureHook`, used by ``sigap.cases.closure_hooks``);
- ``clear_for_retention``: what anonymising the case blanks in its records (``sigap.privacy.retention``);
- ``exports``: what a victim's person export includes of its records (:class:`CaseExport`,
  ``sigap.privacy.export``);
- ``assignment_warning``: what to tell whoever gives a case to a worker (the learning app warns
  when the worker lacks the case-management competency);
- ``attachment_destroyed``: what the app does, inside the same transaction, when a file of the case
  is destroyed because it shows a sexual image (the online app marks the evidence that held it).
- ``case_changed``: told ``(case, verb)`` inside the transaction of every verb that writes a timeline
  event on the case (the statistics app schedules the refresh of its summary rows after commit).

So the cases app (and privacy, which reads the registry too) never imports the apps that build on
it. Registering the same key again replaces the earlier entry, so ``ready`` may run twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from django.utils.functional import Promise

from sigap.lib.http import SignedInRequest

if TYPE_CHECKING:
    from sigap.cases.models import Attachment, Case

SectionContext = Callable[[SignedInRequest, "Case"], dict[str, Any]]
# ``(page context) -> number or None``: read from what the sections already loaded, never a query.
SectionCount = Callable[[Mapping[str, Any]], int | None]
CaseClearer = Callable[["Case"], None]


@dataclass(frozen=True)
class Section:
    """A part of the case page: ``template`` rendered in the ``main`` or ``side`` column at ``order``
    (the cases app's own parts use 10, 20 … 130), with a link in the page's section menu when it has
    a ``title``. ``anchor`` is its HTML id (the key by default). ``count``, given the page's context,
    says how many records the section lists (notes 3, attachments 2 …), shown next to its menu link;
    it must only read what ``context`` loaded (None when there is nothing to count).

    A section keeps its long forms closed until asked for (``<details>``, see cases/sections/notes.html):
    the page is read far more often than it is written to, mostly on a phone."""

    key: str
    template: str
    order: int
    column: Literal["main", "side"] = "main"
    title: str | Promise | None = None
    context: SectionContext | None = None
    anchor: str = ""
    count: SectionCount | None = None

    @property
    def html_id(self) -> str:
        return self.anchor or self.key


def counting(key: str) -> SectionCount:
    """A :attr:`Section.count` that counts the list the section's context gives under ``key``."""

    def count(context: Mapping[str, Any]) -> int | None:
        found = context.get(key)
        return None if found is None else len(found)

    return count


@dataclass(frozen=True)
class OverviewItem:
    """One line of the overview card at the top of the case page (the first screen of a phone):
    ``label`` and a ``template`` that renders the value with the page's context. Keep it to a few
    words and no queries of its own: it shows what the app's section context already loaded (and must
    cope with that context missing). ``order``: the cases app's own lines use 10, 20 … 60."""

    key: str
    label: str | Promise
    template: str
    order: int
    wide: bool = False  # takes the card's whole width (a longer value, such as a deadline)


@dataclass(frozen=True)
class MenuEntry:
    """A link of the case page's section menu: the section and its count (None: no count shown)."""

    section: Section
    count: int | None


@dataclass(frozen=True)
class OpenItem:
    """One open record on the case: its label, its page and what closing the case does to it."""

    label: str
    url: str
    on_closure: str


@dataclass(frozen=True)
class ClosureHook:
    key: str
    title: Callable[[], str]
    # One query at most: the closure pages' query count stays fixed.
    open_items: Callable[[Case], list[OpenItem]]
    # Called by ``approve_closure`` inside its transaction, before the case moves to closed.
    on_approved: Callable[[Case, Any], None]


@dataclass(frozen=True)
class CaseExport:
    """An app's records in a victim's case export: ``collect(case, user)`` gives the JSON items (plain
    values, ISO dates); ``row(item)`` gives the PDF's (date, content) for one item, under ``label``."""

    key: str
    label: Callable[[], str]
    collect: Callable[[Case, Any], list[dict[str, Any]]]
    row: Callable[[dict[str, Any]], tuple[str, str]]


@dataclass(frozen=True)
class CaseExtension:
    """Everything one app adds to a case; every part is optional."""

    key: str
    sections: Sequence[Section] = ()
    overview_items: Sequence[OverviewItem] = ()
    timeline_labels: Mapping[str, str | Promise] = field(default_factory=dict)
    closure: ClosureHook | None = None
    # Blanks the app's free text on the case; keeps what the statistics count (codes, dates,
    # statuses) and unlinks any attachment it points at (the attachments are deleted afterwards).
    clear_for_retention: CaseClearer | None = None
    exports: Sequence[CaseExport] = ()
    # ``(worker) -> message or ""``, asked when a case is given to ``worker``.
    assignment_warning: Callable[[Any], str] | None = None
    # ``(attachment, shows) -> details`` for the "attachment_destroyed" timeline event.
    attachment_destroyed: Callable[[Attachment, str], dict[str, Any]] | None = None
    # ``(case, verb)``, called by every timeline event of the case inside the verb's transaction.
    case_changed: Callable[[Case, str], None] | None = None


_EXTENSIONS: dict[str, CaseExtension] = {}
_TIMELINE_LABELS: dict[str, str | Promise] = {}  # every app's, merged once (a later app's name wins)


def register(extension: CaseExtension) -> CaseExtension:
    """Called from an app's ``AppConfig.ready``; the apps are asked in the order they registered."""
    _EXTENSIONS[extension.key] = extension
    _TIMELINE_LABELS.update(extension.timeline_labels)
    return extension


def extensions() -> list[CaseExtension]:
    return list(_EXTENSIONS.values())


# --- What the cases and privacy apps ask ----------------------------------------------------


def sections() -> list[Section]:
    """Every section of the case page, in page order."""
    return sorted((s for e in _EXTENSIONS.values() for s in e.sections), key=lambda s: s.order)


def section_context(request: SignedInRequest, case: Case) -> dict[str, Any]:
    """The extra context of every section, merged."""
    context: dict[str, Any] = {}
    for section in sections():
        if section.context is not None:
            context.update(section.context(request, case))
    return context


def section_menu(context: Mapping[str, Any]) -> list[MenuEntry]:
    """The page's section menu: every section with a title, in page order, with its count."""
    return [
        MenuEntry(section, section.count(context) if section.count is not None else None)
        for section in sections()
        if section.title
    ]


def overview_items() -> list[OverviewItem]:
    """Every line of the case's overview card, in order."""
    return sorted((i for e in _EXTENSIONS.values() for i in e.overview_items), key=lambda i: i.order)


def timeline_labels() -> dict[str, str | Promise]:
    return dict(_TIMELINE_LABELS)


def timeline_label(verb: str) -> Any:
    """An event's name in the reader's language (the verb itself, readable, when nobody named it)."""
    return _TIMELINE_LABELS.get(verb) or verb.replace("_", " ").capitalize()


def closure_hooks() -> list[ClosureHook]:
    return [e.closure for e in _EXTENSIONS.values() if e.closure is not None]


def retention_clearers() -> list[CaseClearer]:
    return [e.clear_for_retention for e in _EXTENSIONS.values() if e.clear_for_retention is not None]


def case_exports() -> list[CaseExport]:
    return [export for e in _EXTENSIONS.values() for export in e.exports]


def assignment_warnings(worker: Any) -> list[str]:
    """What to tell whoever just gave a case to ``worker`` (empty when nothing)."""
    found = (e.assignment_warning(worker) for e in _EXTENSIONS.values() if e.assignment_warning is not None)
    return [warning for warning in found if warning]


def attachment_destroyed(attachment: Attachment, shows: str) -> dict[str, Any]:
    """Let each app settle its records on a destroyed file; their details for the timeline event."""
    details: dict[str, Any] = {}
    for extension in _EXTENSIONS.values():
        if extension.attachment_destroyed is not None:
            details.update(extension.attachment_destroyed(attachment, shows))
    return details


def case_changed(case: Case, verb: str) -> None:
    """Tell every app that a verb changed ``case`` (called with each timeline event)."""
    for extension in _EXTENSIONS.values():
        if extension.case_changed is not None:
            extension.case_changed(case, verb)
