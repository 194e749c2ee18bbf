"""What the receiver of a referral reads: the chosen sections of the case, and nothing else.

The receiver's page, the API and the letter for a partner not on Sigap all take their content from
:func:`shared_blocks` (printable blocks) or :func:`shared_data` (the API's JSON), so one list decides
what leaves the case. Restricted notes are never shared.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.cases.codes import TPKSOffence, ViolenceForm
from sigap.cases.models import Case, Person
from sigap.cases.summary import assessment_block, notes_block, plan_block
from sigap.lib.pdf import Block, format_when
from sigap.referrals.models import Referral, Section


def clients(case: Case) -> list[Person]:
    return [
        v.person
        for v in case.victims.select_related("person", "person__village__district__regency").order_by(
            "-is_primary", "created_at"
        )
    ]


def _identity(person: Person) -> list[tuple[str, str]]:
    age = person.age()
    return [
        (label, value)
        for label, value in [
            (_("Name"), person.full_name),
            (_("Known as"), person.known_as),
            (_("Sex"), str(person.get_sex_display()) if person.sex else ""),
            (_("Date of birth"), format_when(person.date_of_birth)),
            (_("Age"), "" if age is None else str(age)),
            (_("NIK"), person.nik),
        ]
        if value
    ]


def _village(person: Person) -> str:
    village = person.village
    if village is None:
        return ""
    return f"{village.name}, {village.district.name}, {village.district.regency.name}"


def _contact(person: Person) -> list[tuple[str, str]]:
    return [
        (label, value)
        for label, value in [
            (_("Phone"), person.phone),
            (_("Address"), person.address_detail),
            (_("Village"), _village(person)),
        ]
        if value
    ]


def _violence(case: Case) -> Block:
    forms = ", ".join(str(ViolenceForm(f).label) for f in sorted(case.forms))
    offences = ", ".join(str(TPKSOffence(o).label) for o in case.tpks_offences if o in TPKSOffence.values)
    fields = [
        (_("Forms of violence"), forms),
        (_("TPKS offences"), offences),
        (_("Date of incident"), format_when(case.incident_date)),
        (_("Place of occurrence"), str(case.get_place_display()) if case.place else ""),
        (_("Online abuse involved"), _("yes") if case.is_online else ""),
    ]
    return Block(_("Forms of violence"), fields=[(label, value) for label, value in fields if value])


def _per_client(title: str, rows: list[list[tuple[str, str]]]) -> Block:
    fields: list[tuple[str, str]] = []
    for n, row in enumerate(rows, start=1):
        if len(rows) > 1:
            fields.append((_("Client %(n)d") % {"n": n}, ""))
        fields += row
    return Block(title, fields=fields, empty=_("Nothing recorded."))


def shared_blocks(referral: Referral) -> list[Block]:
    """The shared sections as printable blocks, in the order of ``Section``. Times in the sender's zone."""
    case = referral.case
    chosen = set(referral.sections)
    people = clients(case) if chosen & {Section.IDENTITY, Section.CONTACT} else []
    blocks: list[Block] = []
    with timezone.override(case.organisation.time_zone):
        if Section.IDENTITY in chosen:
            blocks.append(_per_client(_("Identity"), [_identity(p) for p in people]))
        if Section.CONTACT in chosen:
            blocks.append(_per_client(_("Contact details"), [_contact(p) for p in people]))
        if Section.VIOLENCE in chosen:
            blocks.append(_violence(case))
        if Section.ASSESSMENT in chosen:
            blocks.append(assessment_block(case))
        if Section.PLAN in chosen:
            blocks.append(plan_block(case))
        if Section.NOTES in chosen:
            blocks.append(notes_block(case))
    return blocks


def shared_data(referral: Referral) -> dict[str, Any]:
    """The shared sections for the API: ``{section: [{title, fields, head, rows}]}``."""
    order = [code for code in Section.values if code in referral.sections]
    return {
        code: {"title": block.title, "fields": [list(f) for f in block.fields], "head": block.head, "rows": block.rows}
        for code, block in zip(order, shared_blocks(referral), strict=True)
    }
