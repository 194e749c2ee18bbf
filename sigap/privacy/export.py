"""Everything Sigap holds about a person, as JSON and as a readable PDF, packed in an encrypted ZIP.

Only what the exporting user may see goes in: the cases ``sigap.privacy.access.exported_cases``
gives, and restricted notes only for those allowed to read them. The full case record (assessments,
plans, services, follow-ups, closure, notes) is exported only for cases where the person is a
victim; where they are an alleged perpetrator or the reporter the export names the case, their
role, its stage, dates and forms of violence, and never what the victim told the service.

Apps with their own records on a case (referrals, online incidents …) add them to a victim's case
record with the ``exports`` of their case extension (``sigap.cases.extensions.CaseExport``).
"""

from __future__ import annotations

import io
import json
import secrets
from datetime import date, datetime
from typing import Any

import pyzipper
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.cases.access import readable_notes
from sigap.cases.codes import (
    AssessmentDomain,
    ClosureReason,
    Education,
    MaritalStatus,
    Relationship,
    ServiceType,
    Sex,
    ViolenceForm,
)
from sigap.cases.extensions import case_exports
from sigap.cases.models import Case, CasePlan, Person, PlanGoal, Stage
from sigap.consent.models import Consent
from sigap.forms.privacy import export_data as form_export_data
from sigap.lib.pdf import Block, blocks_pdf, format_when
from sigap.privacy.models import PersonRestriction

FORMAT = "sigap-person-export/1"


_READABLE_CHARS = "abcdefghjkmnpqrstuvwxyz23456789"


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _person_data(person: Person) -> dict[str, Any]:
    village = person.village
    return {
        "id": str(person.pk),
        "recorded_by_organisation": person.organisation.name,
        "full_name": person.full_name,
        "known_as": person.known_as,
        "sex": person.sex,
        "date_of_birth": _iso(person.date_of_birth),
        "birth_date_estimated": person.birth_date_estimated,
        "nik": person.nik,
        "phone": person.phone,
        "village": {"code": village.code, "name": village.name} if village else None,
        "address_detail": person.address_detail,
        "has_disability": person.has_disability,
        "disability_type": person.disability_type,
        "education": person.education,
        "occupation": person.occupation,
        "marital_status": person.marital_status,
        "nationality": person.nationality,
        "created_at": _iso(person.created_at),
        "updated_at": _iso(person.updated_at),
    }


def _roles(case: Case, person: Person) -> list[str]:
    roles = []
    for victim in case.victims.all():
        if victim.person_id == person.pk:
            roles.append("main_client" if victim.is_primary else "victim")
    for perpetrator in case.perpetrators.all():
        if perpetrator.person_id == person.pk:
            roles.append(f"alleged_perpetrator:{perpetrator.relationship}")
    if case.reporter_id == person.pk:
        roles.append("reporter")
    return roles


def _case_records(case: Case, user: Any) -> dict[str, Any]:
    """The work on a case the person is a victim of."""
    records = _core_records(case, user)
    for export in case_exports():
        records[export.key] = export.collect(case, user)
    return records


def _core_records(case: Case, user: Any) -> dict[str, Any]:
    notes = readable_notes(user, case.notes.all(), case.organisation_id)
    return {
        "intake_narrative": case.intake_narrative,
        "risk_level": case.risk_level,
        "risk_reason": case.risk_reason,
        "assessments": [
            {
                "kind": a.kind,
                "completed_at": _iso(a.completed_at),
                "risk_level": a.risk_level,
                "summary": a.summary,
                "entries": [
                    {"domain": e.domain, "findings": e.findings, "needs": e.needs, "priority": e.priority}
                    for e in a.entries.all()
                ],
                # A guided assessment's answers, with the questions of the form version they answer.
                "form": form_export_data(a.form_response) if a.form_response is not None else None,
            }
            for a in case.assessments.all()
        ],
        "plans": [
            {
                "version": p.number,
                "status": p.status,
                "goals": [
                    {
                        "goal": g.text,
                        "actions": [
                            {
                                "service": a.service_type,
                                "description": a.description,
                                "due_date": _iso(a.due_date),
                                "status": a.status,
                            }
                            for a in g.actions.all()
                        ],
                    }
                    for g in p.goals.all()
                ],
            }
            for p in case.plans.all()
        ],
        "services": [
            {
                "service": s.service_type,
                "delivered_on": _iso(s.delivered_on),
                "provided_by": s.provider_organisation.name if s.provider_organisation else s.provider_name,
                "outcome": s.outcome,
            }
            for s in case.services.select_related("provider_organisation")
        ],
        "follow_ups": [
            {
                "held_on": _iso(f.held_on),
                "method": f.method,
                "progress": f.progress,
                "new_risks": f.new_risks,
                "risk_level": f.risk_level,
                "next_date": _iso(f.next_date),
            }
            for f in case.follow_ups.all()
        ],
        "closures": [
            {
                "status": c.status,
                "reason": c.reason,
                "details": c.reason_detail,
                "decided_at": _iso(c.decided_at),
                "reopened_at": _iso(c.reopened_at),
                "reopen_reason": c.reopen_reason,
            }
            for c in case.closures.all()
        ],
        "notes": [
            {
                "written_at": _iso(n.created_at),
                "author": n.author.full_name,
                "visibility": n.visibility,
                "body": n.body,
                "corrects": str(n.corrects_id) if n.corrects_id else None,
            }
            for n in notes.select_related("author").order_by("created_at")
        ],
        "attachments": [
            {"title": a.title, "file_name": a.original_name, "size": a.size, "uploaded_at": _iso(a.created_at)}
            for a in case.attachments.all()
        ],
    }


def _case_data(case: Case, person: Person, user: Any) -> dict[str, Any]:
    roles = _roles(case, person)
    data: dict[str, Any] = {
        "number": case.number,
        "organisation": case.organisation.name,
        "roles": roles,
        "stage": case.stage,
        "registered_at": _iso(case.registered_at),
        "closed_at": _iso(case.closed_at),
        "incident_date": _iso(case.incident_date),
        "place": case.place,
        "forms_of_violence": sorted(case.forms),
        "client_type": case.client_type,
        "intake_channel": case.intake_channel,
    }
    if any(r in {"main_client", "victim"} for r in roles):
        data.update(_case_records(case, user))
    return data


def _consents(person: Person, case_ids: list[Any]) -> list[dict[str, Any]]:
    """The person's consent records in those cases."""
    rows = Consent.objects.filter(case_id__in=case_ids, person=person).select_related("case")
    keys = ["given_by", "assent", "services", "police_report", "photos", "method", "given_on", "withdrawn_on"]
    result = []
    for row in rows:
        item: dict[str, Any] = {"case": row.case.number}
        for key in keys:
            value = getattr(row, key, None)
            item[key] = _iso(value) if isinstance(value, date) else value
        result.append(item)
    return result


def export_data(person: Person, *, user: Any, cases: Any) -> dict[str, Any]:
    """The export as plain data (it becomes the JSON file and the API response)."""
    goals = Prefetch("goals", queryset=PlanGoal.objects.prefetch_related("actions"))
    case_list = list(
        cases.select_related("organisation").prefetch_related(
            "violence_forms",
            "victims",
            "perpetrators",
            "assessments__entries",
            "assessments__form_response__version__definition",
            Prefetch("plans", queryset=CasePlan.objects.order_by("number").prefetch_related(goals)),
            "follow_ups",
            "closures",
            "attachments",
        )
    )
    restriction = PersonRestriction.objects.filter(person=person, lifted_at__isnull=True).first()
    return {
        "format": FORMAT,
        "exported_at": _iso(timezone.now()),
        "exported_by": user.full_name,
        "person": _person_data(person),
        "restriction": {"since": _iso(restriction.created_at), "reason": restriction.reason} if restriction else None,
        "cases": [_case_data(case, person, user) for case in case_list],
        "consents": _consents(person, [c.pk for c in case_list]),
    }


# --- PDF ------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _label(choices: Any, value: str) -> str:
    """The translated label of a stored code (the JSON keeps the code)."""
    return str(dict(choices.choices).get(value, value)) if value else ""


def _role_label(role: str) -> str:
    if role.startswith("alleged_perpetrator:"):
        relationship = _label(Relationship, role.split(":", 1)[1])
        return _("Alleged perpetrator (%(relationship)s)") % {"relationship": relationship}
    return {"main_client": _("Main client"), "victim": _("Victim"), "reporter": _("Reporter")}.get(role, role)


def _person_block(person: dict[str, Any]) -> Block:
    labels = {
        "full_name": _("Full name"),
        "known_as": _("Known as"),
        "sex": _("Sex"),
        "date_of_birth": _("Date of birth"),
        "nik": _("NIK"),
        "phone": _("Phone"),
        "address_detail": _("Address (street, RT/RW)"),
        "education": _("Education"),
        "occupation": _("Occupation"),
        "marital_status": _("Marital status"),
        "nationality": _("Nationality"),
        "recorded_by_organisation": _("Recorded by"),
    }
    coded = {"sex": Sex, "education": Education, "marital_status": MaritalStatus}
    fields = [
        (str(label), _label(coded[key], person[key]) if key in coded else _text(person.get(key)))
        for key, label in labels.items()
    ]
    if person["village"]:
        fields.append((_("Village"), f"{person['village']['name']} ({person['village']['code']})"))
    return Block(_("Person"), fields=[(label, value) for label, value in fields if value])


def _record_rows(case: dict[str, Any]) -> list[list[str]]:
    """One row per record of the work on the case (present only where the person is a victim)."""
    rows = []
    for a in case.get("assessments", []):
        rows.append([_("Assessment"), a["completed_at"] or "", a["summary"]])
        rows += [
            [_("Assessment"), _label(AssessmentDomain, e["domain"]), f"{e['findings']} {e['needs']}".strip()]
            for e in a["entries"]
        ]
        if a.get("form"):
            rows += [
                [_("Assessment"), f"{section['title']}: {item['question']}", item["answer"]]
                for section in a["form"]["sections"]
                for item in section["answers"]
            ]
    for p in case.get("plans", []):
        rows += [[_("Case plan"), str(p["version"]), g["goal"]] for g in p["goals"]]
    rows += [
        [_("Service"), s["delivered_on"] or "", f"{_label(ServiceType, s['service'])}: {s['outcome']}"]
        for s in case.get("services", [])
    ]
    rows += [[_("Follow-up"), f["held_on"] or "", f["progress"]] for f in case.get("follow_ups", [])]
    rows += [
        [_("Closure"), c["decided_at"] or "", f"{_label(ClosureReason, c['reason'])} {c['details']}".strip()]
        for c in case.get("closures", [])
    ]
    rows += [[_("Note"), n["written_at"] or "", n["body"]] for n in case.get("notes", [])]
    for export in case_exports():
        rows += [[export.label(), *export.row(item)] for item in case.get(export.key, [])]
    return rows


def _case_block(case: dict[str, Any]) -> Block:
    fields = [
        (_("Role"), ", ".join(_role_label(r) for r in case["roles"])),
        (_("Organisation"), case["organisation"]),
        (_("Stage"), _label(Stage, case["stage"])),
        (_("Registered"), case["registered_at"] or ""),
        (_("Closed"), case["closed_at"] or ""),
        (_("Date of incident"), case["incident_date"] or ""),
        (_("Forms of violence"), ", ".join(_label(ViolenceForm, f) for f in case["forms_of_violence"])),
        (_("What happened (intake)"), case.get("intake_narrative", "")),
    ]
    block = Block(_("Case %(number)s") % {"number": case["number"]})
    block.fields = [(label, value) for label, value in fields if value]
    rows = _record_rows(case)
    if rows:
        block.head, block.rows, block.weights = [_("Record"), _("Date"), _("Content")], rows, [1, 1, 4]
    return block


def _blocks(data: dict[str, Any]) -> list[Block]:
    blocks = [_person_block(data["person"])]
    if data["restriction"]:
        blocks.append(Block(_("Restriction of processing"), fields=[(_("Since"), data["restriction"]["since"])]))
    blocks += [_case_block(case) for case in data["cases"]]
    if data["consents"]:
        blocks.append(
            Block(
                _("Consent"),
                head=[_("Case"), _("Date given"), _("Withdrawn")],
                rows=[[c["case"], _text(c.get("given_on")), _text(c.get("withdrawn_on"))] for c in data["consents"]],
                weights=[1, 1, 1],
            )
        )
    return blocks


def export_pdf(data: dict[str, Any]) -> bytes:
    footer = _("Confidential: personal data. Exported by %(name)s, %(time)s.") % {
        "name": data["exported_by"],
        "time": format_when(datetime.fromisoformat(data["exported_at"])),
    }
    return blocks_pdf(_("Personal data held by Sigap"), _blocks(data), footer=footer)


# --- Encrypted package ----------------------------------------------------------------------


def new_passphrase() -> str:
    """Five groups of five characters (about 124 bits), easy to read out and type."""
    chars = "".join(secrets.choice(_READABLE_CHARS) for _ in range(25))
    return "-".join(chars[i : i + 5] for i in range(0, 25, 5))


def encrypted_zip(files: dict[str, bytes], passphrase: str) -> bytes:
    """A ZIP with AES-256 encryption (WinZip AE-2), opened with 7-Zip, WinRAR, macOS/Linux tools."""
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(buffer, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as archive:
        archive.setpassword(passphrase.encode())
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def package_name(person: Person) -> str:
    return f"sigap-person-{str(person.pk)[:8]}-{timezone.localdate():%Y%m%d}"


def export_files(person: Person, data: dict[str, Any]) -> dict[str, bytes]:
    name = package_name(person)
    return {
        f"{name}.json": json.dumps(data, ensure_ascii=False, indent=2).encode(),
        f"{name}.pdf": export_pdf(data),
    }
