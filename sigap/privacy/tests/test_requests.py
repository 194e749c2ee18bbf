"""The DPO's queue of data subjects' requests: deadlines, the verbs, erasure and restriction."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from sigap.audit.models import AuditEvent
from sigap.cases.models import Person
from sigap.lib.dates import format_date
from sigap.organisations.tests.helpers import queries_for
from sigap.privacy import actions
from sigap.privacy.models import PersonRestriction, SubjectRequest
from sigap.privacy.tests.factories import receive

pytestmark = pytest.mark.django_db

QUEUE = reverse("privacy:requests")


def test_the_answer_is_due_three_times_24_hours_after_the_request_was_received(cast):
    received = timezone.now() - timedelta(hours=5)
    subject_request = receive(cast, received_at=received)
    assert subject_request.due_at == received + timedelta(hours=72)
    assert subject_request.status == SubjectRequest.Status.RECEIVED
    assert AuditEvent.objects.filter(verb="privacy.request_received", object_id=str(subject_request.pk)).exists()


def test_the_deadline_follows_the_setting(cast, settings):
    settings.SIGAP_SUBJECT_REQUEST_HOURS = 24
    received = timezone.now()
    assert receive(cast, received_at=received).due_at == received + timedelta(hours=24)


def test_dpo_registers_a_request_on_the_screen(cast, client):
    client.force_login(cast.dpo)
    response = client.post(
        reverse("privacy:request_new"),
        {"kind": "erasure", "requester": "Klien sendiri", "details": "", "received_at": "2026-11-28T10:00"},
    )
    subject_request = SubjectRequest.objects.get()
    assert response.status_code == 302
    assert subject_request.kind == "erasure"
    assert subject_request.created_by == cast.dpo


def test_an_overdue_request_is_shown_in_red_with_an_icon_and_a_word(cast, client):
    receive(cast, received_at=timezone.now() - timedelta(hours=80))
    client.force_login(cast.dpo)
    html = client.get(QUEUE).content.decode()
    assert 'class="text-danger fw-semibold"><span aria-hidden="true">⚠ </span>Overdue' in html


def test_the_queue_filters_by_status_and_kind(cast, client):
    done = receive(cast, kind="objection")
    actions.complete_request(done, actor=cast.dpo)
    receive(cast, kind="erasure", requester="Pemohon hapus")
    client.force_login(cast.dpo)
    assert "Pemohon hapus" in client.get(QUEUE).content.decode()
    html = client.get(QUEUE, {"status": "completed"}).content.decode()
    assert "Objection" in html and "Pemohon hapus" not in html
    assert "Pemohon hapus" not in client.get(QUEUE, {"status": "all", "kind": "access"}).content.decode()


@pytest.mark.parametrize("role", ["caseworker", "supervisor", "org_admin", "data_officer", "national_admin"])
def test_other_roles_get_403_on_the_queue_and_a_request(cast, client, role):
    subject_request = receive(cast)
    client.force_login(getattr(cast, role))
    assert client.get(QUEUE).status_code == 403
    assert client.get(reverse("privacy:request", args=[subject_request.pk])).status_code == 403
    assert client.post(reverse("privacy:request_start", args=[subject_request.pk])).status_code == 403


def test_dpo_of_another_organisation_gets_404(cast, client, other_dpo):
    subject_request = receive(cast)
    client.force_login(other_dpo)
    assert client.get(reverse("privacy:request", args=[subject_request.pk])).status_code == 404
    assert client.post(reverse("privacy:request_start", args=[subject_request.pk])).status_code == 404
    assert "Ibu kandung" not in client.get(QUEUE).content.decode()


def test_a_verb_refuses_somebody_who_is_not_the_dpo(cast):
    with pytest.raises(PermissionDenied):
        actions.receive_request(actor=cast.supervisor, organisation=cast.org, kind="access", requester="x")


def test_queue_query_count_does_not_grow(cast, client, django_assert_num_queries):
    receive(cast)
    client.force_login(cast.dpo)
    expected = queries_for(client, QUEUE)
    for _ in range(12):
        receive(cast)
    with django_assert_num_queries(expected):
        client.get(QUEUE)


def test_start_then_complete_an_access_request(cast, client):
    subject_request = receive(cast)
    client.force_login(cast.dpo)
    client.post(reverse("privacy:request_start", args=[subject_request.pk]))
    subject_request.refresh_from_db()
    assert (subject_request.status, subject_request.handled_by) == ("in_progress", cast.dpo)
    client.post(reverse("privacy:request_complete", args=[subject_request.pk]), {"notes": "Salinan diserahkan."})
    subject_request.refresh_from_db()
    assert subject_request.status == "completed"
    assert subject_request.decision_notes == "Salinan diserahkan."
    assert subject_request.due_state == "done"


def test_a_request_is_decided_once(cast):
    subject_request = receive(cast)
    actions.refuse_request(subject_request, actor=cast.dpo, reason="Identitas tidak dapat diverifikasi.")
    with pytest.raises(ValidationError, match="already refused"):
        actions.complete_request(subject_request, actor=cast.dpo)


def test_refusing_needs_a_reason(cast, client):
    subject_request = receive(cast)
    client.force_login(cast.dpo)
    response = client.post(reverse("privacy:request_refuse", args=[subject_request.pk]), {"reason": ""})
    assert response.status_code == 400
    subject_request.refresh_from_db()
    assert subject_request.status == "received"


def test_dpo_links_the_person_found_by_name(cast, client, case):
    subject_request = receive(cast)
    person = case.victims.get().person
    client.force_login(cast.dpo)
    url = reverse("privacy:request", args=[subject_request.pk])
    assert 'method="post" class="row g-2 align-items-end" role="search"' in client.get(url).content.decode()
    # Searched by a POST: the name, NIK or phone never goes into the address (issue #12).
    page = client.post(url, {"q": "sinta"})
    assert page.status_code == 200
    assert str(person.pk) in page.content.decode()
    client.post(reverse("privacy:request_link", args=[subject_request.pk]), {"person": str(person.pk)})
    subject_request.refresh_from_db()
    assert subject_request.person == person


def test_a_person_of_another_organisation_cannot_be_linked(cast, client, other_case):
    subject_request = receive(cast)
    stranger = other_case.victims.get().person
    client.force_login(cast.dpo)
    client.post(reverse("privacy:request_link", args=[subject_request.pk]), {"person": str(stranger.pk)})
    subject_request.refresh_from_db()
    assert subject_request.person is None
    with pytest.raises(ValidationError):
        actions.link_person(subject_request, actor=cast.dpo, person=stranger)


# --- Erasure and restriction ----------------------------------------------------------------


def test_erasure_is_refused_while_the_person_is_in_an_open_case(cast, client, case):
    person = case.victims.get().person
    subject_request = receive(cast, kind="erasure", person=person)
    client.force_login(cast.dpo)
    response = client.post(reverse("privacy:request_complete", args=[subject_request.pk]), {"notes": ""})
    assert response.status_code == 400
    assert f"appears in case {case.number}, which is still open" in response.content.decode()
    subject_request.refresh_from_db()
    person.refresh_from_db()
    assert subject_request.status == "received"
    assert person.full_name == "Sinta Contoh"


def test_erasure_is_refused_inside_retention_with_the_date_the_record_must_be_kept_until(cast, recent_case):
    person = recent_case.victims.get().person
    subject_request = receive(cast, kind="erasure", person=person)
    keep_until = timezone.localdate(recent_case.closed_at).replace(year=recent_case.closed_at.year + 10)
    with pytest.raises(ValidationError) as refused:
        actions.complete_request(subject_request, actor=cast.dpo)
    assert refused.value.messages == [
        f"This person appears in case {recent_case.number}, closed less than 10 years ago; "
        f"the record must be kept until {format_date(keep_until)}."
    ]


def test_the_request_page_explains_the_legal_hold_and_offers_it_as_the_refusal_reason(cast, client, case):
    subject_request = receive(cast, kind="erasure", person=case.victims.get().person)
    client.force_login(cast.dpo)
    html = client.get(reverse("privacy:request", args=[subject_request.pk])).content.decode()
    assert "must be kept by law" in html
    assert f"appears in case {case.number}" in html


def test_erasure_past_retention_anonymises_the_person_and_their_cases(cast, old_case):
    person = old_case.victims.get().person
    subject_request = receive(cast, kind="erasure", person=person)
    actions.complete_request(subject_request, actor=cast.dpo, notes="Dihapus.")
    person.refresh_from_db()
    old_case.refresh_from_db()
    assert person.full_name.startswith("Anonim-")
    assert old_case.intake_narrative == ""
    event = AuditEvent.objects.get(verb="privacy.request_completed")
    assert event.details["cases_anonymised"] == 1


def test_erasure_and_restriction_need_the_person_linked(cast):
    with pytest.raises(ValidationError, match="Link the person"):
        actions.complete_request(receive(cast, kind="restriction"), actor=cast.dpo)


def test_restriction_marks_the_person_and_the_person_page_shows_a_banner(cast, client, case):
    person = case.victims.get().person
    subject_request = receive(cast, kind="restriction", person=person)
    actions.complete_request(subject_request, actor=cast.dpo, notes="Sengketa akurasi data.")
    restriction = PersonRestriction.objects.get(person=person, lifted_at__isnull=True)
    client.force_login(cast.caseworker)
    page = client.get(reverse("cases:person", args=[person.pk])).content.decode()
    assert "Processing restricted." in page

    client.force_login(cast.dpo)
    client.post(reverse("privacy:restriction_lift", args=[restriction.pk]))
    restriction.refresh_from_db()
    assert restriction.lifted_by == cast.dpo
    client.force_login(cast.caseworker)
    assert "Processing restricted." not in client.get(reverse("cases:person", args=[person.pk])).content.decode()


def test_lifting_a_restriction_of_another_organisation_is_404(cast, client, other_dpo, case):
    person = case.victims.get().person
    actions.complete_request(receive(cast, kind="restriction", person=person), actor=cast.dpo)
    restriction = PersonRestriction.objects.get()
    client.force_login(other_dpo)
    assert client.post(reverse("privacy:restriction_lift", args=[restriction.pk])).status_code == 404
    client.force_login(cast.caseworker)
    assert client.post(reverse("privacy:restriction_lift", args=[restriction.pk])).status_code == 403


def test_audit_events_of_requests_name_no_person(cast, case):
    person = case.victims.get().person
    actions.complete_request(receive(cast, kind="restriction", person=person), actor=cast.dpo)
    for event in AuditEvent.objects.filter(verb__startswith="privacy."):
        assert "Sinta" not in f"{event.object_label} {event.details}"
    assert Person.objects.filter(full_name="Sinta Contoh").exists()


def test_the_dpo_sees_the_navigation_entry_and_a_caseworker_does_not(cast, client):
    client.force_login(cast.dpo)
    assert QUEUE in client.get(reverse("core:home")).content.decode()
    client.force_login(cast.caseworker)
    assert QUEUE not in client.get(reverse("core:home")).content.decode()
