"""The history pages of a case and of a person: who sees them, what they show, fixed query counts."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from sigap.cases import actions
from sigap.cases.actions.persons import update_person
from sigap.cases.models import Person
from sigap.cases.tests.factories import complete_assessment_of, make_case
from sigap.core.templatetags.sigap_time import in_zone_of
from sigap.history import views
from sigap.history.models import FieldChange

pytestmark = pytest.mark.django_db


def case_page(case) -> str:
    return reverse("history:case", args=[case.pk])


def person_page(person) -> str:
    return reverse("history:person", args=[person.pk])


@pytest.fixture
def victim(case) -> Person:
    return case.victims.get().person


# --- Who sees the history -------------------------------------------------------------------------


def test_case_manager_sees_the_case_history_with_who_when_and_old_and_new(cast, client, case):
    actions.rate_risk(case, actor=cast.caseworker, risk_level="high", reason="Pelaku kembali ke rumah")
    client.force_login(cast.caseworker)
    response = client.get(case_page(case))
    assert response.status_code == 200
    text = response.text
    assert f"Change history of {case.number}" in text
    assert "Risk level" in text
    assert '<del class="text-body-secondary">Medium</del>' in text
    assert '<ins class="text-decoration-none">High</ins>' in text
    assert "Pelaku kembali ke rumah" in text  # decrypted for whoever may see the case
    assert cast.caseworker.full_name in text


@pytest.mark.parametrize(
    "who", ["caseworker2", "psychologist", "org_admin", "data_officer", "national_admin", "other_caseworker"]
)
def test_nobody_outside_the_case_sees_its_history(cast, client, case, victim, who):
    client.force_login(getattr(cast, who))
    assert client.get(case_page(case)).status_code == 404
    assert client.get(person_page(victim)).status_code == 404


def test_a_read_only_team_member_sees_the_history_but_cannot_post_to_it(cast, client, case, victim):
    actions.add_team_member(case, actor=cast.caseworker, user=cast.psychologist, access="read")
    client.force_login(cast.psychologist)
    assert client.get(case_page(case)).status_code == 200
    assert client.get(person_page(victim)).status_code == 200
    assert client.post(case_page(case)).status_code == 405


def test_an_unknown_case_is_404(cast, client):
    client.force_login(cast.caseworker)
    assert client.get(reverse("history:case", args=["00000000-0000-0000-0000-000000000000"])).status_code == 404


def test_the_history_needs_a_sign_in(client, case):
    assert client.get(case_page(case)).status_code == 302


# --- What the case history gathers ---------------------------------------------------------------


def test_case_history_gathers_the_assessment_the_plan_and_the_victims_details(cast, client, case, victim):
    complete_assessment_of(case, cast.caseworker)
    update_person(victim, actor=cast.caseworker, values={"occupation": "Pelajar SMP"})
    other = make_case(cast.org, cast.caseworker, victim_values={"full_name": "Orang Lain"})
    update_person(other.victims.get().person, actor=cast.caseworker, values={"occupation": "Penjual"})
    client.force_login(cast.caseworker)
    text = client.get(case_page(case)).text
    assert "Comprehensive assessment" in text
    assert "Safety: findings" in text
    assert "Aman di rumah nenek" in text
    assert "Sinta Contoh" in text  # the victim's details, under their name (shown on the case itself)
    assert "Pelajar SMP" in text
    assert "Penjual" not in text  # another case's victim


def test_choices_show_their_labels_and_forms_of_violence_their_names(cast, client, case):
    actions.set_forms(case, actor=cast.caseworker, forms=["fisik", "psikis"])
    actions.advance(case, "start_assessment", actor=cast.caseworker)
    client.force_login(cast.caseworker)
    text = client.get(case_page(case)).text
    assert "Forms of violence" in text
    assert "Psychological" in text or "Psikis" in text
    assert '<del class="text-body-secondary">Identification &amp; registration</del>' in text


def test_times_are_shown_in_the_organisations_own_zone(cast, client, other_case):
    actions.rate_risk(other_case, actor=cast.other_caseworker, risk_level="high", reason="Alasan")
    row = FieldChange.objects.get(field="risk_level")
    client.force_login(cast.other_caseworker)
    text = client.get(case_page(other_case)).text
    with translation.override("en"):
        shown = in_zone_of(row.at, cast.other_org)
        in_jakarta = formats.date_format(timezone.localtime(row.at, ZoneInfo("Asia/Jakarta")), "DATETIME_FORMAT")
    assert shown.endswith("WITA")  # the other organisation is in Nusa Tenggara Barat
    assert shown in text
    assert in_jakarta not in text


def test_an_empty_history_says_so(cast, client, case):
    client.force_login(cast.caseworker)
    assert "No changes recorded yet." in client.get(case_page(case)).text


def test_the_case_page_and_the_person_page_link_to_their_history(cast, client, case, victim):
    client.force_login(cast.caseworker)
    assert case_page(case) in client.get(case.get_absolute_url()).text
    assert person_page(victim) in client.get(reverse("cases:person", args=[victim.pk])).text


def test_the_case_history_is_paginated(cast, client, case, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for level in ["high", "low", "medium"]:
        actions.rate_risk(case, actor=cast.caseworker, risk_level=level, reason=f"Alasan {level}")
    client.force_login(cast.caseworker)
    response = client.get(case_page(case))
    assert "Page 1 of 3" in response.text
    assert "Page 3 of 3" in client.get(case_page(case) + "?page=3").text


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_case_history_query_count_does_not_grow_with_the_changes(cast, client, case, victim):
    client.force_login(cast.caseworker)
    actions.rate_risk(case, actor=cast.caseworker, risk_level="high", reason="Satu")
    _queries(client, case_page(case))  # the first request of a session does a little more
    small = _queries(client, case_page(case))
    complete_assessment_of(case, cast.caseworker)
    update_person(victim, actor=cast.caseworker, values={"occupation": "Pelajar", "known_as": "Sin"})
    for level in ["low", "medium", "high"]:
        actions.rate_risk(case, actor=cast.caseworker, risk_level=level, reason=f"Alasan {level}")
    assert FieldChange.objects.count() > 10
    assert _queries(client, case_page(case)) == small


def test_the_person_history_query_count_does_not_grow_with_the_changes(cast, client, victim):
    client.force_login(cast.caseworker)
    update_person(victim, actor=cast.caseworker, values={"occupation": "Pelajar"})
    _queries(client, person_page(victim))  # the first request of a session does a little more
    small = _queries(client, person_page(victim))
    for job in ["Penjual", "Petani", "Guru"]:
        update_person(victim, actor=cast.caseworker, values={"occupation": job, "known_as": job})
    assert _queries(client, person_page(victim)) == small


# --- Correction with a reason ------------------------------------------------------------------------


def test_a_correction_from_the_person_form_keeps_its_reason_in_the_history(cast, client, victim):
    client.force_login(cast.caseworker)
    data = {
        "person-full_name": "Sinta Benar",
        "person-sex": victim.sex,
        "person-date_of_birth": victim.date_of_birth.isoformat(),
        "person-nationality": victim.nationality,
        "version": str(victim.version),
        "correction-reason": "Klien meminta koreksi nama sesuai akta",
    }
    response = client.post(reverse("cases:person_edit", args=[victim.pk]), data)
    assert response.status_code == 302
    row = FieldChange.objects.get(field="full_name")
    assert row.reason == "Klien meminta koreksi nama sesuai akta"
    text = client.get(person_page(victim)).text
    assert "Klien meminta koreksi nama sesuai akta" in text
    assert '<del class="text-body-secondary">Sinta Contoh</del>' in text
    assert '<ins class="text-decoration-none">Sinta Benar</ins>' in text


def test_the_person_form_offers_an_optional_reason_for_the_correction(cast, client, victim):
    client.force_login(cast.caseworker)
    text = client.get(reverse("cases:person_edit", args=[victim.pk])).text
    assert 'name="correction-reason"' in text
    assert "Reason for the correction" in text


def test_a_too_long_reason_is_refused_and_nothing_is_saved(cast, client, victim):
    client.force_login(cast.caseworker)
    data = {
        "person-full_name": "Sinta Benar",
        "person-sex": victim.sex,
        "person-nationality": victim.nationality,
        "version": str(victim.version),
        "correction-reason": "x" * 501,
    }
    response = client.post(reverse("cases:person_edit", args=[victim.pk]), data)
    assert response.status_code == 400
    victim.refresh_from_db()
    assert victim.full_name == "Sinta Contoh"
    assert not FieldChange.objects.exists()


def test_a_value_encrypted_with_a_removed_key_is_named_not_a_server_error(cast, client, case, settings):
    from cryptography.fernet import Fernet

    actions.rate_risk(case, actor=cast.caseworker, risk_level="high", reason="Alasan lama")
    # The history's values were sealed with a key since removed (the record itself still reads).
    lost = Fernet(Fernet.generate_key())
    for row in FieldChange.objects.filter(encrypted=True):
        FieldChange.objects.rewrite_values(
            row.pk,
            old_value=lost.encrypt(b"lama").decode() if row.old_value else "",
            new_value=lost.encrypt(b"baru").decode() if row.new_value else "",
        )
    client.force_login(cast.caseworker)
    response = client.get(case_page(case))
    assert response.status_code == 200
    assert "encrypted with a key that is no longer configured" in response.text
    assert '<ins class="text-decoration-none">High</ins>' in response.text
