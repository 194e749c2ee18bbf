"""A worker checks in on her phone and sees her score, what it means, her trend and, when low, help."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sigap.organisations.models import Membership
from sigap.wellbeing.models import CheckIn
from sigap.wellbeing.tests.factories import a_checkin, answers

pytestmark = pytest.mark.django_db


def post_checkin(client, values, **more):
    return client.post(reverse("wellbeing:new"), {**values, **more})


def test_the_form_has_a_label_for_every_question_and_credits_who(client, cast):
    client.force_login(cast.caseworker)
    body = client.get(reverse("wellbeing:new")).content.decode()
    for n in range(1, 6):
        assert f'name="who5_{n}"' in body
    assert body.count("<legend") == 8
    assert 'for="id_note"' in body
    assert "WHO-5 Well-Being Index, © World Health Organization, public domain" in body


def test_a_worker_checks_in_and_sees_her_score_and_what_it_means(client, cast):
    client.force_login(cast.caseworker)
    response = post_checkin(client, answers(4), note="Minggu yang berat")
    checkin = CheckIn.objects.get(user=cast.caseworker)
    assert response.status_code == 302 and response["Location"] == reverse("wellbeing:checkin", args=[checkin.pk])
    assert checkin.score == 80 and checkin.note == "Minggu yang berat"
    assert checkin.organisation is None and not checkin.in_team_figure
    body = client.get(response["Location"]).content.decode()
    assert "Your score: 80 out of 100" in body
    assert "fairly good" in body
    assert "Who you can talk to" not in body


def test_a_low_score_offers_help_naming_her_supervisor_never_a_diagnosis(client, cast):
    client.force_login(cast.caseworker)
    post_checkin(client, answers(2))  # 40: low
    checkin = CheckIn.objects.get(user=cast.caseworker)
    body = client.get(reverse("wellbeing:checkin", args=[checkin.pk])).content.decode()
    assert "Who you can talk to" in body
    assert "Your supervisor, Test Supervisor" in body
    assert reverse("directory:list") + "?service_type=psikologis" in body
    assert "not a diagnosis" in body


def test_a_very_low_score_says_so_gently(client, cast):
    client.force_login(cast.caseworker)
    checkin = a_checkin(cast.caseworker, who5_value=1)  # 20: very low
    body = client.get(reverse("wellbeing:checkin", args=[checkin.pk])).content.decode()
    assert "very low" in body and "Who you can talk to" in body


def test_the_boundaries_of_low_and_very_low(cast):
    from sigap.wellbeing import who5

    assert who5.level(51) == "good" and who5.level(50) == "low" and who5.level(29) == "low"
    assert who5.level(28) == "very_low" and who5.percentage(answers(5)) == 100 and who5.percentage(answers(0)) == 0


def test_a_missing_or_invented_answer_is_refused_and_nothing_is_saved(client, cast):
    client.force_login(cast.caseworker)
    values = answers(3)
    del values["who5_2"]
    response = post_checkin(client, {**values, "sleep": "9"})
    assert response.status_code == 200
    assert not CheckIn.objects.exists()
    body = response.content.decode()
    assert "This field is required." in body and "Select a valid choice." in body


def test_she_may_count_in_the_team_figure_of_her_organisation(client, cast):
    client.force_login(cast.caseworker)
    post_checkin(client, answers(3), in_team_figure="on")
    checkin = CheckIn.objects.get(user=cast.caseworker)
    assert checkin.in_team_figure and checkin.organisation == cast.org


def test_her_page_shows_her_trend_latest_meaning_and_the_retention_period(client, cast, settings):
    settings.SIGAP_WELLBEING_RETENTION_MONTHS = 12
    a_checkin(cast.caseworker, who5_value=4)
    a_checkin(cast.caseworker, who5_value=2)
    client.force_login(cast.caseworker)
    body = client.get(reverse("wellbeing:home")).content.decode()
    assert "Your latest score: 40 out of 100" in body
    assert body.count("<meter") == 2
    assert "deleted automatically after 12 months" in body
    assert "Who you can talk to" in body
    assert "WHO-5 Well-Being Index, © World Health Organization, public domain" in body


def test_a_worker_without_a_supervisor_is_still_told_to_talk_to_one(client, cast):
    Membership.objects.filter(user=cast.caseworker).update(supervisor=None)
    checkin = a_checkin(cast.caseworker, who5_value=1)
    client.force_login(cast.caseworker)
    body = client.get(reverse("wellbeing:checkin", args=[checkin.pk])).content.decode()
    assert "Your supervisor" in body


def test_the_pages_are_in_indonesian_by_default(client, cast):
    cast.caseworker.language = "id"
    cast.caseworker.save()
    client.force_login(cast.caseworker)
    body = client.get(reverse("wellbeing:new")).content.decode()
    assert "Simpan check-in saya" in body


def test_her_list_runs_a_fixed_number_of_queries(client, cast):
    client.force_login(cast.caseworker)
    a_checkin(cast.caseworker, who5_value=1)
    client.get(reverse("wellbeing:home"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("wellbeing:home"))
    for value in range(25):
        a_checkin(cast.caseworker, who5_value=1 + (24 - value) % 5)  # the latest is low again
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("wellbeing:home"))
    assert response.status_code == 200
    assert len(many) == len(one)
