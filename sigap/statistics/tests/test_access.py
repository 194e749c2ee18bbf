"""Who sees which figures (sigap.statistics.access)."""

from __future__ import annotations

import pytest
from django.http import Http404

from sigap.organisations.models import OrganisationKind
from sigap.statistics.access import scope_for, statistics_scopes
from sigap.statistics.tests.factories import regional_office

pytestmark = pytest.mark.django_db


def test_own_staff_with_the_aggregates_capability_see_their_figures_exactly(cast):
    for user in (cast.supervisor, cast.org_admin, cast.data_officer):
        scope = scope_for(user, organisation_id=cast.org.pk)
        assert scope.exact and scope.organisation_id == cast.org.pk and not scope.verified_only


def test_a_caseworker_sees_no_figures_and_nobody_sees_another_organisations_exactly(cast):
    with pytest.raises(Http404):
        scope_for(cast.caseworker, organisation_id=cast.org.pk)
    with pytest.raises(Http404):
        scope_for(cast.supervisor, organisation_id=cast.other_org.pk)
    assert statistics_scopes(cast.caseworker) == []


def test_a_data_officer_of_a_uptd_sees_no_region(cast):
    for region in ("", "32", "32.73"):
        with pytest.raises(Http404):
            scope_for(cast.data_officer, region=region)


def test_a_regency_data_officer_sees_the_regency_and_its_organisations_suppressed(cast, regions):
    officer = regional_office("Dinas PPPA Kota Bandung", province=regions["jabar"], regency=regions["bandung"])
    scope = scope_for(officer, region="32.73")
    assert scope.regency == "32.73" and not scope.exact and scope.verified_only
    org_scope = scope_for(officer, organisation_id=cast.org.pk)
    assert org_scope.organisation_id == cast.org.pk and not org_scope.exact
    for region in ("", "32", "52.71", "52"):
        with pytest.raises(Http404):
            scope_for(officer, region=region)
    with pytest.raises(Http404):
        scope_for(officer, organisation_id=cast.other_org.pk)


def test_a_province_data_officer_sees_the_province_and_its_regencies(cast, regions):
    officer = regional_office("Dinas PPPA Jawa Barat", province=regions["jabar"])
    assert scope_for(officer, region="32").province == "32"
    assert scope_for(officer, region="32.73").regency == "32.73"
    assert not scope_for(officer, organisation_id=cast.org.pk).exact
    for region in ("", "52", "52.71"):
        with pytest.raises(Http404):
            scope_for(officer, region=region)


def test_the_ministry_data_officer_sees_the_nation(cast, regions):
    officer = regional_office("KemenPPPA", province=regions["jabar"], kind=OrganisationKind.MINISTRY)
    assert scope_for(officer, region="").level == "nation"
    assert scope_for(officer, region="52.71").regency == "52.71"
    assert not scope_for(officer, organisation_id=cast.other_org.pk).exact


def test_a_bad_organisation_id_is_a_404(cast):
    with pytest.raises(Http404):
        scope_for(cast.supervisor, organisation_id="not-a-uuid")
