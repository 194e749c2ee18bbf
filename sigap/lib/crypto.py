"""Encryption at rest with the keys in ``SIGAP_ENCRYPTION_KEYS``.

The first key encrypts; every key decrypts (``MultiFernet``), so a new key can be put in front and
the old ones kept until everything has been re-encrypted (docs/deploy.md, "Key rotation").

Encrypted files go to the default storage under a random name that says nothing about the content.
Re-encryption writes a new object and returns its name: the caller points its record at the new
name and deletes the old object only after that change is committed, so a crash never leaves a
record pointing at nothing.
"""

from __future__ import annotations

import uuid
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

__all__ = [
    "InvalidToken",
    "decrypt_bytes",
    "delete_encrypted",
    "encrypt_bytes",
    "is_current",
    "read_encrypted",
    "reencrypt_stored",
    "store_encrypted",
]


@lru_cache(maxsize=4)
def _fernets(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    if not keys:
        raise ImproperlyConfigured("SIGAP_ENCRYPTION_KEYS is empty: nothing can be encrypted")
    fernets = [Fernet(key.encode()) for key in keys]
    return MultiFernet(fernets), fernets[0]


def _keys() -> tuple[MultiFernet, Fernet]:
    # Keyed on the setting's value, so tests that override the keys get matching ciphers.
    return _fernets(tuple(settings.SIGAP_ENCRYPTION_KEYS))


def encrypt_bytes(data: bytes) -> bytes:
    """Encrypt with the first (current) key."""
    return _keys()[0].encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    """Decrypt with whichever configured key made the token; ``InvalidToken`` if none did."""
    return _keys()[0].decrypt(token)


def is_current(token: bytes) -> bool:
    """Whether the token was made with the current key (nothing to rotate)."""
    try:
        _keys()[1].decrypt(token)
    except InvalidToken:
        return False
    return True


def store_encrypted(data: bytes, *, folder: str) -> str:
    """Encrypt ``data`` and save it under a random name in ``folder``; return the storage name."""
    name = f"{folder.strip('/')}/{uuid.uuid4().hex}.bin"
    return default_storage.save(name, ContentFile(encrypt_bytes(data)))


def read_encrypted(name: str) -> bytes:
    """Read a stored object back and decrypt it."""
    with default_storage.open(name, "rb") as handle:
        token = handle.read()
    return decrypt_bytes(token)


def delete_encrypted(name: str) -> None:
    """Delete a stored object; a missing one is not an error (cleanup may run twice)."""
    if name:
        default_storage.delete(name)


def reencrypt_stored(name: str) -> str | None:
    """Re-encrypt one stored object with the current key.

    Returns the name of the new object, or None when it already uses the current key (so running a
    rotation twice does nothing the second time). The old object is left in place for the caller to
    delete once its record points at the new name.
    """
    with default_storage.open(name, "rb") as handle:
        token = handle.read()
    if is_current(token):
        return None
    multi = _keys()[0]
    rotated = multi.rotate(token)
    folder = name.rsplit("/", 1)[0] if "/" in name else ""
    new_name = f"{folder}/{uuid.uuid4().hex}.bin" if folder else f"{uuid.uuid4().hex}.bin"
    return default_storage.save(new_name, ContentFile(rotated))
