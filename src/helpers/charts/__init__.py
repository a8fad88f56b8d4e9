"""Chart set-up and builders (Altair 5.5, Vega-Lite 5), rendered offline and deterministically.

Every chart the course shows carries a one-sentence description. It becomes the Vega-Lite
``description`` (screen readers get it as the chart's label) and the output's ``text/plain``
(what static viewers and print-outs show). When outputs are produced with
``python course.py execute`` a PNG fallback is added as well (``COURSE_PNG_FALLBACK=1``).

Chart-only interactivity (filters, selectors, sliders) uses Vega-Lite parameters bound to
inputs, so it works from stored outputs without a kernel. Give every parameter an explicit
``name=``: auto-generated names change each run.
"""

from __future__ import annotations

import base64
import html
import os
from collections.abc import Mapping
from typing import Any, TypeVar

import altair as alt
import pandas as pd

VEGALITE_MIME = "application/vnd.vegalite.v5+json"
RENDERER = "course"
THEME = "course"

# Okabe & Ito (2008) colour-blind-safe palette, in a print-friendly order.
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
# A sequential scheme that stays ordered under colour-vision deficiency.
SEQUENTIAL_SCHEME = "viridis"
EMBED_OPTIONS: dict[str, Any] = {"actions": False, "renderer": "svg"}


def png_fallback_enabled() -> bool:
    """True when outputs are being produced for committing (``course.py execute``)."""
    return os.environ.get("COURSE_PNG_FALLBACK", "") == "1"


def _png(spec: Mapping[str, Any]) -> str | None:
    try:
        import vl_convert as vlc  # dev-only dependency
    except ImportError:
        return None
    png = vlc.vegalite_to_png(dict(spec), scale=1)
    return base64.b64encode(png).decode("ascii")


def plain_text(spec: Mapping[str, Any]) -> str:
    """The static text shown for a chart where JavaScript cannot run."""
    desc = spec.get("description")
    if not desc:
        return "Chart (no description: every course chart needs one)"
    return f"Chart: {desc}"


def render(spec: dict[str, Any], **_: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Altair renderer: Vega-Lite 5 mimetype, description as text, PNG when producing outputs."""
    bundle: dict[str, Any] = {VEGALITE_MIME: spec, "text/plain": plain_text(spec)}
    if png_fallback_enabled():
        png = _png(spec)
        if png:
            bundle["image/png"] = png
    return bundle, {VEGALITE_MIME: {"embed_options": dict(EMBED_OPTIONS)}}


def theme() -> dict[str, Any]:
    """The course theme: Okabe–Ito colours, readable type, fixed sizes for stable outputs."""
    return {
        "config": {
            "view": {"continuousWidth": 560, "continuousHeight": 320, "stroke": None},
            "font": "Helvetica, Arial, sans-serif",
            "range": {"category": list(OKABE_ITO), "ramp": {"scheme": SEQUENTIAL_SCHEME}},
            "axis": {"labelFontSize": 12, "titleFontSize": 13, "grid": True},
            "legend": {"labelFontSize": 12, "titleFontSize": 13},
            "title": {"fontSize": 16, "anchor": "start"},
            "mark": {"color": OKABE_ITO[0]},
        }
    }


def configure_altair() -> None:
    """Register and enable the course renderer and theme (idempotent)."""
    if RENDERER not in alt.renderers.names():
        alt.renderers.register(RENDERER, render)
    alt.renderers.enable(RENDERER)
    if THEME not in alt.theme.names():
        register = alt.theme.register(THEME, enable=False)
        register(theme)  # type: ignore[arg-type]  # theme() returns a dict shaped like ThemeConfig
    alt.theme.enable(THEME)


ChartT = TypeVar("ChartT", bound=alt.TopLevelMixin)


def describe(chart: ChartT, description: str) -> ChartT:
    """Attach the one-sentence description every course chart must carry."""
    text = " ".join(description.split())
    if not text:
        raise ValueError("a chart description must be a non-empty sentence")
    described: ChartT = chart.properties(description=text)
    return described


def table_html(data: pd.DataFrame, caption: str, max_rows: int = 60) -> str:
    """A collapsed "Show as table" block that works without a kernel."""
    shown = data.head(max_rows)
    body = shown.to_html(index=False, border=0, classes="course-table", na_rep="—")
    more = ""
    if len(data) > max_rows:
        more = f"<p>Showing the first {max_rows} of {len(data)} rows.</p>"
    return (
        '<details class="course-table-toggle"><summary>Show as table: '
        f"{html.escape(caption)}</summary>{body}{more}</details>"
    )


class TableView:
    """A chart's data as a collapsed HTML table, with plain text for static views."""

    def __init__(self, data: pd.DataFrame, caption: str) -> None:
        self.data, self.caption = data, caption

    def _repr_html_(self) -> str:
        return table_html(self.data, self.caption)

    def __repr__(self) -> str:
        return f"Table: {self.caption}\n{self.data.to_string(index=False)}"


def validation_enabled() -> bool:
    """True when :func:`show` validates specs against the Vega-Lite schema.

    Validation is what makes an Altair chart slow to display (most of its cost; see
    CONTRIBUTING.md, "Performance"), so a student's run skips it. It runs whenever stored
    outputs are produced (``course.py execute``, which sets ``COURSE_PNG_FALLBACK=1``) or
    ``COURSE_VALIDATE_CHARTS=1`` is set; nbval then compares every live spec with a stored,
    validated one, and the tests validate the builders' charts themselves.
    """
    return png_fallback_enabled() or os.environ.get("COURSE_VALIDATE_CHARTS", "") == "1"


def chart_bundle(chart: alt.TopLevelMixin) -> tuple[dict[str, Any], dict[str, Any]]:
    """The output bundle and metadata of a chart, from one ``to_dict`` (what ``display`` sends)."""
    spec = chart.to_dict(validate=validation_enabled(), context={"pre_transform": False})
    return render(spec)


def show(chart: alt.TopLevelMixin, table: pd.DataFrame | None = None, caption: str = "") -> None:
    """Display a chart, then its data as a collapsed table (the "show as table" option).

    The spec is built once (not once for the chart and again for its description) and,
    outside ``course.py execute``, without schema validation.
    """
    from IPython.display import display

    if alt.renderers.active != RENDERER:  # someone chose another renderer: let Altair render
        display(chart)
        spec = chart.to_dict(validate=False)
    else:
        bundle, metadata = chart_bundle(chart)
        spec = bundle[VEGALITE_MIME]
        display(bundle, metadata=metadata, raw=True)
    if table is not None:
        display(TableView(table, caption or spec.get("description", "")))
