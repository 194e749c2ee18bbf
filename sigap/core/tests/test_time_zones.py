from datetime import UTC, datetime

import pytest
from django.template import Context, Template

from sigap.lib.timezones import WIB, WIT, WITA, zone_for_province
from sigap.organisations.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("province", "zone"),
    [
        ("11", WIB),
        ("31", WIB),
        ("36", WIB),
        ("61", WIB),
        ("62", WIB),
        ("51", WITA),
        ("52", WITA),
        ("63", WITA),
        ("64", WITA),
        ("73", WITA),
        ("76", WITA),
        ("81", WIT),
        ("82", WIT),
        ("91", WIT),
        ("96", WIT),
    ],
)
def test_zone_follows_the_province_code(province, zone):
    assert zone_for_province(province) == zone


def test_organisation_time_zone_is_derived_from_its_province(cast, regions):
    papua = Organisation.objects.create(name="Unit Papua", kind=OrganisationKind.NGO, province=regions["papua"])
    assert cast.org.time_zone == WIB
    assert cast.other_org.time_zone == WITA
    assert papua.time_zone == WIT
    assert papua.time_zone_label == "WIT"


def test_times_are_shown_in_the_zone_of_the_organisation(cast):
    moment = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    rendered = Template("{% load sigap_time %}{{ t|in_zone_of:org }}").render(
        Context({"t": moment, "org": cast.other_org})
    )
    assert "11:04" in rendered or "11.04" in rendered
    assert rendered.endswith("WITA")


def test_requests_use_the_zone_of_the_users_organisation(rf, cast):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse
    from django.utils import timezone

    from sigap.core.middleware import OrganisationTimeZoneMiddleware

    seen = []

    def view(request):
        seen.append(timezone.get_current_timezone_name())
        return HttpResponse()

    middleware = OrganisationTimeZoneMiddleware(view)
    for user in (cast.other_caseworker, cast.caseworker, AnonymousUser()):
        request = rf.get("/")
        request.user = user
        middleware(request)
    assert seen == [WITA, WIB, "Asia/Jakarta"]
