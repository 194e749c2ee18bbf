"""Case conferences under retention and in the client's person export."""

from __future__ import annotations

import pytest

from sigap.conferences import actions
from sigap.conferences.models import Conference, Invitation
from sigap.privacy.access import exported_cases
from sigap.privacy.actions import export_person
from sigap.privacy.retention import anonymise_case

pytestmark = pytest.mark.django_db


def test_the_clients_export_has_the_minutes_and_anonymising_blanks_them(cast, case, conference):
    actions.record_minutes(conference, actor=cast.caseworker, minutes="Notulen sintetis.", decisions="Rujuk ke LBH.")
    actions.invite(conference, actor=cast.caseworker, name="Bu RT Contoh", outside_organisation="RT 03")
    person = case.victims.get().person
    data = export_person(person, actor=cast.caseworker, cases=exported_cases(cast.caseworker, person))
    (item,) = data["cases"][0]["conferences"]
    assert (item["minutes"], item["decisions"]) == ("Notulen sintetis.", "Rujuk ke LBH.")

    anonymise_case(case)
    conference = Conference.objects.get()
    assert (conference.agenda, conference.minutes, conference.decisions) == ("", "", "")
    assert not Invitation.objects.exclude(name="").exists()
    assert conference.status == "held"
