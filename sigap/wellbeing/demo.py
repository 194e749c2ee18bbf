"""Synthetic wellbeing check-ins for a few demo workers: six of UPTD PPA Kota Bandung (so its team
figure shows) and one of UPTD PPA Kota Mataram (so its figure is hidden, fewer than five). Each
worker gets a few check-ins this quarter; Siti's (caseworker.bandung) latest is low, so her page
shows the help. Safe to run twice: a worker who already has check-ins gets none."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from sigap.accounts.models import User
from sigap.organisations.demo import EMAIL_DOMAIN
from sigap.wellbeing import actions
from sigap.wellbeing.models import CheckIn
from sigap.wellbeing.team import quarter_bounds

# login -> typical WHO-5 item value (0–5); the last check-in of caseworker.bandung is low.
WORKERS = {
    "caseworker.bandung": 3,
    "caseworker2.bandung": 4,
    "caseworker3.bandung": 3,
    "psychologist.bandung": 4,
    "legal.bandung": 3,
    "intake.bandung": 2,
    "caseworker.mataram": 3,
}
NOTES = ["Minggu yang padat, tapi tim saling membantu (sintetis).", "Perlu istirahat akhir pekan (sintetis).", ""]


def seed_wellbeing_demo() -> int:
    """The check-ins made now (0 on a re-run)."""
    rng = random.Random(16)  # noqa: S311 - synthetic demo values, not security
    now = timezone.now()
    quarter_start, _end = quarter_bounds(timezone.localdate())
    room = max((timezone.localdate() - quarter_start).days, 0)
    made = 0
    users = User.objects.filter(email__in=[f"{login}@{EMAIL_DOMAIN}" for login in WORKERS])
    for user in users:
        if CheckIn.objects.filter(user=user).exists():
            continue
        typical = WORKERS[user.email.split("@")[0]]
        for n in range(3, -1, -1):  # four check-ins, the oldest first, a week apart within the quarter
            value = max(0, min(5, typical + rng.choice([-1, 0, 0, 1])))
            if n == 0 and user.email.startswith("caseworker.bandung@"):
                value = 2  # 40: low, the help shows
            answers = {f"who5_{i}": value for i in range(1, 6)}
            answers.update(sleep=rng.randint(0, 3), support=rng.randint(1, 3), hard_moments=rng.randint(0, 3))
            checkin = actions.record_checkin(actor=user, answers=answers, note=rng.choice(NOTES), in_team_figure=True)
            CheckIn.objects.filter(pk=checkin.pk).update(created_at=now - timedelta(days=min(7 * n, room)))
            made += 1
    return made
