"""``manage.py seed_demo``: demo organisations and accounts, safe to run twice, never in production."""

from __future__ import annotations

import pytest
from django.core.management import CommandError

from sigap.accounts.models import User
from sigap.audit.models import AuditEvent
from sigap.lib.timezones import WIB, WIT, WITA
from sigap.organisations.demo import DEFAULT_DEMO_PASSWORD, PEOPLE
from sigap.organisations.models import Membership, Organisation, OrganisationKind
from sigap.organisations.roles import Role
from sigap.organisations.tests.fixtures import seed

pytestmark = pytest.mark.django_db


def snapshot() -> tuple:
    return (
        sorted(Organisation.objects.values_list("id", "name", "parent_id", "updated_at")),
        sorted(User.objects.values_list("id", "email", "password", "updated_at")),
        sorted(
            Membership.objects.values_list("id", "user_id", "organisation_id", "role", "supervisor_id", "updated_at")
        ),
    )


def test_seed_demo_is_refused_in_production(demo_regions, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        seed()
    assert not User.objects.exists() and not Organisation.objects.exists()


def test_seed_demo_asks_for_regions_first(db):
    with pytest.raises(CommandError, match="load_regions"):
        seed()
    assert not Organisation.objects.exists()


def test_seed_demo_run_twice_gives_the_same_rows(demo_regions):
    seed()
    first = snapshot()
    assert AuditEvent.objects.filter(verb="core.seed_demo").count() == 1

    seed()

    assert snapshot() == first
    assert AuditEvent.objects.filter(verb="core.seed_demo").count() == 1


def test_seed_demo_repairs_what_was_changed(demo_regions):
    seed()
    caseworker = Membership.objects.get(user__email="caseworker.bandung@demo.sigap.test")
    Membership.objects.filter(pk=caseworker.pk).update(is_active=False, supervisor=None)
    user = caseworker.user
    user.set_password("something-else-entirely")
    user.save()

    seed()

    caseworker.refresh_from_db()
    user.refresh_from_db()
    assert caseworker.is_active and caseworker.supervisor.user.email == "supervisor.bandung@demo.sigap.test"
    assert user.check_password(DEFAULT_DEMO_PASSWORD)


def test_demo_organisations_cover_kinds_and_all_three_time_zones(demo_regions):
    seed()
    orgs = list(Organisation.objects.all())
    assert len(orgs) >= 8
    assert {o.time_zone for o in orgs} == {WIB, WITA, WIT}
    kinds = {o.kind for o in orgs}
    assert {
        OrganisationKind.SAPA_129,
        OrganisationKind.MINISTRY,
        OrganisationKind.POLICE_PPA,
        OrganisationKind.HOSPITAL,
        OrganisationKind.LEGAL_AID,
        OrganisationKind.NGO,
        OrganisationKind.UPTD_PPA_PROVINCE,
        OrganisationKind.UPTD_PPA_REGENCY,
    } <= kinds
    sapa = Organisation.objects.get(kind=OrganisationKind.SAPA_129)
    assert sapa.parent.kind == OrganisationKind.MINISTRY
    for org in orgs:
        org.full_clean()  # regency in province, parent sensible
    assert Organisation.objects.filter(kind=OrganisationKind.UPTD_PPA_REGENCY, parent__isnull=False).exists()


def test_demo_accounts_cover_every_role_and_share_the_demo_password(demo_regions):
    output = seed()
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    for person in PEOPLE:
        assert person.email.endswith("@demo.sigap.test")
        assert person.email in output
    assert f"Password for every demo account: {DEFAULT_DEMO_PASSWORD}" in output
    assert all(user.check_password(DEFAULT_DEMO_PASSWORD) for user in User.objects.all())
    admin = User.objects.get(email="admin.nasional@demo.sigap.test")
    assert admin.is_superuser and admin.memberships.get().role == Role.NATIONAL_ADMIN


def test_demo_supervisors_supervise_named_caseworkers_of_their_own_organisation(demo_regions):
    seed()
    supervised = Membership.objects.filter(supervisor__isnull=False).select_related("supervisor")
    assert supervised.filter(role=Role.CASEWORKER).count() >= 3
    for m in supervised:
        m.clean()
        assert m.supervisor.organisation_id == m.organisation_id


def test_the_demo_password_comes_from_the_setting(demo_regions, settings):
    settings.SIGAP_DEMO_PASSWORD = "another-demo-passphrase"
    output = seed()
    assert "another-demo-passphrase" in output
    assert User.objects.get(email="learner@demo.sigap.test").check_password("another-demo-passphrase")
