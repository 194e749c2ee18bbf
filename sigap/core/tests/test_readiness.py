"""``/readyz``: 200 when database, cache, storage and migrations are ready, 503 otherwise; the
background workers' heartbeat is reported ("degraded", still 200, when none is fresh)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from sigap.core import readiness
from sigap.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_answer():
    readiness.forget()
    yield
    readiness.forget()


@pytest.fixture
def worker_alive(db):
    return WorkerHeartbeat.objects.create(worker_id="host:1", seen_at=timezone.now())


def test_readyz_answers_without_login_with_every_check_and_no_personal_data(client, settings, tmp_path, worker_alive):
    settings.MEDIA_ROOT = tmp_path
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok", "migrations": "ok", "worker": "ok"},
        "version": settings.VERSION,
    }


def test_readyz_is_503_while_a_migration_is_still_to_be_applied(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    MigrationRecorder.Migration.objects.filter(app="cases").order_by("-id").first().delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["checks"]["migrations"] == "pending"


def test_readyz_is_503_when_the_file_storage_is_missing(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "not-mounted"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "error"


def test_readyz_is_503_when_the_database_is_unreachable(client, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path

    def unreachable(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(readiness.connections[readiness.DEFAULT_DB_ALIAS], "cursor", unreachable)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error"


def test_readyz_checks_at_most_once_a_second_however_often_it_is_asked(client, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    calls = []
    monkeypatch.setitem(readiness.CHECKS, "cache", lambda: calls.append(1) or True)
    for _ in range(5):
        assert client.get("/readyz").status_code == 200
    assert len(calls) == 1


def test_readyz_says_degraded_but_stays_in_rotation_when_no_worker_heartbeat_is_fresh(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SIGAP_WORKER_LEASE_SECONDS = 60
    WorkerHeartbeat.objects.create(worker_id="host:2", seen_at=timezone.now() - timedelta(seconds=61))
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["worker"] == "stale"


def test_readyz_with_no_worker_ever_seen_is_degraded_and_a_fresh_heartbeat_makes_it_ok(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert client.get("/readyz").json()["checks"]["worker"] == "stale"
    readiness.forget()
    WorkerHeartbeat.objects.create(worker_id="host:3", seen_at=timezone.now())
    assert client.get("/readyz").json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok", "migrations": "ok", "worker": "ok"},
        "version": settings.VERSION,
    }


def test_a_stale_worker_does_not_hide_a_real_failure(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "not-mounted"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
