"""Uploads never touch the disk in plain text (issue #12, item 2).

Every upload path — case attachments (page and API), online evidence (page and API), lesson files —
is driven with a file that carries a marker, while a handler placed first in the upload handler list
scans the temporary directory during the request (at every chunk and when the body is parsed); it is
scanned again afterwards. No file there may ever hold the marker: not for an accepted upload, not for
one refused by its size, not for a chunked body without ``Content-Length``.

The files are synthetic: a PDF skeleton padded with the marker and zeros.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from rest_framework.test import APIClient

from sigap.cases.models import Attachment
from sigap.cases.tests.factories import make_case
from sigap.learning.models import Course, Lesson, Module
from sigap.online.models import Evidence

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024
MARKER = b"SIGAP-PLAINTEXT-MARKER-" + uuid.uuid4().hex.encode()


class TempScanner:
    """Reads every file under the temporary directory and remembers those holding the marker."""

    active: TempScanner | None = None

    def __init__(self, root: Path) -> None:
        self.root = root
        self.scans = 0
        self.found: set[Path] = set()

    def scan(self) -> None:
        self.scans += 1
        for path in self.root.rglob("*"):
            try:
                if path.is_file() and MARKER in path.read_bytes():
                    self.found.add(path)
            except OSError:  # deleted between listing and reading
                continue


class ScanningHandler(FileUploadHandler):
    """First in the handler list: scans the temporary directory while the body is being parsed."""

    def _scan(self) -> None:
        if TempScanner.active is not None:
            TempScanner.active.scan()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self._scan()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        self._scan()

    def upload_complete(self) -> None:
        self._scan()


@pytest.fixture
def scanner(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TempScanner]:
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    settings.FILE_UPLOAD_TEMP_DIR = str(temp)
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.FILE_UPLOAD_HANDLERS = [f"{__name__}.ScanningHandler", *settings.FILE_UPLOAD_HANDLERS]
    TempScanner.active = TempScanner(temp)
    yield TempScanner.active
    TempScanner.active = None


@pytest.fixture
def small_limits(settings: Any) -> None:
    """Files up to 1 MB, requests up to 2 MB; and a memory threshold far below both, so that Django's
    own handlers would spill any of these uploads to a temporary file."""
    settings.SIGAP_ATTACHMENT_MAX_MB = 1
    settings.SIGAP_REQUEST_MAX_MB = 2
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024


def marked_pdf(size: int) -> bytes:
    head = b"%PDF-1.4\n% " + MARKER + b"\n"
    return head + b"0" * (size - len(head))


def assert_marker_never_on_disk(scanner: TempScanner) -> None:
    scanner.scan()
    assert scanner.scans > 1, "the temporary directory was not scanned during the request"
    assert scanner.found == set()


def web(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def api(user: Any) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


@pytest.fixture
def online_case(cast: Any) -> Any:
    return make_case(cast.org, cast.caseworker, is_online=True)


@pytest.fixture
def lesson(cast: Any) -> Lesson:
    course = Course.objects.create(title="Kursus berkas", organisation=cast.org, is_published=True)
    module = Module.objects.create(course=course, title="Modul berkas")
    return Lesson.objects.create(module=module, title="Pelajaran berkas", body="Isi")


def upload_request(path: str, cast: Any, online_case: Any, lesson: Lesson) -> tuple[Any, str, dict[str, Any]]:
    """The client, address and fields (without the file) of one upload path."""
    case = online_case
    if path == "attachment page":
        fields = {"attachment-title": "Surat", "attachment-no_sexual_image_confirmed": "on"}
        return web(cast.caseworker), f"/cases/{case.pk}/attachments/new/", {**fields, "file_field": "attachment-file"}
    if path == "attachment api":
        fields = {"title": "Surat", "no_sexual_image_confirmed": "true"}
        return api(cast.caseworker), f"/api/v1/cases/{case.pk}/attachments/", {**fields, "file_field": "file"}
    evidence = {
        "kind": "context_screenshot",
        "description": "Tangkapan layar profil (sintetis).",
        "sexual_content": "none",
        "no_sexual_image_confirmed": "on" if path == "evidence page" else "true",
        "file_field": "file",
    }
    if path == "evidence page":
        return web(cast.caseworker), f"/cases/{case.pk}/online/evidence/new/", evidence
    if path == "evidence api":
        return api(cast.caseworker), f"/api/v1/cases/{case.pk}/online-evidence/", evidence
    assert path == "lesson page"
    fields = {"title": lesson.title, "order": 0, "body": "Isi", "media_kind": "", "media_url": "", "media_title": ""}
    return web(cast.trainer), f"/learning/lessons/{lesson.pk}/edit/", {**fields, "file_field": "file"}


PATHS = ["attachment page", "attachment api", "evidence page", "evidence api", "lesson page"]


def stored(path: str, lesson: Lesson) -> bool:
    if path.startswith("attachment"):
        return Attachment.objects.exists()
    if path.startswith("evidence"):
        return Evidence.objects.exists()
    lesson.refresh_from_db()
    return bool(lesson.file_path)


def post(client: Any, url: str, fields: dict[str, Any], content: bytes, **extra: Any) -> Any:
    fields = dict(fields)
    file_field = fields.pop("file_field")
    return client.post(url, {**fields, file_field: SimpleUploadedFile("bukti.pdf", content)}, **extra)


# --- Accepted uploads stay in memory --------------------------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_an_accepted_upload_larger_than_the_memory_threshold_never_reaches_the_temp_directory(
    path, cast, online_case, lesson, scanner, small_limits
):
    client, url, fields = upload_request(path, cast, online_case, lesson)
    response = post(client, url, fields, marked_pdf(MB))  # exactly at the file limit
    assert response.status_code in (201, 302), response.content.decode()[-6000:]
    assert stored(path, lesson)
    assert_marker_never_on_disk(scanner)


# --- Refused by Content-Length, before the body is read -------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_a_request_over_the_limit_is_refused_from_its_content_length_and_never_reaches_the_temp_directory(
    path, cast, online_case, lesson, scanner, small_limits
):
    client, url, fields = upload_request(path, cast, online_case, lesson)
    response = post(client, url, fields, marked_pdf(3 * MB))
    assert response.status_code == 413
    assert not stored(path, lesson)
    scanner.scan()
    assert scanner.found == set()


def test_with_the_default_limits_a_22_mb_file_is_refused_and_no_copy_reaches_the_temp_directory(
    cast, online_case, lesson, scanner
):
    # The case of the issue: a 22 MiB file with the limits a deployment has by default.
    client, url, fields = upload_request("attachment page", cast, online_case, lesson)
    response = post(client, url, fields, marked_pdf(22 * MB))
    assert response.status_code == 413
    assert "at most 20 MB" in response.content.decode()
    assert not Attachment.objects.exists()
    scanner.scan()
    assert scanner.found == set()


class UnreadableInput(io.BytesIO):
    def read(self, *args: Any) -> bytes:
        raise AssertionError("the body of a request over the limit was read")

    readline = read


def test_the_body_of_a_request_over_the_limit_is_not_read_at_all(cast, online_case, lesson, scanner, small_limits):
    client, url, _ = upload_request("attachment page", cast, online_case, lesson)
    response = client.generic(
        "POST",
        url,
        b"",
        CONTENT_TYPE=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(3 * MB),
        **{"wsgi.input": UnreadableInput()},
    )
    assert response.status_code == 413


def test_the_page_answers_413_in_sigaps_layout_in_the_users_language(cast, online_case, lesson, scanner, small_limits):
    client, url, fields = upload_request("attachment page", cast, online_case, lesson)
    english = post(client, url, fields, marked_pdf(3 * MB))
    page = english.content.decode()
    assert english["Content-Type"].startswith("text/html")
    assert "at most 2 MB can be sent at once" in page and "A file can be at most 1 MB." in page
    assert 'lang="en"' in page and "Sigap" in page and 'href="/"' in page  # the layout and a way back
    cast.caseworker.language = "id"
    cast.caseworker.save(update_fields=["language"])
    indonesian = post(client, url, fields, marked_pdf(3 * MB))
    assert indonesian.status_code == 413
    assert "paling banyak 2 MB" in indonesian.content.decode()


def test_the_api_answers_413_in_the_api_error_format(cast, online_case, lesson, scanner, small_limits):
    client, url, fields = upload_request("attachment api", cast, online_case, lesson)
    response = post(client, url, fields, marked_pdf(3 * MB))
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["status"] == 413 and error["code"] == "request_too_large"
    assert "at most 2 MB can be sent at once" in error["message"]


# --- A file between the file limit and the request limit ------------------------------------


@pytest.mark.parametrize("path", PATHS)
def test_a_file_over_the_file_limit_inside_the_request_limit_is_refused_with_the_size_message(
    path, cast, online_case, lesson, scanner, small_limits
):
    client, url, fields = upload_request(path, cast, online_case, lesson)
    response = post(client, url, fields, marked_pdf(MB + 300 * 1024))
    assert response.status_code in (200, 400)
    assert "The file is larger than 1 MB." in response.content.decode()
    assert not stored(path, lesson)
    assert_marker_never_on_disk(scanner)


# --- Chunked bodies (no Content-Length) -----------------------------------------------------


def chunked(client: Any, url: str, fields: dict[str, Any], content: bytes) -> Any:
    fields = dict(fields)
    file_field = fields.pop("file_field")
    body = encode_multipart(BOUNDARY, {**fields, file_field: SimpleUploadedFile("bukti.pdf", content)})
    return client.generic(
        "POST",
        url,
        b"",
        content_type=MULTIPART_CONTENT,
        CONTENT_TYPE=MULTIPART_CONTENT,  # Django's generic() sets none for an empty ``data``
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": io.BytesIO(body)},
    )


@pytest.mark.parametrize("path", ["attachment page", "evidence api"])
def test_a_chunked_upload_that_grows_past_the_limit_is_refused_and_never_reaches_the_temp_directory(
    path, cast, online_case, lesson, scanner, small_limits
):
    client, url, fields = upload_request(path, cast, online_case, lesson)
    response = chunked(client, url, fields, marked_pdf(3 * MB))
    assert response.status_code == 413
    assert "at most 2 MB can be sent at once" in response.content.decode()
    assert not stored(path, lesson)
    scanner.scan()
    assert scanner.found == set()


@pytest.mark.parametrize("path", ["attachment page", "evidence api"])
def test_a_chunked_upload_within_the_limit_is_read_in_memory_and_stored(
    path, cast, online_case, lesson, scanner, small_limits
):
    client, url, fields = upload_request(path, cast, online_case, lesson)
    response = chunked(client, url, fields, marked_pdf(MB))
    assert response.status_code in (201, 302), response.content.decode()[-6000:]
    assert stored(path, lesson)
    assert_marker_never_on_disk(scanner)


# --- Settings -------------------------------------------------------------------------------


def upload_settings(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SIGAP_")}
    clean.update({"DJANGO_SETTINGS_MODULE": "sigap.settings", "SIGAP_VAR_DIR": str(tmp_path)}, **env)
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SIGAP_REQUEST_MAX_MB, s.FILE_UPLOAD_MAX_MEMORY_SIZE, ','.join(s.FILE_UPLOAD_HANDLERS))"
    )
    return subprocess.run(  # noqa: S603 - fixed interpreter and code
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60, check=False
    )


def test_the_request_limit_comes_from_the_environment_and_only_the_memory_handler_is_used(tmp_path):
    default = upload_settings({"SIGAP_ATTACHMENT_MAX_MB": "20"}, tmp_path)
    assert default.stdout.split() == ["21", str(21 * MB), "sigap.core.uploads.MemoryOnlyUploadHandler"]
    assert upload_settings({"SIGAP_REQUEST_MAX_MB": "30"}, tmp_path).stdout.split()[0] == "30"
    for bad in ({"SIGAP_REQUEST_MAX_MB": "many"}, {"SIGAP_ATTACHMENT_MAX_MB": "20", "SIGAP_REQUEST_MAX_MB": "10"}):
        refused = upload_settings(bad, tmp_path)
        assert refused.returncode != 0 and "SIGAP_REQUEST_MAX_MB" in refused.stderr


# --- The ASGI entry point -------------------------------------------------------------------


def asgi_post(path: str, chunks: list[bytes], scanner: TempScanner, content_length: int | None = None) -> list[dict]:
    """Send a body to ``sigap.asgi.application`` in ``chunks``, scanning the temp directory before each."""
    from sigap.asgi import application

    headers = [(b"host", b"testserver"), (b"content-type", MULTIPART_CONTENT.encode())]
    if content_length is not None:
        headers.append((b"content-length", str(content_length).encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    messages = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1} for i, chunk in enumerate(chunks)
    ]
    sent: list[dict] = []

    async def receive() -> dict:
        scanner.scan()
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    asyncio.run(application(scope, receive, send))
    return sent


@pytest.fixture
def asgi_limits(settings: Any) -> None:
    """As deployed: Django's ASGI body buffer stays in memory up to the request limit."""
    settings.SIGAP_ATTACHMENT_MAX_MB = 1
    settings.SIGAP_REQUEST_MAX_MB = 2
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * MB


@pytest.mark.parametrize("path", ["/cases/x/attachments/new/", "/api/v1/cases/x/attachments/"])
@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "streamed"])
def test_the_asgi_entry_point_refuses_a_body_over_the_limit_before_django_spools_it(
    path, declared, scanner, asgi_limits
):
    body = marked_pdf(3 * MB)
    chunks = [body[i : i + 256 * 1024] for i in range(0, len(body), 256 * 1024)]
    sent = asgi_post(path, chunks, scanner, content_length=len(body) if declared else None)
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 413
    text = b"".join(m.get("body", b"") for m in sent[1:]).decode()
    assert "2 MB" in text
    if path.startswith("/api/"):
        assert json.loads(text)["error"]["code"] == "request_too_large"
    if declared:
        assert scanner.scans == 0  # refused from the header: not one chunk of the body was received
    scanner.scan()
    assert scanner.found == set()


def test_the_schema_documents_413_on_the_operations_that_take_a_file(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]
    for path in ("/api/v1/cases/{case_pk}/attachments/", "/api/v1/cases/{case_pk}/online-evidence/"):
        assert "413" in paths[path]["post"]["responses"], path
