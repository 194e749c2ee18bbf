"""The WHO-5 Well-Being Index and Sigap's own work-strain items: questions, choices and scoring.

WHO-5 Well-Being Index, © World Health Organization, public domain (credited on the page). Five
items about the last two weeks, each 0–5; the raw score (0–25) × 4 is the percentage. WHO-5
guidance treats a percentage of 50 or below as low and 28 or below as very low: a reason to talk
to someone, never a diagnosis.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

WHO5_ITEMS: list[tuple[str, Promise]] = [
    ("who5_1", _("I have felt cheerful and in good spirits")),
    ("who5_2", _("I have felt calm and relaxed")),
    ("who5_3", _("I have felt active and vigorous")),
    ("who5_4", _("I woke up feeling fresh and rested")),
    ("who5_5", _("My daily life has been filled with things that interest me")),
]

WHO5_CHOICES: list[tuple[int, Promise]] = [
    (5, _("All of the time")),
    (4, _("Most of the time")),
    (3, _("More than half of the time")),
    (2, _("Less than half of the time")),
    (1, _("Some of the time")),
    (0, _("At no time")),
]

# Our own items on work strain (not part of WHO-5, not in its score).
STRAIN_ITEMS: list[tuple[str, Promise, list[tuple[int, Promise]]]] = [
    (
        "sleep",
        _("How have you slept this week?"),
        [(3, _("Well")), (2, _("Fairly well")), (1, _("Poorly")), (0, _("Very poorly"))],
    ),
    (
        "support",
        _("Have you felt supported at work this week?"),
        [(3, _("Yes, a lot")), (2, _("Somewhat")), (1, _("A little")), (0, _("Not at all"))],
    ),
    (
        "hard_moments",
        _("How many hard moments at work did you have this week?"),
        [(0, _("None")), (1, _("One or two")), (2, _("Several")), (3, _("Many"))],
    ),
]

LOW = 50
VERY_LOW = 28


def percentage(answers: dict[str, int]) -> int:
    """The WHO-5 percentage (0–100): the five items' raw sum × 4."""
    return sum(int(answers[key]) for key, _label in WHO5_ITEMS) * 4


def level(score: int) -> str:
    if score <= VERY_LOW:
        return "very_low"
    if score <= LOW:
        return "low"
    return "good"


MEANINGS: dict[str, Promise] = {
    "good": _(
        "Your answers suggest your wellbeing has been fairly good over the last two weeks. Keep doing what helps you."
    ),
    "low": _(
        "Your answers suggest your wellbeing has been low over the last two weeks. This is common in "
        "hard work like ours. It may help to talk to someone you trust."
    ),
    "very_low": _(
        "Your answers suggest your wellbeing has been very low over the last two weeks. Please talk to "
        "someone soon: your supervisor, a counsellor, or someone you trust. This is not a diagnosis."
    ),
}
