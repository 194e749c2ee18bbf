import re

import pytest
from django import forms
from django.http import QueryDict

from sigap.lib.forms import BootstrapMixin
from sigap.regions.forms import RegionField, RegionFormMixin
from sigap.regions.models import Village

pytestmark = pytest.mark.django_db


class AddressForm(BootstrapMixin, RegionFormMixin, forms.Form):
    note = forms.CharField(label="Note")
    village = RegionField(label="Village", level="village")


class AreaForm(forms.Form):
    area = RegionField(label="Area", level="regency", min_level="province", required=False)


def data(**values):
    query = QueryDict(mutable=True)
    for key, value in values.items():
        query[key] = value
    return query


def test_a_complete_choice_cleans_to_the_village_with_its_path(tree):
    form = AddressForm(
        data(
            note="x",
            village_province="32",
            village_regency="32.73",
            village_district="32.73.07",
            village_village="32.73.07.1003",
        )
    )
    assert form.is_valid(), form.errors
    village = form.cleaned_data["village"]
    assert isinstance(village, Village)
    assert village.path == "Sukawarna, Sukajadi, Kota Bandung, Jawa Barat"


def test_stopping_above_the_required_level_is_an_error(tree):
    form = AddressForm(data(note="x", village_province="32", village_regency="32.73"))
    assert not form.is_valid()
    assert form.errors["village"] == ["Choose a village."]


def test_a_child_left_from_another_parent_is_dropped(tree):
    # The person changed the province to NTB without JavaScript: the Bandung choices are stale.
    form = AreaForm(data(area_province="52", area_regency="32.73"))
    assert form.is_valid()
    assert form.cleaned_data["area"] == tree["ntb"]


def test_a_field_with_min_level_accepts_a_province_or_a_regency(tree):
    assert AreaForm(data(area_province="32")).is_valid()
    form = AreaForm(data(area_province="32", area_regency="32.73"))
    assert form.is_valid()
    assert form.cleaned_data["area"] == tree["bandung"]
    assert AreaForm(data()).is_valid()


def test_an_unknown_code_is_refused(tree):
    form = AreaForm(data(area_province="33"))
    assert not form.is_valid()
    assert "area" in form.errors


def test_a_picked_search_result_fills_every_level(tree):
    form = AddressForm(data(note="x", village__pick="32.73.02.1004"))
    html = str(form["village"])
    for code in ["32", "32.73", "32.73.02", "32.73.02.1004"]:
        assert f'<option value="{code}" selected>' in html


def test_a_picker_round_trip_is_not_a_submission_and_shows_no_errors(tree):
    form = AddressForm(data(village_province="32", village__refresh="next"))
    assert not form.is_valid()
    assert form.errors == {}
    assert "is-invalid" not in str(form["note"])
    assert '<option value="32.73">Kota Bandung</option>' in str(form["village"])


def test_the_form_button_submits_for_real(tree):
    form = AddressForm(data(village_province="32"))
    assert not form.is_valid()
    assert set(form.errors) == {"note", "village"}


def test_initial_instance_or_code_shows_the_whole_cascade(tree):
    for initial in (tree["dago"], "32.73.02.1004"):
        html = str(AddressForm(initial={"village": initial})["village"])
        assert '<option value="32.73.02" selected>Coblong</option>' in html
        assert '<option value="32.73.02.1004" selected>Dago</option>' in html


def test_has_changed_compares_codes(tree):
    form = AddressForm(data(note="x", village__pick="32.73.02.1004"), initial={"village": tree["dago"]})
    assert form.changed_data == ["note"]
    form = AddressForm(data(note="x", village__pick="32.73.07.1003"), initial={"village": tree["dago"]})
    assert "village" in form.changed_data


def test_every_select_and_the_search_box_has_a_label(tree):
    html = str(AddressForm(data(village_province="32"))["village"])
    for suffix in ["province", "regency", "district", "village", "_q"]:
        assert f'for="id_village_{suffix}"' in html
        assert f'id="id_village_{suffix}"' in html
    assert "<legend" in html


def test_the_widget_brings_its_script_in_the_form_media():
    assert "sigap/regions.js" in str(AddressForm().media)
    assert "defer" in str(AddressForm().media)


def test_region_levels_are_loaded_only_down_to_the_chosen_parent(tree, django_assert_num_queries):
    form = AddressForm(data(village_province="32", village_regency="32.73"))
    with django_assert_num_queries(3):  # provinces, regencies of Jawa Barat, districts of Kota Bandung
        html = str(form["village"])
    assert '<option value="32.73.07">Sukajadi</option>' in html
    assert "Sukawarna" not in html


def test_the_include_shows_the_error_next_to_the_level_still_to_choose(tree):
    from django.template.loader import render_to_string

    form = AddressForm(data(note="x", village_province="32", village_regency="32.73"))
    assert not form.is_valid()
    html = render_to_string("regions/includes/region_field.html", {"field": form["village"]})
    assert '<div class="invalid-feedback d-block" id="id_village_error">Choose a village.</div>' in html
    district_select = re.search(r'<select[^>]*id="id_village_district"[^>]*>', html).group(0)
    assert "is-invalid" in district_select
    assert 'aria-describedby="id_village_error"' in district_select
    assert '<span class="text-danger" aria-hidden="true">*</span>' in html


def test_in_a_model_form_the_cleaned_region_goes_straight_into_the_foreign_key(tree):
    from sigap.organisations.models import Organisation, OrganisationKind

    class OrganisationPlaceForm(RegionFormMixin, forms.ModelForm):
        province = RegionField(label="Province", level="province")
        regency = RegionField(label="Regency", level="regency", required=False)

        class Meta:
            model = Organisation
            fields = ["name", "kind", "province", "regency"]

    form = OrganisationPlaceForm(
        data(
            name="Test service",
            kind=OrganisationKind.NGO,
            province_province="52",
            regency_province="52",
            regency_regency="52.71",
        )
    )
    assert form.is_valid(), form.errors
    organisation = form.save(commit=False)
    assert organisation.province == tree["ntb"]
    assert organisation.regency == tree["mataram"]
    edit = OrganisationPlaceForm(instance=organisation)
    assert '<option value="52.71" selected>Kota Mataram</option>' in str(edit["regency"])
