"""Conference screens and API: the case team runs the conference, invited organisations read its
record (never the case), everyone else gets 404; lists cost a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sigap.cases.tests.factories import complete_assessment_of
from sigap.conferences import actions
from sigap.conferences.models import Conference, ConferenceAction, Invitation

pytestmark = pytest.mark.django_db

CLIENT = "Sinta Contoh"


def login(client, user):
    client.force_login(user)
    return client


def test_the_case_team_schedules_from_the_case(client, cast, case):
    login(client, cast.caseworker)
    assert reverse("conferences:case", args=[case.pk]).encode() in client.get(case.get_absolute_url()).content
    url = reverse("conferences:schedule", args=[case.pk])
    response = client.post(
        url, {"title": "Rapat koordinasi", "scheduled_at": "2026-12-01T10:00", "location": "", "agenda": "Agenda"}
    )
    conference = Conference.objects.get()
    assert response.status_code == 302 and response["Location"] == conference.get_absolute_url()
    assert conference.agenda == "Agenda"
    response = client.post(url, {"title": "", "scheduled_at": ""})
    assert response.status_code == 200 and Conference.objects.count() == 1


def test_a_read_only_member_gets_403_and_another_organisation_404(client, cast, case, receiver):
    url = reverse("conferences:schedule", args=[case.pk])
    assert login(client, cast.psychologist).get(url).status_code == 403
    assert login(client, receiver.supervisor).get(url).status_code == 404
    assert login(client, receiver.supervisor).get(reverse("conferences:case", args=[case.pk])).status_code == 404


def test_an_invited_organisation_reads_the_record_but_not_the_case(client, cast, case, conference, receiver):
    actions.record_minutes(
        conference, actor=cast.caseworker, minutes="Notulen sintetis", decisions="Keputusan sintetis"
    )
    actions.add_action(
        conference,
        actor=cast.caseworker,
        data=actions.ActionData(
            service_type="bantuan_hukum", description="Aksi penerima", responsible_organisation=receiver.org
        ),
    )
    actions.add_action(
        conference,
        actor=cast.caseworker,
        data=actions.ActionData(
            service_type="psikologis", description="Aksi pemilik", responsible_organisation=cast.org
        ),
    )
    login(client, receiver.caseworker)
    assert conference.title.encode() in client.get(reverse("conferences:list")).content
    page = client.get(conference.get_absolute_url())
    assert page.status_code == 200
    for shown in ("Notulen sintetis", "Keputusan sintetis", "Keamanan anak", "Aksi penerima"):
        assert shown.encode() in page.content
    for hidden in ("Aksi pemilik", CLIENT, case.get_absolute_url()):
        assert hidden.encode() not in page.content
    assert client.get(case.get_absolute_url()).status_code == 404
    # A participant does not organise: 403 on the team's forms.
    assert client.post(reverse("conferences:minutes", args=[conference.pk]), {"minutes": "X"}).status_code == 403


def test_organisations_not_invited_get_404(client, cast, conference, third_supervisor):
    for user in (third_supervisor, cast.other_org_admin, cast.caseworker2):
        login(client, user)
        assert client.get(conference.get_absolute_url()).status_code == 404
        assert client.post(reverse("conferences:invite", args=[conference.pk])).status_code == 404


def test_the_team_invites_records_minutes_and_adds_actions_on_the_page(
    client, cast, case, conference, receiver, third_org
):
    login(client, cast.caseworker)
    page = client.get(conference.get_absolute_url())
    assert b"Write the minutes" in page.content
    response = client.post(reverse("conferences:invite", args=[conference.pk]), {"organisation": third_org.pk})
    assert response.status_code == 400 and b"consent" in response.content
    client.post(reverse("conferences:invite", args=[conference.pk]), {"name": "Bu RT", "outside_organisation": "RT 03"})
    assert Invitation.objects.filter(name="Bu RT").exists()
    client.post(reverse("conferences:minutes", args=[conference.pk]), {"minutes": "Notulen", "decisions": "Putusan"})
    assert Conference.objects.get(pk=conference.pk).status == Conference.Status.HELD
    response = client.post(
        reverse("conferences:add_action", args=[conference.pk]),
        {"service_type": "bantuan_hukum", "responsible_organisation": receiver.org.pk, "due_date": "2026-12-15"},
    )
    assert response.status_code == 302 and ConferenceAction.objects.count() == 1
    complete_assessment_of(case, cast.caseworker)
    client.post(reverse("conferences:adopt", args=[conference.pk]))
    assert ConferenceAction.objects.get().adopted_at is not None
    assert case.plans.get().goals.count() == 1


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["conferences:list", "api:conference-list"])
def test_conference_lists_cost_the_same_queries_however_long(client, cast, case, conference, receiver, name):
    url = reverse(name)
    login(client, receiver.caseworker)
    few = _queries(client, url)
    for n in range(4):
        more = actions.schedule_conference(
            case, actor=cast.caseworker, title=f"Rapat {n}", scheduled_at=timezone.now() + timedelta(days=n)
        )
        actions.invite(more, actor=cast.caseworker, organisation=receiver.org)
        actions.invite(more, actor=cast.caseworker, name="Tamu", outside_organisation="RT")
    assert _queries(client, url) == few


def test_the_api_runs_a_conference_and_shows_participants_their_part(client, cast, case, receiver, third_supervisor):
    api = reverse("api:conference-list")
    body = {
        "case": str(case.pk),
        "title": "Rapat API",
        "scheduled_at": (timezone.now() - timedelta(hours=2)).isoformat(),
    }
    assert login(client, cast.psychologist).post(api, body, content_type="application/json").status_code == 403
    assert login(client, receiver.supervisor).post(api, body, content_type="application/json").status_code == 404
    login(client, cast.caseworker)
    response = client.post(api, body, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]

    def post(name, data):
        return client.post(reverse(f"api:conference-{name}", args=[pk]), data, content_type="application/json")

    assert post("invite", {"organisation": str(receiver.org.pk)}).status_code == 200
    assert post("minutes", {"minutes": "Notulen API"}).status_code == 200
    assert (
        post(
            "add-action", {"service_type": "bantuan_hukum", "responsible_organisation": str(receiver.org.pk)}
        ).status_code
        == 200
    )
    assert (
        post("add-action", {"service_type": "psikologis", "responsible_organisation": str(cast.org.pk)}).status_code
        == 200
    )
    assert post("adopt", {}).status_code == 400  # the case is still in identification
    detail = reverse("api:conference-detail", args=[pk])
    assert len(client.get(detail).json()["actions"]) == 2
    login(client, receiver.caseworker)
    data = client.get(detail).json()
    assert data["minutes"] == "Notulen API" and [a["service_type"] for a in data["actions"]] == ["bantuan_hukum"]
    assert post("minutes", {"minutes": "X"}).status_code == 403
    assert login(client, third_supervisor).get(detail).status_code == 404


def test_reading_a_conference_is_in_the_case_access_log(client, cast, case, conference, receiver):
    from sigap.audit.access import case_access_log

    login(client, receiver.caseworker).get(conference.get_absolute_url())
    client.get(reverse("api:conference-detail", args=[conference.pk]))
    client.get(reverse("api:conference-list"))
    rows = list(case_access_log(case.pk).filter(user=receiver.caseworker))
    assert len(rows) == 3 and {row.object_type for row in rows} == {"conferences.conference"}


def test_the_team_changes_the_agenda_on_a_page_and_through_the_api(client, cast, conference, receiver):
    login(client, cast.caseworker)
    url = reverse("conferences:edit", args=[conference.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Rapat diubah", "scheduled_at": "2026-12-02T09:30", "agenda": "Baru"})
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.title == "Rapat diubah" and conference.agenda == "Baru"
    api = reverse("api:conference-detail", args=[conference.pk])
    response = client.patch(api, {"location": "Daring"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["location"] == "Daring"
    assert response.json()["title"] == "Rapat diubah"
    login(client, receiver.caseworker)
    assert client.get(url).status_code == 403
    assert client.patch(api, {"location": "X"}, content_type="application/json").status_code == 403
