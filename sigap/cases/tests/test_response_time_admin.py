import pytest
from django.contrib.auth import get_user_model

from sigap.audit.models import AuditEvent
from sigap.cases.deadlines import response_time
from sigap.cases.models import ResponseTime

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    root = get_user_model().objects.create_superuser(
        email="root@test.sigap.invalid", password="admin password 123", full_name="Root", language="en"
    )
    client.force_login(root)
    return client


def test_defaults_follow_the_brief():
    assert response_time("high") == (24, 3, 7, 7)
    assert response_time("medium") == (72, 7, 14, 14)
    assert response_time("low") == (168, 14, 30, 30)


def test_an_admin_changes_a_response_time_and_it_is_audited(admin_client):
    row = ResponseTime.objects.get(risk_level="high")
    response = admin_client.post(
        f"/admin/cases/responsetime/{row.pk}/change/",
        {
            "risk_level": "high",
            "first_contact_hours": 12,
            "assessment_days": 3,
            "plan_days": 7,
            "follow_up_days": 7,
        },
    )
    assert response.status_code == 302
    assert response_time("high")[0] == 12
    event = AuditEvent.objects.get(verb="cases.response_time_changed")
    assert event.details["changed"] == ["first_contact_hours"]


def test_cases_and_persons_are_not_in_the_admin(admin_client):
    assert admin_client.get("/admin/cases/case/").status_code == 404
    assert admin_client.get("/admin/cases/person/").status_code == 404
