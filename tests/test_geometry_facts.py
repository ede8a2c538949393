"""Gazetteer geometries checked against independent figures (public reference works, GUIDE §4)."""

from __future__ import annotations

import pytest
from pyproj import Geod, Transformer
from shapely.geometry import Point
import numpy as np
import shapely

GEOD = Geod(ellps="WGS84")
# Lambert azimuthal equal-area centred on Hokkaido: areas in m², distances near the centre in m.
_LAEA = Transformer.from_crs("EPSG:4326", "+proj=laea +lat_0=43.5 +lon_0=142.5 +datum=WGS84", always_xy=True)


def laea(geom):
    return shapely.transform(geom, lambda xy: np.column_stack(_LAEA.transform(xy[:, 0], xy[:, 1])))


# Reference coordinates (lat, lon) from public reference works, independent of GeoNames.
REFERENCE = {
    "kushiro": (42.983, 144.383),
    "rumoi": (43.941, 141.637),
    "sapporo": (43.062, 141.354),
    "wakkanai": (45.416, 141.673),
    "shanghai": (31.229, 121.475),
    "qingdao": (36.067, 120.383),
}


@pytest.mark.parametrize("pid", sorted(REFERENCE))
def test_towns_near_reference_coordinates(gazetteer, pid):
    lat, lon = REFERENCE[pid]
    pt = gazetteer.get(pid).geometry
    _, _, dist = GEOD.inv(lon, lat, pt.x, pt.y)
    assert dist < 5_000, f"{pid} is {dist / 1000:.1f} km from its reference position"


@pytest.mark.parametrize("pid", ["kushiro", "rumoi"])
def test_line_ends_lie_on_hokkaido_coast(gazetteer, pid):
    coast = laea(gazetteer.get("hokkaido").geometry.exterior)
    town = laea(gazetteer.get(pid).geometry)
    assert town.distance(coast) < 2_000


def test_hokkaido_main_island_area(gazetteer):
    area_km2 = laea(gazetteer.get("hokkaido").geometry).area / 1e6
    assert 76_000 <= area_km2 <= 80_000, area_km2


def test_kushiro_rumoi_distance(gazetteer):
    k, r = gazetteer.get("kushiro").geometry, gazetteer.get("rumoi").geometry
    _, _, dist = GEOD.inv(k.x, k.y, r.x, r.y)
    assert 240_000 <= dist <= 252_000, dist  # ≈ 246 km


def test_karafuto_ends_at_50th_parallel(gazetteer):
    minx, miny, maxx, maxy = gazetteer.get("karafuto").geometry.bounds
    assert maxy == pytest.approx(50.0, abs=1e-4)
    sakhalin = gazetteer.get("sakhalin").geometry
    assert sakhalin.bounds[3] > 54  # the island goes on north of the line
    # both simplified with a 0.005° tolerance, independently
    assert sakhalin.buffer(0.006).contains(gazetteer.get("karafuto").geometry)


def test_shanghai_outside_shandong(gazetteer):
    shanghai = gazetteer.get("shanghai").geometry
    assert not gazetteer.get("shandong").geometry.contains(shanghai)
    assert gazetteer.get("china").geometry.buffer(0.05).contains(shanghai)


def test_qingdao_on_shandong_peninsula(gazetteer):
    assert gazetteer.get("shandong-peninsula").geometry.buffer(0.02).contains(gazetteer.get("qingdao").geometry)
    assert gazetteer.get("shandong").geometry.buffer(0.006).contains(gazetteer.get("shandong-peninsula").geometry)


def test_liaodong_is_in_manchuria(gazetteer):
    liaodong = gazetteer.get("liaodong-peninsula").geometry
    manchuria = gazetteer.get("manchuria").geometry
    assert manchuria.buffer(0.05).contains(liaodong)
    assert manchuria.touches(Point(119.754, 40.009)) or manchuria.distance(Point(119.754, 40.009)) < 0.05


def test_kurils_span_hokkaido_to_kamchatka(gazetteer):
    minx, miny, maxx, maxy = gazetteer.get("kuril-islands").geometry.bounds
    assert miny < 43.6 and maxy > 50.6  # Habomai … Shumshu (50.73°N)
    assert not gazetteer.get("kuril-islands").geometry.intersects(gazetteer.get("hokkaido").geometry)


def test_la_perouse_strait_between_capes(gazetteer):
    strait = gazetteer.get("la-perouse-strait").geometry
    assert strait.contains(Point(142.03, 45.72))
    assert not strait.intersects(gazetteer.get("hokkaido").geometry.buffer(-0.01))


def test_towns_are_in_their_island(gazetteer):
    hokkaido = gazetteer.get("hokkaido").geometry.buffer(0.02)
    for pid in ("kushiro", "rumoi", "sapporo", "wakkanai", "nemuro", "obihiro"):
        assert hokkaido.contains(gazetteer.get(pid).geometry), pid
        assert "hokkaido" in gazetteer.ancestors(pid) and "japan" in gazetteer.ancestors(pid)


def test_every_geometry_has_provenance_and_certainty(gazetteer):
    for place in gazetteer:
        assert place.members, place.id
        for m in place.members:
            for key in ("dataset", "version", "licence", "derivation"):
                assert m.provenance.get(key), (place.id, key)
            assert m.certainty in {"certain", "less-certain", "uncertain"}


def test_hand_drawn_edges_are_marked_less_certain(gazetteer):
    for pid in ("manchuria", "liaodong-peninsula", "shandong-peninsula", "la-perouse-strait"):
        member = gazetteer.get(pid).members[0]
        assert member.certainty == "less-certain" and "hand-drawn" in member.provenance["derivation"].lower()


def test_polygons_follow_right_hand_rule(gazetteer):
    for place in gazetteer:
        for m in place.members:
            for poly in getattr(m.geometry, "geoms", [m.geometry]):
                if poly.geom_type == "Polygon":
                    assert poly.exterior.is_ccw, place.id
