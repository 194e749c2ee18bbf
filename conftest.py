"""Shared test fixtures: a fixed cast of organisations and users (see ``cast``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation

from sigap.accounts.models import User
from sigap.organisations.models import Membership, Organisation, OrganisationKind
from sigap.organisations.roles import Role
from sigap.regions.models import Province, Regency

# Skips browser tests, and says so at the end, where Chromium is missing; fails the run when a log
# line of it holds a demo or test person's NIK or phone.
pytest_plugins = ["tests.browser.plugin", "tests.logcheck"]


@pytest.fixture(autouse=True)
def _fast_and_synchronous(settings: Any) -> None:
    """Cheap password hashing and tasks run at once, so tests stay quick and deterministic; the cache
    (rate limits) starts empty in every test.

    The cache is in memory here, so query counts do not depend on the cache backend; the shared
    database and Redis caches have their own tests (sigap/accounts/tests/test_shared_counters.py).
    """
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def client() -> Any:
    """A test client that asks for English, so assertions can use the English source strings.

    Indonesian is the default language; tests about it use a plain ``Client()`` or set the header.
    """
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")


@dataclass
class Cast:
    """Two organisations in different provinces and one user per role in the first."""

    org: Organisation
    other_org: Organisation
    caseworker: User
    caseworker2: User
    supervisor: User
    psychologist: User
    legal_aid: User
    intake_officer: User
    org_admin: User
    data_officer: User
    trainer: User
    dpo: User
    national_admin: User
    learner: User
    other_caseworker: User
    other_org_admin: User

    password: str = "correct horse battery"


def make_user(email: str, name: str, org: Organisation | None = None, role: str | None = None) -> User:
    # English, so tests can assert the source strings; the Indonesian default is tested on its own.
    user = User.objects.create_user(email=email, password=Cast.password, full_name=name, language="en")
    if org is not None and role is not None:
        Membership.objects.create(user=user, organisation=org, role=role)
    return user


@pytest.fixture
def regions(db: Any) -> dict[str, Any]:
    jabar = Province.objects.create(code="32", name="Jawa Barat")
    ntb = Province.objects.create(code="52", name="Nusa Tenggara Barat")
    papua = Province.objects.create(code="91", name="Papua")
    bandung = Regency.objects.create(code="32.73", province=jabar, name="Kota Bandung")
    mataram = Regency.objects.create(code="52.71", province=ntb, name="Kota Mataram")
    return {"jabar": jabar, "ntb": ntb, "papua": papua, "bandung": bandung, "mataram": mataram}


@pytest.fixture
def cast(regions: dict[str, Any]) -> Cast:
    org = Organisation.objects.create(
        name="UPTD PPA Kota Bandung (test)",
        kind=OrganisationKind.UPTD_PPA_REGENCY,
        province=regions["jabar"],
        regency=regions["bandung"],
    )
    other = Organisation.objects.create(
        name="UPTD PPA Kota Mataram (test)",
        kind=OrganisationKind.UPTD_PPA_REGENCY,
        province=regions["ntb"],
        regency=regions["mataram"],
    )
    users: dict[str, User] = {}
    for role in Role:
        # The names read "Test Caseworker" …, whatever language an earlier test left active.
        with translation.override("en"):
            name = f"Test {role.label}"
        users[role.value] = make_user(f"{role.value}@test.sigap.invalid", name, org, role.value)
    supervisor_membership = Membership.objects.get(user=users["supervisor"], organisation=org)
    Membership.objects.filter(user=users["caseworker"], organisation=org).update(supervisor=supervisor_membership)
    return Cast(
        org=org,
        other_org=other,
        caseworker=users["caseworker"],
        caseworker2=make_user("caseworker2@test.sigap.invalid", "Test Caseworker Two", org, Role.CASEWORKER),
        supervisor=users["supervisor"],
        psychologist=users["psychologist"],
        legal_aid=users["legal_aid"],
        intake_officer=users["intake_officer"],
        org_admin=users["org_admin"],
        data_officer=users["data_officer"],
        trainer=users["trainer"],
        dpo=users["dpo"],
        national_admin=users["national_admin"],
        learner=make_user("learner@test.sigap.invalid", "Test Learner"),
        other_caseworker=make_user("other.caseworker@test.sigap.invalid", "Other Caseworker", other, Role.CASEWORKER),
        other_org_admin=make_user("other.admin@test.sigap.invalid", "Other Admin", other, Role.ORG_ADMIN),
    )
