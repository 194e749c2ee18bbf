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
