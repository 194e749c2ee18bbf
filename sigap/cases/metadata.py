"""Case metadata for organisation admins: enough to see the workload and reassign it, no personal data.

An organisation admin sees no case page (docs/security.md). What they need — which cases exist, in
which stage, at which risk, with whom, and what is due — is read here as plain values, so no name,
narrative or person can reach the screen or the API even by mistake: the query selects only the
columns named in ``COLUMNS``.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sigap.cases.access import metadata_cases, metadata_organisation_ids
from sigap.cases.codes import RiskLevel
from sigap.cases.models import CasePerpetrator, CaseTask, CaseVictim, ServiceDelivery, Stage
from sigap.cases.search import UNASSIGNED
from sigap.lib.forms import BootstrapMixin, choice_field
from sigap.organisations.models import Membership
from sigap.organisations.roles import Role

# The only columns read. Adding one here is a decision about personal data: see docs/security.md.
COLUMNS = (
    "id",
    "number",
    "organisation_id",
    "organisation__name",
    "stage",
    "risk_level",
    "case_manager_id",
    "case_manager__full_name",
    "registered_at",
    "closed_at",
    "next_due_at",
)
COUNTS = ("victim_count", "perpetrator_count", "service_count", "open_task_count")


def _count(model: Any, **conditions: Any) -> Coalesce:
    rows = model.objects.filter(case=OuterRef("pk"), **conditions).order_by().values("case")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), Value(0), output_field=IntegerField())


class MetadataFilterForm(BootstrapMixin, forms.Form):
    """Filters of the metadata list: stage, risk level, case manager (a GET form; all optional)."""

    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("All stages")), *Stage.choices])
    risk = forms.ChoiceField(label=_("Risk"), required=False, choices=[("", _("Any risk")), *RiskLevel.choices])
    case_manager = forms.ChoiceField(label=_("Case manager"), required=False)

    def __init__(self, *args: Any, managers: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "case_manager").choices = [
            ("", _("Anyone")),
            (UNASSIGNED, pgettext_lazy("case manager", "Not assigned")),
            *(managers or []),
        ]


def manager_choices(user: Any) -> list[tuple[str, str]]:
    """Everybody who manages a case of the admin's organisations, or could (caseworkers, supervisors),
    including members who have left: their cases are the ones to reassign."""
    orgs = metadata_organisation_ids(user)
    current = Membership.objects.filter(organisation_id__in=orgs, role__in=[Role.CASEWORKER, Role.SUPERVISOR])
    rows = {str(pk): name for pk, name in current.values_list("user_id", "user__full_name")}
    managing = metadata_cases(user).filter(case_manager__isnull=False).order_by().distinct()
    rows.update({str(pk): name for pk, name in managing.values_list("case_manager_id", "case_manager__full_name")})
    return sorted(rows.items(), key=lambda item: (item[1], item[0]))


def case_metadata(user: Any, *, stage: str = "", risk: str = "", case_manager: str = "") -> QuerySet[Any]:
    """The cases whose metadata ``user`` may see, newest first, as dicts of ``COLUMNS`` and ``COUNTS``."""
    qs = metadata_cases(user)
    if stage:
        qs = qs.filter(stage=stage)
    if risk:
        qs = qs.filter(risk_level=risk)
    if case_manager == UNASSIGNED:
        qs = qs.filter(case_manager__isnull=True)
    elif case_manager:
        qs = qs.filter(case_manager_id=UUID(str(case_manager)))
    return (
        qs.annotate(
            victim_count=_count(CaseVictim),
            perpetrator_count=_count(CasePerpetrator),
            service_count=_count(ServiceDelivery),
            open_task_count=_count(CaseTask, done_at__isnull=True),
        )
        .order_by("-registered_at", "-pk")
        .values(*COLUMNS, *COUNTS)
    )
