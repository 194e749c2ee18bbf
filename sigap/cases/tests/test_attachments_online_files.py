"""On an online-abuse case every file that can carry an image needs the "no sexual image"
confirmation, whatever its type (issue #12, item 3): a PDF or office document can embed a picture,
and image bytes can hide behind a PDF header. Every file Sigap accepts can carry one, so on such a
case every upload needs it — on the page, in the API, in the verb and for a consent scan.

All files are tiny synthetic ones (a 1×1 grey PNG inside documents); never a real or sexual image.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from sigap.cases import actions
from sigap.cases.models import Attachment
from sigap.cases.tests import files, test_attachments
from sigap.cases.tests.factories import make_case

pytestmark = pytest.mark.django_db

media = test_attachments.media  # the fixture: MEDIA_ROOT in a temporary folder
stored_files = test_attachments.stored_files

PDF_WITH_IMAGE = (
    b"%PDF-1.4\n1 0 obj << /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
    b"/BitsPerComponent 8 /Filter /FlateDecode /Length 9 >>\nstream\n" + files.PNG[41:50] + b"\nendstream\nendobj\n"
    b"trailer <<>>\n%%EOF\n"
)
PNG_BEHIND_A_PDF_HEADER = b"%PDF-1.4\n" + files.PNG
DOCX_WITH_IMAGE = files._zip(
    {
        "[Content_Types].xml": files._content_types(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
        ),
        "word/document.xml": b"<document/>",
        "word/media/image1.png": files.PNG,
    }
)
ZIP_WITH_IMAGE = files._zip({"foto.png": files.PNG})

CAN_CARRY_AN_IMAGE = {
    "pdf with an embedded image": PDF_WITH_IMAGE,
    "png bytes behind a pdf header": PNG_BEHIND_A_PDF_HEADER,
    "docx with an image": DOCX_WITH_IMAGE,
    "plain pdf": files.PDF,
    "docx": files.DOCX,
    "xlsx": files.XLSX,
    "pptx": files.PPTX,
    "odt": files.ODT,
    "doc": files.DOC,
    "xls": files.XLS,
    "png": files.PNG,
    "jpeg": files.JPEG,
    "gif": files.GIF,
    "webp": files.WEBP,
}


@pytest.fixture
def online_case(cast: Any) -> Any:
    return make_case(cast.org, cast.caseworker, is_online=True)


def upload(content: bytes, name: str = "dokumen.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def api(user: Any) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("content", CAN_CARRY_AN_IMAGE.values(), ids=CAN_CARRY_AN_IMAGE.keys())
def test_every_file_that_can_carry_an_image_needs_the_confirmation_on_an_online_case(cast, online_case, media, content):
    with pytest.raises(ValidationError) as refused:
        actions.add_attachment(online_case, actor=cast.caseworker, title="Dokumen", upload=upload(content))
    assert "no_sexual_image_confirmed" in refused.value.message_dict
    assert stored_files(media) == [] and not Attachment.objects.exists()
    actions.add_attachment(
        online_case, actor=cast.caseworker, title="Dokumen", upload=upload(content), no_sexual_image_confirmed=True
    )
    assert Attachment.objects.filter(case=online_case).count() == 1


def test_a_zip_with_an_image_is_not_stored_even_with_the_confirmation(cast, online_case, media):
    with pytest.raises(ValidationError) as refused:
        actions.add_attachment(
            online_case,
            actor=cast.caseworker,
            title="Arsip",
            upload=upload(ZIP_WITH_IMAGE, "arsip.zip"),
            no_sexual_image_confirmed=True,
        )
    assert "file" in refused.value.message_dict
    assert stored_files(media) == []


def test_on_a_case_that_is_not_online_a_document_needs_no_confirmation(cast, media):
    case = make_case(cast.org, cast.caseworker)
    actions.add_attachment(case, actor=cast.caseworker, title="Surat", upload=upload(DOCX_WITH_IMAGE, "s.docx"))
    assert Attachment.objects.filter(case=case).count() == 1


def test_the_page_asks_for_the_confirmation_for_a_pdf_with_an_image(cast, client, online_case, media):
    client.force_login(cast.caseworker)
    url = reverse("cases:attachment_add", args=[online_case.pk])
    assert "Required for every file on an online-abuse case" in client.get(url).content.decode()
    refused = client.post(url, {"attachment-title": "Surat", "attachment-file": upload(PDF_WITH_IMAGE)})
    assert refused.status_code == 400
    assert "Confirm that the file contains no sexual image" in refused.content.decode()
    assert stored_files(media) == []
    accepted = client.post(
        url,
        {
            "attachment-title": "Surat",
            "attachment-file": upload(PDF_WITH_IMAGE),
            "attachment-no_sexual_image_confirmed": "on",
        },
    )
    assert accepted.status_code == 302 and Attachment.objects.count() == 1


def test_the_api_asks_for_the_confirmation_for_image_bytes_behind_a_pdf_header(cast, online_case, media):
    url = f"/api/v1/cases/{online_case.pk}/attachments/"
    refused = api(cast.caseworker).post(
        url, {"title": "Surat", "file": upload(PNG_BEHIND_A_PDF_HEADER)}, format="multipart"
    )
    assert refused.status_code == 400
    assert "no_sexual_image_confirmed" in refused.json()["error"]["fields"]
    assert stored_files(media) == []
    accepted = api(cast.caseworker).post(
        url,
        {"title": "Surat", "file": upload(PNG_BEHIND_A_PDF_HEADER), "no_sexual_image_confirmed": "true"},
        format="multipart",
    )
    assert accepted.status_code == 201


@pytest.mark.parametrize("values", [["on", ""], ["", "on"]])
def test_a_duplicated_confirmation_on_the_page_is_refused(cast, client, online_case, media, values):
    client.force_login(cast.caseworker)
    url = reverse("cases:attachment_add", args=[online_case.pk])
    data = {
        "attachment-title": "Surat",
        "attachment-file": upload(files.PDF),
        "attachment-no_sexual_image_confirmed": values,
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Send this field once." in response.content.decode()
    assert stored_files(media) == [] and not Attachment.objects.exists()


@pytest.mark.parametrize("values", [["true", "false"], ["false", "true"]])
def test_a_duplicated_confirmation_in_the_api_is_refused(cast, online_case, media, values):
    url = f"/api/v1/cases/{online_case.pk}/attachments/"
    data = {"title": "Surat", "file": upload(files.PDF), "no_sexual_image_confirmed": values}
    response = api(cast.caseworker).post(url, data, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["no_sexual_image_confirmed"] == ["Send this field once."]
    assert stored_files(media) == []
