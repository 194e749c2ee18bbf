"""The navigation each user sees, derived from capabilities (never from role names)."""

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


# Later features add their entries here; an entry whose URL does not exist yet is skipped.
NAV_ITEMS: list[NavItem] = [
    NavItem(_("My work"), "core:home"),
    NavItem(_("Cases"), "cases:list", Capability.VIEW_CASES),
    NavItem(_("New case"), "cases:new", Capability.REGISTER_CASES),
    NavItem(_("Organisations"), "organisations:list"),
    NavItem(_("Service directory"), "directory:list"),
    NavItem(_("Members"), "organisations:my_members", Capability.MANAGE_ORGANISATION),
    NavItem(_("Case overview"), "cases:metadata", Capability.MANAGE_ORGANISATION),
    NavItem(_("Data protection"), "privacy:requests", Capability.MANAGE_DATA_PROTECTION),
    NavItem(_("Regions"), "regions:picker"),
    NavItem(_("Break-glass openings"), "audit:break_glass", Capability.MANAGE_DATA_PROTECTION),
    NavItem(_("Online abuse statistics"), "online:report", Capability.VIEW_AGGREGATES),
    NavItem(_("First-aid guidance"), "online:guidance_list", Capability.ADMINISTER_NATIONAL),
    NavItem(_("Referrals"), "referrals:inbox", Capability.VIEW_CASES),
    NavItem(_("Referral report"), "referrals:report", Capability.VIEW_AGGREGATES),
    NavItem(_("Transfers"), "transfers:list", Capability.VIEW_CASES),
    NavItem(_("Case conferences"), "conferences:list", Capability.VIEW_CASES),
    NavItem(_("Learning"), "learning:home", Capability.LEARN),
    NavItem(_("My wellbeing"), "wellbeing:home"),
]


def nav_for(user: Any) -> list[dict[str, Any]]:
    if not is_signed_in(user):
        return []
    caps = capabilities(user)
    items = []
    for item in NAV_ITEMS:
        if item.capability is not None and item.capability not in caps:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url, "name": item.url_name})
    return items
