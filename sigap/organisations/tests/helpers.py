"""Small helpers shared by the organisation tests."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sigap.accounts.models import User
from sigap.audit.models import AuditEvent
from sigap.organisations.models import Membership, Organisation, OrganisationKind
from sigap.regions.models import Province


def add_person(org: Organisation, role: str, email: str, name: str = "Test Person") -> Membership:
    user = User.objects.create_user(email=email, password="correct horse battery", full_name=name)
    return Membership.objects.create(user=user, organisation=org, role=role)


def add_organisations(count: int, province: Province, prefix: str = "Extra") -> list[Organisation]:
    return [
        Organisation.objects.create(name=f"{prefix} {i}", kind=OrganisationKind.NGO, province=province)
        for i in range(count)
    ]


def queries_for(client: Any, url: str) -> int:
    """How many queries one GET of ``url`` makes (it must succeed), after a first warm-up request."""
    client.get(url)  # the first request of a session also writes the session
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)


def audit_verbs(organisation: Organisation | None = None) -> list[str]:
    qs = AuditEvent.objects.filter(verb__startswith="organisations.").order_by("id")
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    return list(qs.values_list("verb", flat=True))
