import importlib.util
from pathlib import Path

import pytest

CHECK_SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "check_translations.py"


def _load_check():
    spec = importlib.util.spec_from_file_location("check_translations", CHECK_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_string_has_an_indonesian_translation_and_none_is_fuzzy():
    check = _load_check()
    po = check.LOCALE / "id" / "LC_MESSAGES" / "django.po"
    assert check.parse_po(po), "the Indonesian catalogue holds no strings"
    assert check.problems("id") == []


@pytest.mark.django_db
def test_login_page_is_in_indonesian_by_default():
    from django.test import Client

    response = Client().get("/accounts/login/")
    assert response["Content-Language"] == "id"
    page = response.content.decode()
    assert "Masuk" in page
    assert "Sign in" not in page


@pytest.mark.django_db
def test_login_page_is_in_english_when_the_browser_asks_for_it(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "en"
    page = response.content.decode()
    assert "Sign in" in page
    assert "Masuk" not in page
