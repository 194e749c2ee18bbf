"""An organisation adds its own questions to a national form but never removes or changes national ones."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from sigap.forms import actions
from sigap.forms.models import FormResponse
from sigap.forms.rendering import display, effective_schema
from sigap.forms.tests.fixtures import example_schema

OWN = {
    "sections": [
        {
            "key": "safety",
            "questions": [{"key": "org_pets", "type": "yes_no", "label": {"id": "Ada hewan?", "en": "Pets?"}}],
        },
        {
            "key": "org-local",
            "title": {"id": "Lokal", "en": "Local"},
            "questions": [{"key": "org_village", "type": "text", "label": {"id": "Desa", "en": "Village"}}],
        },
    ]
}


def test_org_admin_can_add_questions(cast, version):
    row = actions.save_organisation_questions(version.definition, cast.org, OWN, by=cast.org_admin)
    assert row.schema == OWN


def test_org_admin_cannot_change_a_national_question(cast, version):
    changed = {"sections": [{"key": "safety", "questions": [{"key": "safe_at_home", "type": "text", "label": "x"}]}]}
    with translation.override("en"), pytest.raises(ValidationError) as error:
        actions.save_organisation_questions(version.definition, cast.org, changed, by=cast.org_admin)
    assert 'the key "safe_at_home" is already used in this form.' in error.value.messages[0]


def test_org_admin_cannot_edit_the_national_form_itself(cast, version):
    with pytest.raises(PermissionDenied):
        actions.save_draft(version.definition, version.schema, by=cast.org_admin)
    with pytest.raises(PermissionDenied):
        actions.publish_version(version, by=cast.org_admin)


def test_only_that_organisations_admins_add_its_questions(cast, version):
    for user in (cast.caseworker, cast.supervisor, cast.other_org_admin):
        with pytest.raises(PermissionDenied):
            actions.save_organisation_questions(version.definition, cast.org, OWN, by=user)


def test_a_response_keeps_the_own_questions_it_was_filled_with(cast, version):
    actions.save_organisation_questions(version.definition, cast.org, OWN, by=cast.org_admin)
    response = actions.save_response(
        version, cast.org, {"safe_at_home": "yes", "org_pets": "yes", "org_village": "Cibiru"}, by=cast.caseworker
    )
    actions.save_organisation_questions(version.definition, cast.org, {"sections": []}, by=cast.org_admin)
    response = FormResponse.objects.get(pk=response.pk)
    with translation.override("en"):
        sections = display(response)
    assert [row.label for row in sections[0].rows] == ["Is the child safe at home?", "Pets?"]
    assert sections[1].title == "Local" and sections[1].rows[0].answer == "Cibiru"


def test_another_organisations_response_has_no_own_questions(cast, version):
    actions.save_organisation_questions(version.definition, cast.org, OWN, by=cast.org_admin)
    with pytest.raises(ValidationError):
        actions.save_response(version, cast.other_org, {"org_pets": "yes"}, by=cast.other_caseworker)


def test_own_questions_on_a_section_the_national_form_dropped_keep_a_section_of_their_own(cast, version):
    actions.save_organisation_questions(version.definition, cast.org, OWN, by=cast.org_admin)
    schema = example_schema()
    schema["sections"] = [section for section in schema["sections"] if section["key"] != "safety"]
    new = actions.publish_version(actions.save_draft(version.definition, schema, by=None), by=None)
    with translation.override("en"):
        sections = effective_schema(new, cast.org)["sections"]
        assert [section["key"] for section in sections] == ["needs", "safety", "org-local"]
        assert sections[1]["title"] == "Our own questions"
        assert [q["key"] for q in sections[1]["questions"]] == ["org_pets"]


def test_the_form_page_shows_an_org_admin_the_own_questions(client, cast, version):
    from django.urls import reverse

    actions.save_organisation_questions(version.definition, cast.org, OWN, by=cast.org_admin)
    client.force_login(cast.org_admin)
    assert b"Pets?" in client.get(reverse("forms:detail", args=[version.definition.pk])).content
    client.force_login(cast.caseworker)
    assert b"Pets?" not in client.get(reverse("forms:detail", args=[version.definition.pk])).content
