"""Pure geometric constructions over shapely, computed geodesically or in a local projection.

Everything takes and returns WGS84 (lon/lat) geometries. Distances and areas are never taken in
degrees: lengths are geodesic (WGS84 ellipsoid), areas use a Lambert azimuthal equal-area
projection centred on the geometry, buffers and extensions use an azimuthal equidistant
projection centred on the geometry.

>>> from shapely.geometry import Point, box
>>> line = line_through([Point(144.383, 42.983), Point(141.637, 43.941)])
>>> round(length_km(line))
246
>>> north = split_keep(box(141.8, 42.5, 144.0, 45), line, keep="north")
>>> north.contains(Point(142.0, 44.5)), north.contains(Point(143.0, 43.0))
(True, False)
"""

from __future__ import annotations

import math
from typing import Iterable, Sequence

import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import split as _split
from shapely.ops import unary_union

from .errors import ConstructionError

__all__ = [
    "GEOD",
    "area_km2",
    "length_km",
    "line_through",
    "extend_line",
    "split_keep",
    "split_containing",
    "clip_parallel",
    "clip_meridian",
    "corridor",
    "around",
    "arrow",
    "arrow_head",
    "include_places",
    "waypoint",
    "polygonal",
]

GEOD = Geod(ellps="WGS84")
_SIDES = {"north": (0, 1), "south": (0, -1), "east": (1, 0), "west": (-1, 0)}


# projections -------------------------------------------------------------------------------------
def _centre(geom: BaseGeometry) -> tuple[float, float]:
    c = geom.centroid if not geom.is_empty else Point(0, 0)
    return c.x, c.y


def _transformers(proj: str, geom: BaseGeometry) -> tuple[Transformer, Transformer]:
    lon, lat = _centre(geom)
    crs = f"+proj={proj} +lat_0={lat:.4f} +lon_0={lon:.4f} +datum=WGS84 +units=m"
    return (Transformer.from_crs("EPSG:4326", crs, always_xy=True),
            Transformer.from_crs(crs, "EPSG:4326", always_xy=True))


def _apply(tr: Transformer, geom: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geom, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))


def polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Only the polygons of ``geom`` (as a Polygon or MultiPolygon)."""
    if isinstance(geom, (Polygon, MultiPolygon)):
        return geom
    polys = [g for g in getattr(geom, "geoms", []) if isinstance(g, (Polygon, MultiPolygon))]
    return unary_union(polys) if polys else Polygon()


# measures ----------------------------------------------------------------------------------------
def area_km2(geom: BaseGeometry) -> float:
    """Area in km² (equal-area projection centred on the geometry).

    >>> from shapely.geometry import box
    >>> round(area_km2(box(0, 0, 1, 1)))  # one degree square at the equator ≈ 12,308 km²
    12308
    """
    fwd, _ = _transformers("laea", geom)
    return _apply(fwd, polygonal(geom)).area / 1e6


def length_km(geom: BaseGeometry) -> float:
    """Geodesic length in km of a (multi)line on the WGS84 ellipsoid."""
    return GEOD.geometry_length(geom) / 1000


# lines -------------------------------------------------------------------------------------------
def line_through(points: Sequence[Point], step_km: float = 10.0) -> LineString:
    """A line through ``points`` in order, densified along the geodesic every ``step_km``."""
    points = [p for i, p in enumerate(points) if i == 0 or not p.equals(points[i - 1])]
    if len(points) < 2:
        raise ConstructionError("a line needs at least two different places")
    coords: list[tuple[float, float]] = []
    for a, b in zip(points, points[1:]):
        _, _, dist = GEOD.inv(a.x, a.y, b.x, b.y)
        n = int(dist / 1000 / step_km) - 1
        coords.append((a.x, a.y))
        if n > 0:
            coords.extend(GEOD.npts(a.x, a.y, b.x, b.y, n))
    coords.append((points[-1].x, points[-1].y))
    return LineString(coords)


def extend_line(line: LineString, km: float) -> LineString:
    """``line`` lengthened by ``km`` at both ends, along the geodesic of its end segments."""
    coords = list(line.coords)
    (x0, y0), (x1, y1) = coords[0], coords[1]
    (xa, ya), (xb, yb) = coords[-2], coords[-1]
    az_start, _, _ = GEOD.inv(x1, y1, x0, y0)
    az_end, _, _ = GEOD.inv(xa, ya, xb, yb)
    sx, sy, _ = GEOD.fwd(x0, y0, az_start, km * 1000)
    ex, ey, _ = GEOD.fwd(xb, yb, az_end, km * 1000)
    return LineString([(sx, sy), *coords, (ex, ey)])


def waypoint(geom: BaseGeometry, towards: Point | None = None) -> Point:
    """A point to route a line through: the point itself, or for an area the point of it
    nearest to ``towards`` (the previous waypoint), else its representative point."""
    if isinstance(geom, Point):
        return geom
    if towards is not None:
        from shapely.ops import nearest_points

        return nearest_points(geom, towards)[0]
    return geom.representative_point()


# splitting and clipping --------------------------------------------------------------------------
def _half_plane(line: LineString, side: str, reach_deg: float = 30.0) -> Polygon:
    """The polygon on one side of ``line``: the line closed through points far to that side."""
    dx, dy = _SIDES[side]
    coords = list(line.coords)
    far_end = (coords[-1][0] + dx * reach_deg, coords[-1][1] + dy * reach_deg)
    far_start = (coords[0][0] + dx * reach_deg, coords[0][1] + dy * reach_deg)
    poly = Polygon([*coords, far_end, far_start])
    return poly if poly.is_valid else shapely.make_valid(poly)


def _cut(region: BaseGeometry, line: LineString, extend_km: float) -> tuple[LineString, list[BaseGeometry]]:
    region = polygonal(region)
    if region.is_empty:
        raise ConstructionError("split needs a region with an area (a polygon), not a point or a line")
    if not isinstance(line, LineString):
        raise ConstructionError(f"split needs a line, got a {line.geom_type}")
    cutter = extend_line(line, extend_km)
    pieces = list(_split(region, cutter).geoms)
    if len(pieces) < 2:
        raise ConstructionError(
            f"the line does not cross the region (even extended by {extend_km:g} km at both ends)"
        )
    return cutter, pieces


def split_keep(region: BaseGeometry, line: LineString, keep: str, extend_km: float = 50.0) -> BaseGeometry:
    """The part of ``region`` on one side (north/south/east/west) of ``line``.

    The line is first extended by ``extend_km`` at both ends so that end points lying just off
    the coastline still cut the region through. Raises :class:`ConstructionError` if the line
    does not cross the region.
    """
    if keep not in _SIDES:
        raise ConstructionError(f"keep must be one of {', '.join(_SIDES)}, not {keep!r}")
    cutter, pieces = _cut(region, line, extend_km)
    side = _half_plane(cutter, keep)
    kept = [p for p in pieces if side.contains(p.representative_point())]
    if not kept:
        raise ConstructionError(f"no part of the region lies {keep} of the line")
    return unary_union(kept)


def split_containing(region: BaseGeometry, line: LineString, place: BaseGeometry, extend_km: float = 50.0):
    """The part of ``region`` cut off by ``line`` that contains (or is nearest to) ``place``."""
    _, pieces = _cut(region, line, extend_km)
    return min(pieces, key=lambda p: p.distance(place))


def clip_parallel(region: BaseGeometry, lat: float, keep: str) -> BaseGeometry:
    """``region`` north or south of the parallel ``lat``."""
    if keep not in ("north", "south"):
        raise ConstructionError(f"a parallel keeps north or south, not {keep!r}")
    box = shapely.box(-180, lat, 180, 90) if keep == "north" else shapely.box(-180, -90, 180, lat)
    return polygonal(region.intersection(box))


def clip_meridian(region: BaseGeometry, lon: float, keep: str) -> BaseGeometry:
    """``region`` east or west of the meridian ``lon``."""
    if keep not in ("east", "west"):
        raise ConstructionError(f"a meridian keeps east or west, not {keep!r}")
    box = shapely.box(lon, -90, 180, 90) if keep == "east" else shapely.box(-180, -90, lon, 90)
    return polygonal(region.intersection(box))


def include_places(zone: BaseGeometry, places: Iterable[BaseGeometry], region: BaseGeometry | None = None,
                   radius_km: float = 5.0) -> BaseGeometry:
    """``zone`` plus a disc of ``radius_km`` around each place (clipped to ``region`` if given,
    but always containing the place itself)."""
    parts = [zone]
    for geom in places:
        fwd, inv = _transformers("aeqd", geom)
        disc = _apply(inv, _apply(fwd, geom).buffer(radius_km * 1000, 32))
        if region is not None and region.contains(geom):
            disc = disc.intersection(region)
        parts.append(disc)
    return unary_union(parts)


# corridors, rings, arrows ------------------------------------------------------------------------
def corridor(line: BaseGeometry, width_km: float) -> BaseGeometry:
    """A band ``width_km`` wide (half on each side) around ``line``: an approximate course."""
    if width_km <= 0:
        raise ConstructionError("a corridor needs a positive width_km")
    fwd, inv = _transformers("aeqd", line)
    return _apply(inv, _apply(fwd, line).buffer(width_km * 500, 16))


def around(region: BaseGeometry, distance_km: float) -> BaseGeometry:
    """A closed line around ``region`` at ``distance_km`` from it (the outer edge of a buffer)."""
    if distance_km <= 0:
        raise ConstructionError("'around' needs a positive distance_km")
    fwd, inv = _transformers("aeqd", region)
    grown = _apply(fwd, region).buffer(distance_km * 1000, 16).simplify(distance_km * 50)
    rings = [LineString(p.exterior.coords) for p in getattr(grown, "geoms", [grown])]
    return _apply(inv, MultiLineString(rings) if len(rings) > 1 else rings[0])


def arrow(start: Point, end: Point, step_km: float = 25.0) -> LineString:
    """A movement from ``start`` to ``end`` along the geodesic."""
    if start.equals(end):
        raise ConstructionError("an arrow needs two different places")
    return line_through([start, end], step_km)


def arrow_head(line: LineString, size_km: float | None = None, angle_deg: float = 22.0) -> Polygon:
    """A triangular head for the end of ``line``, ``size_km`` long (default: a tenth of the
    line's length, between 20 and 300 km)."""
    if size_km is None:
        size_km = min(300.0, max(20.0, length_km(line) / 10))
    (xa, ya), (xb, yb) = line.coords[-2], line.coords[-1]
    back, _, _ = GEOD.inv(xb, yb, xa, ya)
    left = GEOD.fwd(xb, yb, back - angle_deg, size_km * 1000)[:2]
    right = GEOD.fwd(xb, yb, back + angle_deg, size_km * 1000)[:2]
    return Polygon([(xb, yb), left, right])


def bearing(a: Point, b: Point) -> float:
    """Initial geodesic bearing from ``a`` to ``b`` in degrees clockwise from north."""
    az, _, _ = GEOD.inv(a.x, a.y, b.x, b.y)
    return math.fmod(az + 360, 360)
