"""``manage.py verify_audit``: walk the audit and access-log hash chains; exit 1 at the first bad row."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sigap.audit.chain import verify
from sigap.audit.models import AccessLog, AuditEvent


class Command(BaseCommand):
    help = "Check that no audit event or access-log row was edited, deleted or reordered."

    def handle(self, *args: Any, **options: Any) -> None:
        failures = []
        for model in (AuditEvent, AccessLog):
            report = verify(model)
            if report.intact:
                self.stdout.write(f"{report.table}: {report.rows} rows, chain intact")
            else:
                failures.append(report)
                self.stderr.write(f"{report.table}: row id {report.bad_id} {report.problem}")
        if failures:
            first = failures[0]
            raise CommandError(f"Audit chain broken: {first.table} row id {first.bad_id} {first.problem}")
        self.stdout.write(self.style.SUCCESS("Audit chains intact."))
