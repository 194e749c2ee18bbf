"""Settings come from the environment; production refuses to start without its secrets."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[3]

PRODUCTION = {
    "SIGAP_ENV": "production",
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "sigap.example.org",
    "DATABASE_URL": "sqlite:////tmp/sigap-settings-test.sqlite3",
    "SIGAP_BLIND_INDEX_KEY": "b" * 43,
}


def load_settings(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SIGAP_", "SECRET_KEY", "DATABASE_URL"))}
    clean.update({"DJANGO_SETTINGS_MODULE": "sigap.settings", "SIGAP_VAR_DIR": str(tmp_path)}, **env)
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG, settings.DEMO_MODE)"
    return subprocess.run(  # noqa: S603 - fixed interpreter and code
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SIGAP_ENCRYPTION_KEYS", "SIGAP_BLIND_INDEX_KEY"]
)
def test_production_refuses_to_start_without_a_secret(tmp_path, missing):
    env = {**PRODUCTION, "SIGAP_ENCRYPTION_KEYS": Fernet.generate_key().decode()}
    env.pop(missing)
    result = load_settings(env, tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_starts_with_its_secrets_and_is_not_in_debug_or_demo_mode(tmp_path):
    result = load_settings({**PRODUCTION, "SIGAP_ENCRYPTION_KEYS": Fernet.generate_key().decode()}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]
    assert not (tmp_path / "dev-secrets.json").exists()


def test_production_refuses_debug_mode(tmp_path):
    env = {**PRODUCTION, "SIGAP_ENCRYPTION_KEYS": Fernet.generate_key().decode(), "DEBUG": "true"}
    result = load_settings(env, tmp_path)
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_refuses_a_bad_encryption_key(tmp_path):
    result = load_settings({**PRODUCTION, "SIGAP_ENCRYPTION_KEYS": "not-a-key"}, tmp_path)
    assert result.returncode != 0
    assert "SIGAP_ENCRYPTION_KEYS" in result.stderr


def test_production_refuses_a_short_blind_index_key(tmp_path):
    env = {**PRODUCTION, "SIGAP_ENCRYPTION_KEYS": Fernet.generate_key().decode(), "SIGAP_BLIND_INDEX_KEY": "short"}
    result = load_settings(env, tmp_path)
    assert result.returncode != 0
    assert "SIGAP_BLIND_INDEX_KEY" in result.stderr


def test_the_blind_index_key_may_come_from_a_file(tmp_path):
    key_file = tmp_path / "blind_index_key"
    key_file.write_text("z" * 43)
    env = {
        **PRODUCTION,
        "SIGAP_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "SIGAP_BLIND_INDEX_KEY_FILE": str(key_file),
    }
    env.pop("SIGAP_BLIND_INDEX_KEY")
    result = load_settings(env, tmp_path)
    assert result.returncode == 0, result.stderr


def test_secrets_may_come_from_files(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("y" * 60)
    env = {**PRODUCTION, "SIGAP_ENCRYPTION_KEYS": Fernet.generate_key().decode(), "SECRET_KEY_FILE": str(key_file)}
    env.pop("SECRET_KEY")
    result = load_settings(env, tmp_path)
    assert result.returncode == 0, result.stderr


def test_development_generates_its_secrets_once_into_the_var_folder(tmp_path):
    first = load_settings({}, tmp_path)
    assert first.returncode == 0, first.stderr
    secrets_file = tmp_path / "dev-secrets.json"
    content = secrets_file.read_text()
    assert {"SECRET_KEY", "SIGAP_ENCRYPTION_KEYS", "SIGAP_BLIND_INDEX_KEY"} <= set(json.loads(content))
    assert oct(secrets_file.stat().st_mode & 0o777) == "0o600"
    assert load_settings({}, tmp_path).returncode == 0
    assert secrets_file.read_text() == content
