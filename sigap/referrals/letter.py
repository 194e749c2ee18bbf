"""The referral letter: what a partner not on Sigap receives on paper (a PDF made on the server).

It carries the referral itself, the chosen sections of the case (the same blocks the receiver's page
shows) and a reply slip; the sender records the partner's answer in Sigap.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.lib.pdf import Block, blocks_pdf, format_when
from sigap.referrals.models import Referral
from sigap.referrals.shared import shared_blocks


def referral_block(referral: Referral) -> Block:
    sender = referral.from_organisation
    fields = [
        (_("To"), referral.receiver_name),
        (_("Partner's contact"), referral.external_contact),
        (_("Service"), referral.service.name if referral.service else ""),
        (_("Service needed"), str(referral.get_service_type_display())),
        (_("Urgency"), str(referral.get_urgency_display())),
        (_("From"), sender.name),
        (_("Contact of the referring organisation"), ", ".join(v for v in (sender.phone, sender.email) if v)),
        (_("Referred by"), referral.sent_by.full_name),
        (_("Sent"), format_when(referral.sent_at)),
        (_("Please answer by"), format_when(referral.due_at)),
        (_("Reason for the referral"), referral.reason),
    ]
    return Block(_("Referral"), fields=[(label, value) for label, value in fields if value])


def reply_block() -> Block:
    return Block(
        _("Reply (please return to the referring organisation)"),
        fields=[
            (_("Accepted / declined"), "☐ " + _("accepted") + "   ☐ " + _("declined")),
            (_("Reason if declined"), "\n\n"),
            (_("Services given and outcome"), "\n\n\n"),
            (_("Name, signature, date"), "\n\n"),
        ],
    )


def render_letter(referral: Referral, *, printed_by: Any) -> bytes:
    with timezone.override(referral.case.organisation.time_zone):
        blocks = [referral_block(referral), *shared_blocks(referral), reply_block()]
        footer = _("Confidential: personal data shared with the client's consent. Printed by %(name)s, %(time)s.") % {
            "name": printed_by.full_name,
            "time": format_when(timezone.now()),
        }
    return blocks_pdf(_("Referral letter"), blocks, footer=footer)
