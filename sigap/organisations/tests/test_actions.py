"""The organisation and membership verbs: what they change, what they refuse, what they audit."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from sigap.accounts.models import User
from sigap.audit.models import AuditEvent
from sigap.core.models import OutboundEmail
from sigap.organisations import actions
from sigap.organisations.models import Membership, Organisation, OrganisationKind
from sigap.organisations.roles import Role
from sigap.organisations.tests.helpers import add_person, audit_verbs

pytestmark = pytest.mark.django_db


def membership(user: User, org: Organisation, role: str | None = None) -> Membership:
    qs = Membership.objects.filter(user=user, organisation=org)
    return qs.get(role=role) if role else qs.get()


def new_org_values(regions: dict, **extra: object) -> dict:
    return {
        "name": "LBH Test Bandung",
        "kind": OrganisationKind.LEGAL_AID,
        "province": regions["jabar"],
        "regency": regions["bandung"],
        **extra,
    }


# --- Organisations --------------------------------------------------------------------------


def test_national_admin_creates_an_organisation_with_an_audit_event(cast, regions):
    org = actions.create_organisation(actor=cast.national_admin, values=new_org_values(regions, parent=cast.org))

    assert org.pk and org.parent == cast.org and org.time_zone == "Asia/Jakarta"
    event = AuditEvent.objects.get(verb="organisations.create")
    assert event.organisation == org and event.actor == cast.national_admin


def test_org_admin_cannot_create_an_organisation(cast, regions):
    with pytest.raises(PermissionDenied):
        actions.create_organisation(actor=cast.org_admin, values=new_org_values(regions))
    assert not Organisation.objects.filter(name="LBH Test Bandung").exists()


def test_regency_must_be_in_the_chosen_province(cast, regions):
    with pytest.raises(ValidationError) as exc:
        actions.create_organisation(actor=cast.national_admin, values=new_org_values(regions, province=regions["ntb"]))
    assert "regency" in exc.value.message_dict
    assert audit_verbs() == []


def test_organisation_names_are_unique_within_a_province(cast, regions):
    with pytest.raises(ValidationError):
        actions.create_organisation(actor=cast.national_admin, values=new_org_values(regions, name=cast.org.name))


def test_update_records_the_changed_fields_only(cast):
    actions.update_organisation(
        cast.org, actor=cast.national_admin, values={"phone": "022-000-111", "name": cast.org.name}
    )

    event = AuditEvent.objects.get(verb="organisations.update")
    assert event.details["changes"] == {"phone": "022-000-111"}
    assert Organisation.objects.get(pk=cast.org.pk).phone == "022-000-111"


def test_an_unchanged_update_writes_nothing(cast):
    actions.update_organisation(cast.org, actor=cast.national_admin, values={"name": cast.org.name})
    assert audit_verbs() == []


def test_organisations_cannot_be_each_others_parent(cast):
    actions.update_organisation(cast.other_org, actor=cast.national_admin, values={"parent": cast.org})
    with pytest.raises(ValidationError) as exc:
        actions.update_organisation(cast.org, actor=cast.national_admin, values={"parent": cast.other_org})
    assert "parent" in exc.value.message_dict


def test_org_admin_cannot_change_their_own_organisation_details(cast):
    with pytest.raises(PermissionDenied):
        actions.update_organisation(cast.org, actor=cast.org_admin, values={"phone": "1"})


# --- Adding members -------------------------------------------------------------------------


def test_org_admin_adds_an_existing_account_without_email(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        m = actions.add_member(cast.org, actor=cast.org_admin, email=cast.learner.email.upper(), role=Role.CASEWORKER)

    assert m.user == cast.learner and m.is_active
    event = AuditEvent.objects.get(verb="organisations.add_member")
    assert event.organisation == cast.org and event.details["new_account"] is False
    assert OutboundEmail.objects.count() == 0 and mail.outbox == []


def test_adding_a_new_email_creates_the_account_and_queues_a_welcome_email(
    cast, client, rf, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        m = actions.add_member(
            cast.org,
            actor=cast.org_admin,
            request=rf.post("/organisations/"),
            email="  Baru.Pendamping@Example.ORG ",
            full_name="Putri  Anjani",
            role=Role.CASEWORKER,
            supervisor=membership(cast.supervisor, cast.org),
        )

    user = m.user
    assert user.email == "baru.pendamping@example.org" and user.full_name == "Putri Anjani"
    assert not user.has_usable_password()
    assert m.supervisor == membership(cast.supervisor, cast.org)
    queued = OutboundEmail.objects.get()
    assert queued.to == ["baru.pendamping@example.org"]
    assert len(mail.outbox) == 1 and cast.org.name in mail.outbox[0].subject

    # The link in the email lets the person choose a password and sign in.
    link = re.search(r"http://testserver/accounts/password/reset/\S+/", mail.outbox[0].body).group(0)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    set_password_url = response.redirect_chain[-1][0]
    response = client.post(
        set_password_url, {"new_password1": "a-long-new-passphrase", "new_password2": "a-long-new-passphrase"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-long-new-passphrase")


def test_a_new_account_needs_a_full_name(cast):
    with pytest.raises(ValidationError) as exc:
        actions.add_member(cast.org, actor=cast.org_admin, email="nobody@example.org", role=Role.CASEWORKER)
    assert "full_name" in exc.value.message_dict
    assert not User.objects.filter(email="nobody@example.org").exists()
    assert OutboundEmail.objects.count() == 0


def test_org_admin_cannot_add_members_to_another_organisation(cast):
    with pytest.raises(PermissionDenied):
        actions.add_member(cast.other_org, actor=cast.org_admin, email=cast.learner.email, role=Role.CASEWORKER)
    assert not cast.learner.memberships.exists()


def test_caseworker_cannot_add_members(cast):
    with pytest.raises(PermissionDenied):
        actions.add_member(cast.org, actor=cast.caseworker, email=cast.learner.email, role=Role.CASEWORKER)


def test_org_admin_cannot_give_the_national_admin_role(cast):
    with pytest.raises(ValidationError) as exc:
        actions.add_member(cast.org, actor=cast.org_admin, email=cast.learner.email, role=Role.NATIONAL_ADMIN)
    assert "role" in exc.value.message_dict


def test_national_admin_adds_members_to_any_organisation(cast):
    m = actions.add_member(cast.other_org, actor=cast.national_admin, email=cast.learner.email, role=Role.TRAINER)
    assert m.organisation == cast.other_org
    assert audit_verbs(cast.other_org) == ["organisations.add_member"]


def test_the_same_role_cannot_be_added_twice(cast):
    with pytest.raises(ValidationError):
        actions.add_member(cast.org, actor=cast.org_admin, email=cast.caseworker.email, role=Role.CASEWORKER)


def test_a_supervisor_from_another_organisation_is_refused(cast):
    other_supervisor = add_person(cast.other_org, Role.SUPERVISOR, "other.sup@test.sigap.invalid")
    with pytest.raises(ValidationError) as exc:
        actions.add_member(
            cast.org,
            actor=cast.org_admin,
            email=cast.learner.email,
            role=Role.CASEWORKER,
            supervisor=other_supervisor,
        )
    assert "supervisor" in exc.value.message_dict
    assert not cast.learner.memberships.exists()


def test_resending_the_welcome_email_queues_a_new_link(cast, django_capture_on_commit_callbacks):
    m = actions.add_member(
        cast.org, actor=cast.org_admin, email="new@example.org", full_name="Nina Baru", role=Role.TRAINER
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.resend_welcome(m, actor=cast.org_admin)
    assert OutboundEmail.objects.count() == 2
    assert "organisations.resend_welcome" in audit_verbs(cast.org)


def test_no_welcome_email_for_someone_who_has_a_password(cast):
    with pytest.raises(ValidationError):
        actions.resend_welcome(membership(cast.caseworker, cast.org), actor=cast.org_admin)


# --- Roles, supervisors, deactivation -------------------------------------------------------


def test_org_admin_changes_a_role_with_an_audit_event(cast):
    m = membership(cast.caseworker2, cast.org)
    actions.change_role(m, Role.SUPERVISOR, actor=cast.org_admin)

    assert Membership.objects.get(pk=m.pk).role == Role.SUPERVISOR
    event = AuditEvent.objects.get(verb="organisations.change_role")
    assert event.details == {"previous": "caseworker", "role": "supervisor"}
    assert event.organisation == cast.org


def test_a_supervisor_who_still_supervises_keeps_the_role(cast):
    with pytest.raises(ValidationError) as exc:
        actions.change_role(membership(cast.supervisor, cast.org), Role.CASEWORKER, actor=cast.org_admin)
    assert "role" in exc.value.message_dict


def test_the_last_admin_cannot_be_removed(cast):
    Membership.objects.filter(user=cast.national_admin).update(is_active=False)
    admin = membership(cast.org_admin, cast.org)
    with pytest.raises(ValidationError):
        actions.change_role(admin, Role.CASEWORKER, actor=cast.org_admin)
    with pytest.raises(ValidationError):
        actions.deactivate_member(admin, actor=cast.org_admin)
    assert Membership.objects.get(pk=admin.pk).is_active


def test_org_admin_cannot_change_a_national_admins_membership(cast):
    with pytest.raises(PermissionDenied):
        actions.deactivate_member(membership(cast.national_admin, cast.org), actor=cast.org_admin)


def test_org_admin_sets_a_supervisor_of_the_same_organisation(cast):
    m = membership(cast.caseworker2, cast.org)
    sup = membership(cast.supervisor, cast.org)
    actions.set_supervisor(m, sup, actor=cast.org_admin)

    assert Membership.objects.get(pk=m.pk).supervisor == sup
    event = AuditEvent.objects.get(verb="organisations.set_supervisor")
    assert event.details["supervisor"] == str(sup.pk) and event.organisation == cast.org


def test_a_supervisor_must_have_the_supervisor_role(cast):
    with pytest.raises(ValidationError):
        actions.set_supervisor(
            membership(cast.caseworker2, cast.org), membership(cast.caseworker, cast.org), actor=cast.org_admin
        )


def test_a_supervisor_of_another_organisation_is_refused(cast):
    other_supervisor = add_person(cast.other_org, Role.SUPERVISOR, "other.sup@test.sigap.invalid")
    m = membership(cast.caseworker2, cast.org)
    with pytest.raises(ValidationError):
        actions.set_supervisor(m, other_supervisor, actor=cast.national_admin)
    assert Membership.objects.get(pk=m.pk).supervisor is None


def test_two_supervisors_cannot_supervise_each_other(cast):
    first = membership(cast.supervisor, cast.org)
    second = add_person(cast.org, Role.SUPERVISOR, "sup2@test.sigap.invalid")
    actions.set_supervisor(second, first, actor=cast.org_admin)
    with pytest.raises(ValidationError):
        actions.set_supervisor(first, second, actor=cast.org_admin)


def test_supervisor_can_be_cleared(cast):
    m = membership(cast.caseworker, cast.org)
    actions.set_supervisor(m, None, actor=cast.org_admin)
    assert Membership.objects.get(pk=m.pk).supervisor is None


def test_deactivating_a_supervisor_releases_their_workers(cast):
    sup = membership(cast.supervisor, cast.org)
    actions.deactivate_member(sup, actor=cast.org_admin)

    assert not Membership.objects.get(pk=sup.pk).is_active
    assert Membership.objects.get(user=cast.caseworker, organisation=cast.org).supervisor is None
    event = AuditEvent.objects.get(verb="organisations.deactivate_member")
    assert event.details["released_supervisees"] == 1


def test_reactivating_a_member_writes_an_audit_event(cast):
    m = membership(cast.caseworker2, cast.org)
    actions.deactivate_member(m, actor=cast.org_admin)
    actions.reactivate_member(m, actor=cast.org_admin)

    assert Membership.objects.get(pk=m.pk).is_active
    assert audit_verbs(cast.org) == ["organisations.deactivate_member", "organisations.reactivate_member"]


def test_org_admin_of_another_organisation_cannot_deactivate(cast):
    m = membership(cast.caseworker, cast.org)
    with pytest.raises(PermissionDenied):
        actions.deactivate_member(m, actor=cast.other_org_admin)
    assert Membership.objects.get(pk=m.pk).is_active


def test_without_a_request_the_welcome_link_uses_the_site_url(cast, settings):
    settings.SIGAP_SITE_URL = "https://sigap.example.org/"
    actions.add_member(cast.org, actor=cast.org_admin, email="jauh@example.org", full_name="Jauh", role=Role.TRAINER)
    assert "https://sigap.example.org/accounts/password/reset/" in OutboundEmail.objects.get().body
