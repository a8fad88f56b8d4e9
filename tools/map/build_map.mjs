// Build data/europe.topojson, the course's Europe map, from world-atlas (Natural Earth).
//
// Run:  cd tools/map && npm ci && node build_map.mjs
//
// Steps (each is checked; the script exits non-zero if a check fails):
//   1. read world-atlas countries-50m.json (Natural Earth 1:50m admin-0, v4.1.0);
//   2. move the Crimean peninsula (incl. Sevastopol) from Russia's geometry into Ukraine's,
//      so the map shows internationally recognised borders; merge "N. Cyprus" into Cyprus;
//   3. give Kosovo the id "XK" (not an ISO numeric code, so it cannot collide with one);
//   4. modernise names ("North Macedonia", "Türkiye", "Bosnia and Herzegovina", ...);
//   5. clip every country to the Europe view BBOX, drop Greenland (only a sliver would remain);
//   6. drop islands below MIN_ISLAND_AREA (never a country's largest polygon), rewind rings to
//      d3/Vega's spherical convention, build a topology, simplify (microstates keep every
//      point), quantise, and remove rings that collapsed;
//   7. write one object "countries" plus a "metadata" member recording the sources.
//
// Dependencies are pinned in package-lock.json; the output is deterministic.

import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { feature, merge, quantize } from "topojson-client";
import { topology } from "topojson-server";
import { presimplify, simplify } from "topojson-simplify";
import polygonClipping from "polygon-clipping";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const OUT = resolve(here, "../../data/europe.topojson");

// ---- settings -------------------------------------------------------------------------------
const SOURCE_FILE = "countries-50m.json";
// Europe view [west, south, east, north] in degrees: Iceland to the Urals, Crete/Cyprus to the
// North Cape. Svalbard, Franz Josef Land and Novaya Zemlya lie north of it.
const BBOX = [-25, 34, 60, 72];
// Crimea: the Russia polygon whose whole outer ring lies in this box (world-atlas puts the
// peninsula, including Sevastopol, in Russia). Checked below: exactly one polygon must match.
const CRIMEA_BOX = [32.4, 44.0, 36.7, 46.3];
const QUANTIZATION = 1e4; // per axis over the clipped extent: ~0.0085° x ~0.0038°
// Visvalingam triangle area (square degrees) below which points go. 3e-2 keeps coasts readable
// at the lessons' ~560 px width and keeps the map small enough that a notebook embedding it
// (indented by nbformat, ~48 bytes a point) stays under the course's 500 KB file limit.
const MIN_WEIGHT = 3e-2;
// Islands smaller than this (square degrees, about 120 km² at 60°N) are dropped, unless the
// island is its country's largest polygon (Malta, the Channel Islands, microstates stay).
const MIN_ISLAND_AREA = 0.02;
// Features whose largest polygon is smaller than this keep every point, so microstates
// (Andorra, Liechtenstein, San Marino, Malta) survive simplification.
const PROTECT_AREA = 0.5;
const MIN_CUT_AREA = 2; // square degrees: smaller islands crossing the frame are dropped whole
const MAX_BYTES = 150 * 1024;
const DROP = new Set(["304"]); // Greenland: only a sliver of its east coast falls inside BBOX
const KOSOVO_ID = "XK"; // user-assigned code used by the EU and others; not ISO numeric

// world-atlas name -> modern short name (only features inside the view are listed)
const NAMES = {
  "070": "Bosnia and Herzegovina",
  "203": "Czechia",
  "234": "Faroe Islands",
  "248": "Åland Islands",
  "336": "Vatican City",
  "792": "Türkiye",
  "807": "North Macedonia",
  "826": "United Kingdom",
};
// dependencies / autonomous territories with their own ISO code -> sovereign state's id,
// so a chart can colour them with their state (properties.sovereign_id).
const SOVEREIGN = { "234": "208", "248": "246", "831": "826", "832": "826", "833": "826" };

// ---- helpers --------------------------------------------------------------------------------
function fail(message) {
  console.error(`build_map: ${message}`);
  process.exit(1);
}

function ringBbox(ring) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    b[0] = Math.min(b[0], x);
    b[1] = Math.min(b[1], y);
    b[2] = Math.max(b[2], x);
    b[3] = Math.max(b[3], y);
  }
  return b;
}

const inside = (b, box) => b[0] >= box[0] && b[1] >= box[1] && b[2] <= box[2] && b[3] <= box[3];

// Shoelace signed area with x = lon, y = lat: > 0 means counter-clockwise.
function signedArea(ring) {
  let s = 0;
  for (let i = 0, n = ring.length - 1; i < n; i++) {
    s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  }
  return s / 2;
}

// d3-geo (and so Vega/Altair) reads rings on the sphere: an exterior ring must be clockwise
// and a hole counter-clockwise, the opposite of RFC 7946. polygon-clipping returns RFC 7946.
function rewindForD3(multiPolygon) {
  return multiPolygon.map((polygon) =>
    polygon.map((ring, i) => {
      const ccw = signedArea(ring) > 0;
      const wantCcw = i > 0;
      return ccw === wantCcw ? ring : ring.slice().reverse();
    }),
  );
}

// Natural Earth cuts rings that cross the antimeridian (Russia's Chukotka) at ±180 within one
// ring; read on a plane, that ring would sweep a band across the whole map. Shift such a
// ring's western-hemisphere points by +360° so it is continuous before planar clipping.
function unwrapAntimeridian(polygon) {
  return polygon.map((ring) => {
    const b = ringBbox(ring);
    if (b[2] - b[0] <= 180) return ring;
    return ring.map(([x, y]) => [x < 0 ? x + 360 : x, y]);
  });
}

function asMulti(geometry) {
  if (geometry.type === "Polygon") return [geometry.coordinates];
  if (geometry.type === "MultiPolygon") return geometry.coordinates;
  fail(`unexpected geometry type ${geometry.type}`);
}

// ---- 1. read --------------------------------------------------------------------------------
const atlasPkg = JSON.parse(readFileSync(require.resolve("world-atlas/package.json"), "utf8"));
const world = JSON.parse(readFileSync(require.resolve(`world-atlas/${SOURCE_FILE}`), "utf8"));
const geoms = world.objects.countries.geometries;
const byName = (name) => geoms.find((g) => g.properties.name === name) ?? fail(`no ${name}`);
const russia = geoms.find((g) => g.id === "643") ?? fail("no Russia (643)");
const ukraine = geoms.find((g) => g.id === "804") ?? fail("no Ukraine (804)");
const cyprus = geoms.find((g) => g.id === "196") ?? fail("no Cyprus (196)");
const northCyprus = byName("N. Cyprus");
const kosovo = byName("Kosovo");
if (kosovo.id !== undefined) fail(`Kosovo already has id ${kosovo.id}; revisit KOSOVO_ID`);

// ---- 2. Crimea into Ukraine -----------------------------------------------------------------
const crimea = [];
const russiaRest = [];
for (const polygonArcs of russia.arcs) {
  const outer = feature(world, { type: "Polygon", arcs: polygonArcs }).geometry.coordinates[0];
  (inside(ringBbox(outer), CRIMEA_BOX) ? crimea : russiaRest).push(polygonArcs);
}
if (crimea.length !== 1) fail(`expected 1 Crimea polygon in Russia, found ${crimea.length}`);
const crimeaBbox = ringBbox(
  feature(world, { type: "Polygon", arcs: crimea[0] }).geometry.coordinates[0],
);
// merge() dissolves the shared Perekop/Chonhar arcs, so Crimea joins mainland Ukraine.
const ukraineGeometry = merge(world, [ukraine, { type: "Polygon", arcs: crimea[0] }]);
const russiaGeometry = feature(world, { type: "MultiPolygon", arcs: russiaRest }).geometry;
const cyprusGeometry = merge(world, [cyprus, northCyprus]);

// ---- 3./4. ids and names --------------------------------------------------------------------
const features = [];
for (const g of geoms) {
  if (g === northCyprus) continue;
  const id = g === kosovo ? KOSOVO_ID : g.id;
  if (id === undefined) continue; // Somaliland, Siachen, ... all far outside the view
  if (DROP.has(id)) continue;
  let geometry;
  if (g === ukraine) geometry = ukraineGeometry;
  else if (g === russia) geometry = russiaGeometry;
  else if (g === cyprus) geometry = cyprusGeometry;
  else geometry = feature(world, g).geometry;
  const name = NAMES[id] ?? g.properties.name;
  features.push({ id, name, geometry });
}

// ---- 5. clip to the view --------------------------------------------------------------------
const [w, s, e, n] = BBOX;
const boxPolygon = [[[w, s], [e, s], [e, n], [w, n], [w, s]]];
const clipped = [];
for (const f of features) {
  const kept = [];
  const polygons = asMulti(f.geometry).map(unwrapAntimeridian);
  const largest = Math.max(...polygons.map((p) => Math.abs(signedArea(p[0]))));
  for (const polygon of polygons) {
    const b = ringBbox(polygon[0]);
    const ownArea = Math.abs(signedArea(polygon[0]));
    if (ownArea < largest && ownArea < MIN_ISLAND_AREA) continue; // small island: below scale
    if (b[2] < w || b[0] > e || b[3] < s || b[1] > n) continue; // wholly outside
    if (inside(b, BBOX)) {
      kept.push(polygon); // wholly inside: no cut
      continue;
    }
    // Crossing the frame: cut mainlands and large islands at the frame, but drop small
    // islands whole rather than show a sliced island (e.g. Vaygach at the north-east corner).
    const area = Math.abs(signedArea(polygon[0]));
    if (area < largest && area < MIN_CUT_AREA) {
      console.log(`  dropped island of ${f.name} crossing the frame at ${b.map((v) => v.toFixed(1))}`);
      continue;
    }
    kept.push(...polygonClipping.intersection([polygon], boxPolygon));
  }
  if (kept.length === 0) continue;
  clipped.push({
    type: "Feature",
    id: f.id,
    properties: { name: f.name, sovereign_id: SOVEREIGN[f.id] ?? f.id },
    geometry: { type: "MultiPolygon", coordinates: rewindForD3(kept) },
  });
}
clipped.sort((a, b) => a.id.localeCompare(b.id));

// ---- 6. topology, simplify, quantise --------------------------------------------------------
// presimplify works on absolute coordinates (it drops any quantisation), so quantise last.
let topo = topology({ countries: { type: "FeatureCollection", features: clipped } });
topo = presimplify(topo);
// Microstates: give every point of their arcs an infinite weight, so simplify keeps them.
const small = new Set(
  clipped
    .filter((f) => Math.max(...f.geometry.coordinates.map((p) => Math.abs(signedArea(p[0])))) < PROTECT_AREA)
    .map((f) => f.id),
);
const arcIndex = (i) => (i < 0 ? ~i : i);
for (const g of topo.objects.countries.geometries) {
  if (!small.has(g.id)) continue;
  const polygons = g.type === "Polygon" ? [g.arcs] : g.arcs;
  for (const ring of polygons.flat()) {
    for (const i of ring) for (const point of topo.arcs[arcIndex(i)]) point[2] = Infinity;
  }
}
topo = quantize(simplify(topo, MIN_WEIGHT), QUANTIZATION);
// Rings that simplification and quantisation shrank to nothing (the Vatican, Monaco, and
// Italy's matching hole) are removed, and so is a feature left with no polygon. One-polygon
// MultiPolygons become Polygons (smaller, and what world-atlas does).
const degenerate = (ringArcs) => {
  const ring = feature(topo, { type: "Polygon", arcs: [ringArcs] }).geometry.coordinates[0];
  return ring.length < 4 || signedArea(ring) === 0;
};
const removed = [];
topo.objects.countries.geometries = topo.objects.countries.geometries.filter((g) => {
  const polygons = (g.type === "Polygon" ? [g.arcs] : g.arcs)
    .filter((rings) => !degenerate(rings[0]))
    .map((rings) => [rings[0], ...rings.slice(1).filter((r) => !degenerate(r))]);
  if (polygons.length === 0) {
    removed.push(`${g.id} ${g.properties.name}`);
    return false;
  }
  g.type = polygons.length === 1 ? "Polygon" : "MultiPolygon";
  g.arcs = polygons.length === 1 ? polygons[0] : polygons;
  return true;
});
if (removed.length) console.log(`  removed features too small for this scale: ${removed.join(", ")}`);

// ---- 7. metadata and write ------------------------------------------------------------------
topo.metadata = {
  title: "Europe view for the course 'NATO and Ukraine, 2008-2024'",
  source: `world-atlas@${atlasPkg.version} ${SOURCE_FILE} (Natural Earth 1:50m admin-0, v4.1.0)`,
  world_atlas_version: atlasPkg.version,
  licence: "Natural Earth: public domain; world-atlas: ISC",
  bbox: BBOX,
  changes: [
    "Crimea and Sevastopol moved from Russia (643) into Ukraine (804)",
    "N. Cyprus merged into Cyprus (196)",
    `Kosovo given id "${KOSOVO_ID}" (not an ISO 3166-1 numeric code)`,
    "names modernised (North Macedonia, Türkiye, Bosnia and Herzegovina, ...)",
    "clipped to bbox; small islands crossing its edge and Greenland dropped",
    ...(removed.length ? [`removed as too small for this scale: ${removed.join(", ")}`] : []),
  ],
  ids: "3-character zero-padded ISO 3166-1 numeric strings, except Kosovo",
  built_by: "tools/map/build_map.mjs",
};
const text = JSON.stringify(topo);
if (text.length > MAX_BYTES) fail(`output is ${text.length} bytes, over ${MAX_BYTES}`);
writeFileSync(OUT, text + "\n");

const count = topo.objects.countries.geometries.length;
console.log(`Crimea polygon bbox: ${crimeaBbox.map((v) => v.toFixed(2)).join(", ")}`);
console.log(`wrote ${OUT}: ${count} features, ${(text.length + 1).toLocaleString("en")} bytes`);
