"""Encrypt the personal data already stored in plain text and fill the blind indexes.

Rows are rewritten 1,000 at a time, each batch in its own transaction (the migration is not atomic):
a run that stops half-way keeps what it did, and running it again skips what is already encrypted.
Reversing it decrypts everything again and refills the plain-text phone column (which reversing
0011 brings back empty).
"""

from typing import Any

from django.db import migrations

from sigap.lib import crypto
from sigap.lib.fields import rewrite_stored
from sigap.lib.nik import normalise_nik
from sigap.lib.text import normalise_phone

# Every Fernet token starts like this (version byte and the high bytes of its timestamp).
TOKEN_PREFIX = "gAAAAA"  # noqa: S105 - not a password

ENCRYPTED = {
    "Person": ["nik", "phone", "address_detail"],
    "Case": ["intake_narrative", "risk_reason"],
    "Note": ["body"],
    "Assessment": ["summary", "risk_reason"],
    "AssessmentEntry": ["findings", "needs"],
}


def plain(value: str | None) -> str:
    """The plain text of a stored value, whether it is encrypted yet or not.

    A value that looks like a token but no key opens is refused (UndecryptableError) rather than
    encrypted a second time: the key that made it is missing from SIGAP_ENCRYPTION_KEYS.
    """
    if not value:
        return ""
    if value.startswith(TOKEN_PREFIX):
        return crypto.decrypt_text(value, label="A stored value")
    return value


def encrypt_changes(stored: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """Encrypt what is still plain text."""
    return {
        name: crypto.encrypt_text(stored[name])
        for name in fields
        if stored[name] and not stored[name].startswith(TOKEN_PREFIX)
    }


def decrypt_changes(stored: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """Decrypt what is encrypted."""
    return {name: plain(stored[name]) for name in fields if stored[name] and stored[name].startswith(TOKEN_PREFIX)}


def person_indexes(stored: dict[str, Any]) -> dict[str, str]:
    """Forwards: the blind indexes filled, the plain-text phone copy emptied."""
    return {
        "nik_index": crypto.blind_index(normalise_nik(plain(stored["nik"])), purpose="nik"),
        "phone_index": crypto.blind_index(normalise_phone(plain(stored["phone"])), purpose="phone"),
        "phone_normalised": "",
    }


def person_plain_phone(stored: dict[str, Any]) -> dict[str, str]:
    """Backwards: the plain-text phone copy refilled."""
    return {"phone_normalised": normalise_phone(plain(stored["phone"]))}


def rewrite_all(apps: Any, schema_editor: Any, change: Any, person_columns: Any, derived: list[str]) -> None:
    """Apply ``change`` to every encrypted field; on persons also set the ``derived`` columns."""
    using = schema_editor.connection.alias
    for model_name, fields in ENCRYPTED.items():
        extra = derived if model_name == "Person" else []

        def rewrite(stored: dict[str, Any], fields: list[str] = fields, extra: list[str] = extra) -> dict[str, Any]:
            changes = change(stored, fields)
            if extra:
                changes.update({k: v for k, v in person_columns(stored).items() if (stored[k] or "") != v})
            return changes

        rewrite_stored(apps.get_model("cases", model_name), [*fields, *extra], rewrite, using=using)


def encrypt(apps: Any, schema_editor: Any) -> None:
    rewrite_all(apps, schema_editor, encrypt_changes, person_indexes, ["nik_index", "phone_index", "phone_normalised"])


def decrypt(apps: Any, schema_editor: Any) -> None:
    rewrite_all(apps, schema_editor, decrypt_changes, person_plain_phone, ["phone_normalised"])


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0009_encrypted_fields_and_blind_indexes"),
    ]

    operations = [migrations.RunPython(encrypt, decrypt, elidable=False)]
