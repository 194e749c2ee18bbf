"""Request types whose ``user`` is signed in.

Every page is login-required (``SigapLoginRequiredMiddleware``) unless marked
``login_not_required``, and every API view requires authentication: by the time a view runs,
``request.user`` is a :class:`~sigap.accounts.models.User`, never ``AnonymousUser``. Annotating the
view's ``request`` with these types says so to mypy, so a view passes ``actor=request.user`` to a
verb without a cast or an ignore comment. They are annotations only: Django and DRF build the
request objects as always.

The import of ``User`` is for the type checker only (``lib`` sits below ``accounts``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from rest_framework.request import Request

if TYPE_CHECKING:
    from sigap.accounts.models import User


class SignedInRequest(HttpRequest):
    """A page request behind the login-required middleware."""

    user: User


class SignedInApiRequest(Request):
    """An API request behind the API's authentication (token or verified session)."""

    user: User


def signed_in_user(request: HttpRequest) -> User:
    """The user of a request whose signature cannot say it is signed in (admin hooks that override
    Django's), checked: an anonymous request here is refused rather than passed on as an actor."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    return user
