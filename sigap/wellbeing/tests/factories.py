"""Check-ins for tests (through the verb, as a worker would make them)."""

from __future__ import annotations

from typing import Any

from sigap.wellbeing import actions

NOTE = "Catatan pribadi sintetis yang tidak boleh bocor"


def answers(who5_value: int = 3, sleep: int = 2, support: int = 2, hard_moments: int = 1) -> dict[str, int]:
    values = {f"who5_{n}": who5_value for n in range(1, 6)}
    return {**values, "sleep": sleep, "support": support, "hard_moments": hard_moments}


def a_checkin(user: Any, who5_value: int = 3, note: str = NOTE, in_team_figure: bool = False) -> Any:
    return actions.record_checkin(actor=user, answers=answers(who5_value), note=note, in_team_figure=in_team_figure)
