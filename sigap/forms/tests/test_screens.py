"""The standard forms' screens: who reads, who edits (403), who does not even see (404), and the
editor's validation, preview, publishing, comparison, import/export and own questions."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sigap.forms import actions
from sigap.forms.models import FormDefinition, FormVersion, OrganisationQuestions
from sigap.forms.tests.fixtures import example_schema, publish_example

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def url(name, definition, *args):
    return reverse(f"forms:{name}", args=[definition.pk, *args])


@pytest.fixture
def own_form(cast):
    schema = {**example_schema(), "key": "own-form", "title": {"id": "Formulir sendiri", "en": "Own form"}}
    definition = actions.create_definition(schema, by=cast.org_admin, organisation=cast.org)
    actions.publish_version(definition.versions.get(), by=cast.org_admin)
    return definition


def test_every_member_reads_the_list_with_national_and_own_forms(client, cast, version, own_form):
    response = login(client, cast.caseworker).get(reverse("forms:list"))
    assert response.status_code == 200
    assert b"Example screening (test)" in response.content and b"Own form" in response.content
    assert b"New form" not in response.content


def test_another_organisations_own_form_is_not_found(client, cast, own_form):
    login(client, cast.other_caseworker)
    assert b"Own form" not in client.get(reverse("forms:list")).content
    assert client.get(url("detail", own_form)).status_code == 404
    assert client.get(url("version", own_form, 1)).status_code == 404
    assert client.get(url("export", own_form, 1)).status_code == 404
    login(client, cast.other_org_admin)
    assert client.get(url("edit", own_form)).status_code == 404


def test_readers_cannot_edit_or_publish(client, cast, version, own_form):
    for user in (cast.caseworker, cast.supervisor, cast.org_admin):
        login(client, user)
        assert client.get(url("detail", version.definition)).status_code == 200
        assert client.get(url("edit", version.definition)).status_code == 403
        assert client.post(url("publish", version.definition)).status_code == 403
    login(client, cast.caseworker)
    assert client.get(url("edit", own_form)).status_code == 403
    assert client.get(reverse("forms:create")).status_code == 403
    assert client.get(reverse("forms:import")).status_code == 403
    assert client.get(url("own_questions", version.definition)).status_code == 403


def test_the_list_costs_a_fixed_number_of_queries(client, cast, django_assert_num_queries):
    login(client, cast.national_admin)
    publish_example()
    client.get(reverse("forms:list"))  # session and caches warm
    with django_assert_num_queries(7) as few:
        client.get(reverse("forms:list"))
    for n in range(4):
        publish_example({**example_schema(), "key": f"more-{n}"})
        actions.save_draft(
            FormDefinition.objects.get(key=f"more-{n}"), {**example_schema(), "key": f"more-{n}"}, by=None
        )
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("forms:list"))
    assert response.content.count(b"draft 2 open") == 4


def test_national_admin_edits_with_validation_messages_and_nothing_is_saved(client, cast, version):
    login(client, cast.national_admin)
    broken = example_schema()
    broken["sections"][0]["questions"][0]["type"] = "colour"
    response = client.post(url("edit", version.definition), {"definition": json.dumps(broken), "action": "save"})
    assert response.status_code == 200
    assert b"the type must be one of" in response.content
    assert not version.definition.versions.filter(status=FormVersion.Status.DRAFT).exists()
    response = client.post(url("edit", version.definition), {"definition": "{not json", "action": "save"})
    assert b"This is not valid JSON (line 1, column 2)" in response.content


def test_the_live_preview_answers_with_the_form_or_its_problems(client, cast, version):
    login(client, cast.national_admin)
    headers = {"HTTP_HX_REQUEST": "true"}
    response = client.post(
        url("edit", version.definition), {"definition": json.dumps(example_schema()), "action": "preview"}, **headers
    )
    assert b"The definition is valid" in response.content and b"<html" not in response.content
    assert b'name="preview-safety__safe_at_home"' in response.content
    response = client.post(url("edit", version.definition), {"definition": "[]", "action": "preview"}, **headers)
    assert b"A form definition is a JSON object." in response.content


def test_national_admin_saves_a_draft_publishes_and_compares(client, cast, version):
    login(client, cast.national_admin)
    schema = example_schema()
    schema["sections"][0]["questions"][0]["label"] = {"id": "Aman?", "en": "Safe now?"}
    schema["sections"][1]["questions"].append({"key": "school", "type": "yes_no", "label": {"id": "Sekolah?"}})
    response = client.post(url("edit", version.definition), {"definition": json.dumps(schema), "action": "save"})
    assert response.status_code == 302
    assert client.post(url("publish", version.definition)).status_code == 302
    definition = version.definition
    assert definition.published().number == 2
    response = client.get(url("compare", definition))
    assert response.status_code == 200
    assert b"Safe now?" in response.content and b"school" in response.content and b"added" in response.content
    assert client.get(url("detail", definition)).status_code == 200
    assert client.get(url("version", definition, 1)).status_code == 200


def test_export_and_import_round_trip(client, cast, version):
    login(client, cast.national_admin)
    exported = client.get(url("export", version.definition, 1))
    assert exported["Content-Disposition"] == 'attachment; filename="example-screening-v1.json"'
    data = json.loads(exported.content)
    assert data == version.schema
    data["key"] = "imported-form"
    upload = SimpleUploadedFile("form.json", json.dumps(data).encode(), content_type="application/json")
    response = client.post(reverse("forms:import"), {"owner": "", "file": upload})
    assert response.status_code == 302
    imported = FormDefinition.objects.get(key="imported-form")
    assert imported.organisation is None and imported.versions.get().status == FormVersion.Status.DRAFT


def test_an_invalid_import_says_why_and_writes_nothing(client, cast):
    login(client, cast.national_admin)
    response = client.post(reverse("forms:import"), {"owner": "", "text": json.dumps({"key": "x"})})
    assert response.status_code == 200 and b"The title is missing." in response.content
    assert not FormDefinition.objects.exists()


def test_org_admin_creates_an_own_form_but_not_a_national_one(client, cast):
    login(client, cast.org_admin)
    schema = {**example_schema(), "key": "our-form"}
    response = client.post(reverse("forms:create"), {"owner": "", "definition": json.dumps(schema), "action": "save"})
    assert response.status_code == 200 and b"Choose the organisation whose form this is." in response.content
    assert not FormDefinition.objects.exists()
    response = client.post(
        reverse("forms:create"), {"owner": str(cast.org.pk), "definition": json.dumps(schema), "action": "save"}
    )
    assert response.status_code == 302
    assert FormDefinition.objects.get(key="our-form").organisation == cast.org


def test_org_admin_adds_own_questions_but_cannot_change_national_ones(client, cast, version):
    login(client, cast.org_admin)
    page = url("own_questions", version.definition)
    assert client.get(page).status_code == 200
    changed = {"sections": [{"key": "safety", "questions": [{"key": "safe_at_home", "type": "text", "label": "x"}]}]}
    response = client.post(page, {"questions": json.dumps(changed), "action": "save"})
    assert response.status_code == 200 and b"is already used in this form" in response.content
    assert not OrganisationQuestions.objects.exists()
    own = {"sections": [{"key": "safety", "questions": [{"key": "org_pets", "type": "yes_no", "label": "Pets?"}]}]}
    response = client.post(page, {"questions": json.dumps(own), "action": "save"})
    assert response.status_code == 302
    assert OrganisationQuestions.objects.get(organisation=cast.org).schema == own
    assert version.definition.published().schema == version.schema  # national questions untouched


@pytest.mark.parametrize("name", ["list", "detail", "edit", "own_questions", "compare"])
def test_pages_are_translated_into_indonesian(cast, version, name):
    from django.test import Client

    client = Client()
    user = cast.national_admin if name != "own_questions" else cast.org_admin
    user.language = "id"
    user.save()
    client.force_login(user)
    actions.save_draft(version.definition, example_schema(), by=None)
    path = reverse("forms:list") if name == "list" else url(name, version.definition)
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert b"Formulir standar" in response.content
