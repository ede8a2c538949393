"""The two seed maps checked against independent facts, and every feature tied to its passage."""

from __future__ import annotations

import pytest
from shapely.geometry import Point

from geoarchive.anchors import reanchor
from geoarchive.build import spec_files
from geoarchive.paths import default_maps_dir
from geoarchive.spec import build_map, load_spec
from geoarchive.sources import load_documents

GUIDE_NORTH_KM2 = 36_900  # GUIDE §4: the straight Kushiro–Rumoi cut leaves ≈ 36,900 km² to the north


@pytest.fixture(scope="module")
def maps(gazetteer):
    return {p.stem: build_map(load_spec(p), gazetteer) for p in spec_files(default_maps_dir())}


@pytest.fixture(scope="module")
def stalin(maps):
    return maps["stalin-1945-08-16"]


@pytest.fixture(scope="module")
def harriman(maps):
    return maps["harriman-1944-02-02"]


@pytest.mark.parametrize("town", ["kushiro", "rumoi", "wakkanai", "nemuro"])
def test_zone_holds_towns(stalin, gazetteer, town):
    assert stalin.feature("hokkaido-north").geometry.contains(gazetteer.get(town).geometry)


@pytest.mark.parametrize("town", ["sapporo", "obihiro"])
def test_zone_excludes_towns(stalin, gazetteer, town):
    assert not stalin.feature("hokkaido-north").geometry.contains(gazetteer.get(town).geometry)


def test_zone_area_matches_guide(stalin):
    area = stalin.feature("hokkaido-north").measures["area_km2"]
    assert abs(area - GUIDE_NORTH_KM2) / GUIDE_NORTH_KM2 < 0.10, area
    assert 0.44 < stalin.feature("hokkaido-north").measures["share"] < 0.50


def test_demarcation_line_length(stalin):
    km = stalin.feature("demarcation-line").measures["length_km"]
    assert 240 <= km <= 255, km
    # independently, with geopy's geodesic between the two ends
    from geopy.distance import geodesic

    line = stalin.feature("demarcation-line").geometry
    (x0, y0), (x1, y1) = line.coords[0], line.coords[-1]
    assert abs(geodesic((y0, x0), (y1, x1)).km - km) < 1.5


def test_every_kuril_island_is_in_the_zone(stalin, gazetteer):
    zone = stalin.feature("kurils").geometry.union(stalin.feature("hokkaido-north").geometry)
    islands = list(gazetteer.get("kuril-islands").geometry.geoms)
    assert len(islands) >= 15
    assert all(zone.buffer(1e-9).contains(i) for i in islands)
    assert zone.contains(Point(156.317, 50.733)) or zone.distance(Point(156.317, 50.733)) < 0.05  # Shumshu


@pytest.mark.parametrize("town", ["shanghai", "qingdao"])
def test_inner_corridor_passes_near(harriman, gazetteer, town):
    feature = harriman.feature("inner-line")
    assert feature.kind == "corridor" and feature.measures["width_km"] == 300
    assert feature.geometry.contains(gazetteer.get(town).geometry)


def test_around_japan_encircles_the_islands(harriman, gazetteer):
    from shapely.geometry import Polygon

    ring = harriman.feature("around-japan").geometry
    assert Polygon(ring.coords).contains(gazetteer.get("japanese-islands").geometry)


def test_every_feature_cites_a_passage_that_reanchors(maps, seeds_dir):
    docs = {d.id: d for d in load_documents(seeds_dir)}
    n = 0
    for built in maps.values():
        for f in built.features:
            assert f.citations, f.id
            for c in f.citations:
                doc = docs[c.document_id]
                start, end = reanchor(c.anchor, doc.text)
                assert doc.text[start:end] == c.anchor.exact
                passage = doc.passage(c.passage_id)
                assert passage.canonical and passage.start <= start and end <= passage.end
                n += 1
    assert n >= 18


def test_every_feature_has_measures_and_certainty(maps):
    for built in maps.values():
        for f in built.features:
            assert f.certainty in ("certain", "less-certain", "uncertain")
            if f.kind in ("zone", "corridor"):
                assert f.measures["area_km2"] > 0
            elif f.kind in ("line", "arrow"):
                assert f.measures["length_km"] > 0
