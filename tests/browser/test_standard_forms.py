"""Standard forms in Chromium at 360 px: a question with a condition appears when its answer is
given, the JSON editor's preview follows the typing, nothing overflows, axe finds nothing serious."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from sigap.accounts.models import User
from sigap.forms.tests.fixtures import example_schema, publish_example
from sigap.organisations.models import Membership, Organisation, OrganisationKind
from sigap.organisations.roles import Role
from sigap.regions.models import Province, Regency
from tests.browser.test_pages import PHONE, axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERIOUS = {"serious", "critical"}


@pytest.fixture
def national_admin(transactional_db: Any) -> User:
    province = Province.objects.create(code="31", name="DKI Jakarta")
    regency = Regency.objects.create(code="31.71", province=province, name="Jakarta Pusat")
    org = Organisation.objects.create(
        name="KemenPPPA (browser test)", kind=OrganisationKind.MINISTRY, province=province, regency=regency
    )
    user = User.objects.create_user(email="admin@test.sigap.invalid", password="x-unused-x", full_name="Admin Uji")
    Membership.objects.create(user=user, organisation=org, role=Role.NATIONAL_ADMIN)
    return user


def open_as(page: Any, base_url: str, user: User, path: str) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )
    page.goto(f"{base_url}{path}")


def fits(page: Any) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_conditional_question_appears_when_its_answer_is_given(page_factory, live_server, national_admin):
    version = publish_example()
    page = page_factory(PHONE, bypass_csp=True)  # axe is an inline script
    open_as(page, live_server.url, national_admin, reverse("forms:detail", args=[version.definition.pk]))
    why = page.locator('[data-question="preview-safety__unsafe_why"]')
    assert why.is_hidden()
    page.get_by_label("Tidak").first.check()
    assert why.is_visible()
    page.get_by_label("Ya").first.check()
    assert why.is_hidden()
    priority = page.locator('[data-question="preview-needs__priority"]')
    assert priority.is_hidden()
    page.get_by_label("Kesehatan").check()
    assert priority.is_visible()
    assert fits(page)
    serious = [v for v in axe_violations(page) if v["impact"] in SERIOUS]
    assert not serious, describe(serious)


def test_the_editor_preview_follows_the_typing(page_factory, live_server, national_admin):
    version = publish_example()
    page = page_factory(PHONE, bypass_csp=True)  # axe is an inline script
    open_as(page, live_server.url, national_admin, reverse("forms:edit", args=[version.definition.pk]))
    assert fits(page)
    box = page.locator("textarea[name=definition]")
    broken = example_schema()
    broken["sections"][0]["questions"][0]["type"] = "warna"
    box.fill(json.dumps(broken))
    page.locator("#form-preview .alert-danger").wait_for()
    assert "jenis harus salah satu dari" in page.locator("#form-preview").inner_text()
    fixed = example_schema()
    fixed["sections"][0]["questions"][0]["label"] = {"id": "Apakah anak merasa aman sekarang?"}
    box.fill(json.dumps(fixed))
    page.locator("#form-preview legend", has_text="Apakah anak merasa aman sekarang?").wait_for()
    serious = [v for v in axe_violations(page) if v["impact"] in SERIOUS]
    assert not serious, describe(serious)
