"""Admin site pages for organisations and memberships."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.organisations.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(cast):
    user = cast.national_admin
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.mark.parametrize("model", ["organisation", "membership"])
def test_superuser_opens_the_admin_lists(cast, client, superuser, model):
    client.force_login(superuser)
    assert client.get(reverse(f"admin:organisations_{model}_changelist")).status_code == 200


def test_admin_action_ends_memberships_through_the_verb(cast, client, superuser):
    client.force_login(superuser)
    m = Membership.objects.get(user=cast.caseworker, organisation=cast.org)
    response = client.post(
        reverse("admin:organisations_membership_changelist"),
        {"action": "deactivate", "_selected_action": [str(m.pk)]},
    )
    assert response.status_code == 302
    assert not Membership.objects.get(pk=m.pk).is_active
    assert AuditEvent.objects.filter(verb="organisations.deactivate_member", organisation=cast.org).exists()


def test_admin_edits_of_an_organisation_are_audited(cast, client, superuser):
    client.force_login(superuser)
    url = reverse("admin:organisations_organisation_change", args=[cast.org.pk])
    page = client.get(url)
    data = {key: value for key, value in page.context["adminform"].form.initial.items() if value is not None}
    data.update({"name": cast.org.name, "kind": cast.org.kind, "province": "32", "regency": "32.73"})
    data.update({"phone": "022-999", "is_active": "on", "parent": ""})
    response = client.post(url, data)
    assert response.status_code == 302
    assert AuditEvent.objects.get(verb="organisations.admin_change").details["fields"] == ["phone"]


def test_staff_without_superuser_cannot_open_the_admin_lists(cast, client):
    client.force_login(cast.org_admin)
    response = client.get(reverse("admin:organisations_membership_changelist"))
    assert response.status_code == 302
