"""The course's Europe map (data/europe.topojson) and the helpers that read it.

The map is built by tools/map/build_map.mjs; these tests need no network and no Node.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from map_geometry import decode_features, feature_at, load_topojson, point_in_feature

ROOT = Path(__file__).resolve().parents[1]
MAP = ROOT / "data" / "europe.topojson"
MEMBERS = ROOT / "data" / "members.csv"
MAX_BYTES = 150 * 1024

# Used only while data/members.csv does not exist yet: the 30 European allies (ISO numeric).
FALLBACK_EUROPEAN_ALLIES = [
    "008", "056", "100", "191", "203", "208", "233", "246", "250", "276",
    "300", "348", "352", "380", "428", "440", "442", "499", "528", "578",
    "616", "620", "642", "703", "705", "724", "752", "792", "807", "826",
]  # fmt: skip
NORTH_AMERICAN_ALLIES = {"840": "United States", "124": "Canada"}  # shown in a companion chart

UKRAINE, RUSSIA, SERBIA = "804", "643", "688"
KOSOVO_ID = "XK"


@pytest.fixture(scope="module")
def topo() -> dict:
    return load_topojson(MAP)


@pytest.fixture(scope="module")
def features(topo: dict) -> list[dict]:
    return decode_features(topo, "countries")


@pytest.fixture(scope="module")
def by_id(features: list[dict]) -> dict[str, dict]:
    return {f["id"]: f for f in features}


# ---- the file --------------------------------------------------------------------------------


def test_file_is_small_enough() -> None:
    assert MAP.stat().st_size < MAX_BYTES, f"{MAP.name} is {MAP.stat().st_size} bytes"


# Lesson 01 embeds the whole map in its chart output, and nbformat writes it indented (about
# 48 bytes a point): above ~3,000 points the notebook passes the course's 500 KB file limit.
MAX_POINTS = 3000


def test_geometry_is_simplified_for_embedding_in_a_notebook(topo: dict) -> None:
    points = sum(len(arc) for arc in topo["arcs"])
    assert 500 < points <= MAX_POINTS, f"{points} points"


@pytest.mark.parametrize(
    ("place", "lon", "lat", "expected_name"),
    [
        ("Valletta", 14.51, 35.90, "Malta"),
        ("Vaduz", 9.52, 47.14, "Liechtenstein"),
        ("Luxembourg", 6.13, 49.61, "Luxembourg"),
        ("Andorra la Vella", 1.52, 42.51, "Andorra"),
        ("San Marino", 12.45, 43.94, "San Marino"),
        ("Tallinn", 24.75, 59.44, "Estonia"),
    ],
)
def test_small_states_survive_simplification(
    features: list[dict], place: str, lon: float, lat: float, expected_name: str
) -> None:
    found = feature_at(lon, lat, features)
    assert found is not None and found["properties"]["name"] == expected_name, place


def test_one_countries_object_quantised_with_source_recorded(topo: dict) -> None:
    assert list(topo["objects"]) == ["countries"]
    assert "transform" in topo, "the map should be quantised"
    assert topo["metadata"]["world_atlas_version"].startswith("2.")


def test_ids_are_iso_numeric_strings_except_kosovo(features: list[dict]) -> None:
    ids = [f["id"] for f in features]
    assert len(ids) == len(set(ids)), "duplicate feature ids"
    odd = [i for i in ids if i != KOSOVO_ID and not (len(i) == 3 and i.isdigit())]
    assert odd == []
    assert all(f["properties"].get("name") for f in features)


def test_no_feature_left_without_a_real_geometry(features: list[dict]) -> None:
    for f in features:
        geometry = f["geometry"]
        assert geometry["type"] in ("Polygon", "MultiPolygon"), f["id"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        for ring in (r for p in polygons for r in p):
            assert len(ring) >= 4 and ring[0] == ring[-1], f"degenerate ring in {f['id']}"


def test_northern_cyprus_merged_into_cyprus(features: list[dict]) -> None:
    names = {f["properties"]["name"] for f in features}
    assert "N. Cyprus" not in names
    assert feature_at(33.32, 35.33, features)["id"] == "196"  # Kyrenia
    assert feature_at(33.36, 35.17, features)["id"] == "196"  # Nicosia


# ---- places ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("city", "lon", "lat"),
    [("Simferopol", 33.93, 44.95), ("Sevastopol", 33.52, 44.60), ("Kerch", 36.47, 45.36)],
)
def test_crimea_is_in_ukraine_not_russia(by_id: dict, city: str, lon: float, lat: float) -> None:
    assert point_in_feature(lon, lat, by_id[UKRAINE]), f"{city} should lie in Ukraine"
    assert not point_in_feature(lon, lat, by_id[RUSSIA]), f"{city} should not lie in Russia"


@pytest.mark.parametrize(
    ("place", "lon", "lat", "expected_id", "expected_name"),
    [
        ("Moscow", 37.62, 55.76, RUSSIA, "Russia"),
        ("Kaliningrad", 20.51, 54.71, RUSSIA, "Russia"),
        ("Kyiv", 30.52, 50.45, UKRAINE, "Ukraine"),
        ("Kherson", 32.62, 46.64, UKRAINE, "Ukraine"),
        ("Skopje", 21.43, 42.00, "807", "North Macedonia"),
        ("Ankara", 32.85, 39.93, "792", "Türkiye"),
        ("Prague", 14.42, 50.09, "203", "Czechia"),
        ("Sarajevo", 18.41, 43.86, "070", "Bosnia and Herzegovina"),
        ("Reykjavik", -21.94, 64.15, "352", "Iceland"),
        ("Helsinki", 24.94, 60.17, "246", "Finland"),
        ("Uppsala", 17.64, 59.86, "752", "Sweden"),
        ("Berlin", 13.40, 52.52, "276", "Germany"),
        ("Podgorica", 19.26, 42.44, "499", "Montenegro"),
        ("Vienna", 16.37, 48.21, "040", "Austria"),
    ],
)
def test_places(
    features: list[dict], place: str, lon: float, lat: float, expected_id: str, expected_name: str
) -> None:
    found = feature_at(lon, lat, features)
    assert found is not None, f"{place} fell in no feature"
    assert (found["id"], found["properties"]["name"]) == (expected_id, expected_name), place


def test_pristina_is_in_kosovo_not_serbia(by_id: dict) -> None:
    kosovo = by_id[KOSOVO_ID]
    assert kosovo["properties"]["name"] == "Kosovo"
    assert point_in_feature(21.17, 42.66, kosovo)
    assert not point_in_feature(21.17, 42.66, by_id[SERBIA])
    assert point_in_feature(20.46, 44.82, by_id[SERBIA])  # Belgrade


def test_sea_is_in_no_feature(features: list[dict]) -> None:
    assert feature_at(34.0, 43.0, features) is None  # Black Sea
    assert feature_at(-15.0, 45.0, features) is None  # Atlantic


# ---- allies ----------------------------------------------------------------------------------


def _ally_codes() -> list[str]:
    if not MEMBERS.exists():
        return FALLBACK_EUROPEAN_ALLIES + list(NORTH_AMERICAN_ALLIES)
    with MEMBERS.open(encoding="utf-8", newline="") as fh:
        return [row["iso_numeric"] for row in csv.DictReader(fh)]


def test_every_european_ally_is_on_the_map(by_id: dict) -> None:
    codes = _ally_codes()
    assert all(len(c) == 3 and c.isdigit() for c in codes), codes
    european = [c for c in codes if c not in NORTH_AMERICAN_ALLIES]
    assert len(european) >= 30
    missing = [c for c in european if c not in by_id]
    assert missing == [], f"allies without a map feature: {missing}"


def test_north_american_allies_are_not_on_this_map(by_id: dict) -> None:
    # The US and Canada are shown in the lessons' companion chart, not on the Europe map.
    assert set(NORTH_AMERICAN_ALLIES) <= set(_ally_codes())
    assert not set(NORTH_AMERICAN_ALLIES) & set(by_id)


# ---- helpers on a tiny hand-made topology ----------------------------------------------------

# A 10 x 10 square with a 4 x 4 hole, quantised (scale 1, translate 0) and delta-encoded,
# plus a second feature: a MultiPolygon of the hole's filling and a far-away 1 x 1 square.
TINY = {
    "type": "Topology",
    "transform": {"scale": [1, 1], "translate": [0, 0]},
    "objects": {
        "shapes": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "id": "A", "properties": {"name": "ring"}, "arcs": [[0], [1]]},
                {"type": "MultiPolygon", "id": "B", "properties": {}, "arcs": [[[~1]], [[2]]]},
            ],
        }
    },
    "arcs": [
        [[0, 0], [0, 10], [10, 0], [0, -10], [-10, 0]],  # outer square, clockwise
        [[3, 3], [4, 0], [0, 4], [-4, 0], [0, -4]],  # hole 3..7, counter-clockwise
        [[20, 20], [0, 1], [1, 0], [0, -1], [-1, 0]],  # far square 20..21
    ],
}


def test_decode_undoes_delta_encoding_and_transform() -> None:
    topo = json.loads(json.dumps(TINY))
    topo["transform"] = {"scale": [0.5, 2], "translate": [10, -5]}
    a, b = decode_features(topo, "shapes")
    assert a["id"] == "A" and a["properties"] == {"name": "ring"}
    assert a["geometry"]["type"] == "Polygon"
    outer, hole = a["geometry"]["coordinates"]
    assert outer == [[10, -5], [10, 15], [15, 15], [15, -5], [10, -5]]
    assert hole[0] == [11.5, 1] and hole[2] == [13.5, 9]
    # a reversed arc (~1) gives the hole's ring backwards
    assert b["geometry"]["coordinates"][0][0] == hole[::-1]


def test_decode_missing_object_names_what_exists() -> None:
    with pytest.raises(KeyError, match="shapes"):
        decode_features(TINY, "countries")


def test_point_in_square_with_hole() -> None:
    a, b = decode_features(TINY, "shapes")
    assert point_in_feature(1, 1, a)
    assert point_in_feature(8.5, 5, a)
    assert not point_in_feature(5, 5, a)  # in the hole
    assert point_in_feature(5, 5, b)  # the hole's filling belongs to B
    assert not point_in_feature(11, 5, a)
    assert point_in_feature(20.5, 20.5, b)
    assert feature_at(5, 5, [a, b]) is b
    assert feature_at(1, 1, [a, b]) is a
    assert feature_at(50, 50, [a, b]) is None
    assert not point_in_feature(0, 0, {"geometry": None})


def test_load_topojson_errors_name_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.topojson"
    with pytest.raises(FileNotFoundError, match=r"nope\.topojson"):
        load_topojson(missing)
    bad = tmp_path / "bad.topojson"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.topojson"):
        load_topojson(bad)
    other = tmp_path / "other.topojson"
    other.write_text('{"type": "FeatureCollection"}', encoding="utf-8")
    with pytest.raises(ValueError, match=r"other\.topojson"):
        load_topojson(other)


# Far outside the map's frame (lon -25..60, lat 34..72): no feature may contain the point.
_far = st.one_of(
    st.tuples(st.floats(-180, -26), st.floats(-90, 90)),
    st.tuples(st.floats(61, 180), st.floats(-90, 90)),
    st.tuples(st.floats(-180, 180), st.floats(-90, 33)),
    st.tuples(st.floats(-180, 180), st.floats(73, 90)),
)


@settings(max_examples=60, deadline=None)
@given(point=_far)
def test_points_far_outside_the_frame_are_in_no_feature(features: list[dict], point) -> None:
    lon, lat = point
    assert feature_at(lon, lat, features) is None
