"""One date format in both languages, in the organisation's zone, and a date of birth typed as
day / month / year that does not depend on the browser's language."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from sigap.cases.forms.intake import PersonForm
from sigap.lib.birthdate import DateOfBirthField, DateOfBirthWidget, typed_date_of_birth
from sigap.lib.dates import format_date, format_datetime
from sigap.lib.pdf import format_when

AT = datetime(2026, 12, 7, 7, 5, tzinfo=UTC)  # 14.05 in Jakarta, 15.05 in Makassar


@pytest.mark.parametrize(
    ("language", "day", "moment"),
    [("id", "7 Des 2026", "7 Des 2026 14.05 WIB"), ("en", "7 Dec 2026", "7 Dec 2026 14:05 WIB")],
)
def test_dates_and_times_read_the_same_everywhere_in_the_users_language(language, day, moment):
    with translation.override(language), timezone.override("Asia/Jakarta"):
        assert format_date(date(2026, 12, 7)) == day
        assert format_datetime(AT) == moment
        assert format_when(AT) == moment  # the PDFs
        page = Template("{% load sigap_time %}{{ d|day }}|{{ t|when }}|{{ t|day }}|{{ t|date }}").render(
            Context({"d": date(2026, 12, 7), "t": AT})
        )
        assert page == f"{day}|{moment}|{day}|{day}"


def test_a_time_shows_in_the_organisations_own_zone_with_its_label():
    class Mataram:
        time_zone = "Asia/Makassar"

    with translation.override("id"):
        page = Template("{% load sigap_time %}{{ t|in_zone_of:org }}").render(Context({"t": AT, "org": Mataram()}))
    assert page == "7 Des 2026 15.05 WITA"


def test_the_day_of_a_late_evening_time_is_the_local_day():
    late = datetime(2026, 12, 7, 18, 30, tzinfo=UTC)  # 01.30 on 8 December in Jakarta
    with translation.override("id"), timezone.override("Asia/Jakarta"):
        assert format_date(late) == "8 Des 2026"


def test_the_date_of_birth_widget_names_the_months_in_the_users_language():
    with translation.override("id"):
        html = DateOfBirthWidget().render("born", date(2012, 3, 14), attrs={"id": "id_born"})
    assert 'name="born_day"' in html and 'value="14"' in html
    assert 'name="born_year"' in html and 'value="2012"' in html
    assert '<option value="3" selected>Maret</option>' in html
    assert 'for="id_born_day"' in html and 'autocomplete="bday-month"' in html
    assert 'type="date"' not in html
    with translation.override("en"):
        assert "December" in DateOfBirthWidget().render("born", None)


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ({"born_day": "14", "born_month": "3", "born_year": "2012"}, date(2012, 3, 14)),
        ({"born_day": " 4", "born_month": "12", "born_year": "1990 "}, date(1990, 12, 4)),
        ({"born_day": "", "born_month": "", "born_year": ""}, None),
        ({}, None),
        ({"born": "2012-03-14"}, date(2012, 3, 14)),  # one ISO value, as scripts post it
    ],
)
def test_a_whole_date_of_birth_is_read_from_its_parts(parts, expected):
    field = DateOfBirthField()
    assert field.clean(field.widget.value_from_datadict(parts, {}, "born")) == expected
    assert typed_date_of_birth(parts, "born") == expected


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({"born_day": "14", "born_month": "", "born_year": "2012"}, "Isi tanggal, bulan, dan tahun lahir"),
        ({"born_day": "32", "born_month": "3", "born_year": "2012"}, "Tanggal berupa angka 1 sampai 31."),
        ({"born_day": "14", "born_month": "3", "born_year": "12"}, "Isi tahun dengan empat angka"),
        ({"born_day": "31", "born_month": "2", "born_year": "2012"}, "Tanggal itu tidak ada"),
        ({"born_day": "1", "born_month": "1", "born_year": "2999"}, "Tanggal lahir tidak boleh di masa mendatang."),
        ({"born_day": "1", "born_month": "1", "born_year": "1850"}, "Tahun lahir tidak boleh sebelum 1900."),
    ],
)
def test_a_wrong_date_of_birth_says_what_to_fix_in_indonesian(parts, message):
    field = DateOfBirthField()
    with translation.override("id"):
        with pytest.raises(Exception) as refused:
            field.clean(field.widget.value_from_datadict(parts, {}, "born"))
        shown = " ".join(refused.value.messages)  # lazy messages: read them in Indonesian
    assert message in shown
    assert typed_date_of_birth(parts, "born") is None


def test_the_person_form_takes_the_date_of_birth_in_parts_and_keeps_what_was_typed_on_an_error(db):
    form = PersonForm(
        {"person-full_name": "Melati Contoh", "person-sex": "female", "person-nationality": "Indonesia",
         "person-date_of_birth_day": "31",
         "person-date_of_birth_month": "2", "person-date_of_birth_year": "2012"},
        prefix="person",
    )  # fmt: skip
    with translation.override("id"):
        assert not form.is_valid()
        assert "Tanggal itu tidak ada" in form.errors["date_of_birth"][0]
        html = str(form["date_of_birth"])
    assert 'value="31"' in html and 'value="2012"' in html and "is-invalid" in html
    assert 'class="form-select is-invalid"' in html  # the month keeps Bootstrap's select class
    good = PersonForm(
        {"person-full_name": "Melati Contoh", "person-sex": "female", "person-nationality": "Indonesia",
         "person-date_of_birth_day": "14",
         "person-date_of_birth_month": "3", "person-date_of_birth_year": "2012"},
        prefix="person",
    )  # fmt: skip
    assert good.is_valid(), good.errors
    assert good.cleaned_data["date_of_birth"] == date(2012, 3, 14)
