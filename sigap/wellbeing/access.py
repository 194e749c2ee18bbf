"""Who sees a check-in: only the worker who made it, on every screen and API route.

Every other user — her supervisor, an organisation admin, the DPO, a national admin — gets 404,
as for a record that does not exist. The team figure (``team.py``) is the only thing others see.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from sigap.accounts.access import organisation_ids
from sigap.lib.access import get_or_404, is_signed_in
from sigap.organisations.roles import Capability
from sigap.wellbeing.models import CheckIn


def my_checkins(user: Any) -> QuerySet[CheckIn]:
    """The user's own check-ins, newest first; nobody else's, whatever their role."""
    if not is_signed_in(user):
        return CheckIn.objects.none()
    return CheckIn.objects.filter(user=user).order_by("-created_at", "-id")


def get_checkin_for_user(user: Any, pk: UUID | str) -> CheckIn:
    """The user's own check-in, or 404."""
    if not is_signed_in(user):
        raise Http404
    return get_or_404(my_checkins(user), pk=pk)


def team_figure_organisation_ids(user: Any) -> set[Any]:
    """Organisations whose anonymous team figure the user may see: supervisors and organisation admins."""
    return organisation_ids(user, Capability.SUPERVISE) | organisation_ids(user, Capability.MANAGE_ORGANISATION)
