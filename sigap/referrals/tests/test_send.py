"""Sending a referral: who may, what consent allows, what is checked, when the answer is due."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sigap.cases import actions as case_actions
from sigap.cases.models import TimelineEvent
from sigap.cases.tests.factories import make_case
from sigap.consent.actions import approve_override
from sigap.consent.tests.factories import ask
from sigap.directory.tests.factories import make_service
from sigap.referrals import actions
from sigap.referrals.models import Referral, Status
from sigap.referrals.tests.conftest import referral_input

pytestmark = pytest.mark.django_db


def form_data(hospital, **values):
    data = {
        "service": str(hospital.service.pk),
        "service_type": "kesehatan",
        "sections": ["identity", "violence"],
        "urgency": "urgent",
        "reason": "Perlu visum (sintetis).",
    }
    data.update(values)
    return data


def test_the_case_manager_sends_a_referral_from_the_case_page(cast, client, case, hospital):
    client.force_login(cast.caseworker)
    page = client.get(case.get_absolute_url())
    assert f"/referrals/case/{case.pk}/new/" in page.content.decode()
    response = client.post(f"/referrals/case/{case.pk}/new/", form_data(hospital))
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == referral.get_absolute_url()
    assert referral.to_organisation == hospital.org and referral.sections == ["identity", "violence"]
    assert referral.sharing_basis == "consent" and not referral.is_external
    assert TimelineEvent.objects.filter(case=case, verb="referral_sent").count() == 1
    assert "Referral sent" in client.get(f"/cases/{case.pk}/timeline/").content.decode()


def test_a_caseworker_who_may_not_edit_the_case_cannot_send(cast, client, case, hospital):
    client.force_login(cast.caseworker2)
    assert client.get(f"/referrals/case/{case.pk}/new/").status_code == 404
    with pytest.raises(PermissionDenied):
        actions.send_referral(case, actor=cast.caseworker2, data=referral_input(hospital))


def test_a_read_only_team_member_gets_403(cast, client, case, hospital):
    case_actions.add_team_member(case, actor=cast.caseworker, user=cast.psychologist, access="read")
    client.force_login(cast.psychologist)
    assert client.get(f"/referrals/case/{case.pk}/new/").status_code == 403
    assert client.post(f"/referrals/case/{case.pk}/new/", form_data(hospital)).status_code == 403
    assert not Referral.objects.exists()


def test_without_consent_the_referral_is_refused_with_a_clear_message_and_nothing_is_saved(cast, client, hospital):
    case = make_case(cast.org, cast.caseworker)
    client.force_login(cast.caseworker)
    response = client.post(f"/referrals/case/{case.pk}/new/", form_data(hospital))
    assert response.status_code == 200
    body = response.content.decode()
    assert "has no consent in force" in body
    assert "Ask to share without consent" in body
    assert not Referral.objects.exists()
    assert not TimelineEvent.objects.filter(case=case, verb="referral_sent").exists()


def test_consent_that_does_not_name_the_receiver_is_refused(cast, case, regions):
    from sigap.organisations.models import Organisation, OrganisationKind

    legal = Organisation.objects.create(
        name="LBH Contoh (test)", kind=OrganisationKind.LEGAL_AID, province=regions["jabar"]
    )
    service = make_service(legal, "Bantuan Hukum (sintetis)", service_types=["bantuan_hukum"])
    with pytest.raises(ValidationError) as refused:
        actions.send_referral(
            case, actor=cast.caseworker, data=referral_input(None, service=service, service_type="bantuan_hukum")
        )
    assert refused.value.code == "consent_required"
    assert not Referral.objects.exists()


def test_a_supervisor_approved_decision_allows_sharing_without_consent(cast, hospital):
    case = make_case(cast.org, cast.caseworker)
    override = ask(cast, case, case.victims.get().person, hospital.org)
    approve_override(override, actor=cast.supervisor, comment="Disetujui.")
    referral = actions.send_referral(case, actor=cast.caseworker, data=referral_input(hospital))
    assert referral.sharing_basis == "override" and referral.sharing_override == override


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"sections": []}, "sections"),
        ({"sections": ["everything"]}, "sections"),
        ({"reason": "  "}, "reason"),
        ({"service_type": "x"}, "service_type"),
        ({"service": None}, "service"),
        ({"service": None, "external_name": "Puskesmas Contoh"}, "external_kind"),
    ],
)
def test_bad_input_is_refused_field_by_field(cast, case, hospital, values, field):
    with pytest.raises(ValidationError) as refused:
        actions.send_referral(case, actor=cast.caseworker, data=referral_input(hospital, **values))
    assert field in refused.value.message_dict
    assert not Referral.objects.exists()


def test_a_service_not_accepting_referrals_or_of_the_own_organisation_is_refused(cast, case, hospital):
    hospital.service.accepting_referrals = False
    hospital.service.save()
    with pytest.raises(ValidationError, match="not accepting referrals"):
        actions.send_referral(case, actor=cast.caseworker, data=referral_input(hospital))
    own = make_service(cast.org, "Konseling sendiri (sintetis)")
    with pytest.raises(ValidationError, match="your own"):
        actions.send_referral(case, actor=cast.caseworker, data=referral_input(hospital, service=own))


@pytest.mark.parametrize(("risk", "hours"), [("high", 24), ("medium", 72), ("low", 168)])
def test_the_answer_is_due_by_the_risk_level(cast, case, hospital, risk, hours):
    if case.risk_level != risk:
        case_actions.rate_risk(case, actor=cast.caseworker, risk_level=risk, reason="Penilaian ulang (sintetis).")
    before = timezone.now()
    referral = actions.send_referral(case, actor=cast.caseworker, data=referral_input(hospital, urgency="routine"))
    assert referral.risk_level == risk
    assert before + timedelta(hours=hours) <= referral.due_at <= timezone.now() + timedelta(hours=hours)


def test_response_times_come_from_settings(cast, case, hospital, settings):
    settings.SIGAP_REFERRAL_DUE_HOURS_MEDIUM = 5
    referral = actions.send_referral(case, actor=cast.caseworker, data=referral_input(hospital))
    assert referral.due_at - referral.sent_at == timedelta(hours=5)


def test_a_partner_not_on_sigap_needs_consent_to_share_with_its_kind(cast, case):
    data = referral_input(
        None,
        service=None,
        external_name="Puskesmas Sukasari (sintetis)",
        external_contact="022-555-0199",
        external_kind="puskesmas",
    )
    with pytest.raises(ValidationError) as refused:
        actions.send_referral(case, actor=cast.caseworker, data=data)
    assert refused.value.code == "consent_required"
    from sigap.cases.tests.factories import make_person
    from sigap.consent.actions import record_consent
    from sigap.consent.tests.factories import consent_input

    mother = make_person(cast.org, cast.caseworker, full_name="Ibu Lain", sex="female")
    record_consent(
        case,
        actor=cast.caseworker,
        person=case.victims.get().person,
        data=consent_input(mother, share_kinds=["puskesmas", "hospital"]),
    )
    referral = actions.send_referral(case, actor=cast.caseworker, data=data)
    assert referral.is_external and referral.to_organisation is None and referral.status == Status.SENT


def test_a_directory_service_of_an_organisation_without_staff_on_sigap_is_external(cast, case, hospital):
    from sigap.organisations.models import Membership

    Membership.objects.filter(organisation=hospital.org).update(is_active=False)
    referral = actions.send_referral(case, actor=cast.caseworker, data=referral_input(hospital))
    assert referral.is_external and referral.to_organisation == hospital.org
