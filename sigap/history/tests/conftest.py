"""The case fixtures of the cases app (one open case of each organisation), reused here."""

from sigap.cases.tests.fixtures import case, other_case

__all__ = ["case", "other_case"]
