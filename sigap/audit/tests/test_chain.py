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


# --- One access-log chain per organisation ---------------------------------------------------


@pytest.fixture
def two_organisations_views(cast):
    from sigap.cases.tests.factories import make_case

    ours, theirs = make_case(cast.org, cast.caseworker), make_case(cast.other_org, cast.other_caseworker)
    rows = []
    for _ in range(3):
        rows.append(log_access(user=cast.caseworker, obj=ours, action=AccessAction.VIEW_CASE))
        rows.append(log_access(user=cast.other_caseworker, obj=theirs, action=AccessAction.VIEW_CASE))
    rows.append(log_access(user=None, obj=cast.org, action=AccessAction.API_READ))  # no organisation
    return rows


def test_each_organisation_s_access_log_is_its_own_chain(cast, two_organisations_views):
    from sigap.audit.chain import head_name

    for org in (cast.org, cast.other_org):
        rows = list(AccessLog.objects.filter(organisation=org).order_by("id"))
        assert len(rows) == 3 and {row.chain for row in rows} == {org.pk}
        assert rows[0].prev_hash == ""
        for before, after in itertools.pairwise(rows):
            assert after.prev_hash == before.row_hash
        assert ChainHead.objects.get(name=head_name("audit_accesslog", org.pk)).last_hash == rows[-1].row_hash
    assert AccessLog.objects.get(organisation=None).chain is None  # the table's first chain
    report = verify(AccessLog)
    assert report.intact and report.rows == 7


def test_a_page_of_one_organisation_s_records_is_one_insert_and_one_chain_head(cast, django_assert_num_queries):
    from sigap.audit.access import log_access_many
    from sigap.cases.tests.factories import make_case

    cases = [make_case(cast.org, cast.caseworker) for _ in range(5)]
    with django_assert_num_queries(3):  # lock and read the organisation's chain head, insert, move it
        log_access_many(user=cast.caseworker, objs=cases, action=AccessAction.API_READ)
    assert verify(AccessLog).intact


def test_a_row_moved_into_another_organisation_s_chain_is_noticed(cast, two_organisations_views):
    without_update_trigger("audit_accesslog")
    target = AccessLog.objects.filter(organisation=cast.org).order_by("id").last()
    raw("UPDATE audit_accesslog SET chain = NULL WHERE id = %s", [target.pk])
    assert not verify(AccessLog).intact


def test_every_row_of_one_organisation_s_chain_deleted_is_noticed(cast, two_organisations_views):
    for pk in AccessLog.objects.filter(organisation=cast.other_org).values_list("pk", flat=True):
        raw("DELETE FROM audit_accesslog WHERE id = %s", [pk])
    report = verify(AccessLog)
    assert not report.intact
    assert "has no rows left" in report.problem


def test_the_last_row_of_one_organisation_s_chain_deleted_is_noticed(cast, two_organisations_views):
    last = AccessLog.objects.filter(organisation=cast.org).order_by("id").last()
    raw("DELETE FROM audit_accesslog WHERE id = %s", [last.pk])
    report = verify(AccessLog)
    assert not report.intact and "rows after it were deleted" in report.problem


def test_a_row_of_the_table_s_first_chain_hashes_as_every_row_did_before_the_chains_were_split(cast):
    """No chain in its canonical form: the rows written before the split still verify."""
    from sigap.audit.chain import compute_hash

    row = log_access(user=cast.caseworker, obj=cast.org, action=AccessAction.API_READ)
    assert row.chain is None
    fields = AccessLog.chain_fields
    assert row.row_hash == compute_hash("audit_accesslog", {n: getattr(row, n) for n in fields}, fields, "")


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_one_organisation_s_writer_never_waits_for_another_s(cast):
    """While a transaction holds the head of one organisation's chain, another organisation's staff
    still log their views at once (the other connection would time out on a global lock)."""
    from sigap.cases.tests.factories import make_case

    ours, theirs = make_case(cast.org, cast.caseworker), make_case(cast.other_org, cast.other_caseworker)
    holding, done = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def hold() -> None:
        try:
            with transaction.atomic():
                log_access(user=cast.caseworker, obj=ours, action=AccessAction.VIEW_CASE)
                holding.set()
                done.wait(timeout=30)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert holding.wait(timeout=30)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            log_access(user=cast.other_caseworker, obj=theirs, action=AccessAction.VIEW_CASE)
        with pytest.raises(DatabaseError), transaction.atomic():  # the same organisation's chain waits
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '500ms'")
            log_access(user=cast.caseworker, obj=ours, action=AccessAction.VIEW_CASE)
    finally:
        done.set()
        holder.join()
    assert errors == []
    assert verify(AccessLog).intact
