"""Notification verbs: ``notify`` (for every other app), reading, and a user's preferences.

Another app tells people about an event with one call, inside the transaction of its own verb::

    from sigap.notifications.actions import notify
    from sigap.notifications.models import Kind

    notify([case_manager], Kind.REFERRAL_ACCEPTED, actor=actor, case=referral.case, target=referral,
           url=referral.get_absolute_url(), context={"organisation": referral.to_organisation.name},
           dedupe_key=f"referral_accepted:{referral.pk}")

The rows are written in that transaction; emails are queued in it too and handed to the worker only
once it commits (``queue_email``), so a rolled-back verb sends nothing. See docs/notifications.md.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.actions import record
from sigap.notifications.kinds import KINDS
from sigap.notifications.models import Kind, Notification, Preference

_muted: ContextVar[bool] = ContextVar("sigap_notifications_muted", default=False)
_no_email: ContextVar[bool] = ContextVar("sigap_notifications_no_email", default=False)


@contextlib.contextmanager
def muted(*, email_only: bool = False) -> Iterator[None]:
    """Notify nobody inside this block (bulk imports, demo seeding replaying old events); with
    ``email_only``, notifications still appear in the app but no email is sent (demo data)."""
    var = _no_email if email_only else _muted
    token = var.set(True)
    try:
        yield
    finally:
        var.reset(token)


def channels_for(users: Iterable[User], kind: str) -> dict[Any, tuple[bool, bool]]:
    """(in app, by email) for each user id: their preference for ``kind``, else the kind's default. One query."""
    spec = KINDS[kind]
    ids = [user.pk for user in users]
    chosen = {row.user_id: (row.in_app, row.email) for row in Preference.objects.filter(user_id__in=ids, kind=kind)}
    return {pk: chosen.get(pk, (spec.in_app, spec.email)) for pk in ids}


def preferences_of(user: User) -> dict[str, tuple[bool, bool]]:
    """(in app, by email) for every kind, for one user. One query."""
    chosen = {row.kind: (row.in_app, row.email) for row in Preference.objects.filter(user=user)}
    return {kind: chosen.get(kind, (spec.in_app, spec.email)) for kind, spec in KINDS.items()}


def people_of(organisation: Any, *capabilities: Any) -> models.QuerySet[User]:
    """Active users with an active role in ``organisation`` that carries any of ``capabilities``:
    whom to tell when something arrives for an organisation (a referral, a proposed transfer)."""
    from sigap.organisations.roles import ROLE_CAPABILITIES

    roles = [role for role, caps in ROLE_CAPABILITIES.items() if caps & set(capabilities)]
    return User.objects.filter(
        is_active=True,
        memberships__organisation=organisation,
        memberships__organisation__is_active=True,
        memberships__is_active=True,
        memberships__role__in=roles,
    ).distinct()


def receiving_people(organisation: Any) -> list[User]:
    """Whom to tell when work arrives for an organisation (a referral, an invitation to a case
    conference): its supervisors, who share out new work; where it has none, everyone there who
    works on cases."""
    from sigap.organisations.roles import Capability

    supervisors = list(people_of(organisation, Capability.SUPERVISE))
    return supervisors or list(people_of(organisation, Capability.VIEW_CASES))


def _check_url(url: str) -> str:
    # A notification links inside Sigap only: the link is followed after marking it read.
    if url and (not url.startswith("/") or url.startswith("//") or "\\" in url):
        raise ValueError(f"A notification links to a path inside Sigap, not {url!r}")
    return url


def _recipients(recipients: Iterable[User | None], actor: User | None) -> list[User]:
    seen: dict[Any, User] = {}
    for user in recipients:
        if user is None or not user.is_active or (actor is not None and user.pk == actor.pk):
            continue
        seen.setdefault(user.pk, user)
    return list(seen.values())


def notify(
    recipients: Iterable[User | None],
    kind: str,
    *,
    actor: User | None = None,
    case: Any = None,
    target: models.Model | None = None,
    url: str = "",
    context: Mapping[str, Any] | None = None,
    dedupe_key: str | None = None,
) -> list[Notification]:
    """Tell ``recipients`` about an event of ``kind``, in the app and/or by email as each prefers.

    The actor is never told about their own act. ``context`` holds the values of the kind's wording
    (see ``kinds.py``): case numbers, organisation names, counts — never a survivor's name or story.
    ``url`` is a path inside Sigap (default: the case's page). With ``dedupe_key``, a recipient who
    already has a notification with that key gets nothing new (the call is safe to repeat).
    Returns the notifications made now.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}")
    people = _recipients(recipients, actor)
    if not people or _muted.get():
        return []
    params = {key: value for key, value in (context or {}).items()}
    if case is not None:
        params.setdefault("case", case.number)
    url = _check_url(url or (case.get_absolute_url() if case is not None else ""))
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    key = (dedupe_key or "")[:200]
    if key:
        done = set(
            Notification.objects.filter(recipient__in=people, dedupe_key=key).values_list("recipient_id", flat=True)
        )
        people = [user for user in people if user.pk not in done]
    channels = channels_for(people, kind)
    made = []
    for user in people:
        in_app, by_email = channels[user.pk]
        by_email = by_email and bool(user.email) and not _no_email.get()
        if not (in_app or by_email):
            continue
        notification = Notification(
            recipient=user,
            kind=kind,
            actor=actor,
            case=case,
            target_type=target_type,
            target_id=str(target.pk) if target is not None else "",
            params=params,
            url=url,
            in_app=in_app,
            dedupe_key=key,
        )
        try:
            with transaction.atomic():  # a savepoint: a concurrent twin loses on the unique key, quietly
                notification.save()
        except IntegrityError:
            if not key:
                raise
            continue
        if by_email:
            notification.email = _queue_notification_email(notification)
            notification.save(update_fields=["email", "updated_at"])
        made.append(notification)
    return made


def user_zone(user: User) -> str:
    """The zone of the user's first organisation, as the pages use (``OrganisationTimeZoneMiddleware``)."""
    from sigap.accounts.access import active_memberships

    memberships = active_memberships(user)
    return memberships[0].organisation.time_zone if memberships else settings.TIME_ZONE


def _queue_notification_email(notification: Notification) -> Any:
    from sigap.core.actions import queue_email

    user = notification.recipient
    site = settings.SIGAP_SITE_URL.rstrip("/")
    with translation.override(user.language or settings.LANGUAGE_CODE), timezone.override(ZoneInfo(user_zone(user))):
        context = {
            "title": notification.title,
            "lines": notification.body_lines,
            "link": site + reverse("notifications:open", args=[notification.pk]),
            "settings_link": site + reverse("notifications:preferences"),
        }
        subject = _("Sigap: %(title)s") % {"title": context["title"]}
        body = render_to_string("notifications/email/notification.txt", context)
    return queue_email(to=[user.email], subject=subject, body=body)


def mark_read(notification: Notification, *, actor: User) -> Notification:
    """Mark one of the actor's own notifications read (the first time only)."""
    if notification.recipient_id != actor.pk:
        raise ValidationError(_("This notification is not yours."), code="not_yours")
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now, updated_at=now)
        notification.read_at = now
    return notification


def mark_all_read(*, actor: User) -> int:
    """Mark every unread notification of the actor read; returns how many changed."""
    now = timezone.now()
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=now, updated_at=now)


@transaction.atomic
def set_preferences(*, actor: User, choices: Mapping[str, tuple[bool, bool]]) -> list[str]:
    """Set the actor's own channels, ``{kind: (in_app, email)}``; returns the kinds that changed.

    A choice equal to the kind's default removes the row, so a later change of defaults reaches
    everybody who never chose otherwise.
    """
    unknown = set(choices) - set(Kind.values)
    if unknown:
        raise ValidationError(_("Unknown kind of notification: %(kinds)s") % {"kinds": ", ".join(sorted(unknown))})
    existing = {row.kind: row for row in Preference.objects.filter(user=actor)}
    changed = []
    for kind, (in_app, email) in choices.items():
        spec = KINDS[kind]
        row = existing.get(kind)
        before = (row.in_app, row.email) if row else (spec.in_app, spec.email)
        after = (bool(in_app), bool(email))
        if before == after:
            continue
        changed.append(kind)
        if after == (spec.in_app, spec.email):
            if row is not None:
                row.delete()
        elif row is None:
            Preference.objects.create(user=actor, kind=kind, in_app=after[0], email=after[1])
        else:
            row.in_app, row.email = after
            row.save(update_fields=["in_app", "email", "updated_at"])
    if changed:
        record(
            "notifications.preferences",
            actor=actor,
            obj=actor,
            changes={kind: dict(zip(("in_app", "email"), choices[kind], strict=True)) for kind in changed},
        )
    return changed
