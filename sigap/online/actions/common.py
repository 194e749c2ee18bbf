"""What every online-abuse verb shares: the permission check and the field checks."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.cases.models import Case
from sigap.online.access import can_change

logger = logging.getLogger(__name__)

Errors = dict[str, list[str]]
TEXT_MAX = 20_000


def require_change(actor: User, case: Case) -> None:
    if case.is_closed:
        raise ValidationError(_("This case is closed. Reopen it first."), code="closed")
    if not can_change(actor, case):
        raise PermissionDenied(_("You may not change this case."))


def raise_errors(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def check_url(value: str, name: str, errors: Errors, *, required: bool = False) -> str:
    value = (value or "").strip()
    if not value:
        if required:
            errors[name] = [_("Give the address (URL).")]
        return ""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        errors[name] = [_("Give a full address starting with http:// or https://.")]
    if len(value) > 1000:
        errors[name] = [_("The address can be at most 1000 characters.")]
    return value


def check_choices(values: list[str], allowed: list[str], name: str, errors: Errors, message: str) -> list[str]:
    values = list(dict.fromkeys(values or []))
    if set(values) - set(allowed):
        errors[name] = [_("Unknown value.")]
    elif not values and message:
        errors[name] = [message]
    return values


def check_text(value: str, name: str, errors: Errors, *, required: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        errors[name] = [required]
    elif len(value) > TEXT_MAX:
        errors[name] = [_("At most %(max)d characters.") % {"max": TEXT_MAX}]
    return value
