"""helpers.setup and the chart layer: offline mimetype, descriptions, theme, PNG on demand."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

import helpers
from helpers import charts, context
from helpers.analysis import membership
from helpers.charts import membership as membership_charts
from helpers.data import members
from helpers.environment import environment_warnings


def _chart() -> alt.Chart:
    return charts.describe(
        alt.Chart(pd.DataFrame({"a": [1, 2]})).mark_bar().encode(x="a:Q"), "Two bars."
    )


def test_setup_names_the_lesson_and_is_static() -> None:
    report = helpers.setup("00-start-here")
    assert context.notebook() == "00-start-here" and context.lesson_number() == "00"
    assert repr(report).startswith("Course helpers ready for 00-start-here (practice mode).")
    assert repr(report) == repr(helpers.setup("00-start-here"))


@pytest.mark.parametrize("bad", ["start-here", "0-x", "00_start", "", "00-Start"])
def test_setup_rejects_a_malformed_name(bad: str) -> None:
    with pytest.raises(ValueError, match="should look like"):
        helpers.setup(bad)


def test_chart_output_is_offline_vegalite5_with_description(monkeypatch) -> None:
    monkeypatch.delenv("COURSE_PNG_FALLBACK", raising=False)
    helpers.setup("00-start-here")
    bundle, meta = _chart()._repr_mimebundle_()
    assert set(bundle) == {charts.VEGALITE_MIME, "text/plain"}
    spec = bundle[charts.VEGALITE_MIME]
    assert spec["description"] == "Two bars."
    assert bundle["text/plain"] == "Chart: Two bars."
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v5")
    assert "datasets" in spec  # data inline: nothing fetched at run time
    assert meta[charts.VEGALITE_MIME]["embed_options"] == {"actions": False, "renderer": "svg"}
    assert spec["config"]["range"]["category"] == list(charts.OKABE_ITO)


def test_png_fallback_only_when_producing_outputs(monkeypatch) -> None:
    helpers.setup("00-start-here")
    monkeypatch.setenv("COURSE_PNG_FALLBACK", "1")
    bundle, _ = _chart()._repr_mimebundle_()
    assert bundle["image/png"].startswith("iVBORw0KGgo")  # base64 of the PNG signature


def test_two_renders_are_identical() -> None:
    helpers.setup("00-start-here")
    assert _chart()._repr_mimebundle_() == _chart()._repr_mimebundle_()


def test_describe_refuses_an_empty_description() -> None:
    with pytest.raises(ValueError):
        charts.describe(alt.Chart(pd.DataFrame({"a": [1]})).mark_bar(), "   ")


def test_table_html_is_a_collapsed_table() -> None:
    out = charts.table_html(pd.DataFrame({"x": range(70)}), "Seventy <rows>")
    assert out.startswith('<details class="course-table-toggle"><summary>Show as table')
    assert "Seventy &lt;rows&gt;" in out and "first 60 of 70 rows" in out


def test_okabe_ito_colours_are_distinct_under_deuteranopia() -> None:
    """Machado et al. (2009) deuteranopia matrix: every pair stays visibly apart."""
    m = [[0.367, 0.861, -0.228], [0.280, 0.673, 0.047], [-0.012, 0.043, 0.969]]

    def sim(hexcol: str) -> tuple[float, ...]:
        rgb = [int(hexcol[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        return tuple(sum(m[r][c] * rgb[c] for c in range(3)) for r in range(3))

    cols = [sim(c) for c in charts.OKABE_ITO[:6]]
    for i in range(len(cols)):
        for j in range(i + 1, len(cols)):
            dist = sum((a - b) ** 2 for a, b in zip(cols[i], cols[j], strict=True)) ** 0.5
            assert dist > 0.1, (charts.OKABE_ITO[i], charts.OKABE_ITO[j], dist)


def test_environment_warnings() -> None:
    ok = environment_warnings((3, 11), {}, {"altair": "5.5.0", "ipywidgets": "8.1.9"})
    assert ok == []
    colab = environment_warnings((3, 11), {"google.colab": object()}, {})
    assert any("Colab" in w for w in colab)
    assert any("Python older" in w for w in environment_warnings((3, 10), {}, {}))
    assert any("Altair 6" in w for w in environment_warnings((3, 12), {}, {"altair": "6.3.0"}))


def test_enlargement_rounds_recomputed_from_members() -> None:
    """00 and 01 state: 12 founders in 1949, 32 allies in 2024, ten rounds."""
    table = membership.rounds(members())
    assert table.iloc[0][["year", "allies_after"]].tolist() == [1949, 12]
    assert table.iloc[-1][["year", "allies_after"]].tolist() == [2024, 32]
    assert int((table["round"] > 0).sum()) == 10
    assert membership_charts.growth_sentence(table) == (
        "NATO grew from 12 founding allies in 1949 to 32 allies in 2024 "
        "through 10 enlargement rounds."
    )
