"""The standard forms' screens: list, form page with its versions, JSON editor with a live preview,
publish, compare versions, import/export, an organisation's own questions."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sigap.forms import access, actions
from sigap.forms.compare import compare, line_diff
from sigap.forms.forms import ADDITIONS_SKELETON, SKELETON, AdditionsForm, DefinitionForm, ImportForm, as_json
from sigap.forms.models import FormDefinition, FormVersion, OrganisationQuestions
from sigap.forms.rendering import build_form, merge
from sigap.forms.schema import text, validate_additions, validate_schema
from sigap.lib.access import get_or_404
from sigap.lib.forms import add_errors
from sigap.lib.http import SignedInRequest
from sigap.organisations.models import Organisation

PAGE_SIZE = 25
VERSIONS_SHOWN = 50


@require_GET
def form_list(request: SignedInRequest) -> HttpResponse:
    """Every form the user sees (national first), with its published version and open draft."""
    qs = access.visible_definitions(request.user).with_version_numbers().order_by("organisation__name", "key")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "forms/list.html", {"page": page, "can_create": access.can_edit_any(request.user)})


def _owner_choices(user: Any) -> list[tuple[str, str]]:
    choices = [("", _("National form (every organisation)"))] if access.can_create_national(user) else []
    organisations = Organisation.objects.filter(pk__in=access.creatable_organisation_ids(user)).order_by("name")
    choices += [(str(org.pk), _("Own form of %(name)s") % {"name": org.name}) for org in organisations]
    return choices


def _owner(user: Any, value: str) -> Organisation | None:
    if not value:
        return None
    return get_or_404(Organisation.objects.filter(pk__in=access.creatable_organisation_ids(user)), pk=value)


def _preview(schema: Any, problems: list[str]) -> dict[str, Any]:
    """What the preview column shows: the problems, or the form built from the schema."""
    if problems or not isinstance(schema, dict):
        return {"problems": problems, "preview": None}
    return {"problems": [], "preview": build_form(FormVersion(schema=schema), None, schema=schema, prefix="preview")}


def _editor_preview(form: DefinitionForm | AdditionsForm, name: str, check: Any) -> Any:
    """The preview of the submitted JSON, or None when it is not JSON (the form shows that error)."""
    if not form.is_valid():
        return {"problems": form.errors.get(name, []), "preview": None}
    data = form.cleaned_data[name]
    return check(data)


def _fragment_or_page(request: SignedInRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    if request.headers.get("HX-Request"):
        return render(request, "forms/preview.html", context)
    return render(request, template, context)


def create(request: SignedInRequest) -> HttpResponse:
    if not access.can_edit_any(request.user):
        raise PermissionDenied
    owners = _owner_choices(request.user)
    form = DefinitionForm(request.POST or None, organisations=owners, initial={"definition": as_json(SKELETON)})
    context: dict[str, Any] = {"form": form, "problems": [], "preview": None}
    if request.method == "POST":
        context.update(_editor_preview(form, "definition", lambda d: _preview(d, validate_schema(d))))
        if request.POST.get("action") == "preview":
            return _fragment_or_page(request, "forms/create.html", context)
        if form.is_valid() and not context["problems"]:
            try:
                definition = actions.create_definition(
                    form.cleaned_data["definition"],
                    by=request.user,
                    organisation=_owner(request.user, form.cleaned_data["owner"]),
                )
            except ValidationError as error:
                add_errors(form, error, {"key": None})
            else:
                messages.success(request, _("The form was created as a draft. Publish it when it is ready."))
                return redirect("forms:detail", definition.pk)
    return render(request, "forms/create.html", context)


@require_GET
def detail(request: SignedInRequest, pk: UUID) -> HttpResponse:
    definition = access.get_definition_for_user(request.user, pk)
    versions = list(definition.versions.select_related("published_by").order_by("-number")[:VERSIONS_SHOWN])
    published = next((v for v in versions if v.status == FormVersion.Status.PUBLISHED), None)
    draft = next((v for v in versions if v.status == FormVersion.Status.DRAFT), None)
    shown = published or draft
    addition_orgs = _addition_organisations(request.user, definition)
    return render(
        request,
        "forms/detail.html",
        {
            "definition": definition,
            "versions": versions,
            "published": published,
            "draft": draft,
            "shown": shown,
            "description": text(shown.schema.get("description")) if shown else "",
            # An organisation's admin sees the form with the organisation's own questions.
            "preview": build_form(shown, addition_orgs[0] if addition_orgs else None, prefix="preview")
            if shown
            else None,
            "can_edit": access.can_edit_definition(request.user, definition),
            "addition_orgs": addition_orgs,
        },
    )


def _addition_organisations(user: Any, definition: FormDefinition) -> list[Organisation]:
    if definition.organisation_id is not None:
        return []
    return list(Organisation.objects.filter(pk__in=access.creatable_organisation_ids(user)).order_by("name"))


def edit(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """The JSON editor of the draft (a new draft starts from the published version)."""
    definition = access.get_definition_for_user(request.user, pk, need="edit")
    draft = definition.draft()
    start = draft or definition.published()
    form = DefinitionForm(request.POST or None, initial={"definition": as_json(start.schema if start else SKELETON)})
    context: dict[str, Any] = {"definition": definition, "draft": draft, "form": form, "problems": [], "preview": None}
    if request.method == "POST":
        context.update(_editor_preview(form, "definition", lambda d: _preview(d, _problems(definition, d))))
        if request.POST.get("action") == "preview":
            return _fragment_or_page(request, "forms/edit.html", context)
        if form.is_valid() and not context["problems"]:
            try:
                version = actions.save_draft(definition, form.cleaned_data["definition"], by=request.user)
            except ValidationError as error:
                context["problems"] = error.messages
            else:
                messages.success(request, _("Draft version %(n)s saved.") % {"n": version.number})
                return redirect("forms:detail", definition.pk)
    elif start is not None:
        context.update(_preview(start.schema, []))
    return render(request, "forms/edit.html", context)


def _problems(definition: FormDefinition, data: Any) -> list[str]:
    problems = validate_schema(data)
    if not problems and data.get("key") != definition.key:
        problems.append(_('The key must stay "%(key)s".') % {"key": definition.key})
    return problems


@require_POST
def publish(request: SignedInRequest, pk: UUID) -> HttpResponse:
    definition = access.get_definition_for_user(request.user, pk, need="edit")
    draft = definition.draft()
    if draft is None:
        raise Http404
    try:
        version = actions.publish_version(draft, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Version %(n)s is published: new answers use it.") % {"n": version.number})
    return redirect("forms:detail", definition.pk)


@require_POST
def discard(request: SignedInRequest, pk: UUID) -> HttpResponse:
    definition = access.get_definition_for_user(request.user, pk, need="edit")
    draft = definition.draft()
    if draft is None:
        raise Http404
    try:
        actions.discard_draft(draft, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The draft was discarded."))
    return redirect("forms:detail", definition.pk)


def _version(request: SignedInRequest, pk: UUID, number: int) -> FormVersion:
    definition = access.get_definition_for_user(request.user, pk)
    version = get_or_404(definition.versions.all(), number=number)
    version.definition = definition
    return version


@require_GET
def version_detail(request: SignedInRequest, pk: UUID, number: int) -> HttpResponse:
    version = _version(request, pk, number)
    return render(
        request,
        "forms/version.html",
        {
            "definition": version.definition,
            "version": version,
            "preview": build_form(version, None, prefix="preview"),
            "json": as_json(version.schema),
        },
    )


@require_GET
def export(request: SignedInRequest, pk: UUID, number: int) -> HttpResponse:
    version = _version(request, pk, number)
    response = JsonResponse(actions.export_definition(version), json_dumps_params={"ensure_ascii": False, "indent": 2})
    filename = f"{version.definition.key}-v{version.number}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def compare_versions(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """Two versions side by side: the questions added, removed and changed, then the JSON diff."""
    definition = access.get_definition_for_user(request.user, pk)
    numbers = list(definition.versions.order_by("-number").values_list("number", flat=True)[:VERSIONS_SHOWN])
    if len(numbers) < 2:
        messages.info(request, _("This form has one version only."))
        return redirect("forms:detail", definition.pk)
    new_n = _number(request.GET.get("new"), numbers[0])
    old_n = _number(request.GET.get("old"), next((n for n in numbers if n < new_n), numbers[-1]))
    old = get_or_404(definition.versions.all(), number=old_n)
    new = get_or_404(definition.versions.all(), number=new_n)
    return render(
        request,
        "forms/compare.html",
        {
            "definition": definition,
            "numbers": numbers,
            "old": old,
            "new": new,
            "changes": compare(old.schema, new.schema),
            "diff": line_diff(old.schema, new.schema, f"v{old.number}", f"v{new.number}"),
        },
    )


def _number(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return default


def import_definition(request: SignedInRequest) -> HttpResponse:
    if not access.can_edit_any(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, organisations=_owner_choices(request.user))
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["data"]
        existing = FormDefinition.objects.filter(key=data.get("key")).first() if isinstance(data, dict) else None
        if existing is not None and not access.can_edit_definition(request.user, existing):
            raise PermissionDenied
        try:
            version = actions.import_definition(
                data, by=request.user, organisation=_owner(request.user, form.cleaned_data["owner"])
            )
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, _("Imported as draft version %(n)s.") % {"n": version.number})
            return redirect("forms:detail", version.definition_id)
    return render(request, "forms/import.html", {"form": form, "problems": problems})


def own_questions(request: SignedInRequest, pk: UUID) -> HttpResponse:
    """An organisation's own questions on a national form (its admins; others 403)."""
    definition = access.get_definition_for_user(request.user, pk)
    organisations = _addition_organisations(request.user, definition)
    if not organisations:
        raise PermissionDenied
    chosen = request.POST.get("organisation") or request.GET.get("organisation") or str(organisations[0].pk)
    organisation = next((org for org in organisations if str(org.pk) == chosen), None)
    if organisation is None:
        raise Http404
    base_version = definition.published() or definition.draft()
    base = base_version.schema if base_version else {"sections": []}
    row = OrganisationQuestions.objects.filter(definition=definition, organisation=organisation).first()
    current = row.schema if row else ADDITIONS_SKELETON
    form = AdditionsForm(request.POST or None, initial={"questions": as_json(current)})
    context: dict[str, Any] = {
        "definition": definition,
        "organisation": organisation,
        "organisations": organisations,
        "form": form,
        "problems": [],
        "preview": None,
    }

    def check(data: Any) -> dict[str, Any]:
        problems = validate_additions(data, base)
        return _preview(merge(base, data) if not problems else None, problems)

    if request.method == "POST":
        context.update(_editor_preview(form, "questions", check))
        if request.POST.get("action") == "preview":
            return _fragment_or_page(request, "forms/own_questions.html", context)
        if form.is_valid() and not context["problems"]:
            try:
                actions.save_organisation_questions(
                    definition, organisation, form.cleaned_data["questions"], by=request.user
                )
            except ValidationError as error:
                context["problems"] = error.messages
            else:
                messages.success(request, _("Your organisation's questions were saved."))
                return redirect(
                    reverse("forms:own_questions", args=[definition.pk]) + f"?organisation={organisation.pk}"
                )
    else:
        context.update(_preview(merge(base, current), []))
    return render(request, "forms/own_questions.html", context)
