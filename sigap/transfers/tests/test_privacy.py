"""Transfers under retention and in the client's person export."""

from __future__ import annotations

import pytest

from sigap.privacy.access import exported_cases
from sigap.privacy.actions import export_person
from sigap.privacy.retention import anonymise_case
from sigap.transfers import actions
from sigap.transfers.models import Transfer

pytestmark = pytest.mark.django_db


def test_the_clients_export_has_the_transfer_and_anonymising_blanks_its_reason(cast, case, receiver):
    actions.propose_transfer(case, actor=cast.caseworker, to_organisation=receiver.org, reason="Keluarga pindah.")
    person = case.victims.get().person
    data = export_person(person, actor=cast.caseworker, cases=exported_cases(cast.caseworker, person))
    (item,) = data["cases"][0]["transfers"]
    assert item["reason"] == "Keluarga pindah." and item["to"] == receiver.org.name

    anonymise_case(case)
    transfer = Transfer.objects.get()
    assert transfer.reason == "" and transfer.status == Transfer.Status.PROPOSED
