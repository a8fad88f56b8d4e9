"""Test helper: read the course's TopoJSON map and ask which country a point lies in.

Pure standard library: no geo package is needed to test or query ``data/europe.topojson``.
Coordinates are (longitude, latitude) in degrees; point tests are planar (even-odd ray
casting in lon/lat), which is exact enough for a map cropped to Europe.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

Position = list[float]
Ring = list[Position]
Feature = dict[str, Any]


def load_topojson(path: str | Path) -> dict[str, Any]:
    """Read a TopoJSON file and return it as a dict.

    Raises ``FileNotFoundError`` or ``ValueError`` naming the file when it is missing, is not
    valid JSON, or is not a TopoJSON ``Topology``.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileNotFoundError(
            f"map file {p} not found (build it with: cd tools/map && npm ci && node build_map.mjs)"
        ) from None
    try:
        topo = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"map file {p} is not valid JSON: {exc}") from exc
    if not isinstance(topo, dict) or topo.get("type") != "Topology":
        raise ValueError(f"map file {p} is not a TopoJSON Topology")
    return topo


def _decode_arcs(topo: dict[str, Any]) -> list[Ring]:
    """Absolute lon/lat positions of every arc, undoing quantisation and delta-encoding."""
    transform = topo.get("transform")
    arcs: list[Ring] = []
    for arc in topo.get("arcs", []):
        if transform is None:
            arcs.append([[float(p[0]), float(p[1])] for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        out: Ring = []
        for p in arc:
            x += p[0]
            y += p[1]
            out.append([x * sx + tx, y * sy + ty])
        arcs.append(out)
    return arcs


def _ring(indices: Sequence[int], arcs: list[Ring]) -> Ring:
    """Stitch arcs into one ring; a negative index ``~i`` means arc ``i`` reversed."""
    ring: Ring = []
    for k, i in enumerate(indices):
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(arc if k == 0 else arc[1:])  # consecutive arcs share an end point
    return ring


def _geometry(geom: dict[str, Any], arcs: list[Ring]) -> dict[str, Any] | None:
    kind = geom.get("type")
    if kind == "Polygon":
        coords: Any = [_ring(r, arcs) for r in geom["arcs"]]
    elif kind == "MultiPolygon":
        coords = [[_ring(r, arcs) for r in poly] for poly in geom["arcs"]]
    elif kind == "LineString":
        coords = _ring(geom["arcs"], arcs)
    elif kind == "MultiLineString":
        coords = [_ring(line, arcs) for line in geom["arcs"]]
    elif kind in ("Point", "MultiPoint"):
        coords = geom["coordinates"]  # not used by the course map; left untransformed
    else:
        return None
    return {"type": kind, "coordinates": coords}


def decode_features(topo: dict[str, Any], object_name: str = "countries") -> list[Feature]:
    """Decode one TopoJSON object into GeoJSON-like features.

    Returns a list of ``{"type": "Feature", "id", "properties", "geometry"}`` dicts whose
    geometry coordinates are lon/lat degrees. Raises ``KeyError`` if the object is absent.
    """
    objects = topo.get("objects", {})
    if object_name not in objects:
        raise KeyError(f"TopoJSON has no object {object_name!r} (has: {sorted(objects)})")
    obj = objects[object_name]
    geoms = obj["geometries"] if obj.get("type") == "GeometryCollection" else [obj]
    arcs = _decode_arcs(topo)
    return [
        {
            "type": "Feature",
            "id": g.get("id"),
            "properties": dict(g.get("properties") or {}),
            "geometry": _geometry(g, arcs),
        }
        for g in geoms
    ]


def _crossings(lon: float, lat: float, ring: Ring) -> bool:
    """Even-odd test of one ring: does a ray east from the point cross it an odd number of times?"""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def point_in_feature(lon: float, lat: float, feature: Feature) -> bool:
    """True if (lon, lat) lies inside a Polygon/MultiPolygon feature (holes excluded).

    Uses even-odd ray casting over all rings, so ring winding order does not matter.
    Other geometry types, and null geometries, contain no point.
    """
    geometry = feature.get("geometry") or {}
    kind = geometry.get("type")
    if kind == "Polygon":
        polygons: Iterable[list[Ring]] = [geometry["coordinates"]]
    elif kind == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        return False
    return any(sum(_crossings(lon, lat, ring) for ring in poly) % 2 == 1 for poly in polygons)


def feature_at(lon: float, lat: float, features: Iterable[Feature]) -> Feature | None:
    """The first feature containing (lon, lat), or ``None`` (sea, or outside the map)."""
    return next((f for f in features if point_in_feature(lon, lat, f)), None)
