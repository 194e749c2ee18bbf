"""The shared chart (sigap/lib/charts.py, templates/includes/chart.html, static/sigap/js/charts.js)."""

from __future__ import annotations

import json
import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from sigap.lib.charts import Chart, Series, bar_chart


def _render(chart: Chart) -> str:
    with translation.override("id"):
        return render_to_string("includes/chart.html", {"chart": chart})


def test_the_chart_data_reaches_the_page_as_json_not_as_a_script():
    chart = bar_chart("stages", "Kasus per tahap", [("Asesmen", 3), ("Perencanaan", 1, "danger")])
    html = _render(chart)
    data_script = re.search(r'<script id="chart-stages-data" type="application/json">(.*?)</script>', html)
    assert data_script, html
    data = json.loads(data_script.group(1))
    assert data["labels"] == ["Asesmen", "Perencanaan"]
    assert data["series"][0]["values"] == [3, 1] and data["series"][0]["tones"] == ["primary", "danger"]
    assert 'data-chart="chart-stages-data"' in html
    # The only <script> is the data block: nothing for the CSP to refuse.
    assert html.count("<script") == 1 and "<script>" not in html and "style=" not in html


def test_the_same_figures_are_in_a_table_with_a_caption_and_the_canvas_is_hidden_from_screen_readers():
    html = _render(bar_chart("stages", "Kasus per tahap", [("Asesmen", 3), ("Perencanaan", 12)]))
    assert "<figcaption" in html and "Kasus per tahap" in html
    assert '<caption class="visually-hidden">Kasus per tahap</caption>' in html
    assert re.search(r'<th scope="row"[^>]*>Asesmen</th>\s*<td[^>]*>.*?3</span></td>', html, re.S)
    assert re.search(r'<th scope="row"[^>]*>Perencanaan</th>\s*<td[^>]*>.*?12</span></td>', html, re.S)
    assert 'class="sigap-chart-box" hidden aria-hidden="true"' in html


def test_without_a_canvas_the_table_draws_its_bars_in_svg_scaled_to_the_largest():
    html = _render(bar_chart("due", "Tenggat", [("Terlambat", 2), ("Nanti", 8)], canvas=False))
    assert "<canvas" not in html and "<script" not in html
    assert re.findall(r'<rect class="tone-primary" width="(\d+)"', html) == ["25", "100"]


def test_a_hidden_figure_is_shown_as_a_star_and_left_out_of_the_chart():
    chart = bar_chart("forms", "Bentuk", [("A", 12), ("B", None), ("C", 0)])
    html = _render(chart)
    assert '<span aria-hidden="true">*</span><span class="visually-hidden">disembunyikan</span>' in html
    assert chart.data["series"][0]["values"] == [12, None, 0]
    assert chart.totals == [None]  # a total would give the hidden figure away here


def test_an_empty_chart_says_so_instead_of_drawing_nothing():
    html = _render(bar_chart("none", "Kosong", []))
    assert "<table" not in html and "Belum ada" in html


def test_a_stacked_chart_scales_its_bars_to_the_largest_total():
    series = [Series("Terlambat", [1, 2], "danger"), Series("Lain", [3, 6])]
    chart = Chart("team", "Tim", ["Ani", "Budi"], series, stacked=True)
    assert [c.percent for row in chart.rows for c in row.cells] == [12, 38, 25, 75]


def test_series_of_the_wrong_length_are_refused():
    with pytest.raises(ValueError):
        Chart("bad", "Salah", ["A", "B"], [Series("n", [1])])
