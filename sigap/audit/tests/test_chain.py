"""The hash chain over audit events and the access log, and ``manage.py verify_audit``."""

import itertools
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction

from sigap.audit.access import AccessAction, log_access
from sigap.audit.actions import record
from sigap.audit.chain import verify
from sigap.audit.models import AccessLog, AuditEvent, ChainHead

pytestmark = pytest.mark.django_db


def without_update_trigger(table: str) -> None:
    """What somebody with database access would do first: take away the append-only trigger."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks before ALTER
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_no_update")
        else:
            cursor.execute(f"DROP TRIGGER {table}_no_update")


def raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def run_verify() -> str:
    from io import StringIO

    out = StringIO()
    call_command("verify_audit", stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def events(cast):
    return [record("test.verb", actor=cast.caseworker, obj=cast.org, organisation=cast.org, n=i) for i in range(4)]


@pytest.fixture
def views(cast, events):
    from sigap.cases.tests.factories import make_case

    case = make_case(cast.org, cast.caseworker)
    return [log_access(user=cast.caseworker, obj=case, action=AccessAction.VIEW_CASE) for _ in range(4)]


def test_each_row_is_chained_to_the_one_before_it(events):
    rows = list(AuditEvent.objects.order_by("id"))
    for before, after in itertools.pairwise(rows):
        assert after.prev_hash == before.row_hash
    assert all(len(row.row_hash) == 64 for row in rows)
    assert ChainHead.objects.get(name="audit_auditevent").last_hash == rows[-1].row_hash


def test_a_list_logged_in_one_insert_is_chained_in_order(cast, django_assert_num_queries):
    from sigap.audit.access import log_access_many

    orgs = [cast.org, cast.other_org]
    with django_assert_num_queries(3):  # lock and read the chain head, insert, move the head
        log_access_many(user=cast.caseworker, objs=orgs, action=AccessAction.API_READ)
    assert verify(AccessLog).intact
    assert verify(AccessLog).rows == 2


def test_untouched_logs_pass_verification(views):
    out = run_verify()
    assert "audit_auditevent:" in out and "chain intact" in out
    assert f"audit_accesslog: {AccessLog.objects.count()} rows, chain intact" in out


def test_empty_logs_pass_verification(db):
    assert verify(AccessLog).intact
    assert verify(AccessLog).rows == 0


def test_an_audit_event_edited_through_raw_sql_is_named(events):
    without_update_trigger("audit_auditevent")
    target = events[2]
    raw("UPDATE audit_auditevent SET actor_label = %s WHERE id = %s", ["someone-else@example.invalid", target.pk])
    with pytest.raises(CommandError, match=rf"audit_auditevent row id {target.pk} does not match its hash"):
        run_verify()


def test_an_access_log_row_edited_through_raw_sql_is_named(views):
    without_update_trigger("audit_accesslog")
    target = views[1]
    raw("UPDATE audit_accesslog SET user_id = NULL WHERE id = %s", [target.pk])
    with pytest.raises(CommandError, match=rf"audit_accesslog row id {target.pk} does not match its hash"):
        run_verify()


def test_a_row_edited_together_with_its_hash_breaks_the_link_to_the_next_row(events):
    without_update_trigger("audit_auditevent")
    target = events[1]
    raw("UPDATE audit_auditevent SET verb = %s, row_hash = %s WHERE id = %s", ["forged", "0" * 64, target.pk])
    report = verify(AuditEvent)
    assert not report.intact
    assert report.bad_id == target.pk  # its own hash no longer matches either


def test_a_deleted_middle_row_is_found_at_the_row_after_it(views):
    raw("DELETE FROM audit_accesslog WHERE id = %s", [views[1].pk])
    with pytest.raises(CommandError, match=rf"audit_accesslog row id {views[2].pk} does not follow the row before"):
        run_verify()


def test_a_deleted_last_row_is_noticed(views):
    raw("DELETE FROM audit_accesslog WHERE id = %s", [views[-1].pk])
    report = verify(AccessLog)
    assert not report.intact
    assert report.bad_id == views[-2].pk
    assert "rows after it were deleted" in report.problem


def test_a_deleted_first_row_is_noticed(views):
    first = AccessLog.objects.order_by("id").first()
    raw("DELETE FROM audit_accesslog WHERE id = %s", [first.pk])
    report = verify(AccessLog)
    assert report.bad_id == AccessLog.objects.order_by("id").first().pk
    assert "does not start the chain" in report.problem


def test_reordered_rows_are_noticed(events):
    """Swap two rows' contents (keeping their ids): the chain no longer runs in id order."""
    without_update_trigger("audit_auditevent")
    first, second = events[1], events[2]
    columns = ["verb", "details", "prev_hash", "row_hash"]
    values = {e.pk: AuditEvent.objects.filter(pk=e.pk).values(*columns).get() for e in (first, second)}
    for target, source in ((first, second), (second, first)):
        raw(
            "UPDATE audit_auditevent SET verb = %s, details = %s, prev_hash = %s, row_hash = %s WHERE id = %s",
            [
                values[source.pk]["verb"],
                AuditEvent._meta.get_field("details").get_db_prep_value(values[source.pk]["details"], connection),
                values[source.pk]["prev_hash"],
                values[source.pk]["row_hash"],
                target.pk,
            ],
        )
    report = verify(AuditEvent)
    assert report.bad_id == first.pk
    assert "does not follow" in report.problem


def test_the_database_refuses_updates_of_access_log_rows(views):
    with pytest.raises(DatabaseError), transaction.atomic():
        raw("UPDATE audit_accesslog SET reason = %s WHERE id = %s", ["changed", views[0].pk])


def test_access_log_rows_cannot_be_changed_or_deleted_through_the_orm(views):
    from sigap.audit.models import AppendOnlyError

    with pytest.raises(AppendOnlyError):
        views[0].save()
    with pytest.raises(AppendOnlyError):
        views[0].delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=views[0].pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()


def test_a_rolled_back_write_leaves_the_chain_whole(cast, events):
    with pytest.raises(RuntimeError), transaction.atomic():
        record("test.rolled_back", actor=cast.caseworker)
        raise RuntimeError
    record("test.after", actor=cast.caseworker)
    assert verify(AuditEvent).intact


def test_a_missing_chain_head_means_the_chain_cannot_be_trusted(events):
    raw("DELETE FROM audit_chainhead WHERE name = %s", ["audit_auditevent"])
    report = verify(AuditEvent)
    assert not report.intact
    assert report.bad_id == events[-1].pk


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_on_postgresql_keep_one_unbroken_chain(cast):
    """Eight threads, each writing in its own transactions at once: the chain head serialises them."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def write(n: int) -> None:
        try:
            barrier.wait()
            for i in range(10):
                with transaction.atomic():
                    record("test.concurrent", actor_label=f"writer {n}", i=i)
                    log_access(user=None, obj=cast.org, action=AccessAction.API_READ)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEvent.objects.filter(verb="test.concurrent").count() == 80
    assert verify(AuditEvent).intact
    assert verify(AccessLog).intact
    assert verify(AccessLog).rows == 80
