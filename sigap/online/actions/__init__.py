"""Online-abuse verbs: record incidents, offender accounts, evidence and its custody, takedown
requests and their progress, the digital safety plan; and the reminder for quiet takedown requests.

Each takes the acting user by keyword, checks permission (editors of an open case), validates with a
translated message per field, runs in one transaction and writes a case timeline event (which writes
the audit event too). Timeline events never carry the free text, addresses or handles.
"""

from __future__ import annotations

from sigap.online.actions.evidence import EvidenceInput, record_custody, record_evidence, validate_evidence
from sigap.online.actions.guidance import update_guidance
from sigap.online.actions.incidents import (
    IncidentInput,
    add_offender_account,
    incident_input,
    needs_police_report,
    record_incident,
    update_incident,
)
from sigap.online.actions.safety_plan import save_safety_plan
from sigap.online.actions.takedowns import TakedownInput, create_takedown, remind_stale_takedowns, update_takedown

__all__ = [
    "EvidenceInput",
    "IncidentInput",
    "TakedownInput",
    "add_offender_account",
    "create_takedown",
    "incident_input",
    "needs_police_report",
    "record_custody",
    "record_evidence",
    "record_incident",
    "remind_stale_takedowns",
    "save_safety_plan",
    "update_guidance",
    "update_incident",
    "update_takedown",
    "validate_evidence",
]
