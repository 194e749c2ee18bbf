"""Who may see and change standard forms.

- Every signed-in member reads the national forms and the forms of their own organisations (they
  fill them); another organisation's own form is not found (404).
- National admins edit national forms (and may see every form).
- An organisation's admins edit that organisation's own forms and its own questions on national
  forms. Everybody else reads (a change is refused with 403).

Responses are reached only through their consumer (a case), whose own rules apply.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from sigap.accounts.access import organisation_ids
from sigap.forms.models import FormDefinition, FormDefinitionQuerySet
from sigap.lib.access import get_or_404, is_signed_in
from sigap.organisations.access import administered_organisation_ids, is_national_admin


def visible_definitions(user: Any) -> FormDefinitionQuerySet:
    qs = FormDefinition.objects.select_related("organisation")
    if not is_signed_in(user):
        return qs.none()
    if is_national_admin(user):
        return qs
    return qs.filter(Q(organisation__isnull=True) | Q(organisation_id__in=organisation_ids(user)))


def can_edit_definition(user: Any, definition: FormDefinition) -> bool:
    """Change its drafts and publish: national admins for a national form, the owner's admins for an own form."""
    if not is_signed_in(user):
        return False
    if definition.organisation_id is None:
        return is_national_admin(user)
    return definition.organisation_id in administered_organisation_ids(user)


def can_create_national(user: Any) -> bool:
    return is_national_admin(user)


def creatable_organisation_ids(user: Any) -> set[Any]:
    """The organisations the user may make own forms for (and add own questions to national ones)."""
    return administered_organisation_ids(user)


def can_edit_additions(user: Any, definition: FormDefinition, organisation: Any) -> bool:
    """Add the organisation's own questions to a national form: that organisation's admins."""
    return (
        is_signed_in(user)
        and definition.organisation_id is None
        and organisation is not None
        and organisation.pk in administered_organisation_ids(user)
    )


def can_edit_any(user: Any) -> bool:
    """Whether the user edits any form (the form list's "new form" and import buttons)."""
    return is_national_admin(user) or bool(administered_organisation_ids(user))


def get_definition_for_user(user: Any, pk: UUID | str, *, need: str = "view") -> FormDefinition:
    """The form, or 404 when the user cannot see it; 403 when ``need="edit"`` is not met."""
    definition = get_or_404(visible_definitions(user), pk=pk)
    if need == "edit" and not can_edit_definition(user, definition):
        raise PermissionDenied
    return definition


def require_edit(user: Any, definition: FormDefinition) -> None:
    """For the verbs: a person who may not edit the form is refused (the loader runs with no user)."""
    if user is not None and not can_edit_definition(user, definition):
        raise PermissionDenied
