"""seed_demo gives a few demo workers synthetic check-ins: Bandung's team figure shows, Mataram's is
hidden, Siti's latest is low; a re-run adds none."""

from __future__ import annotations

import pytest

from sigap.cases.tests.fixtures import demo  # noqa: F401 (pytest fixture, used by name)
from sigap.organisations.models import Organisation
from sigap.wellbeing.demo import seed_wellbeing_demo
from sigap.wellbeing.models import CheckIn
from sigap.wellbeing.team import team_figure

pytestmark = pytest.mark.django_db


def test_the_demo_shows_one_team_figure_and_hides_another(demo):  # noqa: F811
    assert CheckIn.objects.count() == 28
    bandung = Organisation.objects.get(short_name__icontains="Bandung", kind__startswith="uptd")
    shown = [org for org in Organisation.objects.all() if team_figure(org).shown]
    assert shown == [bandung]
    mataram = CheckIn.objects.filter(user__email__startswith="caseworker.mataram@").first()
    assert mataram is not None and not team_figure(mataram.organisation).shown
    latest = CheckIn.objects.filter(user__email__startswith="caseworker.bandung@").order_by("-created_at").first()
    assert latest is not None and latest.level == "low"
    assert seed_wellbeing_demo() == 0
