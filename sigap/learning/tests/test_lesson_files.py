"""Trainers upload an image or a document to a lesson; signed-in learners get it through a view."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sigap.learning import actions
from sigap.learning.models import Course, Lesson, Module
from sigap.learning.tests.test_events import as_user

pytestmark = pytest.mark.django_db

# A synthetic picture: the PNG signature and a few bytes (a coloured square would do as well).
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)
PDF = b"%PDF-1.4\n% synthetic teaching handout\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def lesson(cast) -> Lesson:
    course = Course.objects.create(title="Kursus berkas", organisation=cast.org, is_published=True)
    module = Module.objects.create(course=course, title="Modul berkas")
    return Lesson.objects.create(module=module, title="Pelajaran berkas", body="Isi")


def post_lesson(client: Client, lesson: Lesson, **extra):
    data = {"title": lesson.title, "order": 0, "body": "Isi", "media_kind": "", "media_url": "", "media_title": ""}
    return client.post(f"/learning/lessons/{lesson.pk}/edit/", {**data, **extra})


def test_trainer_uploads_an_image_that_learners_see_on_the_lesson_page(cast, lesson, settings):
    response = post_lesson(as_user(cast.trainer), lesson, file=SimpleUploadedFile("peta.png", PNG, "image/png"))
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.file_type == "image/png" and lesson.file_name == "peta.png" and lesson.file_size == len(PNG)
    assert lesson.file_path.startswith("lesson-files/") and "peta" not in lesson.file_path
    assert (Path(settings.MEDIA_ROOT) / lesson.file_path).read_bytes() == PNG
    learner = as_user(cast.learner)
    page = learner.get(f"/learning/lessons/{lesson.pk}/").content.decode()
    assert f'src="/learning/lessons/{lesson.pk}/file/"' in page
    download = learner.get(f"/learning/lessons/{lesson.pk}/file/")
    assert download.status_code == 200 and download.content == PNG
    assert download["Content-Type"] == "image/png" and download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("inline")
    api = learner.get(f"/api/v1/courses/{lesson.module.course_id}/").json()
    assert api["modules"][0]["lessons"][0]["file_url"] == f"/learning/lessons/{lesson.pk}/file/"


def test_a_document_is_offered_as_a_download(cast, lesson):
    post_lesson(as_user(cast.trainer), lesson, file=SimpleUploadedFile("modul.pdf", PDF, "application/pdf"))
    page = as_user(cast.learner).get(f"/learning/lessons/{lesson.pk}/").content.decode()
    assert "modul.pdf" in page and "Download the document" in page
    download = as_user(cast.learner).get(f"/learning/lessons/{lesson.pk}/file/")
    assert download["Content-Type"] == "application/pdf" and download["Content-Disposition"].startswith("attachment")


def test_a_file_that_is_not_an_image_or_document_is_refused_and_nothing_is_saved(cast, lesson, settings):
    fake = SimpleUploadedFile("gambar.png", b"<script>alert(1)</script>", "image/png")  # the name and type lie
    response = post_lesson(as_user(cast.trainer), lesson, title="Judul baru", file=fake)
    assert response.status_code == 200
    assert "This kind of file is not accepted" in response.content.decode()
    lesson.refresh_from_db()
    assert lesson.title == "Pelajaran berkas" and lesson.file_path == ""
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_a_file_over_the_size_limit_is_refused(cast, lesson, settings):
    settings.SIGAP_ATTACHMENT_MAX_MB = 0  # every file is too big
    response = post_lesson(as_user(cast.trainer), lesson, file=SimpleUploadedFile("peta.png", PNG, "image/png"))
    assert "The file is larger than" in response.content.decode()
    lesson.refresh_from_db()
    assert lesson.file_path == ""


def test_a_new_file_replaces_the_old_one_and_remove_drops_it(
    cast, lesson, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = actions.save_lesson(
            lesson, actor=cast.trainer, values={"title": lesson.title}, upload=SimpleUploadedFile("a.png", PNG)
        ).file_path
    with django_capture_on_commit_callbacks(execute=True):
        second = actions.save_lesson(
            lesson, actor=cast.trainer, values={"title": lesson.title}, upload=SimpleUploadedFile("b.pdf", PDF)
        ).file_path
    root = Path(settings.MEDIA_ROOT)
    assert not (root / first).exists() and (root / second).exists()
    with django_capture_on_commit_callbacks(execute=True):
        post_lesson(as_user(cast.trainer), lesson, remove_file="on")
    lesson.refresh_from_db()
    assert lesson.file_path == "" and not (root / second).exists()
    assert as_user(cast.learner).get(f"/learning/lessons/{lesson.pk}/file/").status_code == 404


def test_only_the_organisations_trainers_upload(cast, lesson):
    response = post_lesson(as_user(cast.caseworker), lesson, file=SimpleUploadedFile("peta.png", PNG))
    assert response.status_code == 403
    response = post_lesson(as_user(cast.other_org_admin), lesson, file=SimpleUploadedFile("peta.png", PNG))
    assert response.status_code == 403
    lesson.refresh_from_db()
    assert lesson.file_path == ""


def test_the_file_is_for_signed_in_users_who_see_the_course(cast, lesson):
    actions.save_lesson(
        lesson, actor=cast.trainer, values={"title": lesson.title}, upload=SimpleUploadedFile("a.png", PNG)
    )
    url = f"/learning/lessons/{lesson.pk}/file/"
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    lesson.module.course.is_published = False
    lesson.module.course.save()
    assert as_user(cast.other_caseworker).get(url).status_code == 404  # unpublished, another organisation
    assert as_user(cast.trainer).get(url).status_code == 200
