"""The home page is a list of panels, each one role's queue: what to do now, approvals waiting, the
DPO's requests, a trainer's events … (docs/home.md).

A panel is registered once (``register(Panel(...))``) from a module of this package, imported by
``HomeConfig.ready``; the page (``sigap.home.views``) and the API (``/api/v1/home/``) build the same
panels for the signed-in user, in ``order``. A later app (wellbeing, supervision) adds its panel as
one more module here that reads the app's public modules (``models``, ``access``), so the feature
apps never import the home app (``lint-imports`` checks the layers).

``build(home)`` returns ``None`` when the panel is not for this user (no capability) and a
:class:`PanelData` otherwise, in a fixed number of queries however many records there are (the
home page's query budget test counts them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise


@dataclass
class Entry:
    """One line of a panel: something to open, with its deadline or its waiting time."""

    title: str | Promise
    url: str = ""
    detail: str | Promise = ""
    case_id: Any = None
    case_number: str = ""
    client_name: str = ""  # shown on the page only to those who may see the case; never in a URL
    risk: str = ""
    risk_label: str | Promise = ""
    due_at: datetime | None = None
    state: str = ""  # "overdue", "due_soon" or ""
    since: datetime | None = None
    tag: str = ""  # the HTML data attribute marking the row (``data-<tag>``), for tests and scripts
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "title": str(self.title),
            "url": self.url,
            "detail": str(self.detail),
            "case": str(self.case_id) if self.case_id else None,
            "case_number": self.case_number,
            "client_name": self.client_name,
            "risk": self.risk,
            "due_at": self.due_at.isoformat() if self.due_at else None,
            "state": self.state,
            "since": self.since.isoformat() if self.since else None,
        }


@dataclass
class PanelData:
    """What one panel shows: its entries (the first few), how many there are in all and where the
    rest are; ``empty`` is said when there are none (a panel without it is left out when empty)."""

    title: str | Promise
    entries: list[Entry] = field(default_factory=list)
    total: int | None = None
    more_url: str = ""
    more_label: str | Promise = ""
    empty: str | Promise = ""
    lead: str | Promise = ""  # one sentence under the heading
    extra: dict[str, Any] = field(default_factory=dict)  # the panel's own template data and API fields
    key: str = ""
    template: str = ""

    @property
    def count(self) -> int:
        return len(self.entries) if self.total is None else self.total

    @property
    def shown(self) -> bool:
        return bool(self.entries or self.empty or self.extra.get("always"))

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "key": self.key,
            "title": str(self.title),
            "count": self.count,
            "items": [entry.as_json() for entry in self.entries],
            "more_url": self.more_url,
        }
        data.update(self.extra.get("api", {}))
        return data


@dataclass
class Home:
    """The request's user and clock, and what panels share (``cache``) so nothing is asked twice."""

    user: Any
    now: datetime = field(default_factory=timezone.now)
    cache: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]


@dataclass(frozen=True)
class Panel:
    key: str
    order: int
    build: Callable[[Home], PanelData | None]
    template: str = "home/panels/list.html"


_PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> Panel:
    """Registering the same key again replaces the earlier panel (``ready`` may run twice)."""
    _PANELS[panel.key] = panel
    return panel


def panels() -> list[Panel]:
    return sorted(_PANELS.values(), key=lambda p: (p.order, p.key))


def build_home(user: Any, *, now: datetime | None = None) -> list[PanelData]:
    """Every panel for ``user`` that has something to say, in page order."""
    home = Home(user=user, now=now or timezone.now())
    built: list[PanelData] = []
    for panel in panels():
        data = panel.build(home)
        if data is None or not data.shown:
            continue
        data.key, data.template = panel.key, panel.template
        built.append(data)
    return built
