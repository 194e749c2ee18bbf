"""Services delivered: recording them, who provides them, and the TPKS rule on mediation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sigap.cases import actions
from sigap.cases.models import PlanAction, ServiceDelivery
from sigap.cases.tests.factories import approved_plan_of, case_in_stage, make_case

pytestmark = pytest.mark.django_db

REFUSAL = "Mediation is not allowed"


def service_url(case) -> str:
    return reverse("cases:service_new", args=[case.pk])


def post_data(**values) -> dict:
    data = {
        "service_type": "psikologis",
        "delivered_on": timezone.localdate().isoformat(),
        "provider": "own",
        "outcome": "Konseling pertama (sintetis).",
    }
    data.update(values)
    return data


@pytest.fixture
def sexual_adult(cast):
    """Sexual violence by an adult perpetrator: mediation is refused."""
    return make_case(cast.org, cast.caseworker, forms=["seksual"], perpetrators=[("Pelaku Dewasa", "tetangga", False)])


@pytest.fixture
def sexual_children(cast):
    """Sexual violence where every perpetrator is a child: mediation is allowed."""
    return make_case(
        cast.org,
        cast.caseworker,
        forms=["seksual"],
        perpetrators=[("Pelaku Anak Satu", "pacar_teman", True), ("Pelaku Anak Dua", "pacar_teman", True)],
    )


def test_caseworker_records_a_service_by_their_own_unit(cast, case, client):
    client.force_login(cast.caseworker)
    assert client.get(service_url(case)).status_code == 200
    response = client.post(service_url(case), post_data())
    assert response.status_code == 302
    assert response["Location"].endswith("#services")
    service = case.services.get()
    assert service.provider_organisation == cast.org
    assert service.recorded_by == cast.caseworker
    assert case.timeline.filter(verb="service_recorded").exists()
    assert "Konseling pertama (sintetis)." in client.get(case.get_absolute_url()).text


def test_a_service_by_another_organisation_or_a_provider_not_on_sigap(cast, case, client):
    client.force_login(cast.caseworker)
    client.post(service_url(case), post_data(provider="organisation", provider_organisation=str(cast.other_org.pk)))
    client.post(service_url(case), post_data(provider="other", provider_name="Puskesmas Contoh"))
    services = list(case.services.order_by("created_at"))
    assert services[0].provider_organisation == cast.other_org
    assert services[1].provider_organisation is None
    assert services[1].provider_name == "Puskesmas Contoh"


def test_the_provider_must_be_named(cast, case, client):
    client.force_login(cast.caseworker)
    response = client.post(service_url(case), post_data(provider="other"))
    assert response.status_code == 400
    assert "Name the provider." in response.text
    with pytest.raises(ValidationError):
        actions.record_service(case, actor=cast.caseworker, service_type="kesehatan", delivered_on=timezone.localdate())


def test_a_service_date_cannot_be_in_the_future(cast, case):
    with pytest.raises(ValidationError) as error:
        actions.record_service(
            case,
            actor=cast.caseworker,
            service_type="kesehatan",
            delivered_on=timezone.localdate() + timedelta(days=2),
            provider_organisation=cast.org,
        )
    assert "delivered_on" in error.value.message_dict


def test_a_service_can_be_linked_to_an_action_of_the_approved_plan(cast, client):
    case = case_in_stage(cast.org, cast.caseworker, cast.supervisor, "implementation")
    action = PlanAction.objects.get(goal__plan__case=case)
    client.force_login(cast.caseworker)
    assert "Action of the plan" in client.get(service_url(case)).text
    client.post(service_url(case), post_data(plan_action=str(action.pk)))
    assert ServiceDelivery.objects.get(case=case).plan_action == action


def test_an_action_of_another_case_cannot_be_linked(cast):
    case = case_in_stage(cast.org, cast.caseworker, cast.supervisor, "implementation")
    other = case_in_stage(cast.org, cast.caseworker, cast.supervisor, "planning")
    approved_plan_of(other, cast.caseworker, cast.supervisor)
    foreign = PlanAction.objects.get(goal__plan__case=other)
    with pytest.raises(ValidationError) as error:
        actions.record_service(
            case,
            actor=cast.caseworker,
            service_type="psikologis",
            delivered_on=timezone.localdate(),
            provider_organisation=cast.org,
            plan_action=foreign,
        )
    assert "plan_action" in error.value.message_dict


# --- Mediation and TPKS ---------------------------------------------------------------------


def test_mediation_is_hidden_with_the_reason_on_a_sexual_violence_case_with_an_adult_perpetrator(
    cast, sexual_adult, client
):
    client.force_login(cast.caseworker)
    page = client.get(service_url(sexual_adult))
    assert 'value="mediasi"' not in page.text
    assert 'value="psikologis"' in page.text
    assert REFUSAL in page.text
    assert REFUSAL in client.get(sexual_adult.get_absolute_url()).text


def test_the_server_refuses_mediation_with_the_reason_when_the_option_is_forced(cast, sexual_adult, client):
    client.force_login(cast.caseworker)
    response = client.post(service_url(sexual_adult), post_data(service_type="mediasi"))
    assert response.status_code == 400
    assert REFUSAL in response.text
    assert not sexual_adult.services.exists()
    with pytest.raises(ValidationError) as error:
        actions.record_service(
            sexual_adult,
            actor=cast.caseworker,
            service_type="mediasi",
            delivered_on=timezone.localdate(),
            provider_organisation=cast.org,
        )
    assert REFUSAL in error.value.message_dict["service_type"][0]


def test_mediation_is_refused_when_no_perpetrator_is_recorded_yet(cast):
    case = make_case(cast.org, cast.caseworker, forms=["seksual"])
    assert actions.mediation_refusal(case) is not None


def test_mediation_is_offered_and_recorded_when_every_perpetrator_is_a_child(cast, sexual_children, client):
    client.force_login(cast.caseworker)
    page = client.get(service_url(sexual_children))
    assert 'value="mediasi"' in page.text
    assert REFUSAL not in page.text
    response = client.post(service_url(sexual_children), post_data(service_type="mediasi"))
    assert response.status_code == 302
    assert sexual_children.services.get().service_type == "mediasi"


def test_mediation_is_offered_when_the_case_has_no_sexual_violence(cast, case, client):
    client.force_login(cast.caseworker)
    assert 'value="mediasi"' in client.get(service_url(case)).text


# --- Lists and denied -----------------------------------------------------------------------


def test_the_services_section_takes_a_fixed_number_of_queries(cast, case, rf, django_assert_num_queries):
    from sigap.cases.views.work import services_section

    for name in ("Puskesmas A", "Puskesmas B", "Puskesmas C"):
        actions.record_service(
            case, actor=cast.caseworker, service_type="kesehatan", delivered_on=timezone.localdate(), provider_name=name
        )
    request = rf.get("/")
    request.user = cast.caseworker
    with django_assert_num_queries(2):  # the services, the forms of violence (mediation rule)
        context = services_section(request, case)
    assert len(context["services_list"]) == 3


def test_caseworker_of_another_organisation_gets_404(cast, case, client):
    client.force_login(cast.other_caseworker)
    assert client.get(service_url(case)).status_code == 404
    assert client.post(service_url(case), post_data()).status_code == 404


def test_read_only_team_member_gets_403_on_recording_a_service(cast, case, client):
    actions.add_team_member(case, actor=cast.caseworker, user=cast.caseworker2, access="read")
    client.force_login(cast.caseworker2)
    assert client.get(service_url(case)).status_code == 403
    assert client.post(service_url(case), post_data()).status_code == 403
    assert not case.services.exists()
    assert "Record a service" not in client.get(case.get_absolute_url()).text
