"""Screens of the guided assessment and screening: the standard forms filled on a phone, one page
with a menu of its sections, saved as a draft or completed; the record read with the questions of
its own form version. Thin: the verbs in ``sigap.cases.actions.guided`` do the work."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sigap.cases import actions, guided
from sigap.cases.actions import guided as verbs
from sigap.cases.models import Assessment, Case
from sigap.forms.models import FormVersion
from sigap.forms.rendering import StandardForm, build_form, display, effective_schema, response_schema
from sigap.lib.http import SignedInRequest


def _add_errors(form: StandardForm, error: ValidationError) -> None:
    """A verb's refusal on the form: answers' problems on their questions, the rest on top."""
    if hasattr(error, "error_dict"):
        for key, problems in error.message_dict.items():
            name = form.names.get(key)
            for problem in problems:
                form.add_error(name if name in form.fields else None, problem)
    else:
        for problem in error.messages:
            form.add_error(None, problem)


def _initial(case: Case, schema: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """Saved answers, what the case knows, and the proposed risk level until the worker rates it."""
    initial = verbs.case_answers(case, schema, answers)
    level_key = guided.key_of(schema, guided.RISK_LEVEL)
    # Once something was answered, the rating starts at the proposal (before that it would say "low").
    if level_key and not initial.get(level_key) and set(answers) - {"client_is_child"}:
        initial[level_key] = guided.propose_risk(schema, initial).level
    return initial


def _with_case_facts(case: Case, schema: dict[str, Any], data: Any) -> Any:
    """The posted form with what the case knows (whether the client is a child) whatever was sent,
    so the questions that depend on it are kept."""
    if data is None:
        return None
    data = data.copy()
    facts = verbs.case_answers(case, schema, {})
    for section, question in guided.questions(schema):
        if question["key"] in facts:
            data[f"{section['key']}__{question['key']}"] = facts[question["key"]]
    return data


def _menu(schema: dict[str, Any], answers: dict[str, Any], prefix: str) -> list[dict[str, Any]]:
    """The in-page menu: each section with how many of its shown questions are answered."""
    items = []
    for section in schema.get("sections", []):
        shown = [q for q in section["questions"] if guided.is_shown(q, answers)]
        done = sum(1 for q in shown if guided.is_answered(answers.get(q["key"])))
        items.append(
            {
                "anchor": f"{prefix}-{section['key']}",
                "title": guided.text_of(section.get("title")),
                "done": done,
                "total": len(shown),
            }
        )
    return items


def assessment_page(request: SignedInRequest, case: Case, record: Assessment, *, editable: bool) -> HttpResponse:
    """A guided assessment: the form while it is open and the user may edit, else the record."""
    response = record.form_response
    assert response is not None  # noqa: S101 (the caller routes only guided assessments here)
    schema = response_schema(response)
    answers = dict(response.answers or {})
    if not editable:
        return render(
            request,
            "cases/assessment_guided_detail.html",
            {"case": case, "assessment": record, "sections": display(response), "version": response.version},
        )
    data = _with_case_facts(case, schema, request.POST if request.method == "POST" else None)
    form = build_form(
        response.version,
        case.organisation,
        data=data,
        initial=_initial(case, schema, answers),
        require=False,
        schema=schema,  # the response's own questions (its version and the own questions copied then)
    )  # the response's own questions (its version and the own questions copied then)
    status = 200
    if data is not None:
        completing = "complete" in data
        if form.is_valid():
            try:
                verbs.save_guided_assessment(
                    record,
                    actor=request.user,
                    answers=form.answers,
                    complete=completing,
                    expected_version=_int(data.get("version")),
                )
            except ValidationError as error:
                _add_errors(form, error)
                status = 409 if isinstance(error, actions.ConflictError) else 400
            else:
                if completing:
                    messages.success(request, _("The assessment was completed."))
                    return redirect(f"{case.get_absolute_url()}#assessment")
                messages.success(request, _("The assessment was saved."))
                return redirect(f"{request.path}#form-summary")
        else:
            status = 400
        answers = dict(form.answers) if hasattr(form, "answers") else answers
    proposal = guided.propose_risk(schema, verbs.case_answers(case, schema, answers))
    return render(
        request,
        "cases/assessment_guided_form.html",
        {
            "case": case,
            "assessment": record,
            "form": form,
            "menu": _menu(schema, verbs.case_answers(case, schema, answers), "form"),
            "proposal": proposal,
            "version": response.version,
        },
        status=status,
    )


def screening_page(request: SignedInRequest, case: Case, version: FormVersion) -> HttpResponse:
    """The initial screening with the short standard form (one screen)."""
    schema = effective_schema(version, case.organisation)
    data = _with_case_facts(case, schema, request.POST if request.method == "POST" else None)
    initial = _initial(case, schema, {})
    level_key = guided.key_of(schema, guided.RISK_LEVEL)
    if level_key:
        initial[level_key] = case.risk_level  # the intake's rating, until the answers say otherwise
    form = build_form(version, case.organisation, data=data, initial=initial, require=False)
    status = 200
    if data is not None:
        if form.is_valid():
            try:
                verbs.record_guided_screening(case, actor=request.user, answers=form.answers)
            except ValidationError as error:
                _add_errors(form, error)
                status = 400
            else:
                messages.success(request, _("The initial screening was recorded."))
                return redirect(f"{case.get_absolute_url()}#assessment")
        else:
            status = 400
    answers = dict(getattr(form, "answers", None) or {})
    return render(
        request,
        "cases/assessment_guided_screening.html",
        {
            "case": case,
            "form": form,
            "proposal": guided.propose_risk(schema, answers) if answers else None,
            "version": version,
        },
        status=status,
    )


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
