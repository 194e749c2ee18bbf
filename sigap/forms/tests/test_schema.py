"""The definition format: every problem found at once, in sentences that say where."""

from __future__ import annotations

from django.utils import translation

from sigap.forms.schema import text, validate_additions, validate_schema
from sigap.forms.tests.fixtures import example_schema


def en(data):
    with translation.override("en"):
        return validate_schema(data)


def test_the_example_definition_is_valid():
    assert en(example_schema()) == []


def test_a_definition_that_is_not_an_object_is_refused():
    assert en([]) == ["A form definition is a JSON object."]


def test_problems_name_the_section_and_question():
    data = example_schema()
    data["sections"][0]["questions"][0]["type"] = "colour"
    problems = en(data)
    assert problems[0].startswith('Section "safety", question "safe_at_home": the type must be one of: text,')


def test_every_problem_is_listed_at_once():
    data = example_schema()
    del data["title"]
    data["sections"][1]["questions"][0]["choices"][1]["value"] = "shelter"
    data["sections"][0]["questions"][2]["requried"] = True
    problems = en(data)
    assert "The form: The title is missing." in problems
    assert 'Section "needs", question "needs", choice 2: the value "shelter" is used twice.' in problems
    assert 'Section "safety", question "worry": unknown fields: requried.' in problems


def test_question_keys_are_unique_across_sections():
    data = example_schema()
    data["sections"][1]["questions"][0]["key"] = "worry"
    assert 'Section "needs", question "worry": the key "worry" is already used in this form.' in en(data)


def test_a_key_with_a_double_underscore_is_refused():
    data = example_schema()
    data["sections"][0]["key"] = "safe__ty"
    assert any("never two _ in a row" in p for p in en(data))


def test_a_condition_must_name_an_earlier_question_and_one_of_its_answers():
    data = example_schema()
    data["sections"][0]["questions"][1]["show_if"] = {"question": "needs", "equals": "shelter"}
    assert any('"needs", which is not a question before this one' in p for p in en(data))
    data["sections"][0]["questions"][1]["show_if"] = {"question": "safe_at_home", "equals": "maybe"}
    assert any('"maybe" is not an answer of "safe_at_home" (yes, no)' in p for p in en(data))
    data["sections"][0]["questions"][1]["show_if"] = {"question": "safe_at_home"}
    assert any("either equals or in" in p for p in en(data))


def test_a_scale_needs_a_sensible_range():
    data = example_schema()
    data["sections"][0]["questions"][2].update(min=3, max=1)
    assert any("2 to 11 points" in p for p in en(data))


def test_a_choice_question_needs_choices_and_labels_need_indonesian():
    data = example_schema()
    data["sections"][1]["questions"][1]["choices"] = []
    data["sections"][1]["questions"][0]["label"] = {"en": "Needs"}
    problems = en(data)
    assert 'Section "needs", question "priority": a choice question needs a list of choices.' in problems
    assert 'Section "needs", question "needs": The label needs the Indonesian text (id).' in problems


def test_messages_are_translated_into_indonesian():
    data = example_schema()
    del data["title"]
    with translation.override("id"):
        problems = validate_schema(data)
    assert problems == ["Formulir: Judul belum diisi."]


def test_text_reads_the_current_language_then_indonesian():
    value = {"id": "Keamanan", "en": "Safety"}
    assert text(value, "en") == "Safety"
    assert text({"id": "Keamanan"}, "en") == "Keamanan"
    assert text("Plain", "en") == "Plain"


def test_additions_cannot_reuse_a_national_key():
    base = example_schema()
    with translation.override("en"):
        problems = validate_additions(
            {"sections": [{"key": "safety", "questions": [{"key": "worry", "type": "text", "label": "x"}]}]}, base
        )
    assert problems == ['Section "safety", question "worry": the key "worry" is already used in this form.']


def test_additions_may_append_to_a_national_section_and_add_their_own():
    base = example_schema()
    data = {
        "sections": [
            {"key": "safety", "questions": [{"key": "org_pets", "type": "yes_no", "label": {"id": "Hewan?"}}]},
            {
                "key": "org-local",
                "title": {"id": "Lokal"},
                "questions": [
                    {
                        "key": "org_village",
                        "type": "text",
                        "label": {"id": "Desa"},
                        "show_if": {"question": "safe_at_home", "equals": "no"},
                    }
                ],
            },
        ]
    }
    assert validate_additions(data, base) == []
