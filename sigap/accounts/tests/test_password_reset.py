import re

import pytest
from django.core import mail

from sigap.audit.models import AuditEvent
from sigap.core.models import OutboundEmail

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new passphrase 42"


def test_password_reset_sends_one_email_through_the_worker_and_its_link_works(
    client, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "CaseWorker@test.sigap.invalid"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [cast.caseworker.email]
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT

    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == "/accounts/password/reset/done/"
    assert AuditEvent.objects.filter(verb="accounts.password_reset", actor=cast.caseworker).count() == 1

    signed_in = client.post("/accounts/login/", {"username": cast.caseworker.email, "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    # The link works once.
    assert client.get(link, follow=True).context["validlink"] is False


def test_password_reset_for_unknown_address_sends_nothing_but_looks_the_same(
    client, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "nobody@test.sigap.invalid"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []


def test_password_change_is_audited(client, cast):
    client.force_login(cast.caseworker)
    response = client.post(
        "/accounts/password/",
        {"old_password": cast.password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    cast.caseworker.refresh_from_db()
    assert cast.caseworker.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(verb="accounts.password_change").count() == 1
    # The session survives the change.
    assert client.get("/").status_code == 200
