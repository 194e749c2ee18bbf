"""The printable case summary: one list of blocks that both the print page and the PDF render.

Building the content once keeps the two in step. Restricted notes are never part of it, whoever
prints: a printout leaves the system's access rules behind.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.cases.codes import TPKSOffence, ViolenceForm
from sigap.cases.models import Assessment, Case, CasePlan, Note, PlanGoal
from sigap.cases.models.work import PlanAction
from sigap.lib.pdf import Block, blocks_pdf, format_when

NOTES_SHOWN = 20


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def _name(user: Any) -> str:
    return user.full_name if user is not None else ""


def _case_block(case: Case) -> Block:
    forms = ", ".join(str(ViolenceForm(f).label) for f in sorted(case.forms))
    offences = ", ".join(str(TPKSOffence(o).label) for o in case.tpks_offences if o in TPKSOffence.values)
    incident = format_when(case.incident_date)
    if incident and case.incident_date_estimated:
        incident = _("about %(date)s") % {"date": incident}
    flags = [
        label
        for on, label in [
            (case.flag_immediate_danger, _("immediate danger")),
            (case.flag_disability, _("disability")),
            (case.flag_pregnancy, _("pregnancy")),
            (case.is_online, _("online abuse")),
        ]
        if on
    ]
    fields = [
        (_("Case number"), case.number),
        (_("Organisation"), case.organisation.name),
        (_("Stage"), str(case.get_stage_display())),
        (_("Risk level"), str(case.get_risk_level_display())),
        (_("Reason for the risk level"), case.risk_reason),
        (_("Client type"), str(case.get_client_type_display())),
        (_("Intake channel"), str(case.get_intake_channel_display())),
        (_("Registered"), format_when(case.registered_at)),
        (_("Case manager"), _name(case.case_manager) or _("not assigned")),
        (_("Forms of violence"), forms),
        (_("TPKS offences"), offences),
        (_("Date of incident"), incident),
        (_("Place of occurrence"), str(case.get_place_display()) if case.place else ""),
        (_("Where it happened"), case.incident_regency.name if case.incident_regency else ""),
        (_("Flags"), ", ".join(str(f) for f in flags)),
        (_("Closed"), format_when(case.closed_at)),
    ]
    return Block(_("Case"), fields=[(label, value) for label, value in fields if value])


def _person_row(role: str, person: Any) -> list[str]:
    age = person.age()
    age_text = "" if age is None else (f"~{age}" if person.birth_date_estimated else str(age))
    return [role, person.full_name, str(person.get_sex_display()) if person.sex else "", age_text]


def _persons_block(case: Case) -> Block:
    rows = []
    for victim in case.victims.select_related("person").order_by("-is_primary", "created_at"):
        rows.append(_person_row(_("Main client") if victim.is_primary else _("Victim"), victim.person))
    for perpetrator in case.perpetrators.select_related("person").order_by("created_at"):
        role = _("Alleged perpetrator (%(relationship)s)") % {"relationship": perpetrator.get_relationship_display()}
        if perpetrator.is_child:
            role = f"{role}, {_('child')}"
        rows.append(_person_row(role, perpetrator.person))
    if case.reporter is not None:
        rows.append(_person_row(_("Reporter"), case.reporter))
    return Block(_("Persons"), head=[_("Role"), _("Name"), _("Sex"), _("Age")], rows=rows, weights=[3, 3, 1, 1])


def _tasks_block(case: Case) -> Block:
    rows = [
        [str(task.get_kind_display()), format_when(task.due_at), format_when(task.done_at) or _("open")]
        for task in case.tasks.order_by("due_at")
    ]
    return Block(
        _("Deadlines"), head=[_("Task"), _("Due"), _("Done")], rows=rows, weights=[3, 2, 2], empty=_("No deadlines.")
    )


def assessment_block(case: Case) -> Block:
    assessments = list(
        case.assessments.order_by(F("completed_at").desc(nulls_last=True), "-created_at").prefetch_related("entries")
    )
    completed = [a for a in assessments if a.is_completed]
    comprehensive = [a for a in completed if a.kind == Assessment.Kind.COMPREHENSIVE]
    block = Block(_("Assessment"), empty=_("No assessment yet."), weights=[2, 1, 4])
    if not assessments:
        return block
    chosen = (comprehensive or completed or assessments)[0]
    block.fields = [
        (label, value)
        for label, value in [
            (_("Kind"), str(chosen.get_kind_display())),
            (_("Completed"), format_when(chosen.completed_at) or _("not yet")),
            (_("Risk level"), str(chosen.get_risk_level_display()) if chosen.risk_level else ""),
            (_("Summary"), chosen.summary),
        ]
        if value
    ]
    block.head = [_("Domain"), _("Priority"), _("Needs")]
    block.rows = [
        [str(e.get_domain_display()), str(e.get_priority_display()) if e.priority else "", e.needs]
        for e in chosen.entries.all()
        if e.needs or e.priority
    ]
    return block


def plan_block(case: Case) -> Block:
    actions = Prefetch(
        "actions",
        queryset=PlanAction.objects.select_related("responsible_organisation", "responsible_user"),
    )
    goals = Prefetch("goals", queryset=PlanGoal.objects.prefetch_related(actions))
    plans = case.plans.exclude(status=CasePlan.Status.SUPERSEDED).prefetch_related(goals)
    plan = plans.filter(status=CasePlan.Status.APPROVED).first() or plans.first()
    block = Block(
        _("Case plan"),
        head=[_("Goal"), _("Action"), _("Responsible"), _("Due by"), _("Status")],
        weights=[3, 3, 2, 1, 1],
        empty=_("No case plan yet."),
    )
    if plan is None:
        return block
    block.fields = [(_("Version"), f"{plan.number} ({plan.get_status_display()})")]
    for goal in plan.goals.all():
        actions_of_goal = list(goal.actions.all())
        if not actions_of_goal:
            block.rows.append([goal.text, "", "", "", ""])
        for index, action in enumerate(actions_of_goal):
            what = str(action.get_service_type_display())
            if action.description:
                what = f"{what}: {action.description}"
            responsible = ", ".join(
                n for n in [getattr(action.responsible_organisation, "name", ""), _name(action.responsible_user)] if n
            )
            block.rows.append(
                [
                    goal.text if index == 0 else "",
                    what,
                    responsible,
                    format_when(action.due_date),
                    str(action.get_status_display()),
                ]
            )
    return block


def _services_block(case: Case) -> Block:
    rows = [
        [
            format_when(s.delivered_on),
            str(s.get_service_type_display()),
            s.provider_organisation.name if s.provider_organisation else (s.provider_name or case.organisation.name),
            s.outcome,
        ]
        for s in case.services.select_related("provider_organisation")
    ]
    return Block(
        _("Services delivered"),
        head=[_("Date"), _("Service"), _("Provided by"), _("Outcome")],
        rows=rows,
        weights=[1, 2, 2, 4],
        empty=_("No services recorded."),
    )


def _follow_ups_block(case: Case) -> Block:
    rows = [
        [
            format_when(f.held_on),
            str(f.get_method_display()),
            str(f.get_risk_level_display()),
            f.progress,
            format_when(f.next_date),
        ]
        for f in case.follow_ups.all()
    ]
    return Block(
        _("Follow-ups"),
        head=[_("Date"), _("Method"), _("Risk level"), _("Progress"), _("Next")],
        rows=rows,
        weights=[1, 1, 1, 4, 1],
        empty=_("No follow-ups recorded."),
    )


def _closure_block(case: Case) -> Block:
    closure = case.closures.select_related("decided_by", "reopened_by").first()
    block = Block(_("Closure"), empty=_("No closure requested."))
    if closure is None:
        return block
    fields = [
        (_("Status"), str(closure.get_status_display())),
        (_("Reason"), str(closure.get_reason_display())),
        (_("Details"), closure.reason_detail),
        (_("Decided by"), _name(closure.decided_by)),
        (_("Decided"), format_when(closure.decided_at)),
        (_("Supervisor's comment"), closure.decision_comment),
        (_("Reopened"), format_when(closure.reopened_at)),
        (_("Reason for reopening"), closure.reopen_reason),
    ]
    block.fields = [(label, value) for label, value in fields if value]
    return block


def notes_block(case: Case) -> Block:
    notes = case.notes.filter(visibility=Note.Visibility.NORMAL).select_related("author")[:NOTES_SHOWN]
    rows = [
        [format_when(n.created_at), n.author.full_name, (_("Correction: ") if n.corrects_id else "") + n.body]
        for n in notes
    ]
    return Block(
        _("Recent notes"),
        head=[_("Time"), _("By"), _("Note")],
        rows=rows,
        weights=[1, 1, 5],
        empty=_("No notes."),
    )


def summary_context(case: Case, *, user: Any) -> dict[str, Any]:
    """Everything the print page and the PDF show. ``case`` was loaded for ``user`` with access checked."""
    case = (
        Case.objects.select_related("organisation", "case_manager", "reporter", "incident_regency")
        .prefetch_related("violence_forms")
        .get(pk=case.pk)
    )
    # Times read as the owner organisation's staff read them (WIB/WITA/WIT), whoever prints.
    with timezone.override(case.organisation.time_zone):
        blocks = [
            _case_block(case),
            _persons_block(case),
            _tasks_block(case),
            assessment_block(case),
            plan_block(case),
            _services_block(case),
            _follow_ups_block(case),
            _closure_block(case),
            notes_block(case),
        ]
        printed = format_when(timezone.now())
    return {"case": case, "blocks": blocks, "printed_at": printed, "printed_by": _name(user)}


# --- PDF ------------------------------------------------------------------------------------


def render_pdf(context: dict[str, Any]) -> bytes:
    """The summary as an A4 PDF (reportlab), with a confidentiality line and page numbers on each page."""
    case: Case = context["case"]
    footer = _("Confidential: personal data. Printed by %(name)s, %(time)s.") % {
        "name": context["printed_by"],
        "time": context["printed_at"],
    }
    return blocks_pdf(_("Case summary %(number)s") % {"number": case.number}, context["blocks"], footer=footer)
