"""Files follow the transaction that wrote them; ``check_files`` finds what a crash left behind."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from sigap.cases import actions
from sigap.cases.actions.records import ATTACHMENT_FOLDER
from sigap.cases.tests import files
from sigap.cases.tests.factories import make_case
from sigap.lib import crypto
from sigap.lib.storage import files_follow_transaction, save_new, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def on_disk(media: Path) -> list[str]:
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


def age(media: Path, name: str, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(media / name, (then, then))


def test_a_file_written_in_a_block_that_fails_is_deleted(media):
    with pytest.raises(RuntimeError), files_follow_transaction():
        crypto.store_encrypted(b"synthetic", folder=ATTACHMENT_FOLDER)
        raise RuntimeError("the row could not be saved")
    assert on_disk(media) == []


def test_a_file_of_an_inner_block_goes_when_the_outer_block_fails_later(media):
    with pytest.raises(RuntimeError), files_follow_transaction():
        with files_follow_transaction():
            save_new("lesson-files/a.pdf", ContentFile(b"%PDF synthetic"))
        assert on_disk(media) == ["lesson-files/a.pdf"]
        raise RuntimeError("a later step of the verb failed")
    assert on_disk(media) == []


def test_a_file_of_a_block_that_commits_stays(media):
    with files_follow_transaction():
        name = save_new("lesson-files/b.pdf", ContentFile(b"%PDF synthetic"))
    assert on_disk(media) == [name]


def test_an_attachment_whose_caller_fails_after_it_leaves_no_file(cast, media):
    case = make_case(cast.org, cast.caseworker)
    with pytest.raises(RuntimeError), files_follow_transaction():
        upload = SimpleUploadedFile("surat.pdf", files.PDF)
        actions.add_attachment(case, actor=cast.caseworker, title="Surat sintetis", upload=upload)
        raise RuntimeError("the caller's next step failed")
    assert on_disk(media) == []
    assert not case.attachments.exists()


def test_attachments_and_lesson_files_are_registered():
    assert {(s.folder, s.model) for s in stored_files()} >= {
        ("attachments", "cases.Attachment"),
        ("lesson-files", "learning.Lesson"),
    }


def test_check_files_lists_orphans_older_than_a_day_deletes_them_and_lists_rows_without_files(cast, media, capsys):
    case = make_case(cast.org, cast.caseworker)
    kept = actions.add_attachment(
        case, actor=cast.caseworker, title="Surat sintetis", upload=SimpleUploadedFile("a.pdf", files.PDF)
    )
    lost = actions.add_attachment(
        case, actor=cast.caseworker, title="Surat hilang", upload=SimpleUploadedFile("b.pdf", files.PDF)
    )
    (media / lost.storage_name).unlink()
    old_orphan = crypto.store_encrypted(b"left by a killed worker", folder=ATTACHMENT_FOLDER)
    young_orphan = crypto.store_encrypted(b"an upload still committing", folder=ATTACHMENT_FOLDER)
    age(media, old_orphan, hours=25)
    age(media, young_orphan, hours=23)
    age(media, kept.storage_name, hours=48)  # old but owned: never an orphan

    with pytest.raises(SystemExit) as exit_info:
        call_command("check_files")
    assert exit_info.value.code == 1
    out = capsys.readouterr().out
    assert f"orphan file: {old_orphan}" in out
    assert young_orphan not in out
    assert kept.storage_name not in out
    assert f"missing file: cases.Attachment {lost.pk} names {lost.storage_name}" in out
    assert "1 orphaned files; 1 rows whose file is missing." in out
    assert (media / old_orphan).exists()  # listing deletes nothing

    with pytest.raises(SystemExit):
        call_command("check_files", "--delete")
    assert "1 orphaned files, 1 deleted" in capsys.readouterr().out
    assert on_disk(media) == sorted([kept.storage_name, young_orphan])


def test_check_files_on_a_clean_storage_exits_zero(cast, media, capsys):
    case = make_case(cast.org, cast.caseworker)
    actions.add_attachment(case, actor=cast.caseworker, title="Surat", upload=SimpleUploadedFile("a.pdf", files.PDF))
    call_command("check_files")
    assert "0 orphaned files; 0 rows whose file is missing." in capsys.readouterr().out
