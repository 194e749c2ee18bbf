"""Encryption at rest (sigap.lib.crypto): current key encrypts, every key decrypts, rotation."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage

from sigap.lib import crypto

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    settings.SIGAP_ENCRYPTION_KEYS = [OLD_KEY]
    return tmp_path


def test_bytes_come_back_as_they_went_in(settings):
    settings.SIGAP_ENCRYPTION_KEYS = [OLD_KEY]
    token = crypto.encrypt_bytes(b"synthetic secret")
    assert b"synthetic secret" not in token
    assert crypto.decrypt_bytes(token) == b"synthetic secret"


def test_first_key_encrypts_and_every_key_decrypts(settings):
    settings.SIGAP_ENCRYPTION_KEYS = [OLD_KEY]
    old_token = crypto.encrypt_bytes(b"made with the old key")

    settings.SIGAP_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    new_token = crypto.encrypt_bytes(b"made with the new key")
    assert crypto.decrypt_bytes(old_token) == b"made with the old key"
    assert Fernet(NEW_KEY.encode()).decrypt(new_token) == b"made with the new key"
    assert crypto.is_current(new_token)
    assert not crypto.is_current(old_token)


def test_a_token_from_an_unknown_key_is_refused(settings):
    settings.SIGAP_ENCRYPTION_KEYS = [OLD_KEY]
    token = crypto.encrypt_bytes(b"x")
    settings.SIGAP_ENCRYPTION_KEYS = [NEW_KEY]
    with pytest.raises(InvalidToken):
        crypto.decrypt_bytes(token)


def test_no_key_configured_fails_loudly(settings):
    settings.SIGAP_ENCRYPTION_KEYS = []
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt_bytes(b"x")


def test_stored_object_is_ciphertext_on_disk_under_a_random_name(media):
    name = crypto.store_encrypted(b"%PDF-1.4 synthetic", folder="attachments")

    assert name.startswith("attachments/") and name.endswith(".bin")
    on_disk = (media / name).read_bytes()
    assert b"%PDF" not in on_disk
    assert crypto.read_encrypted(name) == b"%PDF-1.4 synthetic"


def test_two_stored_objects_get_different_names(media):
    first = crypto.store_encrypted(b"same", folder="attachments")
    assert crypto.store_encrypted(b"same", folder="attachments") != first


def test_deleting_a_stored_object_twice_is_harmless(media):
    name = crypto.store_encrypted(b"gone", folder="attachments")
    crypto.delete_encrypted(name)
    crypto.delete_encrypted(name)
    assert not default_storage.exists(name)


def test_reencrypting_writes_a_new_object_with_the_current_key_once(media, settings):
    name = crypto.store_encrypted(b"rotate me", folder="attachments")
    settings.SIGAP_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]

    new_name = crypto.reencrypt_stored(name)

    assert new_name is not None and new_name != name and new_name.startswith("attachments/")
    assert default_storage.exists(name), "the old object stays until the caller's record points elsewhere"
    assert Fernet(NEW_KEY.encode()).decrypt((media / new_name).read_bytes()) == b"rotate me"
    assert crypto.reencrypt_stored(new_name) is None
    settings.SIGAP_ENCRYPTION_KEYS = [NEW_KEY]
    assert crypto.read_encrypted(new_name) == b"rotate me"


def test_text_comes_back_and_a_token_from_an_unknown_key_names_what_failed_not_its_value(settings):
    settings.SIGAP_ENCRYPTION_KEYS = [OLD_KEY]
    token = crypto.encrypt_text("Jl. Sintetis 1")
    assert "Sintetis" not in token and crypto.decrypt_text(token) == "Jl. Sintetis 1"
    settings.SIGAP_ENCRYPTION_KEYS = [NEW_KEY]
    with pytest.raises(crypto.UndecryptableError, match=r"cases\.Person\.address_detail") as error:
        crypto.decrypt_text(token, label="A value of cases.Person.address_detail")
    assert "Sintetis" not in str(error.value)


def test_reencrypting_text_moves_it_to_the_current_key_once(settings):
    settings.SIGAP_ENCRYPTION_KEYS = [OLD_KEY]
    token = crypto.encrypt_text("rotate me")
    settings.SIGAP_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    rotated = crypto.reencrypt_text(token)
    assert rotated is not None and crypto.is_current_text(rotated)
    assert crypto.reencrypt_text(rotated) is None
    settings.SIGAP_ENCRYPTION_KEYS = [NEW_KEY]
    assert crypto.decrypt_text(rotated) == "rotate me"


def test_a_blind_index_is_a_keyed_hash_per_purpose_and_empty_for_nothing(settings):
    settings.SIGAP_BLIND_INDEX_KEY = "k" * 40
    first = crypto.blind_index("6281234567890", purpose="phone")
    assert first == crypto.blind_index("6281234567890", purpose="phone")
    assert len(first) == 64 and "6281234567890" not in first
    assert crypto.blind_index("6281234567890", purpose="nik") != first
    assert crypto.blind_index("", purpose="phone") == ""
    settings.SIGAP_BLIND_INDEX_KEY = "j" * 40
    assert crypto.blind_index("6281234567890", purpose="phone") != first
