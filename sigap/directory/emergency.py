"""The national emergency numbers every directory page shows, as ``tel:`` links (issue #14, item 9):
on a phone one tap calls. From the domain brief: SAPA 129 (phone 129, WhatsApp 08111-129-129) and
the police (110)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


def tel_href(number: str) -> str:
    """``tel:`` with only the digits (and a leading +): "0812-3456 789" → "tel:08123456789"."""
    number = number.strip()
    return "tel:" + ("+" if number.startswith("+") else "") + re.sub(r"\D", "", number)


@dataclass(frozen=True)
class EmergencyNumber:
    name: str | Promise
    number: str
    international: str = ""  # for a number that needs the country code to be dialled from anywhere

    @property
    def href(self) -> str:
        return tel_href(self.international or self.number)


EMERGENCY_NUMBERS = (
    EmergencyNumber(_("SAPA 129 (women and children)"), "129"),
    EmergencyNumber(_("SAPA 129 by WhatsApp"), "08111-129-129", "+62 8111-129-129"),
    EmergencyNumber(_("Police"), "110"),
)
