"""``manage.py seed_demo``: demo organisations across three time zones and one account per role, all
synthetic (:mod:`sigap.organisations.demo`), with the directory's services and the learning records.

Safe to run again: it finds what an earlier run made and only fills in what is missing or changed.
Refused when ``DEMO_MODE`` is off (production), because every demo account shares one published
password.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sigap.home.demo import seed_demo
from sigap.organisations.demo import ORGANISATIONS, PEOPLE, demo_password
from sigap.organisations.roles import Role


class Command(BaseCommand):
    help = (
        "Create demo organisations and one demo account per role (synthetic data), then print the logins. "
        "Safe to run twice. Needs regions (run load_regions first); refused in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password", default="", help="Password for every demo account (default: SIGAP_DEMO_PASSWORD)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError(
                "seed_demo refuses to run because DEMO_MODE is off (SIGAP_ENV=production): "
                "demo accounts share a published password and must never exist in production."
            )
        password = options["password"].strip() or demo_password()
        seed_demo(password)
        self.print_logins(password)

    def print_logins(self, password: str) -> None:
        org_names = {o.key: o.short_name for o in ORGANISATIONS}
        rows = [
            (
                p.email,
                str(Role(p.role).label) if p.role else "Learner (no organisation)",
                org_names[p.organisation] if p.organisation else "-",
            )
            for p in PEOPLE
        ]
        header = ("Email", "Role", "Organisation")
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
        line = "  ".join("-" * w for w in widths)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready: {len(ORGANISATIONS)} organisations, {len(PEOPLE)} accounts.")
        )
        self.stdout.write("")
        self.stdout.write("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip())
        self.stdout.write(line)
        for row in rows:
            self.stdout.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        self.stdout.write("")
        self.stdout.write(f"Password for every demo account: {password}")
        self.stdout.write(f"{PEOPLE[0].email} is also a Django superuser (/admin/).")
