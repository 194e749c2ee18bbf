import pytest
from django.db import DatabaseError, connection, transaction

from sigap.audit.actions import record
from sigap.audit.models import AppendOnlyError, AuditEvent

pytestmark = pytest.mark.django_db


def test_record_stores_actor_object_organisation_and_details(cast, rf):
    request = rf.get("/", REMOTE_ADDR="10.1.2.3")
    event = record("test.verb", actor=cast.caseworker, obj=cast.org, organisation=cast.org, request=request, n=1)
    event.refresh_from_db()
    assert event.actor == cast.caseworker
    assert event.actor_label == cast.caseworker.email
    assert event.object_type == "organisations.organisation"
    assert event.object_id == str(cast.org.pk)
    assert event.organisation == cast.org
    assert event.ip_address == "10.1.2.3"
    assert event.details == {"n": 1}


def test_saved_event_cannot_be_changed_or_deleted_through_the_orm(cast):
    event = record("test.verb", actor=cast.caseworker)
    event.verb = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(verb="changed")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_database_refuses_update_even_with_raw_sql(cast):
    event = record("test.verb", actor=cast.caseworker)
    table = AuditEvent._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET verb = %s WHERE id = %s", ["changed", event.pk])  # noqa: S608
    event.refresh_from_db()
    assert event.verb == "test.verb"


def test_anonymous_actor_is_stored_as_label_only(rf):
    from django.contrib.auth.models import AnonymousUser

    event = record("accounts.login_failed", actor=AnonymousUser(), actor_label="someone@example.invalid")
    assert event.actor is None
    assert event.actor_label == "someone@example.invalid"


def test_a_record_with_an_audit_label_is_logged_without_its_name(cast):
    from sigap.cases.tests.factories import make_person

    person = make_person(cast.org, cast.caseworker, full_name="Nama Rahasia Sekali")
    event = record("test.verb", actor=cast.caseworker, obj=person)
    assert "Rahasia" not in event.object_label
    assert event.object_label == f"person {str(person.pk)[:8]}"
