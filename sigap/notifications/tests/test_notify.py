"""``notify``: rows and emails as each recipient prefers, once per dedupe key, email only after commit."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from sigap.core.models import OutboundEmail
from sigap.notifications.actions import muted, notify, set_preferences
from sigap.notifications.kinds import KINDS, render_title
from sigap.notifications.models import Kind, Notification
from sigap.notifications.tests.conftest import VICTIM

pytestmark = pytest.mark.django_db


def test_every_kind_has_defaults_and_a_title_that_renders_with_and_without_values():
    assert set(KINDS) == set(Kind.values)
    for kind in Kind.values:
        assert render_title(kind, {}).strip()
        assert "%(" not in render_title(kind, {"case": "X-1", "organisation": "Org"})


def test_notify_makes_one_row_per_recipient_and_queues_an_email_by_default(cast, case):
    made = notify([cast.caseworker, cast.caseworker2], Kind.APPROVAL_REQUESTED, actor=cast.supervisor, case=case)
    assert {n.recipient for n in made} == {cast.caseworker, cast.caseworker2}
    for notification in made:
        assert notification.in_app and notification.email is not None
        assert notification.url == case.get_absolute_url()
        assert notification.params["case"] == case.number
    assert OutboundEmail.objects.count() == 2


def test_the_actor_and_inactive_users_are_never_notified(cast, case):
    cast.caseworker2.is_active = False
    cast.caseworker2.save()
    made = notify(
        [cast.supervisor, cast.caseworker2, cast.caseworker, cast.caseworker],
        "case_assigned",
        actor=cast.supervisor,
        case=case,
    )
    assert [n.recipient for n in made] == [cast.caseworker]


def test_preferences_choose_the_channels(cast, case):
    set_preferences(actor=cast.caseworker, choices={Kind.CASE_ASSIGNED: (False, True)})
    set_preferences(actor=cast.caseworker2, choices={Kind.CASE_ASSIGNED: (True, False)})
    set_preferences(actor=cast.supervisor, choices={Kind.CASE_ASSIGNED: (False, False)})
    made = {
        n.recipient: n for n in notify([cast.caseworker, cast.caseworker2, cast.supervisor], "case_assigned", case=case)
    }
    assert set(made) == {cast.caseworker, cast.caseworker2}
    assert not made[cast.caseworker].in_app and made[cast.caseworker].email is not None
    assert made[cast.caseworker2].in_app and made[cast.caseworker2].email is None


def test_a_kind_whose_default_is_in_app_only_sends_no_email(cast, case):
    (notification,) = notify([cast.caseworker], Kind.APPROVAL_DECIDED, case=case, context={"variant": "plan_approved"})
    assert notification.in_app and notification.email is None


def test_the_same_dedupe_key_notifies_each_recipient_once(cast, case):
    assert len(notify([cast.caseworker], "case_assigned", case=case, dedupe_key="k1")) == 1
    again = notify([cast.caseworker, cast.caseworker2], "case_assigned", case=case, dedupe_key="k1")
    assert [n.recipient for n in again] == [cast.caseworker2]
    assert Notification.objects.filter(dedupe_key="k1").count() == 2
    assert OutboundEmail.objects.count() == 2


def test_the_email_is_sent_only_after_the_transaction_commits(cast, case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        notify([cast.caseworker], "case_assigned", case=case)
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [cast.caseworker.email]


def test_a_rolled_back_verb_leaves_no_notification_and_sends_no_email(cast, case, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify([cast.caseworker], "case_assigned", case=case)
        raise RuntimeError("the verb failed")
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists() and not OutboundEmail.objects.exists()


def test_the_email_holds_the_case_number_and_a_link_but_no_survivor_data(
    cast, case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = notify([cast.caseworker], "case_assigned", actor=cast.supervisor, case=case)
    (email,) = mail.outbox
    assert case.number in email.subject
    assert f"/notifications/{notification.pk}/open/" in email.body
    assert "/notifications/settings/" in email.body
    for text in (email.subject, email.body, notification.title):
        assert VICTIM not in text and "Melati" not in text


def test_the_email_and_title_are_in_the_recipients_language(cast, case):
    cast.caseworker2.language = "id"
    cast.caseworker2.save()
    notify([cast.caseworker, cast.caseworker2], "case_assigned", case=case)
    subjects = {email.to[0]: email.subject for email in OutboundEmail.objects.all()}
    assert subjects[cast.caseworker.email] == f"Sigap: Case {case.number} was assigned to you"
    assert subjects[cast.caseworker2.email] == f"Sigap: Kasus {case.number} ditugaskan kepada Anda"


def test_a_link_outside_sigap_and_an_unknown_kind_are_refused(cast, case):
    with pytest.raises(ValueError, match="inside Sigap"):
        notify([cast.caseworker], "case_assigned", url="https://evil.example/")
    with pytest.raises(ValueError, match="inside Sigap"):
        notify([cast.caseworker], "case_assigned", url="//evil.example/")
    with pytest.raises(ValueError, match="Unknown"):
        notify([cast.caseworker], "no_such_kind")


def test_muted_notifies_nobody_and_email_only_muting_keeps_the_in_app_row(cast, case):
    with muted():
        assert notify([cast.caseworker], "case_assigned", case=case) == []
    with muted(email_only=True):
        (notification,) = notify([cast.caseworker], "case_assigned", case=case)
    assert notification.in_app and notification.email is None
    assert not OutboundEmail.objects.exists()


def test_a_choice_equal_to_the_default_removes_the_preference_row(cast):
    from sigap.notifications.models import Preference

    assert set_preferences(actor=cast.caseworker, choices={"case_assigned": (False, False)}) == ["case_assigned"]
    assert Preference.objects.filter(user=cast.caseworker).count() == 1
    assert set_preferences(actor=cast.caseworker, choices={"case_assigned": (True, True)}) == ["case_assigned"]
    assert not Preference.objects.filter(user=cast.caseworker).exists()
    assert set_preferences(actor=cast.caseworker, choices={"case_assigned": (True, True)}) == []


def test_an_unknown_kind_in_preferences_is_a_clear_error(cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Unknown kind"):
        set_preferences(actor=cast.caseworker, choices={"nope": (True, True)})


def test_people_of_an_organisation_by_capability(cast):
    from sigap.notifications.actions import people_of
    from sigap.organisations.roles import Capability

    assert set(people_of(cast.org, Capability.SUPERVISE)) == {cast.supervisor}
    assert set(people_of(cast.org, Capability.SUPERVISE, Capability.REGISTER_CASES)) == {
        cast.supervisor,
        cast.caseworker,
        cast.caseworker2,
        cast.intake_officer,
    }
    assert set(people_of(cast.other_org, Capability.MANAGE_CASES)) == {cast.other_caseworker}
