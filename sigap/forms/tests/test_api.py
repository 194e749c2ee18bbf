"""The forms API: the screens' rules (read for members, write for editors, 404 for another
organisation's own form), validation errors in the one error format, fixed query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sigap.forms import actions
from sigap.forms.api import FormResponseSerializer
from sigap.forms.models import FormDefinition, FormVersion
from sigap.forms.tests.fixtures import example_schema, publish_example

pytestmark = pytest.mark.django_db

LIST = reverse("api:form-list")


def api(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def detail(definition, name="detail", **kwargs):
    return reverse(f"api:form-{name}", kwargs={"pk": definition.pk, **kwargs})


@pytest.fixture
def own_form(cast):
    definition = actions.create_definition({**example_schema(), "key": "own-form"}, by=None, organisation=cast.org)
    actions.publish_version(definition.versions.get(), by=None)
    return definition


def test_members_list_national_and_their_own_forms(cast, version, own_form):
    data = api(cast.caseworker).get(LIST).json()
    assert [item["key"] for item in data["results"]] == ["example-screening", "own-form"]
    assert data["results"][0]["published_number"] == 1
    other = api(cast.other_caseworker).get(LIST).json()
    assert [item["key"] for item in other["results"]] == ["example-screening"]
    assert api(cast.other_caseworker).get(detail(own_form)).status_code == 404
    assert api(cast.other_caseworker).get(detail(own_form, "version", number=1)).status_code == 404


def test_the_list_costs_a_fixed_number_of_queries(cast, django_assert_num_queries):
    client = api(cast.caseworker)
    publish_example()
    client.get(LIST)
    with django_assert_num_queries(2) as few:  # the count and the page (memberships stay on the user object)
        client.get(LIST)
    for n in range(5):
        publish_example({**example_schema(), "key": f"more-{n}"})
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(client.get(LIST).json()["results"]) == 6


def test_a_version_and_its_export(cast, version):
    client = api(cast.caseworker)
    body = client.get(detail(version.definition, "version", number=1)).json()
    assert body["status"] == "published" and body["schema"] == version.schema
    assert client.get(detail(version.definition, "export", number=1)).json() == version.schema


def test_readers_cannot_write(cast, version):
    for user in (cast.caseworker, cast.org_admin):
        client = api(user)
        assert (
            client.put(detail(version.definition, "draft"), {"schema": version.schema}, format="json").status_code
            == 403
        )
        assert client.post(detail(version.definition, "publish")).status_code == 403
    assert api(cast.caseworker).post(LIST, {"schema": example_schema()}, format="json").status_code == 403


def test_national_admin_drafts_and_publishes(cast, version):
    client = api(cast.national_admin)
    schema = example_schema()
    schema["sections"][0]["questions"][0]["label"] = {"id": "Aman?"}
    response = client.put(detail(version.definition, "draft"), {"schema": schema}, format="json")
    assert response.status_code == 200 and response.json()["number"] == 2
    response = client.post(detail(version.definition, "publish"))
    assert response.status_code == 200 and response.json()["status"] == "published"
    assert version.definition.published().number == 2


def test_an_invalid_draft_is_refused_with_its_problems(cast, version):
    schema = example_schema()
    schema["sections"][0]["questions"][0]["type"] = "colour"
    response = api(cast.national_admin).put(detail(version.definition, "draft"), {"schema": schema}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"]["non_field_errors"][0].startswith('Section "safety", question "safe_at_home": the type')
    assert not FormVersion.objects.filter(status=FormVersion.Status.DRAFT).exists()


def test_import_makes_a_new_form_or_a_draft(cast, version):
    client = api(cast.national_admin)
    response = client.post(
        reverse("api:form-import-definition"), {"schema": {**example_schema(), "key": "new-one"}}, format="json"
    )
    assert response.status_code == 201 and response.json()["status"] == "draft"
    response = client.post(reverse("api:form-import-definition"), {"schema": example_schema()}, format="json")
    assert response.status_code == 201 and response.json()["number"] == 2
    assert (
        api(cast.org_admin)
        .post(reverse("api:form-import-definition"), {"schema": example_schema()}, format="json")
        .status_code
        == 403
    )


def test_org_admin_creates_an_own_form(cast):
    client = api(cast.org_admin)
    response = client.post(LIST, {"schema": example_schema(), "organisation": str(cast.org.pk)}, format="json")
    assert response.status_code == 201
    assert FormDefinition.objects.get().organisation == cast.org
    assert client.post(LIST, {"schema": {**example_schema(), "key": "x-2"}}, format="json").status_code == 403
    other = client.post(
        LIST, {"schema": {**example_schema(), "key": "x-3"}, "organisation": str(cast.other_org.pk)}, format="json"
    )
    assert other.status_code == 404


def test_own_questions_for_that_organisations_admins(cast, version):
    own = {"sections": [{"key": "safety", "questions": [{"key": "org_pets", "type": "yes_no", "label": "Pets?"}]}]}
    url = detail(version.definition, "own-questions")
    client = api(cast.org_admin)
    assert client.get(url).json() == {"organisation": str(cast.org.pk), "schema": {"sections": []}}
    response = client.put(url, {"schema": own}, format="json")
    assert response.status_code == 200 and response.json()["schema"] == own
    bad = {"sections": [{"key": "safety", "questions": [{"key": "worry", "type": "text", "label": "x"}]}]}
    assert client.put(url, {"schema": bad}, format="json").status_code == 400
    assert api(cast.caseworker).get(url).status_code == 403
    assert (
        api(cast.other_org_admin).put(f"{url}?organisation={cast.org.pk}", {"schema": own}, format="json").status_code
        == 404
    )


def test_a_response_serialises_with_its_own_version(cast, version):
    response = actions.save_response(version, cast.org, {"safe_at_home": "yes"}, by=cast.caseworker)
    data = FormResponseSerializer(response).data
    assert data["form"] == "example-screening" and data["version"] == 1
    assert data["answers"] == {"safe_at_home": "yes"}
    assert data["sections"][0]["answers"][0]["key"] == "safe_at_home"


def test_the_api_is_in_the_openapi_schema(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    assert "/api/v1/forms/" in schema["paths"]
    assert "/api/v1/forms/{id}/versions/{number}/export/" in schema["paths"]
    assert "/api/v1/forms/{id}/own-questions/" in schema["paths"]
