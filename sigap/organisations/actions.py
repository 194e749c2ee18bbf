"""Organisation and membership verbs. Each checks permission, changes data and writes its audit event.

Screens, the API, the admin and management commands all call these; none changes an organisation
or a membership on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.actions import record
from sigap.lib.models import concrete_field
from sigap.organisations.access import can_manage_organisation, is_national_admin
from sigap.organisations.models import Membership, Organisation
from sigap.organisations.roles import Capability, Role, capabilities_of

# Fields a national admin sets on an organisation; the API and the form use the same list.
ORGANISATION_FIELDS = (
    "name",
    "short_name",
    "kind",
    "province",
    "regency",
    "parent",
    "address",
    "phone",
    "whatsapp",
    "email",
    "website",
    "is_active",
)

ADMIN_ROLES = frozenset(role for role in Role if Capability.MANAGE_ORGANISATION in capabilities_of(role))


# --- Organisations --------------------------------------------------------------------------


def _require_national_admin(actor: User) -> None:
    if not is_national_admin(actor):
        raise PermissionDenied(_("Only a national admin can create or change organisations."))


def _apply_organisation_values(organisation: Organisation, values: Mapping[str, Any]) -> list[str]:
    """Set the given fields and return the names of those whose value changed."""
    changed = []
    for name, value in values.items():
        if name not in ORGANISATION_FIELDS:
            raise ValueError(f"{name!r} is not an organisation field a verb may set")
        field = concrete_field(Organisation, name)
        attname = field.attname
        new = value.pk if hasattr(value, "pk") else value
        if getattr(organisation, attname) != new:
            changed.append(name)
        setattr(organisation, name, value)
    return changed


def _check_parent(organisation: Organisation) -> None:
    """Refuse a parent chain that loops back to the organisation itself."""
    seen = {organisation.pk}
    parent = organisation.parent
    while parent is not None:
        if parent.pk in seen:
            raise ValidationError({"parent": _("This parent would make the organisations each other's parent.")})
        seen.add(parent.pk)
        parent = parent.parent


def _audit_value(value: Any) -> Any:
    return str(value.pk) if hasattr(value, "pk") else value


@transaction.atomic
def create_organisation(*, actor: User, values: Mapping[str, Any], request: HttpRequest | None = None) -> Organisation:
    """Add an organisation to the directory. National admins only."""
    _require_national_admin(actor)
    organisation = Organisation()
    _apply_organisation_values(organisation, values)
    organisation.full_clean()
    _check_parent(organisation)
    organisation.save()
    record(
        "organisations.create",
        actor=actor,
        obj=organisation,
        organisation=organisation,
        request=request,
        kind=organisation.kind,
        province=organisation.province_id,
    )
    return organisation


@transaction.atomic
def update_organisation(
    organisation: Organisation, *, actor: User, values: Mapping[str, Any], request: HttpRequest | None = None
) -> Organisation:
    """Change an organisation's details. National admins only; an unchanged form writes nothing."""
    _require_national_admin(actor)
    changed = _apply_organisation_values(organisation, values)
    if not changed:
        return organisation
    organisation.full_clean()
    _check_parent(organisation)
    organisation.save()
    record(
        "organisations.update",
        actor=actor,
        obj=organisation,
        organisation=organisation,
        request=request,
        changes={name: _audit_value(values[name]) for name in changed},
    )
    return organisation


# --- Memberships ----------------------------------------------------------------------------


def _require_manager(actor: User, organisation: Organisation) -> None:
    if not can_manage_organisation(actor, organisation):
        raise PermissionDenied(_("You cannot manage the members of this organisation."))


def _require_may_touch(actor: User, membership: Membership) -> None:
    _require_manager(actor, membership.organisation)
    if membership.role == Role.NATIONAL_ADMIN and not is_national_admin(actor):
        raise PermissionDenied(_("Only a national admin can change a national admin's membership."))


def _check_role_grant(actor: User, role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    if role == Role.NATIONAL_ADMIN and not is_national_admin(actor):
        raise ValidationError({"role": _("Only a national admin can give the national admin role.")})


def _keeps_an_admin(membership: Membership, *, new_role: str | None = None) -> None:
    """An organisation must keep one active admin, or nobody could manage its members."""
    if not membership.is_active or membership.role not in ADMIN_ROLES:
        return
    if new_role is not None and new_role in ADMIN_ROLES:
        return
    others = (
        Membership.objects.filter(organisation_id=membership.organisation_id, is_active=True, role__in=ADMIN_ROLES)
        .exclude(pk=membership.pk)
        .exists()
    )
    if not others:
        raise ValidationError(_("An organisation needs at least one active admin. Add another admin first."))


def _validate_supervisor(membership: Membership, supervisor: Membership | None) -> None:
    if supervisor is None:
        return
    if not supervisor.is_active:
        raise ValidationError({"supervisor": _("The chosen supervisor's membership is not active.")})
    previous = membership.supervisor
    membership.supervisor = supervisor
    try:
        membership.clean()
    finally:
        membership.supervisor = previous
    seen = {membership.pk}
    current: Membership | None = supervisor
    while current is not None:
        if current.pk in seen:
            raise ValidationError({"supervisor": _("Two people cannot supervise each other.")})
        seen.add(current.pk)
        current = current.supervisor


def password_set_link(user: User, request: HttpRequest | None = None) -> str:
    """An absolute link where ``user`` chooses a password (Django's password reset token)."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SIGAP_SITE_URL.rstrip("/") + path


def _queue_welcome_email(membership: Membership, *, actor: User, request: HttpRequest | None) -> None:
    from sigap.core.actions import queue_email

    user = membership.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "organisation": membership.organisation,
            "role": membership.get_role_display(),
            "inviter": actor.full_name or actor.email,
            "link": password_set_link(user, request),
            "valid_hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600),
        }
        subject = render_to_string("organisations/email/welcome_subject.txt", context)
        body = render_to_string("organisations/email/welcome.txt", context)
    queue_email(to=[user.email], subject=subject.strip(), body=body)


@transaction.atomic
def add_member(
    organisation: Organisation,
    *,
    actor: User,
    email: str,
    role: str,
    full_name: str = "",
    supervisor: Membership | None = None,
    request: HttpRequest | None = None,
) -> Membership:
    """Give the person with ``email`` a role in ``organisation``.

    When nobody has an account with that email yet, one is created without a usable password and
    the person gets a welcome email with a link to choose one.
    """
    _require_manager(actor, organisation)
    _check_role_grant(actor, role)
    email = User.objects.normalize_email(email.strip()).lower()
    if not email:
        raise ValidationError({"email": _("Enter an email address.")})
    user = User.objects.filter(email__iexact=email).first()
    created_user = user is None
    if user is None:
        full_name = " ".join(full_name.split())
        if not full_name:
            raise ValidationError(
                {"full_name": _("There is no account with this email yet: enter the person's full name.")}
            )
        user = User(email=email, full_name=full_name)
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
    elif not user.is_active:
        raise ValidationError({"email": _("The account with this email is disabled. Ask a national admin.")})
    existing = Membership.objects.filter(user=user, organisation=organisation, role=role).first()
    if existing is not None:
        if existing.is_active:
            raise ValidationError(_("This person already has this role in the organisation."))
        raise ValidationError(_("This person had this role before: reactivate that membership instead."))
    membership = Membership(user=user, organisation=organisation, role=role)
    _validate_supervisor(membership, supervisor)
    membership.supervisor = supervisor
    membership.save()
    record(
        "organisations.add_member",
        actor=actor,
        obj=membership,
        organisation=organisation,
        request=request,
        user=str(user.pk),
        role=role,
        new_account=created_user,
    )
    if created_user:
        _queue_welcome_email(membership, actor=actor, request=request)
    return membership


@transaction.atomic
def resend_welcome(membership: Membership, *, actor: User, request: HttpRequest | None = None) -> None:
    """Send a fresh password-setting link to a member who has not chosen a password yet."""
    _require_may_touch(actor, membership)
    if membership.user.has_usable_password():
        raise ValidationError(_("This person has already chosen a password."))
    if not membership.is_active:
        raise ValidationError(_("Reactivate the membership first."))
    _queue_welcome_email(membership, actor=actor, request=request)
    record(
        "organisations.resend_welcome",
        actor=actor,
        obj=membership,
        organisation=membership.organisation,
        request=request,
    )


@transaction.atomic
def change_role(membership: Membership, role: str, *, actor: User, request: HttpRequest | None = None) -> Membership:
    """Give a member another role in the same organisation."""
    _require_may_touch(actor, membership)
    _check_role_grant(actor, role)
    if role == membership.role:
        return membership
    if Membership.objects.filter(
        user_id=membership.user_id, organisation_id=membership.organisation_id, role=role
    ).exists():
        raise ValidationError({"role": _("This person already has that role in the organisation.")})
    _keeps_an_admin(membership, new_role=role)
    supervisees = membership.supervisees.filter(is_active=True).count()
    if supervisees and Capability.SUPERVISE not in capabilities_of(role):
        raise ValidationError(
            {"role": _("This person still supervises other workers. Choose another supervisor for them first.")}
        )
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    record(
        "organisations.change_role",
        actor=actor,
        obj=membership,
        organisation=membership.organisation,
        request=request,
        previous=previous,
        role=role,
    )
    return membership


@transaction.atomic
def set_supervisor(
    membership: Membership, supervisor: Membership | None, *, actor: User, request: HttpRequest | None = None
) -> Membership:
    """Choose who supervises a member (a supervisor of the same organisation), or nobody."""
    _require_may_touch(actor, membership)
    previous = membership.supervisor_id
    if (supervisor.pk if supervisor else None) == previous:
        return membership
    _validate_supervisor(membership, supervisor)
    membership.supervisor = supervisor
    membership.save(update_fields=["supervisor", "updated_at"])
    record(
        "organisations.set_supervisor",
        actor=actor,
        obj=membership,
        organisation=membership.organisation,
        request=request,
        previous=str(previous) if previous else None,
        supervisor=str(supervisor.pk) if supervisor else None,
    )
    return membership


@transaction.atomic
def deactivate_member(membership: Membership, *, actor: User, request: HttpRequest | None = None) -> Membership:
    """End a member's role. The people they supervised are left without a supervisor."""
    _require_may_touch(actor, membership)
    if not membership.is_active:
        return membership
    _keeps_an_admin(membership)
    released = Membership.objects.filter(supervisor=membership).update(supervisor=None)
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])
    record(
        "organisations.deactivate_member",
        actor=actor,
        obj=membership,
        organisation=membership.organisation,
        request=request,
        released_supervisees=released,
    )
    return membership


@transaction.atomic
def reactivate_member(membership: Membership, *, actor: User, request: HttpRequest | None = None) -> Membership:
    """Give a former member their role back."""
    _require_may_touch(actor, membership)
    if membership.is_active:
        return membership
    if not membership.user.is_active:
        raise ValidationError(_("The account of this person is disabled. Ask a national admin."))
    if membership.supervisor is not None and not membership.supervisor.is_active:
        membership.supervisor = None
    membership.is_active = True
    membership.save(update_fields=["is_active", "supervisor", "updated_at"])
    record(
        "organisations.reactivate_member",
        actor=actor,
        obj=membership,
        organisation=membership.organisation,
        request=request,
    )
    return membership
