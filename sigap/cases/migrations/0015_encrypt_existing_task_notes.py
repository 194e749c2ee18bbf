"""Encrypt the notes of done deadlines already stored in plain text (as 0010 did for the other case
fields).

Rows are rewritten 1,000 at a time, each batch in its own transaction (the migration is not atomic):
a run that stops half-way keeps what it did, and running it again skips what is already encrypted.
Reversing it decrypts them again (before 0014 is reversed to a plain text column).
"""

from typing import Any

from django.db import migrations

from sigap.lib import crypto
from sigap.lib.fields import rewrite_stored

# Every Fernet token starts like this (version byte and the high bytes of its timestamp).
TOKEN_PREFIX = "gAAAAA"  # noqa: S105 - not a password
FIELDS = ["note"]


def _encrypt_row(stored: dict[str, Any]) -> dict[str, Any]:
    return {
        name: crypto.encrypt_text(stored[name])
        for name in FIELDS
        if stored[name] and not stored[name].startswith(TOKEN_PREFIX)
    }


def _decrypt_row(stored: dict[str, Any]) -> dict[str, Any]:
    """A value that looks like a token but no key opens is refused (UndecryptableError)."""
    return {
        name: crypto.decrypt_text(stored[name], label="A stored value")
        for name in FIELDS
        if stored[name] and stored[name].startswith(TOKEN_PREFIX)
    }


def encrypt(apps: Any, schema_editor: Any) -> None:
    rewrite_stored(apps.get_model("cases", "CaseTask"), FIELDS, _encrypt_row, using=schema_editor.connection.alias)


def decrypt(apps: Any, schema_editor: Any) -> None:
    rewrite_stored(apps.get_model("cases", "CaseTask"), FIELDS, _decrypt_row, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0014_encrypt_task_note_field"),
    ]

    operations = [migrations.RunPython(encrypt, decrypt, elidable=False)]
