"""The whole demo, gathered from every app's ``demo`` module (the two ``seed_demo*`` commands call
these). Each app's seeder is safe to run twice; so are these."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from sigap.audit.actions import record
from sigap.cases.demo import demo_case_ids, demo_units, pace_deadlines, plan_cases, play, share_cases
from sigap.cases.models import Case
from sigap.conferences.demo import seed_conferences_demo
from sigap.consent.demo import seed_case_consent
from sigap.directory.demo import seed_directory
from sigap.forms.demo import seed_forms_demo
from sigap.learning.demo import seed_learning
from sigap.notifications.actions import muted
from sigap.notifications.demo import seed_notifications_demo
from sigap.online.demo import seed_online_demo
from sigap.organisations import demo as organisations_demo
from sigap.privacy.demo import seed_privacy_demo
from sigap.referrals.demo import seed_referral_demo
from sigap.statistics.demo import seed_statistics_demo
from sigap.statistics.demo_release import seed_data_request_demo
from sigap.transfers.demo import cases_registered_by, seed_transfers_demo
from sigap.wellbeing.demo import seed_wellbeing_demo

Write = Callable[[str], None]


def seed_demo(password: str) -> tuple[int, int]:
    """Demo organisations, accounts, services, learning and wellbeing check-ins; returns (organisations, accounts)."""
    organisations_demo.check_regions()
    with transaction.atomic():
        organisations, writes = organisations_demo.seed_organisations()
        users, user_writes = organisations_demo.seed_people(password)
        writes += user_writes
        writes += organisations_demo.seed_memberships(organisations, users)
        writes += seed_directory(organisations)
        writes += seed_learning(organisations, users)
        writes += seed_forms_demo()  # the national standard forms, before any case fills them
        writes += seed_wellbeing_demo()
        if writes:
            record(
                "core.seed_demo",
                actor_label="manage.py seed_demo",
                organisations=len(organisations),
                accounts=len(users),
                writes=writes,
            )
    return len(organisations), len(users)


def seed_demo_cases(total: int, write: Write) -> None:
    """About ``total`` demo cases through the verbs, then every app's demo records on them."""
    units = demo_units()
    if not units:
        raise ValueError("No demo organisation with caseworkers: run `manage.py seed_demo` first.")
    share_cases(units, max(total, 0))
    made = 0
    for unit in units:
        existing = len(demo_case_ids(cases_registered_by(unit.organisation)))
        plans = plan_cases(unit)
        for plan in plans[existing:]:
            # Months of simulated events at once: nobody is notified of them (see notifications.demo).
            with transaction.atomic(), muted():
                play(unit, plan, after_intake=seed_case_consent)
            made += 1
        write(f"  {unit.organisation.short_name}: {max(existing, len(plans))} demo cases")
    if made:
        record("cases.seed_demo_cases", actor_label="manage.py seed_demo_cases", cases=made)
    total_made = len(demo_case_ids(Case.objects.all()))
    write(f"Demo cases ready: {made} made now, {total_made} in all.")
    privacy = seed_privacy_demo()
    write(f"Data protection demo records (requests, breaches, break-glass): {privacy} made now.")
    # Transfers first: they move cases between units, and what the later seeders pick must not
    # change when the command runs again.
    with muted():  # demo records are not news: nobody gets a notification or an email for them
        transfers, conferences = seed_transfers_demo(), seed_conferences_demo()
        online = seed_online_demo()
        referrals = seed_referral_demo()
    write(f"Transfers and case conferences: {transfers} and {conferences} made now.")
    write(f"Online abuse demo cases (incidents, evidence, takedown requests): {online} made now.")
    write(f"Demo referrals (every status, across the referral network): {referrals} made now.")
    paced = pace_deadlines(Case.objects.all())
    write(f"Open deadlines spread around today (a few overdue, some due today, most later): {paced} cases.")
    notifications = seed_notifications_demo()
    write(f"Demo notifications: {notifications} made now.")
    months = seed_statistics_demo()
    write(f"Statistics: summary rows refreshed, {months} months verified now (the last two left unverified).")
    requests = seed_data_request_demo()
    write(f"Data requests between agencies (one waiting for the organisations): {requests} made now.")
