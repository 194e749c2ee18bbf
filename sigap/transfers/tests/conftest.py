"""Transfer fixtures: the cast's child case (with a mother as guardian and an alleged perpetrator),
consent to transfer it to the cast's other organisation, and people there who decide and take over."""

from __future__ import annotations

from sigap.transfers.tests.fixtures import case, in_english, mother, receiver, third_org, third_supervisor  # noqa: F401 (fixtures)
