"""Second-review findings on the online-abuse screens."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_a_safety_plan_address_with_a_malformed_person_id_is_404_not_a_server_error(cast, client, case, incident):
    client.force_login(cast.caseworker)
    for path in ("", "print/", "pdf/"):
        response = client.get(f"/cases/{case.pk}/online/safety-plan/{path}?person=not-a-uuid")
        assert response.status_code == 404


def test_a_safety_plan_for_a_person_of_another_case_is_404(cast, client, case, incident, other_case):
    client.force_login(cast.caseworker)
    stranger = other_case.victims.first().person
    response = client.get(f"/cases/{case.pk}/online/safety-plan/?person={stranger.pk}")
    assert response.status_code == 404


def _item_with_file(cast, case, incident):
    from sigap.online import actions
    from sigap.online.tests.conftest import png

    return actions.record_evidence(
        case,
        actor=cast.caseworker,
        data=actions.EvidenceInput(
            kind="context_screenshot",
            description="Profil pelaku (sintetis).",
            incident=incident,
            no_sexual_image_confirmed=True,
            upload=png(),
        ),
    )


def test_evidence_and_takedowns_of_one_case_are_404_through_another_cases_address(cast, client, case, incident, media):
    from rest_framework.test import APIClient

    from sigap.cases.tests.factories import make_case
    from sigap.online import actions

    item = _item_with_file(cast, case, incident)
    takedown = actions.create_takedown(
        case,
        actor=cast.caseworker,
        data=actions.TakedownInput(platform="instagram", channel="platform", url="https://example.org/x"),
    )
    second = make_case(cast.org, cast.caseworker, is_online=True)  # the same worker manages both
    client.force_login(cast.caseworker)
    assert client.get(f"/cases/{second.pk}/online/evidence/{item.pk}/").status_code == 404
    assert client.post(f"/cases/{second.pk}/online/evidence/{item.pk}/", {"handed_to": "x"}).status_code == 404
    assert client.get(f"/cases/{second.pk}/online/takedowns/{takedown.pk}/").status_code == 404
    assert client.post(f"/cases/{second.pk}/online/takedowns/{takedown.pk}/", {"status": "removed"}).status_code == 404
    assert client.get(f"/cases/{second.pk}/attachments/{item.attachment_id}/").status_code == 404
    api = APIClient()
    api.force_authenticate(cast.caseworker)
    assert api.get(f"/api/v1/cases/{second.pk}/online-evidence/{item.pk}/").status_code == 404
    status = api.post(f"/api/v1/cases/{second.pk}/takedowns/{takedown.pk}/status/", {"status": "removed"})
    assert status.status_code == 404
    takedown.refresh_from_db()
    assert takedown.status == "draft"


def test_an_evidence_item_cannot_be_changed_or_deleted_through_the_api(cast, case, incident, media):
    from rest_framework.test import APIClient

    from sigap.online.models import Evidence

    item = _item_with_file(cast, case, incident)
    api = APIClient()
    api.force_authenticate(cast.caseworker)
    url = f"/api/v1/cases/{case.pk}/online-evidence/{item.pk}/"
    assert api.patch(url, {"sexual_content": "child"}, format="json").status_code == 405
    assert api.put(url, {"sexual_content": "child"}, format="json").status_code == 405
    assert api.delete(url).status_code == 405
    item.refresh_from_db()
    assert item.sexual_content == "none" and Evidence.objects.filter(pk=item.pk, attachment__isnull=False).exists()


@pytest.mark.parametrize("sexual", ["child", "adult"])
def test_marking_an_item_with_a_file_as_a_sexual_image_afterwards_is_refused_by_model_and_database(
    cast, case, incident, media, sexual
):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    from sigap.online.models import Evidence

    item = _item_with_file(cast, case, incident)
    item.sexual_content = sexual
    with pytest.raises(ValidationError):
        item.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.filter(pk=item.pk).update(sexual_content=sexual)
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.filter(pk=item.pk).update(no_sexual_image_confirmed=False)
