"""The consent line of the case's overview card, from what the consent section loaded."""

from __future__ import annotations

from types import SimpleNamespace

from sigap.consent.views import consent_status


def consent(*, current: bool = True, withdrawn: bool = False) -> SimpleNamespace:
    return SimpleNamespace(in_force=current and not withdrawn, is_withdrawn=withdrawn)


def test_every_client_with_consent_in_force_is_in_force():
    assert consent_status([("a", consent()), ("b", consent())]) == {"state": "in_force", "lacking": 0, "clients": 2}


def test_a_client_without_consent_makes_it_missing_and_says_how_many():
    assert consent_status([("a", consent()), ("b", None)]) == {"state": "missing", "lacking": 1, "clients": 2}


def test_a_withdrawal_shows_as_withdrawn():
    assert consent_status([("a", consent(withdrawn=True))]) == {"state": "withdrawn", "lacking": 1, "clients": 1}


def test_a_case_without_clients_has_no_consent():
    assert consent_status([])["state"] == "missing"
