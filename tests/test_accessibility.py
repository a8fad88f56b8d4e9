"""Accessibility of every lesson, from its stored file (no browser; the axe-core audits of the
rendered pages run in tests/test_browser_suite.py and tests/test_voila.py).

* every chart output carries a description and a PNG;
* every notebook has exactly one H1 and never skips a heading level;
* every image (Markdown, HTML in Markdown, HTML outputs) has alt text;
* the categorical colours one chart uses together stay distinguishable under simulated
  deuteranopia, protanopia and tritanopia: CIEDE2000 >= 10 between every pair.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from itertools import combinations, pairwise
from pathlib import Path
from typing import Any

import pytest
from conftest import lesson_paths
from hypothesis import given
from hypothesis import strategies as st

VEGALITE = "application/vnd.vegalite.v5+json"
LESSONS = lesson_paths()
# A pair of colours closer than this (CIEDE2000) under a simulated colour-vision deficiency
# is hard to tell apart; 10 is a common "clearly different at a glance" threshold for
# categorical palettes (2.3 is a just-noticeable difference).
MIN_DELTA_E = 10.0

# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
CVD = {
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}

Lab = tuple[float, float, float]


# ---- colour science --------------------------------------------------------------------------


def hex_to_rgb(colour: str) -> tuple[float, float, float]:
    """'#RRGGBB' or '#RGB' -> sRGB in 0..1."""
    h = colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return (int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255)


def _to_linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def simulate(colour: str, deficiency: str | None) -> tuple[float, float, float]:
    """Linear RGB of ``colour`` as seen with ``deficiency`` (None: normal vision)."""
    lin = [_to_linear(c) for c in hex_to_rgb(colour)]
    if deficiency is None:
        return (lin[0], lin[1], lin[2])
    m = CVD[deficiency]
    out = [min(1.0, max(0.0, sum(m[r][c] * lin[c] for c in range(3)))) for r in range(3)]
    return (out[0], out[1], out[2])


def linear_to_lab(rgb: tuple[float, float, float]) -> Lab:
    """Linear sRGB (D65) -> CIE L*a*b*."""
    r, g, b = rgb
    x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b
    white = (0.95047, 1.0, 1.08883)

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = (f(v / w) for v, w in zip((x, y, z), white, strict=True))
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def ciede2000(lab1: Lab, lab2: Lab) -> float:
    """CIEDE2000 colour difference (Sharma, Wu & Dalal 2005), kL = kC = kH = 1."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    c_bar = (c1 + c2) / 2
    g = 0.5 * (1 - math.sqrt(c_bar**7 / (c_bar**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dlp = l2 - l1
    dcp = c2p - c1p
    if c1p * c2p == 0:
        dhp = 0.0
    elif abs(h2p - h1p) <= 180:
        dhp = h2p - h1p
    elif h2p - h1p > 180:
        dhp = h2p - h1p - 360
    else:
        dhp = h2p - h1p + 360
    d_hp = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dhp / 2))
    lbp = (l1 + l2) / 2
    cbp = (c1p + c2p) / 2
    if c1p * c2p == 0:
        hbp = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hbp = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        hbp = (h1p + h2p + 360) / 2
    else:
        hbp = (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(hbp - 30))
        + 0.24 * math.cos(math.radians(2 * hbp))
        + 0.32 * math.cos(math.radians(3 * hbp + 6))
        - 0.20 * math.cos(math.radians(4 * hbp - 63))
    )
    d_theta = 30 * math.exp(-(((hbp - 275) / 25) ** 2))
    rc = 2 * math.sqrt(cbp**7 / (cbp**7 + 25**7))
    sl = 1 + 0.015 * (lbp - 50) ** 2 / math.sqrt(20 + (lbp - 50) ** 2)
    sc = 1 + 0.045 * cbp
    sh = 1 + 0.015 * cbp * t
    rt = -math.sin(math.radians(2 * d_theta)) * rc
    return math.sqrt(
        (dlp / sl) ** 2 + (dcp / sc) ** 2 + (d_hp / sh) ** 2 + rt * (dcp / sc) * (d_hp / sh)
    )


def seen_difference(a: str, b: str, deficiency: str | None) -> float:
    return ciede2000(linear_to_lab(simulate(a, deficiency)), linear_to_lab(simulate(b, deficiency)))


# Published reference pairs from Sharma, Wu & Dalal (2005), Table 1.
SHARMA = [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 3.1571, -77.2803), (50.0, 0.0, -82.7485), 2.8615),
    ((50.0, -1.3802, -84.2814), (50.0, 0.0, -82.7485), 1.0000),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.49, -0.001), (50.0, -2.49, 0.0011), 7.2195),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((22.7233, 20.0904, -46.694), (23.0331, 14.973, -42.5619), 2.0373),
    ((90.8027, -2.0831, 1.441), (91.1528, -1.6435, 0.0447), 1.4441),
    ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082),
]


@pytest.mark.parametrize(("lab1", "lab2", "expected"), SHARMA)
def test_ciede2000_matches_published_values(lab1: Lab, lab2: Lab, expected: float) -> None:
    assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)


_lab = st.tuples(st.floats(0, 100), st.floats(-100, 100), st.floats(-100, 100))


@given(a=_lab, b=_lab)
def test_ciede2000_is_a_symmetric_non_negative_difference(a: Lab, b: Lab) -> None:
    d = ciede2000(a, b)
    assert d >= 0 and d == pytest.approx(ciede2000(b, a), abs=1e-6)
    assert ciede2000(a, a) == pytest.approx(0, abs=1e-9)


def test_simulation_merges_red_and_green_for_red_green_deficiencies() -> None:
    # Pure red and a green of similar lightness are far apart in normal vision and much
    # closer for protanopes and deuteranopes: the simulation does what it should.
    normal = seen_difference("#D55E00", "#4C9A2A", None)
    for deficiency in ("protanopia", "deuteranopia"):
        assert seen_difference("#D55E00", "#4C9A2A", deficiency) < normal / 2


# ---- which colours each chart uses together --------------------------------------------------


def chart_outputs(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            if VEGALITE in out.get("data", {}):
                yield i, out["data"]


def _distinct(spec: dict[str, Any], node: dict[str, Any], field: str) -> int | None:
    """How many distinct values ``field`` takes in the node's (or an ancestor's) dataset."""
    data = node.get("data") or spec.get("data") or {}
    rows = spec.get("datasets", {}).get(data.get("name", ""))
    if not isinstance(rows, list):
        return None
    return len({json.dumps(r.get(field)) for r in rows if isinstance(r, dict) and field in r})


def colour_groups(spec: dict[str, Any]) -> list[list[str]]:
    """Sets of categorical colours drawn together: each nominal colour scale, and in a
    layered chart the union of its layers' nominal scales (one picture). Fixed mark colours
    (a black rule, a grey track, white borders) are not categories and are left out."""
    palette = spec.get("config", {}).get("range", {}).get("category", [])
    groups: list[list[str]] = []

    def scale_colours(node: dict[str, Any]) -> list[str]:
        found: list[str] = []
        for channel in ("color", "fill", "stroke"):
            enc = (node.get("encoding") or {}).get(channel)
            if not isinstance(enc, dict):
                continue
            enc = enc.get("condition", enc) if "field" not in enc else enc
            if isinstance(enc, dict) and enc.get("type") == "nominal" and "field" in enc:
                scale = enc.get("scale") or {}
                if isinstance(scale.get("range"), list):
                    found += [c for c in scale["range"] if isinstance(c, str)]
                elif "scheme" not in scale:
                    n = len(scale["domain"]) if isinstance(scale.get("domain"), list) else None
                    n = n or _distinct(spec, node, enc["field"]) or len(palette)
                    found += palette[:n]
        return found

    def visit(node: Any) -> None:
        if isinstance(node, list):
            for child in node:
                visit(child)
            return
        if not isinstance(node, dict):
            return
        if "layer" in node:
            together: list[str] = []
            for layer in node["layer"]:
                together += scale_colours(layer)
            if any(scale_colours(layer) for layer in node["layer"]):
                groups.append(together)
        elif scale_colours(node):
            groups.append(scale_colours(node))
        # a layered chart is one group (above); its layers are not groups of their own
        for key in ("hconcat", "vconcat", "concat", "spec"):
            if key in node:
                visit(node[key])

    visit(spec)
    hexes = [[c for c in dict.fromkeys(g) if re.fullmatch(r"#[0-9A-Fa-f]{3,6}", c)] for g in groups]
    return [g for g in hexes if len(g) > 1]


def test_colour_groups_reads_scales_and_layers() -> None:
    spec: dict[str, Any] = {
        "config": {"range": {"category": ["#0072B2", "#E69F00", "#009E73"]}},
        "datasets": {"d": [{"k": "a"}, {"k": "b"}]},
        "data": {"name": "d"},
        "layer": [
            {"mark": {"type": "rule", "color": "#000000"}},
            {"mark": "bar", "encoding": {"color": {"field": "k", "type": "nominal"}}},
        ],
    }
    # the black rule is not a category: only the two colours the scale uses (two values)
    assert colour_groups(spec) == [["#0072B2", "#E69F00"]]
    spec["layer"].append(
        {
            "mark": "point",
            "encoding": {
                "color": {
                    "field": "g",
                    "type": "nominal",
                    "scale": {"range": ["#D55E00", "#999999"]},
                }
            },
        }
    )
    assert colour_groups(spec) == [["#0072B2", "#E69F00", "#D55E00", "#999999"]]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_colours_used_together_stay_distinct_under_colour_blindness(path: Path) -> None:
    problems = []
    for cell, data in chart_outputs(path):
        for group in colour_groups(data[VEGALITE]):
            for a, b in combinations(group, 2):
                for deficiency in (None, *CVD):
                    d = seen_difference(a, b, deficiency)
                    if d < MIN_DELTA_E:
                        problems.append(f"cell {cell}: {a} vs {b}, {deficiency}: ΔE00 {d:.1f}")
    problems = list(dict.fromkeys(problems))
    assert problems == [], "\n".join(problems)


# ---- chart outputs, headings, images ---------------------------------------------------------


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_every_chart_has_a_description_and_a_png(path: Path) -> None:
    for cell, data in chart_outputs(path):
        description = data[VEGALITE].get("description", "")
        assert len(description.split()) >= 4, f"cell {cell}: no real description"
        assert data.get("image/png"), f"cell {cell}: no PNG fallback"
        assert description in "".join(data.get("text/plain", "")), f"cell {cell}: text/plain"


def markdown_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(cell index, line) of every Markdown line outside fenced code blocks."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        fenced = False
        for line in "".join(cell["source"]).splitlines():
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
            elif not fenced:
                yield i, line


def headings(path: Path) -> list[tuple[int, int, str]]:
    out = []
    for cell, line in markdown_lines(path):
        m = re.match(r"^(#{1,6})\s+(.*)", line)
        if m:
            out.append((cell, len(m.group(1)), m.group(2)))
        for h in re.finditer(r"<h([1-6])\b[^>]*>(.*?)</h\1>", line, re.IGNORECASE):
            out.append((cell, int(h.group(1)), h.group(2)))
    return out


def heading_problems(levels: list[int]) -> list[str]:
    """One H1, first; no level deeper than one below the previous heading."""
    problems = []
    if levels.count(1) != 1:
        problems.append(f"{levels.count(1)} H1 headings")
    if levels and levels[0] != 1:
        problems.append("the first heading is not the H1")
    for prev, cur in pairwise(levels):
        if cur > prev + 1:
            problems.append(f"H{prev} followed by H{cur}")
    return problems


def test_heading_problems_finds_skips_and_extra_titles() -> None:
    assert heading_problems([1, 2, 3, 2, 2, 3]) == []
    assert heading_problems([1, 3]) == ["H1 followed by H3"]
    assert heading_problems([2, 1]) == ["the first heading is not the H1"]
    assert "2 H1 headings" in heading_problems([1, 2, 1])


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_one_h1_and_no_skipped_heading_level(path: Path) -> None:
    found = headings(path)
    problems = heading_problems([level for _, level, _ in found])
    assert problems == [], (problems, [(c, lvl, t[:40]) for c, lvl, t in found])


IMG_MD = re.compile(r"!\[([^\]]*)\]\(([^)]*)\)")
IMG_HTML = re.compile(r"<img\b[^>]*>", re.IGNORECASE)


def html_images_without_alt(html: str) -> list[str]:
    out = []
    for tag in IMG_HTML.findall(html):
        alt = re.search(r"""\balt\s*=\s*(["'])(.*?)\1""", tag, re.IGNORECASE | re.DOTALL)
        decorative = re.search(r"""role\s*=\s*["']presentation["']""", tag)
        if not (alt and (alt.group(2).strip() or decorative)):
            out.append(tag[:80])
    return out


def test_html_images_without_alt_detects_missing_and_empty_alt() -> None:
    assert html_images_without_alt('<img src="a.png" alt="A map">') == []
    assert html_images_without_alt('<img src="a.png">') == ['<img src="a.png">']
    assert html_images_without_alt('<img src="a.png" alt="">') == ['<img src="a.png" alt="">']
    assert html_images_without_alt('<img alt="" role="presentation" src="x">') == []


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_images_have_alt_text(path: Path) -> None:
    problems = []
    for cell, line in markdown_lines(path):
        problems += [f"cell {cell}: {src}" for alt, src in IMG_MD.findall(line) if not alt.strip()]
        problems += [f"cell {cell}: {tag}" for tag in html_images_without_alt(line)]
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            html = "".join(out.get("data", {}).get("text/html", ""))
            problems += [f"cell {i} output: {tag}" for tag in html_images_without_alt(html)]
    assert problems == [], problems
