"""The user's personal API tokens: create (the key is shown once, with an expiry), list and revoke."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sigap.accounts import actions
from sigap.accounts.access import get_api_token_for_user, own_api_tokens
from sigap.accounts.forms import ApiTokenForm
from sigap.lib.http import SignedInRequest


def expires_in(days: int | None) -> datetime | None:
    return timezone.now() + timedelta(days=days) if days else None


@require_http_methods(["GET", "POST"])
def api_tokens(request: SignedInRequest) -> HttpResponse:
    user: Any = request.user
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = actions.create_api_token(
                user,
                name=form.cleaned_data["name"],
                expires_at=expires_in(form.cleaned_data["lifetime"]),
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            # The key is only ever in this one response: it is not stored, so it cannot be shown again.
            form = ApiTokenForm()
    # Active tokens first (a NULL revocation time), then revoked ones, newest first within each.
    tokens = own_api_tokens(user).order_by(F("revoked_at").asc(nulls_first=True), "-created_at")
    return render(request, "accounts/api_tokens.html", {"form": form, "tokens": tokens, "new_key": new_key})


@require_POST
def api_token_revoke(request: SignedInRequest, pk: UUID) -> HttpResponse:
    user: Any = request.user
    token = get_api_token_for_user(user, pk)
    actions.revoke_api_token(token, by=user, request=request)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("accounts:api_tokens")
