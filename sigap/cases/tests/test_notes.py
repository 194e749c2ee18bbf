"""Case notes: restricted notes stay with counsellors, supervisors and their author; a short edit
window, then corrections are new notes."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sigap.audit.models import AuditEvent
from sigap.cases import actions
from sigap.cases.models import Note, TimelineEvent
from sigap.cases.views.records import notes_section

pytestmark = pytest.mark.django_db

SECRET = "Catatan konseling sintetis: rahasia-uji-7731"


def readers(case, user) -> list[str]:
    """The note bodies ``user`` gets in the case page's notes section."""
    return [n.body for n in notes_section(SimpleNamespace(user=user), case)["notes"]]


@pytest.fixture
def team(cast, case):
    """The psychologist (read), legal aid (read) and caseworker2 (edit) on the case team."""
    actions.add_team_member(case, actor=cast.caseworker, user=cast.psychologist, access="read")
    actions.add_team_member(case, actor=cast.caseworker, user=cast.legal_aid, access="read")
    actions.add_team_member(case, actor=cast.caseworker, user=cast.caseworker2, access="edit")
    return case


@pytest.fixture
def restricted(cast, team) -> Note:
    return actions.add_note(team, actor=cast.psychologist, body=SECRET, visibility=Note.Visibility.RESTRICTED)


def age(note: Note, minutes: int) -> None:
    Note.objects.filter(pk=note.pk).update(created_at=note.created_at - timedelta(minutes=minutes))
    note.refresh_from_db()


# --- Who reads what -------------------------------------------------------------------------


def test_restricted_note_is_invisible_to_the_case_manager_who_did_not_write_it(cast, restricted):
    assert readers(restricted.case, cast.caseworker) == []


def test_restricted_note_is_invisible_to_colleagues_on_the_team(cast, restricted):
    assert readers(restricted.case, cast.caseworker2) == []
    assert readers(restricted.case, cast.legal_aid) == []


def test_restricted_note_is_visible_to_the_psychologist_on_the_team_and_to_the_supervisor(cast, restricted):
    assert readers(restricted.case, cast.psychologist) == [SECRET]
    assert readers(restricted.case, cast.supervisor) == [SECRET]


def test_author_of_a_restricted_note_reads_it_even_without_the_capability(cast, team):
    actions.add_note(team, actor=cast.caseworker, body=SECRET, visibility=Note.Visibility.RESTRICTED)
    assert readers(team, cast.caseworker) == [SECRET]
    assert readers(team, cast.caseworker2) == []


def test_normal_notes_are_read_by_everybody_on_the_case(cast, team):
    actions.add_note(team, actor=cast.caseworker, body="Kunjungan rumah sintetis")
    for user in [cast.caseworker, cast.caseworker2, cast.legal_aid, cast.psychologist, cast.supervisor]:
        assert readers(team, user) == ["Kunjungan rumah sintetis"]


def test_case_page_does_not_show_or_count_a_restricted_note(cast, client, restricted):
    actions.add_note(restricted.case, actor=cast.caseworker, body="Catatan biasa sintetis")
    client.force_login(cast.caseworker)
    response = client.get(restricted.case.get_absolute_url())
    assert response.status_code == 200
    assert SECRET not in response.text
    assert ">Restricted</span>" not in response.text
    assert "Catatan biasa sintetis" in response.text
    assert [n.body for n in response.context["notes"]] == ["Catatan biasa sintetis"]


def test_case_page_shows_the_restricted_note_to_the_supervisor(cast, client, restricted):
    client.force_login(cast.supervisor)
    response = client.get(restricted.case.get_absolute_url())
    assert SECRET in response.text


def test_restricted_note_leaves_no_timeline_trace_and_no_text_in_the_audit(cast, restricted):
    case = restricted.case
    assert not TimelineEvent.objects.filter(case=case, verb__startswith="note").exists()
    event = AuditEvent.objects.get(verb="cases.note_added")
    assert event.details == {"note": str(restricted.pk), "restricted": True}
    assert SECRET not in str(event.details) and SECRET not in event.object_label


def test_normal_note_timeline_event_has_no_note_text(cast, case):
    note = actions.add_note(case, actor=cast.caseworker, body="Isi catatan sintetis")
    event = TimelineEvent.objects.get(case=case, verb="note_added")
    assert event.details == {"note": str(note.pk)}
    assert "Isi catatan" not in event.summary


def test_someone_who_cannot_open_the_case_gets_404_for_its_note_pages(cast, client, restricted):
    case = restricted.case
    urls = [
        reverse("cases:note_add", args=[case.pk]),
        reverse("cases:note_edit", args=[case.pk, restricted.pk]),
        reverse("cases:note_correct", args=[case.pk, restricted.pk]),
    ]
    for user in [cast.other_caseworker, cast.intake_officer]:
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404
            assert client.post(url, {"note-body": "x", "note-visibility": "normal"}).status_code == 404


def test_restricted_note_pages_are_404_for_a_colleague_who_may_not_read_it(cast, client, restricted):
    client.force_login(cast.caseworker)
    url = reverse("cases:note_correct", args=[restricted.case.pk, restricted.pk])
    assert client.get(url).status_code == 404


# --- Writing --------------------------------------------------------------------------------


def test_case_manager_adds_a_note_from_the_case_page(cast, client, case):
    client.force_login(cast.caseworker)
    response = client.post(
        reverse("cases:note_add", args=[case.pk]), {"note-body": "Telepon klien sintetis", "note-visibility": "normal"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"{case.get_absolute_url()}#notes")
    note = Note.objects.get(case=case)
    assert (note.author, note.body, note.visibility) == (cast.caseworker, "Telepon klien sintetis", "normal")


def test_psychologist_with_read_access_writes_a_restricted_note(cast, client, team):
    client.force_login(cast.psychologist)
    response = client.post(
        reverse("cases:note_add", args=[team.pk]), {"note-body": SECRET, "note-visibility": "restricted"}
    )
    assert response.status_code == 302
    assert Note.objects.get(case=team).visibility == Note.Visibility.RESTRICTED


def test_read_only_team_member_cannot_write_notes(cast, client, team):
    client.force_login(cast.legal_aid)
    url = reverse("cases:note_add", args=[team.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"note-body": "x", "note-visibility": "normal"}).status_code == 403
    assert not Note.objects.exists()


def test_an_empty_note_is_refused_with_a_message(cast, client, case):
    client.force_login(cast.caseworker)
    response = client.post(reverse("cases:note_add", args=[case.pk]), {"note-body": "  ", "note-visibility": "normal"})
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert not Note.objects.exists()


def test_notes_cannot_be_added_to_a_closed_case(cast, case):
    case.stage = "closed"
    with pytest.raises(ValidationError):
        actions.add_note(case, actor=cast.caseworker, body="x")


# --- Edit window and corrections ------------------------------------------------------------


def test_author_changes_a_note_within_the_edit_window(cast, client, case):
    note = actions.add_note(case, actor=cast.caseworker, body="Salah ketik")
    client.force_login(cast.caseworker)
    response = client.post(
        reverse("cases:note_edit", args=[case.pk, note.pk]), {"note-body": "Sudah benar", "note-visibility": "normal"}
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.body == "Sudah benar"
    assert TimelineEvent.objects.filter(case=case, verb="note_edited").exists()


def test_edit_window_follows_the_setting(cast, case, settings):
    settings.SIGAP_NOTE_EDIT_MINUTES = 5
    note = actions.add_note(case, actor=cast.caseworker, body="Awal")
    age(note, 6)
    with pytest.raises(ValidationError) as refused:
        actions.edit_note(note, actor=cast.caseworker, body="Terlambat")
    assert refused.value.code == "edit_window_passed"
    note.refresh_from_db()
    assert note.body == "Awal"


def test_after_the_edit_window_the_edit_page_sends_the_author_to_a_correction(cast, client, case):
    note = actions.add_note(case, actor=cast.caseworker, body="Awal")
    age(note, 16)
    client.force_login(cast.caseworker)
    response = client.get(reverse("cases:note_edit", args=[case.pk, note.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:note_correct", args=[case.pk, note.pk])


def test_only_the_author_may_change_a_note(cast, client, team):
    note = actions.add_note(team, actor=cast.caseworker, body="Milik pengelola kasus")
    with pytest.raises(PermissionDenied):
        actions.edit_note(note, actor=cast.caseworker2, body="Diubah orang lain")
    client.force_login(cast.caseworker2)
    assert client.get(reverse("cases:note_edit", args=[team.pk, note.pk])).status_code == 403
    assert client.get(reverse("cases:note_correct", args=[team.pk, note.pk])).status_code == 403
    note.refresh_from_db()
    assert note.body == "Milik pengelola kasus"


def test_a_correction_is_a_new_note_and_the_original_stays(cast, client, case):
    note = actions.add_note(case, actor=cast.caseworker, body="Tanggal kunjungan 3 Mei")
    age(note, 60)
    client.force_login(cast.caseworker)
    response = client.post(
        reverse("cases:note_correct", args=[case.pk, note.pk]), {"note-body": "Tanggal kunjungan 4 Mei"}
    )
    assert response.status_code == 302
    correction = Note.objects.get(corrects=note)
    note.refresh_from_db()
    assert note.body == "Tanggal kunjungan 3 Mei"
    assert correction.body == "Tanggal kunjungan 4 Mei"
    assert TimelineEvent.objects.get(case=case, verb="note_corrected").details["corrects"] == str(note.pk)
    section = {n.pk: n for n in notes_section(SimpleNamespace(user=cast.caseworker), case)["notes"]}
    assert section[note.pk].is_corrected and not section[correction.pk].is_corrected


def test_a_correction_of_a_restricted_note_stays_restricted(cast, restricted):
    correction = actions.correct_note(
        restricted, actor=cast.psychologist, body="Koreksi sintetis", visibility=Note.Visibility.NORMAL
    )
    assert correction.visibility == Note.Visibility.RESTRICTED
    assert readers(restricted.case, cast.caseworker) == []


def test_notes_section_query_count_does_not_grow_with_notes(cast, case, django_assert_num_queries):
    request = SimpleNamespace(user=cast.caseworker)
    actions.add_note(case, actor=cast.caseworker, body="Satu")
    notes_section(request, case)  # warms the per-user caches, as the case page does
    with django_assert_num_queries(1):
        notes_section(request, case)
    for i in range(5):
        actions.add_note(case, actor=cast.caseworker, body=f"Catatan {i}")
    with django_assert_num_queries(1):
        assert len(notes_section(request, case)["notes"]) == 6
