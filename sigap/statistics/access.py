"""Who sees which figures (docs/statistics.md, "Who sees what").

- An organisation's own staff with the ``view_aggregates`` capability see its figures exactly
  (live rows, no suppression): ``Scope.of_organisation(org, exact=True)``.
- A data officer (``verify_statistics``) of a regional government office sees the aggregates of
  every organisation in its region, suppressed and read from verified months by default: a Dinas
  PPPA with a regency sees that regency, one with only a province sees the province, the ministry
  sees the nation. They never reach a case, a person or a free-text field: their role carries no
  case capability (``sigap.organisations.roles``), and the statistics read only the summary rows.

Every screen, API and export asks :func:`scope_for` (404 for a scope the user may not see), and lists
start from :func:`statistics_scopes`.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sigap.accounts.access import active_memberships
from sigap.lib.access import get_or_404
from sigap.organisations.models import Organisation, OrganisationKind
from sigap.organisations.roles import Capability
from sigap.statistics.queries import Scope

REGIONAL_KINDS = frozenset({OrganisationKind.DINAS_PPPA, OrganisationKind.MINISTRY})


def own_organisation_ids(user: Any) -> set[UUID]:
    """Organisations whose own figures the user sees exactly."""
    return {m.organisation_id for m in active_memberships(user) if m.can(Capability.VIEW_AGGREGATES)}


def verifying_organisation_ids(user: Any) -> set[UUID]:
    """Organisations whose months the user may review and verify."""
    return {m.organisation_id for m in active_memberships(user) if m.can(Capability.VERIFY_STATISTICS)}


def regional_scopes(user: Any) -> list[Scope]:
    """The regions the user reads as a data officer of a Dinas PPPA or of the ministry."""
    ids = verifying_organisation_ids(user)
    if not ids:
        return []
    scopes = []
    for org in Organisation.objects.filter(pk__in=ids, kind__in=REGIONAL_KINDS, is_active=True).only(
        "kind", "province_id", "regency_id"
    ):
        scopes.append(region_of(org))
    return scopes


def region_of(org: Organisation) -> Scope:
    if org.kind == OrganisationKind.MINISTRY:
        return Scope.nation()
    if org.regency_id:
        return Scope.of_regency(org.regency_id)
    return Scope.of_province(org.province_id)


def statistics_scopes(user: Any) -> list[Scope]:
    """Every scope the user may ask for: their own organisations (exact), then their regions."""
    own = [Scope.of_organisation(pk) for pk in sorted(own_organisation_ids(user), key=str)]
    return own + regional_scopes(user)


def may_see_statistics(user: Any) -> bool:
    return bool(own_organisation_ids(user)) or bool(regional_scopes(user))


def covers(region: Scope, code: str) -> bool:
    """Whether a regional scope includes the region ``code`` ("" = the nation)."""
    if not region.province:
        return True
    if region.regency:
        return code == region.regency
    return bool(code) and code[:2] == region.province


def scope_for(
    user: Any, *, organisation_id: UUID | str | None = None, region: str | None = None, verified_only: bool = True
) -> Scope:
    """The scope the user asked for, or 404. ``region``: "" the nation, "32" a province, "32.73" a
    regency. An organisation: exact for its own staff; for a regional officer whose region holds it,
    its aggregates with suppression."""
    if organisation_id is not None:
        try:
            pk = UUID(str(organisation_id))
        except ValueError:
            raise Http404 from None
        if pk in own_organisation_ids(user):
            return Scope.of_organisation(pk)
        org = Organisation.objects.filter(pk=pk).only("province_id", "regency_id").first()
        # A regency's code starts with its province's: one test for both kinds of region.
        if org is not None and any(covers(r, org.regency_id or org.province_id) for r in regional_scopes(user)):
            return Scope.of_organisation(pk, exact=False, verified_only=verified_only)
        raise Http404
    code = region or ""
    if not any(covers(r, code) for r in regional_scopes(user)):
        raise Http404
    if not code:
        return Scope.nation(verified_only=verified_only)
    if "." in code:
        return Scope.of_regency(code, verified_only=verified_only)
    return Scope.of_province(code, verified_only=verified_only)


def get_statistics_organisation(user: Any, pk: Any, *, verify: bool = False) -> Organisation:
    """The organisation whose own months the user reviews: 404 unless its staff with the aggregates
    capability, 403 for one who may read but not verify (``verify=True``)."""
    org = get_or_404(Organisation.objects.all(), pk=pk, pk__in=list(own_organisation_ids(user)))
    if verify and org.pk not in verifying_organisation_ids(user):
        raise PermissionDenied
    return org
