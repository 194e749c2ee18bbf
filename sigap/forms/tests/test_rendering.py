"""The built form: field names, labels and required marks, conditions on the server, the include."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from sigap.forms import actions
from sigap.forms.rendering import answers_from_form, build_form, effective_schema

FILLED = {"safety__safe_at_home": "no", "safety__unsafe_why": "Dipukul (sintetis)", "safety__worry": "2"}


def test_fields_are_named_section_and_question_with_labels_and_help(cast, version):
    with translation.override("en"):
        form = build_form(version, cast.org)
    assert list(form.fields)[:3] == ["safety__safe_at_home", "safety__unsafe_why", "safety__worry"]
    assert form.fields["safety__safe_at_home"].label == "Is the child safe at home?"
    assert form.fields["safety__safe_at_home"].widget.attrs["aria-required"] == "true"
    assert not form.fields["safety__safe_at_home"].required  # required is decided with the conditions


def test_a_valid_form_gives_answers_by_question_key(cast, version):
    form = build_form(version, cast.org, data={**FILLED, "needs__needs": ["health"], "needs__siblings": "2"})
    assert form.is_valid(), form.errors
    assert answers_from_form(form) == {
        "safe_at_home": "no",
        "unsafe_why": "Dipukul (sintetis)",
        "worry": 2,
        "needs": ["health"],
        "siblings": 2,
    }


def test_the_server_enforces_conditions_without_javascript(cast, version):
    form = build_form(version, cast.org, data={"safety__safe_at_home": "yes", "safety__unsafe_why": "sisa"})
    assert form.is_valid()
    assert answers_from_form(form) == {"safe_at_home": "yes"}
    with translation.override("en"):
        form = build_form(version, cast.org, data={"safety__safe_at_home": "no"})
        assert not form.is_valid()
    assert form.errors == {"safety__unsafe_why": ["This question must be answered."]}


def test_a_hidden_questions_bad_answer_is_no_error(cast, version):
    form = build_form(version, cast.org, data={"safety__safe_at_home": "yes", "needs__priority": "bogus"})
    assert form.is_valid(), form.errors


def test_a_draft_form_does_not_require(cast, version):
    assert build_form(version, cast.org, data={}, require=False).is_valid()
    assert not build_form(version, cast.org, data={}).is_valid()


def test_initial_answers_fill_the_form(cast, version):
    response = actions.save_response(
        version, cast.org, {"safe_at_home": "yes", "seen_on": "2026-12-01", "worry": 1}, by=cast.caseworker
    )
    form = build_form(version, cast.org, initial=response.answers, prefix="f")
    html = str(form["safety__worry"])
    assert 'value="1"' in html and "checked" in html
    assert form.add_prefix("safety__worry") == "f-safety__worry"


def test_the_include_renders_fieldsets_labels_and_conditions(cast, version):
    with translation.override("en"):
        form = build_form(version, cast.org, prefix="f")
        html = render_to_string("forms/includes/form.html", {"form": form})
    assert html.count("<fieldset") >= 2 + 3  # two sections, and a fieldset per group of radios/checkboxes
    assert "<legend" in html and "Safety" in html
    assert 'data-show-if="f-safety__safe_at_home"' in html
    assert 'for="id_f-safety__unsafe_why"' in html
    assert "Who lives at home?" in html  # the prompt


def test_an_organisations_own_questions_join_the_national_ones(cast, version):
    own = {"sections": [{"key": "safety", "questions": [{"key": "org_pets", "type": "yes_no", "label": "Pets?"}]}]}
    actions.save_organisation_questions(version.definition, cast.org, own, by=cast.org_admin)
    keys = [q["key"] for q in effective_schema(version, cast.org)["sections"][0]["questions"]]
    assert keys == ["safe_at_home", "unsafe_why", "worry", "org_pets"]
    other_keys = [q["key"] for q in effective_schema(version, cast.other_org)["sections"][0]["questions"]]
    assert "org_pets" not in other_keys
    assert "safety__org_pets" in build_form(version, cast.org).fields


@pytest.mark.parametrize("language", ["id", "en"])
def test_labels_follow_the_language(cast, version, language):
    with translation.override(language):
        form = build_form(version, cast.org)
    expected = {"id": "Apakah anak aman di rumah?", "en": "Is the child safe at home?"}[language]
    assert form.fields["safety__safe_at_home"].label == expected
