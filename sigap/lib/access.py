"""The pieces every app's ``access.py`` shares: is somebody signed in, and load-or-404.

An app's access module answers "who may see / do what" with a queryset filter and an object check;
its getters load a record through that filter with :func:`get_or_404`, so a record the user may
not see and one that does not exist look the same (404). The user's organisations come from
``sigap.accounts.access.organisation_ids``.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404

_M = TypeVar("_M", bound=Model)


def is_signed_in(user: Any) -> bool:
    """Whether ``user`` is a signed-in user (False for ``AnonymousUser``, ``None`` and the like)."""
    return bool(getattr(user, "is_authenticated", False))


def get_or_404(queryset: QuerySet[_M, _M], **lookup: Any) -> _M:
    """``queryset.get(**lookup)``, or 404 when there is no such record in it or the id is malformed
    (a bad UUID fails with ValueError, TypeError or ValidationError before any query)."""
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc
