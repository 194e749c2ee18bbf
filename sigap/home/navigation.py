"""The navigation each user sees, derived from capabilities (never from role names).

The menu is the daily entries (My work, Cases, New case: one click each) and a few dropdown groups
(Coordination, Learning, Reports, Admin), so that it fits a 1024-px screen for every role. A group
with a single entry for this user is shown as a plain link; a group with none is not shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sigap.accounts.access import capabilities
from sigap.lib.access import is_signed_in
from sigap.organisations.roles import Capability


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    capability: Capability | None = None


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: str | Promise | None  # None: the items stand on their own in the bar
    items: tuple[NavItem, ...]


# Later features add their entries here; an entry whose URL does not exist yet is skipped.
# Order is the order of use: a caseworker's day starts at "My work", then the case list.
NAV_GROUPS: list[NavGroup] = [
    # One click each, every day: the day's work, the case list, intake.
    NavGroup(
        "daily",
        None,
        (
            NavItem(_("My work"), "core:home"),
            NavItem(_("Cases"), "cases:list", Capability.VIEW_CASES),
            NavItem(_("New case"), "cases:new", Capability.REGISTER_CASES),
        ),
    ),
    # Work with other agencies (docs/coordination.md) and the address books it needs.
    NavGroup(
        "coordination",
        _("Coordination"),
        (
            NavItem(_("Referrals"), "referrals:inbox", Capability.VIEW_CASES),
            NavItem(_("Case conferences"), "conferences:list", Capability.VIEW_CASES),
            NavItem(_("Transfers"), "transfers:list", Capability.VIEW_CASES),
            NavItem(_("Service directory"), "directory:list"),
            NavItem(_("Organisations"), "organisations:list"),
            NavItem(_("Regions"), "regions:picker"),
        ),
    ),
    # Growing as a worker: training, and caring for oneself (docs/wellbeing.md; hers alone).
    NavGroup(
        "learning",
        _("Learning"),
        # Not "Learning" again: the group's button already says it (two labels, two actions).
        (
            NavItem(_("Courses and training"), "learning:home", Capability.LEARN),
            NavItem(_("My wellbeing"), "wellbeing:home"),
        ),
    ),
    NavGroup(
        "reports",
        _("Reports"),
        (
            NavItem(_("Statistics"), "statistics_release:dashboard", Capability.VIEW_AGGREGATES),
            NavItem(_("Data requests"), "statistics_release:request_list", Capability.VIEW_AGGREGATES),
            NavItem(_("Online abuse statistics"), "online:report", Capability.VIEW_AGGREGATES),
            NavItem(_("Referral report"), "referrals:report", Capability.VIEW_AGGREGATES),
        ),
    ),
    NavGroup(
        "admin",
        _("Admin"),
        (
            NavItem(_("Members"), "organisations:my_members", Capability.MANAGE_ORGANISATION),
            NavItem(_("Case overview"), "cases:metadata", Capability.MANAGE_ORGANISATION),
            NavItem(_("Standard forms"), "forms:list", Capability.MANAGE_ORGANISATION),
            NavItem(_("Data protection"), "privacy:requests", Capability.MANAGE_DATA_PROTECTION),
            NavItem(_("Break-glass openings"), "audit:break_glass", Capability.MANAGE_DATA_PROTECTION),
            NavItem(_("First-aid guidance"), "online:guidance_list", Capability.ADMINISTER_NATIONAL),
        ),
    ),
]


def _entries(items: tuple[NavItem, ...], caps: frozenset[Capability]) -> list[dict[str, Any]]:
    entries = []
    for item in items:
        if item.capability is not None and item.capability not in caps:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        entries.append({"label": item.label, "url": url, "name": item.url_name})
    return entries


def menu_for(user: Any) -> list[dict[str, Any]]:
    """The menu bar: groups with their entries; ``label`` None means show the entry itself."""
    if not is_signed_in(user):
        return []
    caps = capabilities(user)
    menu = []
    for group in NAV_GROUPS:
        entries = _entries(group.items, caps)
        if not entries:
            continue
        single = group.label is None or len(entries) == 1
        menu.append(
            {
                "key": group.key,
                "label": None if single else group.label,
                "items": entries,
                "names": {entry["name"] for entry in entries},
            }
        )
    return menu


def nav_for(user: Any) -> list[dict[str, Any]]:
    """Every entry the user is offered, in menu order (the home page's cards, the crawl's start)."""
    return [entry for group in menu_for(user) for entry in group["items"]]
