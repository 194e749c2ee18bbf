"""The client's copy of the digital safety plan (docs/online.md): always in plain Indonesian, as a print page
and as a PDF made on the server with the case summary's PDF layout (``sigap.cases.summary.blocks_pdf``).

The strings are ordinary translatable ones; the views render them with Indonesian active, so the
client's copy is Indonesian whatever language the worker reads Sigap in.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sigap.cases.models import Case, Person
from sigap.lib.dates import format_datetime
from sigap.lib.pdf import Block, blocks_pdf
from sigap.online.models import SafetyItem, SafetyPlan, SafetyStatus

CLIENT_LANGUAGE = "id"


def plan_items(case: Case, person: Person) -> tuple[SafetyPlan | None, dict[str, tuple[str, str]]]:
    """The client's plan (or None) and {checklist point: (status, notes)}."""
    plan = SafetyPlan.objects.filter(case=case, person=person).select_related("updated_by").first()
    if plan is None:
        return None, {}
    return plan, {row.item: (row.status, row.notes) for row in plan.items.all()}


def advice(case: Case) -> list[str]:
    return [
        _("Do not pay and do not delete messages. Keep the account names and links."),
        _("Block and report the account, then tell an adult or a friend you trust."),
        _("Contact your caseworker at %(organisation)s, or SAPA 129 (phone 129, WhatsApp 08111-129-129).")
        % {"organisation": case.organisation.name},
    ]


def client_copy(case: Case, person: Person) -> dict[str, Any]:
    """What the client's copy says, in the active language (call inside ``translation.override``)."""
    _plan, current = plan_items(case, person)
    rows = []
    for key, label in SafetyItem.choices:
        status, notes = current.get(key, (SafetyStatus.TODO, ""))
        rows.append((str(label), str(SafetyStatus(status).label), notes))
    return {
        "title": _("Digital safety plan"),
        "intro": _(
            "This plan helps you keep your accounts, your phone and yourself safe online. Keep it somewhere safe."
        ),
        "rows": rows,
        "advice": advice(case),
    }


def client_pdf(case: Case, person: Person) -> bytes:
    with translation.override(CLIENT_LANGUAGE):
        copy = client_copy(case, person)
        blocks = [
            Block(title=_("For"), fields=[(_("Name"), person.full_name), (_("Case number"), case.number)]),
            Block(
                title=copy["intro"],
                head=[_("Step"), _("Status"), _("Notes")],
                rows=[list(r) for r in copy["rows"]],
                weights=[4, 2, 4],
            ),
            Block(title=_("If it happens again"), fields=[("•", line) for line in copy["advice"]]),
        ]
        printed = format_datetime(timezone.now())
        footer = _("Confidential. Printed %(time)s.") % {"time": printed}
        return blocks_pdf(str(copy["title"]), blocks, footer=footer)
