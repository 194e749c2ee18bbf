"""Online incidents: the screen, the police-report task for a child victim of online sexual abuse,
the legal prompts and first-aid panels, and the case page's online section."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sigap.cases.codes import ClientType
from sigap.cases.models import TaskKind
from sigap.cases.tests.factories import make_case
from sigap.online import actions
from sigap.online.models import Guidance, OnlineIncident

pytestmark = pytest.mark.django_db


def test_a_caseworker_records_a_sextortion_incident_with_an_account(cast, client, case):
    client.force_login(cast.caseworker)
    response = client.post(
        f"/cases/{case.pk}/online/new/",
        {
            "harm_types": ["sextortion"],
            "platforms": ["instagram", "whatsapp"],
            "demands": ["money", "more_images"],
            "amount_demanded": "1500000",
            "amount_paid": "0",
            "first_contact_on": "2026-10-01",
            "last_contact_on": "2026-10-20",
            "description": "Pelaku mengancam menyebarkan foto (sintetis).",
        },
    )
    assert response.status_code == 302
    incident = OnlineIncident.objects.get()
    assert incident.harm_types == ["sextortion"] and incident.amount_demanded == 1500000
    response = client.post(
        f"/cases/{case.pk}/online/{incident.pk}/accounts/new/",
        {
            "platform": "instagram",
            "handle": "@akun_contoh_palsu",
            "profile_url": "https://social.example.com/x",
            "known_to_victim": "unknown",
        },
    )
    assert response.status_code == 302
    page = client.get(f"/cases/{case.pk}/online/{incident.pk}/").content.decode()
    assert "@akun_contoh_palsu" in page
    assert "Do not pay" in page  # the sextortion first-aid panel


def test_bad_input_is_refused_with_a_message_and_nothing_saved(cast, client, case):
    client.force_login(cast.caseworker)
    response = client.post(
        f"/cases/{case.pk}/online/new/",
        {
            "harm_types": ["sextortion"],
            "platforms": ["instagram"],
            "first_contact_on": "2026-10-20",
            "last_contact_on": "2026-10-01",
        },
    )
    assert response.status_code == 400
    assert "The last contact cannot be before the first." in response.content.decode()
    assert not OnlineIncident.objects.exists()


def test_a_child_victim_of_online_sexual_abuse_gets_the_police_report_task(cast, case):
    assert case.client_type == ClientType.CHILD
    assert not case.tasks.filter(kind=TaskKind.POLICE_REPORT).exists()
    actions.record_incident(
        case, actor=cast.caseworker, data=actions.IncidentInput(harm_types=["grooming"], platforms=["games"])
    )
    assert case.tasks.filter(kind=TaskKind.POLICE_REPORT).count() == 1
    actions.record_incident(
        case, actor=cast.caseworker, data=actions.IncidentInput(harm_types=["sextortion"], platforms=["x"])
    )
    assert case.tasks.filter(kind=TaskKind.POLICE_REPORT).count() == 1


def test_cyberbullying_or_an_adult_client_gets_no_police_report_task(cast):
    child = make_case(cast.org, cast.caseworker)
    actions.record_incident(
        child, actor=cast.caseworker, data=actions.IncidentInput(harm_types=["cyberbullying"], platforms=["tiktok"])
    )
    adult = make_case(cast.org, cast.caseworker, client_type=ClientType.ADULT_WOMAN)
    actions.record_incident(
        adult, actor=cast.caseworker, data=actions.IncidentInput(harm_types=["ncii"], platforms=["telegram"])
    )
    assert not child.tasks.filter(kind=TaskKind.POLICE_REPORT).exists()
    assert not adult.tasks.filter(kind=TaskKind.POLICE_REPORT).exists()


def test_the_case_page_shows_the_online_section_with_the_ksbe_prompt(cast, client, case, incident):
    client.force_login(cast.caseworker)
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'id="online"' in page
    assert "electronic-based sexual violence (KSBE)" in page
    assert "Sexual extortion (sextortion)" in page


def test_a_case_without_an_incident_offers_to_record_one(cast, client):
    plain = make_case(cast.org, cast.caseworker)
    client.force_login(cast.caseworker)
    page = client.get(plain.get_absolute_url()).content.decode()
    assert "No online incident recorded." in page
    assert f"/cases/{plain.pk}/online/new/" in page


def test_the_online_section_costs_the_same_queries_however_many_records(cast, client, case, incident):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    actions.create_takedown(
        case,
        actor=cast.caseworker,
        data=actions.TakedownInput(platform="x", channel="platform", url="https://example.org/first"),
    )
    client.force_login(cast.caseworker)
    client.get(case.get_absolute_url())

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(case.get_absolute_url())
        return len(ctx.captured_queries)

    before = count()
    for i in range(3):
        actions.record_incident(
            case, actor=cast.caseworker, data=actions.IncidentInput(harm_types=["doxxing"], platforms=["x"])
        )
        actions.create_takedown(
            case,
            actor=cast.caseworker,
            data=actions.TakedownInput(platform="x", channel="platform", url=f"https://example.org/{i}"),
        )
    assert count() == before


def test_a_read_only_member_sees_but_cannot_record(cast, client, case, incident):
    from sigap.cases.actions import add_team_member

    add_team_member(case, actor=cast.caseworker, user=cast.psychologist, access="read")
    client.force_login(cast.psychologist)
    assert client.get(f"/cases/{case.pk}/online/{incident.pk}/").status_code == 200
    assert client.get(f"/cases/{case.pk}/online/new/").status_code == 403
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied from the verb itself
        actions.record_incident(
            case, actor=cast.psychologist, data=actions.IncidentInput(harm_types=["doxxing"], platforms=["x"])
        )


def test_another_organisation_gets_404(cast, client, case, incident):
    client.force_login(cast.other_caseworker)
    assert client.get(f"/cases/{case.pk}/online/{incident.pk}/").status_code == 404
    assert client.get(f"/cases/{case.pk}/online/new/").status_code == 404


def test_an_incident_needs_a_harm_type_and_a_platform(cast, case):
    with pytest.raises(ValidationError) as refused:
        actions.record_incident(case, actor=cast.caseworker, data=actions.IncidentInput(harm_types=[], platforms=[]))
    assert set(refused.value.message_dict) == {"harm_types", "platforms"}


def test_default_guidance_is_seeded_in_both_languages():
    assert set(Guidance.objects.values_list("harm_type", flat=True)) >= {"sextortion", "grooming", "ncii", "csam"}
    panel = Guidance.objects.get(harm_type="sextortion")
    assert panel.points("id") and panel.points("en")


def test_a_national_admin_edits_a_guidance_panel_and_others_may_not(cast, client):
    from sigap.audit.models import AuditEvent

    panel = Guidance.objects.get(harm_type="grooming")
    client.force_login(cast.national_admin)
    assert client.get("/online/guidance/").status_code == 200
    data = {"title_id": "Judul baru", "body_id": "Satu\nDua", "title_en": "New title", "body_en": "One\nTwo"}
    assert client.post(f"/online/guidance/{panel.pk}/", data).status_code == 302
    panel.refresh_from_db()
    assert panel.points("en") == ["One", "Two"]
    assert AuditEvent.objects.filter(verb="online.guidance_changed").exists()
    assert client.post(f"/online/guidance/{panel.pk}/", {**data, "title_en": ""}).status_code == 400
    for user in (cast.org_admin, cast.caseworker):
        client.force_login(user)
        assert client.get(f"/online/guidance/{panel.pk}/").status_code == 403
        assert client.post(f"/online/guidance/{panel.pk}/", data).status_code == 403


def test_the_first_aid_panel_falls_back_to_the_shipped_text_when_its_row_is_gone():
    from sigap.online.guidance import panels_for
    from sigap.online.models import Guidance

    Guidance.objects.filter(harm_type="sextortion").delete()
    (panel,) = panels_for(["sextortion"])
    assert panel["title"] == "First aid: sexual extortion (sextortion)"
    assert any("Do not pay" in point for point in panel["points"])
