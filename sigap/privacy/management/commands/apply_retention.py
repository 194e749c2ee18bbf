"""Apply the retention rules, one record type after another: ``manage.py apply_retention [--dry-run]``.

The rules are the table :data:`sigap.privacy.retention.RULES` (closed cases, answered data subjects'
requests, sign-in records). Run it daily (cron or a systemd timer). It is idempotent: a second run
finds nothing to do. ``--dry-run`` counts what would change and changes nothing. The output holds
one line per rule with counts only (and case numbers with ``-v 2``), never a name.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sigap.privacy.retention import RuleOutcome, apply_rules, due_cases


def describe(outcome: RuleOutcome, dry_run: bool) -> str:
    rule, counts = outcome.rule, outcome.counts
    head = f"{rule.record_type}: retention {rule.period} {rule.unit} {rule.after}"
    if rule.key == "closed_cases":
        verb = "would anonymise" if dry_run else "anonymised"
        return f"{head}: {verb} {counts['cases']} case(s) and {counts['persons']} person(s)."
    if rule.key == "subject_requests":
        verb = "would clear" if dry_run else "cleared"
        return f"{head}: {verb} {counts['requests']} request(s) (requester, free text, person link)."
    verb = "would delete" if dry_run else "deleted"
    parts = ", ".join(f"{n} {name}" for name, n in counts.items())
    return f"{head}: {verb} {outcome.changed} record(s) ({parts})."


class Command(BaseCommand):
    help = (
        "Apply retention per record type: anonymise closed cases, clear answered subject requests, "
        "delete old sign-in records (periods from the SIGAP_RETENTION_* settings)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count what would change; change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        # The case numbers are listed before the run: afterwards the cases are no longer due.
        numbers = list(due_cases().values_list("number", flat=True)) if options["verbosity"] > 1 else []
        for outcome in apply_rules(dry_run=dry_run):
            self.stdout.write(describe(outcome, dry_run))
            if outcome.rule.key == "closed_cases":
                for number in numbers:
                    self.stdout.write(f"  {number}")
