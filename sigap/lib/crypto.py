"""Encryption at rest with the keys in ``SIGAP_ENCRYPTION_KEYS``.

The first key encrypts; every key decrypts (``MultiFernet``), so a new key can be put in front and
the old ones kept until everything has been re-encrypted (docs/deploy.md, "Key rotation").

Text fields are encrypted by :class:`sigap.lib.fields.EncryptedTextField`, which stores the Fernet
token as text. Exact lookup of an encrypted value (NIK, phone) goes through a *blind index*: a keyed
HMAC-SHA256 of the normalised value (:func:`blind_index`) under ``SIGAP_BLIND_INDEX_KEY``, a key of
its own that does not rotate with the encryption keys (an index made with an old key would no longer
find anything).

Encrypted files go to the default storage under a random name that says nothing about the content.
Re-encryption writes a new object and returns its name: the caller points its record at the new
name and deletes the old object only after that change is committed, so a crash never leaves a
record pointing at nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from sigap.lib.storage import save_new

__all__ = [
    "InvalidToken",
    "UndecryptableError",
    "blind_index",
    "decrypt_bytes",
    "decrypt_text",
    "delete_encrypted",
    "encrypt_bytes",
    "encrypt_text",
    "is_current",
    "is_current_text",
    "read_encrypted",
    "reencrypt_stored",
    "reencrypt_text",
    "store_encrypted",
    "stored_is_current",
]


class UndecryptableError(ImproperlyConfigured):
    """A stored value that no configured key can decrypt: the key that encrypted it is missing."""

    @classmethod
    def about(cls, label: str) -> UndecryptableError:
        return cls(
            f"{label} cannot be decrypted with any key in SIGAP_ENCRYPTION_KEYS: the key that encrypted it "
            'is missing or the stored value is damaged (docs/deploy.md, "Key rotation")'
        )


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


def encrypt_text(value: str) -> str:
    """A Fernet token (URL-safe base64 text) of ``value``, made with the current key."""
    return encrypt_bytes(value.encode("utf-8")).decode("ascii")


def decrypt_text(token: str, *, label: str = "a value") -> str:
    """The text back from a token; :class:`UndecryptableError` naming ``label`` (never the value)
    when no configured key made it."""
    try:
        return decrypt_bytes(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as exc:
        raise UndecryptableError.about(label) from exc


def is_current_text(token: str) -> bool:
    return is_current(token.encode("ascii"))


def reencrypt_text(token: str, *, label: str = "a value") -> str | None:
    """The token re-encrypted with the current key, or None when it already uses it."""
    raw = token.encode("ascii")
    if is_current(raw):
        return None
    try:
        return _keys()[0].rotate(raw).decode("ascii")
    except (InvalidToken, UnicodeError) as exc:
        raise UndecryptableError.about(label) from exc


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed HMAC-SHA256 (64 hex digits) of an already normalised value, for exact lookup of an
    encrypted one; "" for an empty value. ``purpose`` ("nik", "phone") separates the kinds, so the
    same digits as a NIK and as a phone number give different indexes."""
    if not value:
        return ""
    key = settings.SIGAP_BLIND_INDEX_KEY
    if not key:
        raise ImproperlyConfigured("SIGAP_BLIND_INDEX_KEY is empty: encrypted values cannot be looked up")
    message = f"{purpose}\x00{value}".encode()
    return hmac.new(key.encode("utf-8"), message, hashlib.sha256).hexdigest()


def store_encrypted(data: bytes, *, folder: str) -> str:
    """Encrypt ``data`` and save it under a random name in ``folder``; return the storage name."""
    name = f"{folder.strip('/')}/{uuid.uuid4().hex}.bin"
    return save_new(name, ContentFile(encrypt_bytes(data)))


def read_encrypted(name: str) -> bytes:
    """Read a stored object back and decrypt it."""
    with default_storage.open(name, "rb") as handle:
        token = handle.read()
    return decrypt_bytes(token)


def delete_encrypted(name: str) -> None:
    """Delete a stored object; a missing one is not an error (cleanup may run twice)."""
    if name:
        default_storage.delete(name)


def stored_is_current(name: str) -> bool:
    """Whether a stored object is encrypted with the current key (read-only: for a dry run)."""
    with default_storage.open(name, "rb") as handle:
        return is_current(handle.read())


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
    return save_new(new_name, ContentFile(rotated))
