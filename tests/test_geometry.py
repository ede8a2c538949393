"""The geometric constructions, on simple shapes with known answers."""

from __future__ import annotations

import pytest
from shapely.geometry import LineString, Point, box

from geoarchive import geometry as G
from geoarchive.errors import ConstructionError


def test_area_of_a_degree_square_at_the_equator():
    assert G.area_km2(box(0, 0, 1, 1)) == pytest.approx(12_308, rel=0.002)


def test_area_shrinks_with_latitude():
    ratio = G.area_km2(box(0, 60, 1, 61)) / G.area_km2(box(0, 0, 1, 1))
    assert 0.49 < ratio < 0.50  # ≈ cos 60.5° (0.492), a little more on the ellipsoid


def test_length_is_geodesic():
    # one degree of longitude on the equator is 111.32 km on WGS84
    assert G.length_km(LineString([(0, 0), (1, 0)])) == pytest.approx(111.32, abs=0.01)


def test_line_through_is_densified_along_the_geodesic():
    line = G.line_through([Point(0, 60), Point(60, 60)], step_km=50)
    assert len(line.coords) > 50
    assert max(y for _, y in line.coords) > 63  # the great circle bows poleward (63.4°N)


def test_split_keeps_the_requested_side():
    line = LineString([(0.2, 0.5), (0.8, 0.5)])  # ends inside: extension must carry it across
    north = G.split_keep(box(0, 0, 1, 1), line, "north", extend_km=50)
    assert north.bounds[1] == pytest.approx(0.5) and north.bounds[3] == 1
    south = G.split_keep(box(0, 0, 1, 1), line, "south", extend_km=50)
    assert G.area_km2(north) + G.area_km2(south) == pytest.approx(G.area_km2(box(0, 0, 1, 1)), rel=1e-4)


def test_split_that_does_not_cross_is_refused():
    with pytest.raises(ConstructionError, match="does not cross"):
        G.split_keep(box(0, 0, 1, 1), LineString([(3, 3), (4, 4)]), "north")


def test_split_needs_an_area():
    with pytest.raises(ConstructionError, match="polygon"):
        G.split_keep(LineString([(0, 0), (1, 1)]), LineString([(0, 1), (1, 0)]), "north")


def test_split_containing():
    part = G.split_containing(box(0, 0, 1, 1), LineString([(0.5, -1), (0.5, 2)]), Point(0.9, 0.5))
    assert part.contains(Point(0.9, 0.5)) and not part.contains(Point(0.1, 0.5))


def test_clip_parallel_and_meridian():
    assert G.clip_parallel(box(0, 40, 10, 60), 50, "south").bounds == (0, 40, 10, 50)
    assert G.clip_meridian(box(0, 40, 10, 60), 4, "east").bounds == (4, 40, 10, 60)
    with pytest.raises(ConstructionError):
        G.clip_parallel(box(0, 40, 10, 60), 50, "east")


def test_corridor_width():
    band = G.corridor(LineString([(0, 0), (2, 0)]), width_km=100)
    assert band.contains(Point(1, 0.40)) and not band.contains(Point(1, 0.5))  # 50 km ≈ 0.45°


def test_around_is_a_line_at_distance():
    ring = G.around(box(0, 0, 1, 1), distance_km=100)
    assert ring.geom_type == "LineString" and ring.is_closed
    d = Point(ring.coords[0]).distance(box(0, 0, 1, 1))
    assert 0.85 < d < 0.95  # 100 km ≈ 0.9°


def test_include_places_adds_discs():
    zone = G.include_places(box(0, 0, 1, 1), [Point(1.0, 0.5)], radius_km=5)
    assert zone.contains(Point(1.02, 0.5))


def test_arrow_and_head():
    a = G.arrow(Point(0, 0), Point(10, 10))
    head = G.arrow_head(a, size_km=60)
    assert head.distance(Point(10, 10)) < 1e-9 and 30 < G.length_km(head.exterior) / 2 < 130
    assert G.area_km2(G.arrow_head(a)) > G.area_km2(head)  # default: a tenth of the line's length
    with pytest.raises(ConstructionError):
        G.arrow(Point(1, 1), Point(1, 1))
