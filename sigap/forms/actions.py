"""Standard form verbs. Each runs in one transaction and writes an audit event.

The definition verbs check that ``by`` may edit the form (``by=None`` is the system: the
``load_forms`` command). ``save_response`` and ``clear_response`` are called by a consumer (a case
screen) that has already checked its own rules.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.audit.actions import record
from sigap.forms import access
from sigap.forms.answers import clean_answers
from sigap.forms.models import FormDefinition, FormResponse, FormVersion, OrganisationQuestions
from sigap.forms.rendering import organisation_additions, response_schema
from sigap.forms.schema import validate_additions, validate_schema
from sigap.history.actions import record_changes
from sigap.history.models import FieldChange

if TYPE_CHECKING:
    from sigap.accounts.models import User
    from sigap.organisations.models import Organisation

_NO_CASE: Any = object()


def content_hash(schema: dict[str, Any]) -> str:
    """The same hash for the same content, whatever the order of its keys."""
    canonical = json.dumps(schema, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _refuse(messages: list[str]) -> None:
    if messages:
        raise ValidationError(messages)


def _check_schema(definition: FormDefinition | None, schema: Any) -> None:
    messages = validate_schema(schema)
    if not messages and definition is not None and schema["key"] != definition.key:
        messages.append(
            _('The key of the definition is "%(key)s"; this form is "%(form)s".')
            % {"key": schema["key"], "form": definition.key}
        )
    _refuse(messages)


# --- Definitions and versions --------------------------------------------------------------------


@transaction.atomic
def create_definition(
    schema: dict[str, Any], *, by: User | None, organisation: Organisation | None = None
) -> FormDefinition:
    """A new form (national when ``organisation`` is None) with ``schema`` as its first draft."""
    if by is not None:
        allowed = (
            access.can_create_national(by)
            if organisation is None
            else organisation.pk in access.creatable_organisation_ids(by)
        )
        if not allowed:
            raise PermissionDenied
    _check_schema(None, schema)
    if FormDefinition.objects.filter(key=schema["key"]).exists():
        raise ValidationError({"key": [_('A form with the key "%(key)s" exists already.') % {"key": schema["key"]}]})
    definition = FormDefinition.objects.create(
        key=schema["key"], title=schema["title"], organisation=organisation, created_by=by
    )
    FormVersion.objects.create(
        definition=definition, number=1, schema=schema, content_hash=content_hash(schema), created_by=by
    )
    record("forms.definition_created", actor=by, obj=definition, organisation=organisation, key=definition.key)
    return definition


@transaction.atomic
def save_draft(definition: FormDefinition, schema: dict[str, Any], *, by: User | None) -> FormVersion:
    """Write ``schema`` as the form's draft: the draft there is, or a new one numbered after the last
    version. A published version is never changed."""
    access.require_edit(by, definition)
    definition = FormDefinition.objects.select_for_update().get(pk=definition.pk)
    _check_schema(definition, schema)
    draft = definition.versions.filter(status=FormVersion.Status.DRAFT).first()
    if draft is None:
        last = definition.versions.aggregate(n=Max("number"))["n"] or 0
        draft = FormVersion(definition=definition, number=last + 1, created_by=by)
    draft.schema = schema
    draft.content_hash = content_hash(schema)
    draft.save()
    record("forms.draft_saved", actor=by, obj=draft, organisation=definition.organisation, version=draft.number)
    return draft


@transaction.atomic
def publish_version(version: FormVersion, *, by: User | None) -> FormVersion:
    """Publish a draft: it becomes the version new responses are filled with; the one published
    before is retired (its responses keep it and read with its questions)."""
    definition = FormDefinition.objects.select_for_update().get(pk=version.definition_id)
    access.require_edit(by, definition)
    version = FormVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != FormVersion.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    _check_schema(definition, version.schema)
    now = timezone.now()
    definition.versions.filter(status=FormVersion.Status.PUBLISHED).update(status=FormVersion.Status.RETIRED)
    version.status = FormVersion.Status.PUBLISHED
    version.published_at, version.published_by = now, by
    version.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    definition.title = version.schema["title"]
    definition.save(update_fields=["title", "updated_at"])
    record(
        "forms.version_published", actor=by, obj=version, organisation=definition.organisation, version=version.number
    )
    return version


def discard_draft(version: FormVersion, *, by: User | None) -> None:
    """Throw a draft away (a form's only version, never published, stays: it is the form)."""
    with transaction.atomic():
        access.require_edit(by, version.definition)
        if version.status != FormVersion.Status.DRAFT:
            raise ValidationError(_("Only a draft can be discarded."))
        if version.definition.versions.count() == 1:
            raise ValidationError(_("The first version of a form cannot be discarded."))
        record("forms.draft_discarded", actor=by, obj=version, organisation=version.definition.organisation)
        version.delete()


# --- An organisation's own questions -------------------------------------------------------------


@transaction.atomic
def save_organisation_questions(
    definition: FormDefinition, organisation: Organisation, data: dict[str, Any], *, by: User | None
) -> OrganisationQuestions:
    """Set ``organisation``'s own questions on the national form (``{"sections": [...]}``; an empty
    list removes them). National questions cannot be removed or changed this way: the keys must be
    new ones, and the national sections only get questions appended."""
    if by is not None and not access.can_edit_additions(by, definition, organisation):
        raise PermissionDenied
    if definition.organisation_id is not None:
        raise ValidationError(_("Only a national form takes an organisation's own questions."))
    version = definition.published() or definition.versions.order_by("-number").first()
    base = version.schema if version is not None else {"sections": []}
    _refuse(validate_additions(data, base))
    # Keys used by any national version, so that a later national question never meets an own one.
    taken = {
        q["key"]
        for old in definition.versions.all()
        for section in old.schema.get("sections", [])
        for q in section.get("questions", [])
    }
    own = [q.get("key") for section in (data or {}).get("sections") or [] for q in section.get("questions", [])]
    clash = sorted({key for key in own if key in taken} - set(_national_keys(base)))
    if clash:
        _refuse([_("These keys were used by the national form before: %(keys)s.") % {"keys": ", ".join(clash)}])
    row, _created = OrganisationQuestions.objects.get_or_create(definition=definition, organisation=organisation)
    row.schema = {"sections": data.get("sections") or []}
    row.updated_by = by
    row.save()
    record("forms.additions_saved", actor=by, obj=row, organisation=organisation, questions=len(own))
    return row


def _national_keys(schema: dict[str, Any]) -> list[str]:
    return [q["key"] for section in schema.get("sections", []) for q in section.get("questions", [])]


# --- Import and export ---------------------------------------------------------------------------


def export_definition(version: FormVersion) -> dict[str, Any]:
    """The version's definition as JSON data that :func:`import_definition` reads back."""
    return json.loads(json.dumps(version.schema))


@transaction.atomic
def import_definition(data: Any, *, by: User | None, organisation: Organisation | None = None) -> FormVersion:
    """Read a definition: a new form (national, or ``organisation``'s own), or a new draft of the
    form with the same key. Nothing is written when the definition is not valid."""
    _check_schema(None, data)
    definition = FormDefinition.objects.filter(key=data["key"]).first()
    if definition is None:
        definition = create_definition(data, by=by, organisation=organisation)
        version = definition.versions.get()
    else:
        if organisation is not None and definition.organisation_id != organisation.pk:
            raise ValidationError(
                {"key": [_('A form with the key "%(key)s" exists already.') % {"key": definition.key}]}
            )
        version = save_draft(definition, data, by=by)
    record("forms.imported", actor=by, obj=version, organisation=definition.organisation, version=version.number)
    return version


# --- Responses -----------------------------------------------------------------------------------


def _answer_snapshot(answers: dict[str, Any]) -> dict[str, Any]:
    return {f"answers.{key}": value for key, value in answers.items()}


@transaction.atomic
def save_response(
    version: FormVersion,
    organisation: Organisation,
    answers: Any,
    *,
    by: User | None,
    response: FormResponse | None = None,
    complete: bool = False,
    case_id: Any = None,
    reason: str = "",
) -> FormResponse:
    """Save answers to ``version`` (with ``organisation``'s own questions), new or over ``response``.

    The answers are checked against the questions shown: unknown keys and wrong values are refused,
    answers to hidden questions dropped; ``complete=True`` also needs every required shown question
    answered and marks the response completed. A refusal is a ``ValidationError`` keyed by question
    key (``__all__`` for the whole) and writes nothing. Every changed answer goes to the change
    history (encrypted), under ``case_id`` when the consumer gives its case.
    """
    if response is not None:
        response = FormResponse.objects.select_for_update().select_related("version").get(pk=response.pk)
        if response.version_id != version.pk:
            raise ValidationError(_("These answers were given to another version of the form."))
        if response.cleared_at is not None:
            raise ValidationError(_("These answers were cleared and cannot be changed."))
        schema = response_schema(response)
    else:
        if version.status != FormVersion.Status.PUBLISHED:
            raise ValidationError(_("Only a published form can be filled in."))
        extra = organisation_additions(version, organisation)
        response = FormResponse(version=version, organisation=organisation, extra_schema=extra, created_by=by)
        schema = response_schema(response)
    kept, errors = clean_answers(schema, answers, require=complete)
    if errors:
        raise ValidationError(errors)
    before = _answer_snapshot(response.answers or {}) if response.pk and not response._state.adding else {}
    was_complete = response.completed_at is not None
    response.answers = kept
    response.updated_by = by
    if complete and not was_complete:
        response.completed_at = timezone.now()
    response.save()
    after = _answer_snapshot(kept)
    if before:
        before.update({path: None for path in after if path not in before})
        record_changes(
            actor=by,
            instance=response,
            before=before,
            after={**dict.fromkeys(before), **after},
            case_id=case_id,
            reason=reason,
        )
    verb = "forms.response_completed" if complete and not was_complete else "forms.response_saved"
    record(verb, actor=by, obj=response, organisation=organisation, form=version.definition.key, version=version.number)
    return response


@transaction.atomic
def clear_response(response: FormResponse) -> FormResponse:
    """Blank the answers for retention or erasure, and their change history; the row stays (its
    consumer's record points at it) with the version it was filled with."""
    response = FormResponse.objects.select_for_update().get(pk=response.pk)
    response.answers = {}
    response.cleared_at = timezone.now()
    response.save(update_fields=["answers", "cleared_at", "updated_at"])
    FieldChange.objects.filter(object_type="forms.formresponse", object_id=str(response.pk)).purge()
    record("forms.response_cleared", obj=response, organisation=response.organisation)
    return response
