"""The competency registry: which workers hold a valid certificate, coverage by region, and the case
managers working without a case-management certificate (docs/learning.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.learning.models import Certificate, Competency
from sigap.organisations.models import Membership
from sigap.organisations.roles import ROLE_CAPABILITIES, Capability

# Roles that manage cases: the workers whose case-management competency counts.
CASE_MANAGER_ROLES = sorted(role for role, caps in ROLE_CAPABILITIES.items() if Capability.MANAGE_CASES in caps)


def valid_on(day: date | None = None) -> Q:
    day = day or timezone.localdate()
    return Q(revoked_at__isnull=True) & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))


def valid_certificates(competency: str | None = None) -> QuerySet[Certificate]:
    qs = Certificate.objects.filter(valid_on(), holder__isnull=False)
    return qs.filter(programme__competency=competency) if competency else qs


def holds(user: Any, competency: str = Competency.CASE_MANAGEMENT) -> bool:
    return valid_certificates(competency).filter(holder=user).exists()


def case_management_warning(user: Any) -> str:
    """The warning shown when somebody without a valid case-management certificate is made case manager."""
    if holds(user, Competency.CASE_MANAGEMENT):
        return ""
    return _(
        "%(name)s holds no valid case-management training certificate. The case is assigned; consider "
        "training or mentoring."
    ) % {"name": user.full_name}


def coverage_by_province(competency: str = Competency.CASE_MANAGEMENT) -> list[dict[str, Any]]:
    """Per province: case managers (active caseworkers and supervisors) and how many hold a valid
    certificate of ``competency``. Counts only, no names."""
    certified = valid_certificates(competency).values("holder_id")
    rows = (
        Membership.objects.filter(is_active=True, organisation__is_active=True, role__in=CASE_MANAGER_ROLES)
        .values("organisation__province_id", "organisation__province__name")
        .annotate(
            workers=Count("user", distinct=True),
            certified=Count("user", distinct=True, filter=Q(user_id__in=certified)),
        )
        .order_by("organisation__province_id")
    )
    return [
        {
            "code": row["organisation__province_id"],
            "name": row["organisation__province__name"],
            "workers": row["workers"],
            "certified": row["certified"],
            "share": round(100 * row["certified"] / row["workers"], 1) if row["workers"] else None,
        }
        for row in rows
    ]


def team(supervisor: Any) -> list[dict[str, Any]]:
    """The workers a supervisor supervises, their valid certificates and the open cases they manage."""
    from sigap.cases.models import Case

    members = list(
        Membership.objects.filter(supervisor__user=supervisor, supervisor__is_active=True, is_active=True)
        .select_related("user", "organisation")
        .order_by("user__full_name")
    )
    user_ids = [m.user_id for m in members]
    certificates: dict[Any, list[Certificate]] = {}
    for certificate in valid_certificates().filter(holder_id__in=user_ids).select_related("programme"):
        certificates.setdefault(certificate.holder_id, []).append(certificate)
    open_cases = dict(
        Case.objects.filter(case_manager_id__in=user_ids, closed_at__isnull=True)
        .values_list("case_manager_id")
        .annotate(n=Count("pk"))
        .values_list("case_manager_id", "n")
    )
    return [
        {
            "membership": m,
            "certificates": certificates.get(m.user_id, []),
            "case_management": any(
                c.programme.competency == Competency.CASE_MANAGEMENT for c in certificates.get(m.user_id, [])
            ),
            "open_cases": open_cases.get(m.user_id, 0),
        }
        for m in members
    ]


def uncertified_case_load(rows: list[dict[str, Any]]) -> dict[str, int]:
    """For a supervisor's report: workers without a case-management certificate and their open cases."""
    missing = [row for row in rows if not row["case_management"]]
    return {"workers": len(missing), "open_cases": sum(row["open_cases"] for row in missing)}
