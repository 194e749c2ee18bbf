"""Saving and reading answers: versions keep their questions, conditions hold on the server,
refusals save nothing, and the database never holds an answer in plain text."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from sigap.forms import actions
from sigap.forms.models import FormResponse, FormVersion
from sigap.forms.rendering import display, tagged
from sigap.forms.tests.fixtures import example_schema
from sigap.history.models import FieldChange

ANSWERS = {"safe_at_home": "no", "unsafe_why": "Ayah tiri memukul (sintetis)", "worry": 3, "needs": ["shelter"]}


def test_answers_are_saved_and_read_with_labels(cast, version):
    response = actions.save_response(version, cast.org, ANSWERS, by=cast.caseworker, complete=True)
    response = FormResponse.objects.get(pk=response.pk)
    assert response.answers == ANSWERS
    assert response.completed_at is not None
    with translation.override("en"):
        sections = display(response)
    assert [s.title for s in sections] == ["Safety", "Needs"]
    rows = {row.key: row.answer for row in sections[0].rows}
    assert rows == {"safe_at_home": "No", "unsafe_why": "Ayah tiri memukul (sintetis)", "worry": "3 (scale 0–4)"}
    assert sections[1].rows[0].answer == "Shelter"


def test_a_new_version_leaves_old_answers_readable_with_their_old_questions(cast, version):
    old = actions.save_response(version, cast.org, ANSWERS, by=cast.caseworker, complete=True)
    schema = example_schema()
    schema["sections"][0]["questions"][0]["label"] = {"id": "Aman di rumah sekarang?", "en": "Safe at home now?"}
    schema["sections"][1]["questions"][0]["choices"][0]["label"] = {"id": "Shelter", "en": "Safe house"}
    del schema["sections"][0]["questions"][2]  # the worry scale is gone in version 2
    draft = actions.save_draft(version.definition, schema, by=None)
    new = actions.publish_version(draft, by=None)
    assert new.number == 2
    version.refresh_from_db()
    assert version.status == FormVersion.Status.RETIRED
    old = FormResponse.objects.get(pk=old.pk)
    assert old.version_id == version.pk
    assert old.answers == ANSWERS  # untouched
    with translation.override("en"):
        sections = display(old)
        labels = [row.label for row in sections[0].rows]
        assert labels == ["Is the child safe at home?", "Why is it not safe?", "How worried is the child?"]
        assert sections[1].rows[0].answer == "Shelter"
        fresh = actions.save_response(new, cast.org, {"safe_at_home": "yes"}, by=cast.caseworker, complete=True)
        assert display(fresh)[0].rows[0].label == "Safe at home now?"
    with pytest.raises(ValidationError):  # version 2 has no worry question
        actions.save_response(new, cast.org, {"safe_at_home": "yes", "worry": 1}, by=cast.caseworker)


def test_a_hidden_question_is_not_required_and_its_answer_is_dropped(cast, version):
    response = actions.save_response(
        version, cast.org, {"safe_at_home": "yes", "unsafe_why": "left over"}, by=cast.caseworker, complete=True
    )
    assert response.answers == {"safe_at_home": "yes"}


def test_a_shown_required_question_must_be_answered(cast, version):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        actions.save_response(version, cast.org, {"safe_at_home": "no"}, by=cast.caseworker, complete=True)
    assert error.value.message_dict == {"unsafe_why": ["This question must be answered."]}
    assert not FormResponse.objects.exists()


def test_a_draft_response_may_leave_required_questions_open(cast, version):
    response = actions.save_response(version, cast.org, {"worry": "2"}, by=cast.caseworker)
    assert response.answers == {"worry": 2}
    assert response.completed_at is None


def test_multiple_choice_conditions_match_any_chosen_value(cast, version):
    answers = {"safe_at_home": "yes", "needs": ["legal", "health"], "priority": "high"}
    response = actions.save_response(version, cast.org, answers, by=cast.caseworker)
    assert response.answers["needs"] == ["health", "legal"]  # in the form's order
    assert response.answers["priority"] == "high"
    response = actions.save_response(
        version, cast.org, {**answers, "needs": ["legal"]}, by=cast.caseworker, response=response
    )
    assert "priority" not in response.answers


def test_wrong_values_are_refused_with_clear_messages_and_nothing_is_saved(cast, version):
    bad = {
        "safe_at_home": "maybe",
        "worry": 9,
        "needs": ["shelter", "pony"],
        "seen_on": "31-12-2026",
        "siblings": 40,
        "nonsense": "x",
    }
    with translation.override("en"), pytest.raises(ValidationError) as error:
        actions.save_response(version, cast.org, bad, by=cast.caseworker, complete=True)
    assert error.value.message_dict == {
        "__all__": ["Unknown questions: nonsense."],
        "safe_at_home": ["Choose one of the answers offered."],
        "worry": ["Choose a point from 0 to 4."],
        "needs": ["Choose only answers offered."],
        "seen_on": ["Enter a date as year-month-day."],
        "siblings": ["At most 20."],
    }
    assert not FormResponse.objects.exists()


def test_a_refused_change_leaves_the_saved_answers_as_they_were(cast, version):
    response = actions.save_response(version, cast.org, ANSWERS, by=cast.caseworker)
    with pytest.raises(ValidationError):
        actions.save_response(
            version, cast.org, {**ANSWERS, "worry": 99}, by=cast.caseworker, response=response, complete=True
        )
    assert FormResponse.objects.get(pk=response.pk).answers == ANSWERS
    assert not FieldChange.objects.filter(object_id=str(response.pk)).exists()


def test_a_draft_version_cannot_be_filled(cast, version):
    draft = actions.save_draft(version.definition, example_schema(), by=None)
    with pytest.raises(ValidationError):
        actions.save_response(draft, cast.org, {}, by=cast.caseworker)


def test_the_database_holds_no_answer_in_plain_text(cast, version):
    response = actions.save_response(version, cast.org, ANSWERS, by=cast.caseworker)
    actions.save_response(
        version,
        cast.org,
        {**ANSWERS, "unsafe_why": "Paman mengancam (sintetis)"},
        by=cast.caseworker,
        response=response,
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers FROM forms_formresponse")
        (raw,) = cursor.fetchone()
        cursor.execute("SELECT old_value, new_value FROM history_fieldchange")
        history = cursor.fetchall()
    assert "Paman" not in raw and "shelter" not in raw and "unsafe_why" not in raw
    assert history and all("Ayah" not in old and "Paman" not in new for old, new in history)


def test_changed_answers_go_to_the_change_history_under_the_consumers_case(cast, version):
    response = actions.save_response(version, cast.org, ANSWERS, by=cast.caseworker)
    case_id = "00000000-0000-0000-0000-000000000001"
    actions.save_response(
        version,
        cast.org,
        {**ANSWERS, "worry": 1, "needs": []},
        by=cast.caseworker,
        response=response,
        case_id=case_id,
    )
    rows = FieldChange.objects.filter(object_type="forms.formresponse", object_id=str(response.pk))
    assert sorted(row.field for row in rows) == ["answers.needs", "answers.worry"]
    assert all(row.encrypted and str(row.case_id) == case_id for row in rows)


def test_tagged_gives_the_answers_of_a_tag_in_order(cast, version):
    response = actions.save_response(version, cast.org, ANSWERS, by=cast.caseworker)
    [(section, question, value)] = tagged(response, "need")
    assert (section["key"], question["key"], value) == ("needs", "needs", ["shelter"])
    assert [q["key"] for _s, q, _v in tagged(response, "risk")] == ["safe_at_home"]


def test_clearing_for_retention_blanks_answers_and_their_history(cast, version):
    response = actions.save_response(version, cast.org, ANSWERS, by=cast.caseworker)
    actions.save_response(version, cast.org, {**ANSWERS, "worry": 1}, by=cast.caseworker, response=response)
    actions.clear_response(response)
    response = FormResponse.objects.get(pk=response.pk)
    assert response.answers == {} and response.cleared_at is not None
    assert display(response) == []
    assert not FieldChange.objects.filter(object_id=str(response.pk)).exists()
    with pytest.raises(ValidationError):
        actions.save_response(version, cast.org, ANSWERS, by=cast.caseworker, response=response)


def test_the_export_reads_each_answer_with_its_question(cast, version):
    from sigap.forms.privacy import export_data, pdf_rows

    response = actions.save_response(version, cast.org, ANSWERS, by=cast.caseworker, complete=True)
    with translation.override("en"):
        data = export_data(response)
        rows = pdf_rows(response)
    assert data["form"] == "example-screening" and data["version"] == 1
    assert data["sections"][0]["answers"][0] == {
        "key": "safe_at_home",
        "question": "Is the child safe at home?",
        "answer": "No",
    }
    assert rows[0] == ("Safety: Is the child safe at home?", "No")
