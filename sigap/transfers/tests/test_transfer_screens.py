"""Transfer screens and API: proposing, the receiver's inbox and decision, the old organisation's
read-only record, denied cases, and fixed query counts for the lists."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sigap.cases import actions as case_actions
from sigap.cases.models import Case
from sigap.transfers import actions
from sigap.transfers.models import Transfer
from sigap.transfers.tests.fixtures import shareable_case

pytestmark = pytest.mark.django_db

REASON = "Keluarga pindah ke Mataram (sintetis)."
CLIENT = "Sinta Contoh"


def propose(cast, case, receiver):
    return actions.propose_transfer(case, actor=cast.caseworker, to_organisation=receiver.org, reason=REASON)


def login(client, user):
    client.force_login(user)
    return client


# --- Proposing ------------------------------------------------------------------------------


def test_the_case_page_links_to_proposing_and_the_case_manager_proposes(client, cast, case, receiver):
    login(client, cast.caseworker)
    page = client.get(case.get_absolute_url())
    url = reverse("transfers:propose", args=[case.pk])
    assert url.encode() in page.content
    assert client.get(url).status_code == 200
    response = client.post(url, {"to_organisation": receiver.org.pk, "reason": REASON})
    transfer = Transfer.objects.get()
    assert response.status_code == 302 and response["Location"] == transfer.get_absolute_url()


def test_a_proposal_without_consent_shows_why_and_saves_nothing(client, cast, case, third_org):
    login(client, cast.caseworker)
    response = client.post(
        reverse("transfers:propose", args=[case.pk]), {"to_organisation": third_org.pk, "reason": REASON}
    )
    assert response.status_code == 200
    assert b"consent" in response.content
    assert not Transfer.objects.exists()


def test_a_read_only_team_member_gets_403_and_another_organisation_404(client, cast, case, receiver):
    url = reverse("transfers:propose", args=[case.pk])
    assert login(client, cast.psychologist).get(url).status_code == 403
    assert login(client, receiver.supervisor).get(url).status_code == 404


# --- The receiver's decision ----------------------------------------------------------------


def test_the_receiving_supervisor_sees_only_the_summary_before_accepting(client, cast, case, receiver):
    transfer = propose(cast, case, receiver)
    case_actions.add_note(case, actor=cast.caseworker, body="Catatan rahasia pengirim")
    login(client, receiver.supervisor)
    inbox = client.get(reverse("transfers:list") + "?box=incoming")
    assert transfer.old_number.encode() in inbox.content
    page = client.get(transfer.get_absolute_url())
    assert page.status_code == 200
    for shown in (case.number, REASON, "Physical", "13-17"):
        assert shown.encode() in page.content
    for hidden in (CLIENT, "Catatan rahasia pengirim", "Ayah Transfer", case.get_absolute_url()):
        assert hidden.encode() not in page.content
    assert client.get(case.get_absolute_url()).status_code == 404


def test_the_receiving_caseworker_and_a_third_organisation_get_404(client, cast, case, receiver, third_supervisor):
    transfer = propose(cast, case, receiver)
    for user in (receiver.caseworker, third_supervisor):
        login(client, user)
        assert client.get(transfer.get_absolute_url()).status_code == 404
        assert client.post(reverse("transfers:accept", args=[transfer.pk])).status_code == 404


def test_the_sending_side_may_not_decide(client, cast, case, receiver):
    transfer = propose(cast, case, receiver)
    login(client, cast.supervisor)
    response = client.post(reverse("transfers:accept", args=[transfer.pk]), {"case_manager": cast.caseworker.pk})
    assert response.status_code == 403


def test_accepting_on_the_screen_hands_over_the_case(client, cast, case, receiver):
    transfer = propose(cast, case, receiver)
    login(client, receiver.supervisor)
    response = client.post(
        reverse("transfers:accept", args=[transfer.pk]), {"case_manager": receiver.caseworker.pk, "comment": ""}
    )
    case.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.organisation == receiver.org
    page = login(client, receiver.caseworker).get(case.get_absolute_url())
    assert page.status_code == 200 and CLIENT.encode() in page.content
    assert transfer.old_number.encode() in page.content  # the timeline keeps the old number
    assert login(client, cast.caseworker).get(case.get_absolute_url()).status_code == 404


def test_declining_without_a_reason_says_so(client, cast, case, receiver):
    transfer = propose(cast, case, receiver)
    login(client, receiver.supervisor)
    response = client.post(reverse("transfers:decline", args=[transfer.pk]), {"comment": ""})
    assert response.status_code == 400 and b"This field is required" in response.content
    assert Transfer.objects.get(pk=transfer.pk).status == Transfer.Status.PROPOSED
    client.post(reverse("transfers:decline", args=[transfer.pk]), {"comment": "Penuh"})
    assert Transfer.objects.get(pk=transfer.pk).status == Transfer.Status.DECLINED


def test_the_proposer_withdraws_and_a_read_only_member_may_not(client, cast, case, receiver):
    transfer = propose(cast, case, receiver)
    assert login(client, cast.psychologist).post(reverse("transfers:withdraw", args=[transfer.pk])).status_code == 403
    login(client, cast.caseworker).post(reverse("transfers:withdraw", args=[transfer.pk]))
    assert Transfer.objects.get(pk=transfer.pk).status == Transfer.Status.WITHDRAWN


# --- The old organisation's record ----------------------------------------------------------


def test_after_the_transfer_the_old_staff_see_only_what_they_wrote(client, cast, case, receiver):
    case_actions.add_note(case, actor=cast.caseworker, body="Catatan pengirim sebelum transfer")
    transfer = actions.accept_transfer(
        propose(cast, case, receiver), actor=receiver.supervisor, case_manager=receiver.caseworker
    )
    case.refresh_from_db()
    case_actions.add_note(case, actor=receiver.caseworker, body="Catatan penerima sesudah transfer")
    for user in (cast.caseworker, cast.psychologist, cast.supervisor):
        page = login(client, user).get(transfer.get_absolute_url())
        assert page.status_code == 200, user
        assert b"Catatan pengirim sebelum transfer" in page.content
        assert b"Catatan penerima sesudah transfer" not in page.content
        assert case.get_absolute_url().encode() not in page.content
    # The receiver sees the case and its transfer, not the "transferred out" record.
    page = login(client, receiver.caseworker).get(transfer.get_absolute_url())
    assert b"Transferred out" not in page.content and case.get_absolute_url().encode() in page.content
    # A colleague who never worked on it, and the organisation admin, see nothing.
    for user in (cast.caseworker2, cast.org_admin):
        assert login(client, user).get(transfer.get_absolute_url()).status_code == 404


# --- Lists and API ----------------------------------------------------------------------------


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", [reverse("transfers:list"), reverse("api:transfer-list")])
def test_transfer_lists_cost_the_same_queries_however_long(client, cast, case, mother, receiver, url):
    propose(cast, case, receiver)
    login(client, receiver.supervisor)
    few = _queries(client, url)
    for _n in range(4):
        propose(cast, shareable_case(cast, mother), receiver)
    assert Transfer.objects.count() == 5
    assert _queries(client, url) == few


def test_the_api_proposes_accepts_and_refuses_like_the_screens(client, cast, case, receiver, third_supervisor):
    api = reverse("api:transfer-list")
    body = {"case": str(case.pk), "to_organisation": str(receiver.org.pk), "reason": REASON}
    assert login(client, cast.psychologist).post(api, body, content_type="application/json").status_code == 403
    assert login(client, receiver.supervisor).post(api, body, content_type="application/json").status_code == 404
    response = login(client, cast.caseworker).post(api, body, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    accept = reverse("api:transfer-accept", args=[pk])
    assert login(client, third_supervisor).get(reverse("api:transfer-detail", args=[pk])).status_code == 404
    assert (
        login(client, cast.supervisor)
        .post(accept, {"case_manager": cast.caseworker.pk}, content_type="application/json")
        .status_code
        == 403
    )
    login(client, receiver.supervisor)
    listed = client.get(api + "?box=incoming").json()["results"]
    assert [t["id"] for t in listed] == [pk] and listed[0]["forms"] == ["fisik"]
    response = client.post(accept, {"case_manager": str(cast.caseworker.pk)}, content_type="application/json")
    assert response.status_code == 400  # not a caseworker of the receiver
    response = client.post(accept, {"case_manager": str(receiver.caseworker.pk)}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    assert Case.objects.get(pk=case.pk).organisation == receiver.org


def test_the_schema_describes_the_transfer_endpoints(client):
    schema = client.get(reverse("api:schema")).content
    assert b"/api/v1/transfers/{id}/accept/" in schema and b"/api/v1/conferences/{id}/adopt/" in schema


def test_my_work_shows_the_receiving_supervisor_what_waits(client, cast, case, receiver):
    transfer = propose(cast, case, receiver)
    page = login(client, receiver.supervisor).get(reverse("core:home"))
    assert transfer.get_absolute_url().encode() in page.content
    assert transfer.get_absolute_url().encode() not in login(client, cast.supervisor).get(reverse("core:home")).content


def test_the_transfer_page_speaks_indonesian_by_default(cast, case, receiver):
    from django.test import Client

    transfer = propose(cast, case, receiver)
    receiver.supervisor.language = ""
    receiver.supervisor.save(update_fields=["language"])
    indonesian = Client()
    indonesian.force_login(receiver.supervisor)
    page = indonesian.get(transfer.get_absolute_url())
    assert b"Pengalihan kasus" in page.content and b"Terima pengalihan" in page.content


def test_a_supervisor_of_the_receiver_gets_404_on_a_withdrawn_proposal(client, cast, case, receiver):
    from sigap.transfers import actions as transfer_actions

    transfer = transfer_actions.propose_transfer(
        case, actor=cast.caseworker, to_organisation=receiver.org, reason="Alasan rahasia pindah (sintetis)."
    )
    transfer_actions.withdraw_transfer(transfer, actor=cast.caseworker)
    client.force_login(receiver.supervisor)
    assert client.get(transfer.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/transfers/{transfer.pk}/").status_code == 404
    assert b"Alasan rahasia" not in client.get("/transfers/").content
    assert str(transfer.pk) not in client.get("/api/v1/transfers/").content.decode()
    client.force_login(cast.caseworker)
    assert client.get(transfer.get_absolute_url()).status_code == 200
