"""Reports may read from a streaming replica (``DATABASE_REPLICA_URL``), never what was just written."""

from __future__ import annotations

import time

import pytest
from django.db import DEFAULT_DB_ALIAS, DatabaseError, transaction
from django.test import RequestFactory

from sigap.cases.models import Case
from sigap.lib import replica
from sigap.lib.replica import REPLICA, SESSION_KEY, RecentWriteMiddleware, ReplicaRouter, replica_reads

pytestmark = pytest.mark.django_db
router = ReplicaRouter()


@pytest.fixture
def configured(monkeypatch):
    """A replica as the settings declare one (its connection is not opened: reachability is the
    separate check below)."""
    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    monkeypatch.setattr(replica, "_replica_reachable", lambda: True)


class Session(dict):
    pass


def request_with_session(method: str = "get", wrote_at: float | None = None):
    request = getattr(RequestFactory(), method)("/")
    request.session = Session()
    if wrote_at is not None:
        request.session[SESSION_KEY] = wrote_at
    return request


def test_without_a_replica_every_read_goes_to_the_primary():
    with replica_reads() as used:
        assert used is False
        assert router.db_for_read(Case) == DEFAULT_DB_ALIAS


def test_report_reads_go_to_the_replica_and_nothing_else_does(configured):
    assert router.db_for_read(Case) == DEFAULT_DB_ALIAS  # outside a report
    with replica_reads(request_with_session()) as used:
        assert used is True
        assert router.db_for_read(Case) == REPLICA
        assert router.db_for_write(Case) == DEFAULT_DB_ALIAS
        with transaction.atomic():  # something is being written: read what it sees
            assert router.db_for_read(Case) == DEFAULT_DB_ALIAS
    assert router.db_for_read(Case) == DEFAULT_DB_ALIAS


def test_a_person_who_just_changed_something_reads_from_the_primary_until_the_pin_ends(configured, settings):
    settings.SIGAP_REPLICA_PIN_SECONDS = 30
    with replica_reads(request_with_session(wrote_at=time.time() - 5)) as used:
        assert used is False
        assert router.db_for_read(Case) == DEFAULT_DB_ALIAS
    with replica_reads(request_with_session(wrote_at=time.time() - 31)) as used:
        assert used is True


def test_an_unreachable_replica_falls_back_to_the_primary(monkeypatch):
    monkeypatch.setattr(replica, "replica_configured", lambda: True)

    class Down:
        def ensure_connection(self):
            raise DatabaseError("could not connect to server")

    monkeypatch.setattr(
        replica, "connections", {REPLICA: Down(), DEFAULT_DB_ALIAS: replica.connections[DEFAULT_DB_ALIAS]}
    )
    with replica_reads(request_with_session()) as used:
        assert used is False
        assert router.db_for_read(Case) == DEFAULT_DB_ALIAS


def test_the_replica_is_never_migrated():
    assert router.allow_migrate(REPLICA, "cases") is False
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "cases") is True


@pytest.mark.parametrize(
    ("method", "status", "pinned"),
    [("post", 302, True), ("delete", 204, True), ("post", 400, False), ("get", 200, False)],
)
def test_a_successful_change_pins_the_session_and_nothing_else_does(configured, method, status, pinned):
    from django.http import HttpResponse

    request = request_with_session(method)
    RecentWriteMiddleware(lambda request: HttpResponse(status=status))(request)
    assert (SESSION_KEY in request.session) is pinned


def test_a_wrapped_view_reads_from_the_replica_on_get_only(configured):
    from django.http import HttpResponse

    seen = []

    @replica.reads_from_replica
    def view(request):
        seen.append(router.db_for_read(Case))
        return HttpResponse()

    view(request_with_session("get"))
    view(request_with_session("post"))
    assert seen == [REPLICA, DEFAULT_DB_ALIAS]


def test_the_reports_of_the_online_referral_and_training_apps_may_read_from_the_replica():
    from sigap.learning.views import events
    from sigap.online import views as online
    from sigap.referrals import views as referrals

    for view in (online.report, referrals.report, events.report):
        assert getattr(view, "reads_from_replica", False), view
