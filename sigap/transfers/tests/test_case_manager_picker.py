"""The accept form's "new case manager" box: typed, with matches from the receiving organisation
only, for whoever may decide the transfer (sigap.accounts.picker)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sigap.transfers.tests.test_transfer_screens import login, propose

pytestmark = pytest.mark.django_db


def people_url(transfer) -> str:
    return reverse("transfers:people", args=[transfer.pk])


def test_the_box_offers_the_receiving_organisations_case_managers_only(client, cast, case, receiver):
    transfer = propose(cast, case, receiver)
    login(client, receiver.supervisor)
    page = client.get(transfer.get_absolute_url()).text
    assert 'type="search" name="case_manager"' in page and '<select name="case_manager"' not in page
    html = client.post(people_url(transfer), {"case_manager": "caseworker"}).text
    assert receiver.caseworker.full_name in html
    assert cast.caseworker.full_name not in html  # the sending organisation's
    assert receiver.psychologist.full_name not in client.post(people_url(transfer), {"case_manager": "receiving"}).text


def test_who_may_not_decide_gets_no_matches(client, cast, case, receiver, third_supervisor):
    transfer = propose(cast, case, receiver)
    for user, status in ((receiver.caseworker, 404), (third_supervisor, 404), (cast.supervisor, 403)):
        login(client, user)
        assert client.post(people_url(transfer), {"case_manager": "caseworker"}).status_code == status


def test_accepting_by_typing_the_email_hands_over_the_case(client, cast, case, receiver):
    transfer = propose(cast, case, receiver)
    login(client, receiver.supervisor)
    response = client.post(reverse("transfers:accept", args=[transfer.pk]), {"case_manager": receiver.caseworker.email})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.organisation == receiver.org and case.case_manager == receiver.caseworker
