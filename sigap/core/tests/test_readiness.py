"""``/readyz``: 200 when database, cache, storage and migrations are ready, 503 otherwise."""

from __future__ import annotations

import pytest
from django.db.migrations.recorder import MigrationRecorder

from sigap.core import readiness

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_answer():
    readiness.forget()
    yield
    readiness.forget()


def test_readyz_answers_without_login_with_every_check_and_no_personal_data(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok", "migrations": "ok"},
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
