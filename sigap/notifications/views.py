"""The notification centre, following a notification's link, marking read, and preferences."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sigap.accounts.models import User
from sigap.lib.http import SignedInRequest
from sigap.notifications import actions
from sigap.notifications.access import get_notification_for_user, my_notifications
from sigap.notifications.forms import PreferencesForm

PAGE_SIZE = 25


def _user(request: SignedInRequest) -> User:
    return request.user  # every page is login-required


@require_GET
def notification_list(request: SignedInRequest) -> HttpResponse:
    qs = my_notifications(request.user).select_related("actor")
    only_unread = request.GET.get("unread") == "1"
    if only_unread:
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "only_unread": only_unread, "query": "unread=1" if only_unread else ""},
    )


def _safe(request: SignedInRequest, url: str, fallback: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else fallback


@require_GET
def notification_open(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """Follow a notification's link (from the centre or an email): it is read from then on."""
    notification = get_notification_for_user(request.user, pk)
    actions.mark_read(notification, actor=_user(request))
    return redirect(_safe(request, notification.url, reverse("notifications:list")))


@require_POST
def notification_read(request: SignedInRequest, pk: UUID) -> HttpResponse:
    notification = get_notification_for_user(request.user, pk)
    actions.mark_read(notification, actor=_user(request))
    return redirect(_safe(request, request.POST.get("next", ""), reverse("notifications:list")))


@require_POST
def notification_read_all(request: SignedInRequest) -> HttpResponse:
    count = actions.mark_all_read(actor=_user(request))
    messages.success(request, _("All notifications are marked read.") if count else _("Nothing was unread."))
    return redirect("notifications:list")


def preferences(request: SignedInRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        changed = actions.set_preferences(actor=_user(request), choices=form.choices())
        messages.success(request, _("Your notification settings were saved.") if changed else _("Nothing changed."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
