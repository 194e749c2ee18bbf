"""A caseworker's day: what to do now (overdue and due today, highest risk first), this week, and
her open cases by stage (collapsed on the page)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sigap.accounts.access import has_capability
from sigap.cases import mywork
from sigap.cases.models import Case
from sigap.home.panels import Entry, Home, Panel, PanelData, register
from sigap.organisations.roles import Capability


def _manages(home: Home) -> bool:
    return has_capability(home.user, Capability.MANAGE_CASES)


def case_entry(case: Case, *, tag: str) -> Entry:
    """A case as one line: its number and client, its open deadlines in the window, its next one."""
    tasks = getattr(case, "due_tasks", [])
    return Entry(
        title=case.number,
        url=reverse("cases:detail", args=[case.pk]),
        detail=" · ".join(str(t.kind_label) for t in tasks),
        case_id=case.pk,
        case_number=case.number,
        client_name=case.primary_client_name,
        risk=case.risk_level,
        risk_label=getattr(case, "risk_label", ""),
        due_at=case.next_due_at,
        state=getattr(case, "due_state", ""),
        tag=tag,
        extra={"tasks": [{"kind": t.kind, "label": str(t.kind_label), "due_at": t.due_at} for t in tasks]},
    )


def _case_list(user: Any, **query: str) -> str:
    return reverse("cases:list") + "?" + urlencode({"manager": str(user.pk), **query})


def do_now(home: Home) -> PanelData | None:
    if not _manages(home):
        return None
    due = mywork.do_now(home.user, home.now)
    return PanelData(
        title=_("Do now"),
        lead=_("Overdue and due today, the highest risk first."),
        entries=[case_entry(case, tag="do-now") for case in due.cases],
        total=due.total,
        more_url=_case_list(home.user, due="attention", sort="risk") if due.total > len(due.cases) else "",
        more_label=_("See all"),
        empty=_("Nothing is overdue or due today."),
        extra={"emphasis": True},
    )


def this_week(home: Home) -> PanelData | None:
    if not _manages(home):
        return None
    due = mywork.this_week(home.user, home.now)
    return PanelData(
        title=_("This week"),
        entries=[case_entry(case, tag="this-week") for case in due.cases],
        total=due.total,
        more_url=_case_list(home.user, sort="due") if due.total > len(due.cases) else "",
        more_label=_("See all"),
        empty=_("No other deadline in the next 7 days."),
    )


def my_cases(home: Home) -> PanelData | None:
    if not _manages(home):
        return None
    work = mywork.MyWork()
    mywork.my_cases_by_stage(home.user, work, home.now)
    groups = [
        {"stage": g.stage, "label": g.label, "entries": [case_entry(c, tag="my-case") for c in g.cases]}
        for g in work.stage_groups
    ]
    api = {
        "stages": [
            {"stage": g["stage"], "label": str(g["label"]), "items": [e.as_json() for e in g["entries"]]}
            for g in groups
        ]
    }
    return PanelData(
        title=_("Your open cases"),
        total=work.my_case_count,
        more_url=reverse("cases:list"),
        more_label=_("All cases you can see"),
        empty=_("You have no open cases."),
        extra={"groups": groups, "api": api},
    )


register(Panel("do_now", 10, do_now))
register(Panel("this_week", 20, this_week))
register(Panel("my_cases", 80, my_cases, template="home/panels/stages.html"))
