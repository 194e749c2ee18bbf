"""Break-glass: a supervisor or organisation admin opens a case outside their scope, with a reason.

The opening is an access-log row (action ``break_glass``); sigap.cases.access reads it back as a
read-only grant for ``BREAK_GLASS_DURATION``. The case manager sees it on "Who viewed this case"
and on My work; the data protection officer sees every opening in the organisation.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.access import BREAK_GLASS_MIN_REASON, AccessAction, log_access
from sigap.audit.models import AccessLog
from sigap.cases.access import break_glass_organisations, visible_cases
from sigap.cases.models import Case

BREAK_GLASS_MAX_REASON = 1000


@transaction.atomic
def break_glass(case: Case, *, actor: User, reason: str, request: HttpRequest | None = None) -> AccessLog:
    """Open ``case`` read-only for ``actor``, logging the reason. The caller loaded the case by id
    within the actor's break-glass organisations (``BreakGlassAvailable``)."""
    if case.organisation_id not in break_glass_organisations(actor):
        raise PermissionDenied(_("You may not open cases of this organisation."))
    if visible_cases(actor).filter(pk=case.pk).exists():
        raise ValidationError(_("You already have access to this case."), code="not_needed")
    reason = " ".join((reason or "").split())
    if len(reason) < BREAK_GLASS_MIN_REASON:
        raise ValidationError(
            {"reason": [_("Give the reason in at least %(n)d characters.") % {"n": BREAK_GLASS_MIN_REASON}]}
        )
    if len(reason) > BREAK_GLASS_MAX_REASON:
        raise ValidationError(
            {"reason": [_("The reason can be at most %(n)d characters.") % {"n": BREAK_GLASS_MAX_REASON}]}
        )
    return log_access(user=actor, obj=case, action=AccessAction.BREAK_GLASS, request=request, reason=reason)
