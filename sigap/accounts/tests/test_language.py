import pytest

from sigap.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_language_choice_is_remembered_on_the_account_and_used_next_time(client, cast, django_user_model):
    cast.caseworker.language = "id"
    cast.caseworker.save()
    client.force_login(cast.caseworker)
    response = client.post("/accounts/language/", {"language": "en", "next": "/organisations/"})
    assert response.status_code == 302
    assert response["Location"] == "/organisations/"
    cast.caseworker.refresh_from_db()
    assert cast.caseworker.language == "en"
    assert AuditEvent.objects.filter(verb="accounts.set_language", details__language="en").count() == 1

    # A new browser without the language cookie still gets the account's language.
    fresh = client.__class__()
    fresh.force_login(cast.caseworker)
    page = fresh.get("/")
    assert page["Content-Language"] == "en"
    assert '<html lang="en">' in page.content.decode()


def test_account_language_wins_over_the_browser(client, cast):
    cast.caseworker.language = "id"
    cast.caseworker.save()
    client.force_login(cast.caseworker)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert page["Content-Language"] == "id"
    assert '<html lang="id">' in page.content.decode()


def test_unknown_language_is_ignored(client, cast):
    before = cast.caseworker.language
    client.force_login(cast.caseworker)
    client.post("/accounts/language/", {"language": "xx", "next": "/"})
    cast.caseworker.refresh_from_db()
    assert cast.caseworker.language == before
    assert not AuditEvent.objects.filter(verb="accounts.set_language").exists()


def test_anonymous_language_choice_lives_in_a_cookie(client):
    response = client.post("/accounts/language/", {"language": "en", "next": "/accounts/login/"})
    assert response.cookies["sigap_language"].value == "en"
    assert client.get("/accounts/login/")["Content-Language"] == "en"


def test_language_switch_refuses_an_offsite_next(client, cast):
    client.force_login(cast.caseworker)
    response = client.post("/accounts/language/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"
