"""``manage.py rotate_keys``: re-encrypt everything still under an older key (docs/deploy.md, "Key rotation").

Every encrypted field of every model (``sigap.lib.fields.EncryptedTextField``) and every attachment
file is rewritten with the first key of ``SIGAP_ENCRYPTION_KEYS``, a batch of rows at a time. What
already uses the current key is left alone, so the command may be stopped and run again. Afterwards
the older keys can be removed (once no backup that is kept still needs them).

``--blind-indexes`` recomputes the NIK and phone blind indexes instead, after ``SIGAP_BLIND_INDEX_KEY``
was changed. ``--dry-run`` only counts.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser

from sigap.audit.actions import record
from sigap.cases.actions.records import reencrypt_attachment
from sigap.cases.models import Attachment, Person
from sigap.cases.models.persons import index_of_nik, index_of_phone
from sigap.history.actions import reencrypt_history
from sigap.history.models import FieldChange
from sigap.lib import crypto
from sigap.lib.fields import BATCH_SIZE, RawRow, encrypted_fields, rewrite_stored


def _rotate(label: str) -> Any:
    def rewrite(stored: RawRow) -> dict[str, str]:
        changes = {}
        for name, token in stored.items():
            new = crypto.reencrypt_text(token, label=f"A value of {label}.{name}") if token else None
            if new is not None:
                changes[name] = new
        return changes

    return rewrite


def _reindex(stored: RawRow) -> dict[str, str]:
    label = Person._meta.label
    nik = crypto.decrypt_text(stored["nik"], label=f"A value of {label}.nik") if stored["nik"] else ""
    phone = crypto.decrypt_text(stored["phone"], label=f"A value of {label}.phone") if stored["phone"] else ""
    wanted = {"nik_index": index_of_nik(nik), "phone_index": index_of_phone(phone)}
    return {name: value for name, value in wanted.items() if stored[name] != value}


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field and attachment still under an older key (--dry-run only counts)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count what would change; write nothing.")
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE, help=f"Rows per batch (default {BATCH_SIZE})."
        )
        parser.add_argument(
            "--blind-indexes",
            action="store_true",
            help="Recompute the NIK and phone blind indexes (after changing SIGAP_BLIND_INDEX_KEY) instead.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run, batch = options["dry_run"], max(1, options["batch_size"])
        verb = "to rewrite" if dry_run else "rewritten"
        changed: dict[str, int] = {}
        if options["blind_indexes"]:
            read, changed[Person._meta.label] = rewrite_stored(
                Person, ["nik", "phone", "nik_index", "phone_index"], _reindex, batch_size=batch, dry_run=dry_run
            )
            self.stdout.write(
                f"{Person._meta.label}: {read} rows read, {changed[Person._meta.label]} blind indexes {verb}"
            )
        else:
            changed.update(self._fields(dry_run, batch, verb))
            changed["attachment files"] = self._attachments(dry_run, batch, verb)
            changed["field history"] = self._history(dry_run, batch, verb)
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written."))
            return
        verb_name = "cases.blind_indexes_rebuilt" if options["blind_indexes"] else "cases.keys_rotated"
        record(verb_name, actor_label="manage.py rotate_keys", rewritten=changed)
        self.stdout.write(self.style.SUCCESS("Done."))

    def _fields(self, dry_run: bool, batch: int, verb: str) -> dict[str, int]:
        changed = {}
        for model in apps.get_models():
            fields = encrypted_fields(model)
            if not fields:
                continue
            label = model._meta.label
            read, changed[label] = rewrite_stored(model, fields, _rotate(label), batch_size=batch, dry_run=dry_run)
            self.stdout.write(f"{label} ({', '.join(fields)}): {read} rows read, {changed[label]} {verb}")
        return changed

    def _history(self, dry_run: bool, batch: int, verb: str) -> int:
        """The change history keeps old and new values of encrypted fields encrypted too."""
        encrypted = FieldChange.objects.filter(encrypted=True)
        if dry_run:
            stale = sum(
                1
                for old, new in encrypted.values_list("old_value", "new_value").iterator(chunk_size=batch)
                if not all(crypto.is_current(value.encode("ascii")) for value in (old, new) if value)
            )
            self.stdout.write(f"Field history: {stale} changes {verb}")
            return stale
        rewritten = reencrypt_history(batch_size=batch)
        self.stdout.write(f"Field history: {rewritten} changes {verb}")
        return rewritten

    def _attachments(self, dry_run: bool, batch: int, verb: str) -> int:
        read = changed = missing = 0
        last: Any = None
        while True:
            rows = Attachment.objects.filter(destroyed_at__isnull=True).order_by("pk").only("pk", "storage_name")
            if last is not None:
                rows = rows.filter(pk__gt=last)
            attachments = list(rows[:batch])
            if not attachments:
                break
            for attachment in attachments:
                read += 1
                try:
                    if dry_run:
                        changed += not crypto.stored_is_current(attachment.storage_name)
                    else:
                        changed += reencrypt_attachment(attachment)
                except FileNotFoundError:
                    missing += 1
                    self.stderr.write(f"Attachment {attachment.pk}: its file {attachment.storage_name} is missing")
            last = attachments[-1].pk
        self.stdout.write(f"Attachment files: {read} read, {changed} {verb}, {missing} missing")
        return changed
