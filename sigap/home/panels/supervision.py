"""A supervisor's day: everything waiting for her decision (case plans, closures, sharing without
consent, transfers), her team's overdue work by worker with a chart of caseloads and deadlines, and
the new cases waiting for a case manager."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sigap.accounts.access import has_capability
from sigap.cases import mywork
from sigap.consent.access import overrides_waiting_for
from sigap.home.panels import Entry, Home, Panel, PanelData, register
from sigap.lib.charts import Chart, Series
from sigap.organisations.roles import Capability
from sigap.transfers.access import transfers_waiting_for

SHOWN = 20  # of each kind of approval; the count says when there are more


def _supervises(home: Home) -> bool:
    return has_capability(home.user, Capability.SUPERVISE)


def _first(qs: Any) -> tuple[list[Any], bool]:
    rows = list(qs[: SHOWN + 1])
    return rows[:SHOWN], len(rows) > SHOWN


def approvals(home: Home) -> PanelData | None:
    """Oldest first across every kind: what waits longest is decided first."""
    if not _supervises(home):
        return None
    user = home.user
    waiting = mywork.approvals_waiting_for(user)
    plans, more_plans = _first(waiting.plans)
    closures, more_closures = _first(waiting.closures)
    overrides, more_overrides = _first(overrides_waiting_for(user))
    transfers, more_transfers = _first(transfers_waiting_for(user))
    entries: list[Entry] = []
    for plan in plans:
        entries.append(
            Entry(
                title=_("Case plan, version %(n)s") % {"n": plan.number},
                url=mywork.approval_url(plan),
                case_id=plan.case_id,
                case_number=plan.case.number,
                client_name=plan.case.primary_client_name,
                detail=plan.submitted_by.full_name if plan.submitted_by else "",
                since=plan.submitted_at or plan.updated_at,
                tag="approval",
                extra={"kind": "plan"},
            )
        )
    for closure in closures:
        entries.append(
            Entry(
                title=_("Closure request"),
                url=mywork.approval_url(closure),
                case_id=closure.case_id,
                case_number=closure.case.number,
                client_name=closure.case.primary_client_name,
                detail=closure.requested_by.full_name if closure.requested_by else "",
                since=closure.created_at,
                tag="approval",
                extra={"kind": "closure"},
            )
        )
    for override in overrides:
        entries.append(
            Entry(
                title=_("Sharing without consent: %(purpose)s") % {"purpose": override.get_purpose_display()},
                url=reverse("consent:override", args=[override.case_id, override.pk]),
                case_id=override.case_id,
                case_number=override.case.number,
                client_name=override.case.primary_client_name,
                detail=override.requested_by.full_name if override.requested_by else "",
                since=override.created_at,
                tag="sharing-override",
                extra={"kind": "sharing_override"},
            )
        )
    for transfer in transfers:
        entries.append(
            Entry(
                title=_("Transfer from %(org)s") % {"org": transfer.from_organisation.name},
                url=transfer.get_absolute_url(),
                detail=transfer.old_number,
                risk=transfer.risk_level,
                risk_label=transfer.get_risk_level_display(),
                since=transfer.created_at,
                tag="transfer",
                extra={"kind": "transfer"},
            )
        )
    entries.sort(key=lambda e: e.since or home.now)
    more = more_plans or more_closures or more_overrides or more_transfers
    return PanelData(
        title=_("Waiting for your approval"),
        entries=entries,
        empty=_("Nothing is waiting for your approval."),
        extra={"more": more, "emphasis": True, "api": {"more": more}},
    )


def team(home: Home) -> PanelData | None:
    """Overdue by worker, and the team's caseload and deadlines as a chart with its table."""
    if not _supervises(home):
        return None
    threshold = settings.SIGAP_CASELOAD_THRESHOLD
    loads = mywork.team_caseloads(home.user, home.now, threshold)
    case_list = reverse("cases:list")
    rows: list[dict[str, Any]] = []
    for load in loads:
        rows.append(
            {
                "load": load,
                "later": max(load.active - load.overdue - load.due_week, 0),
                "overdue_url": case_list + "?" + urlencode({"manager": str(load.user_id), "due": "overdue"}),
            }
        )
    chart = Chart(
        "team",
        _("Caseload and deadlines per worker"),
        [load.name for load in loads],
        [
            Series(_("Overdue"), [load.overdue for load in loads], tone="danger"),
            Series(_("Due in 7 days"), [load.due_week for load in loads], tone="warning"),
            Series(_("Later or no deadline"), [row["later"] for row in rows], tone="secondary"),
        ],
        label_heading=_("Worker"),
        stacked=True,
        # The team table under the chart shows every figure (and the threshold) to everyone.
        table="hidden",
        hrefs=[row["overdue_url"] for row in rows],
    )
    api = {
        "threshold": threshold,
        "workers": [
            {
                "user": str(load.user_id),
                "name": load.name,
                "organisation": str(load.organisation.pk),
                "active": load.active,
                "overdue": load.overdue,
                "due_week": load.due_week,
                "over_threshold": load.over_threshold,
            }
            for load in loads
        ],
    }
    return PanelData(
        title=_("Your team's caseloads"),
        total=sum(load.overdue for load in loads),
        lead=_("Active cases per worker against the threshold of %(n)s.") % {"n": threshold},
        empty=_("Nobody is assigned to you for supervision yet."),
        extra={"rows": rows, "threshold": threshold, "chart": chart, "api": api},
    )


def unassigned(home: Home) -> PanelData | None:
    if not _supervises(home):
        return None
    cases = list(mywork.unassigned_cases(home.user)[: mywork.UNASSIGNED_LIMIT + 1])
    more = len(cases) > mywork.UNASSIGNED_LIMIT
    cases = cases[: mywork.UNASSIGNED_LIMIT]
    mywork.label_rows(cases, home.now)
    entries = [
        Entry(
            title=case.number,
            url=reverse("cases:detail", args=[case.pk]),
            case_id=case.pk,
            case_number=case.number,
            client_name=case.primary_client_name,
            risk=case.risk_level,
            risk_label=getattr(case, "risk_label", ""),
            due_at=case.next_due_at,
            state=getattr(case, "due_state", ""),
            tag="unassigned",
        )
        for case in cases
    ]
    return PanelData(
        title=_("New cases to assign"),
        entries=entries,
        more_url=reverse("cases:list") + "?manager=none&sort=oldest" if more else "",
        more_label=_("All cases waiting for a case manager"),
        extra={"more": more, "api": {"more": more}},
    )


register(Panel("approvals", 5, approvals))
register(Panel("team", 30, team, template="home/panels/team.html"))
register(Panel("unassigned", 40, unassigned))
