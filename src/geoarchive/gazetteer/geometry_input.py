"""Geometries typed or supplied by an analyst: a point, WKT, or a GeoJSON file.

>>> parse_point("43.941, 141.637").coords[0]
(141.637, 43.941)
>>> parse_point("200, 10")
Traceback (most recent call last):
...
geoarchive.errors.GazetteerError: --point '200, 10': latitude 200.0 is out of range (−90…90); write LAT,LON
"""

from __future__ import annotations

import json
from pathlib import Path

import shapely
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from ..errors import GazetteerError

__all__ = ["parse_point", "parse_wkt", "read_geojson_geometry", "check_lonlat"]


def check_lonlat(geom: BaseGeometry, what: str) -> BaseGeometry:
    """Raise if any coordinate is outside −180…180 / −90…90 or the geometry is invalid."""
    coords = shapely.get_coordinates(geom)
    if len(coords) == 0:
        raise GazetteerError(f"{what}: the geometry is empty")
    bad = [(x, y) for x, y in coords if not (-180 <= x <= 180 and -90 <= y <= 90)]
    if bad:
        x, y = bad[0]
        raise GazetteerError(f"{what}: coordinate [{x}, {y}] is out of range (longitude −180…180, latitude "
                             "−90…90); GeoJSON and WKT write longitude first")
    if not geom.is_valid:
        raise GazetteerError(f"{what}: invalid geometry: {shapely.validation.explain_validity(geom)}")
    return geom


def parse_point(text: str) -> Point:
    """``LAT,LON`` (as people write coordinates) → a Point (lon, lat)."""
    parts = [p.strip() for p in str(text).replace(";", ",").split(",")]
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        raise GazetteerError(f"--point {text!r}: write LAT,LON in decimal degrees, e.g. 43.941,141.637") from None
    if not -90 <= lat <= 90:
        raise GazetteerError(f"--point {text!r}: latitude {lat} is out of range (−90…90); write LAT,LON")
    if not -180 <= lon <= 180:
        raise GazetteerError(f"--point {text!r}: longitude {lon} is out of range (−180…180); write LAT,LON")
    return Point(lon, lat)


def parse_wkt(text: str) -> BaseGeometry:
    """Well-known text (longitude first), checked."""
    try:
        geom = shapely.from_wkt(text)
    except shapely.errors.ShapelyError as exc:
        raise GazetteerError(f"--wkt: not well-known text: {exc}") from None
    return check_lonlat(geom, "--wkt")


def read_geojson_geometry(path: str | Path) -> BaseGeometry:
    """The geometry of a GeoJSON file: a geometry, a Feature, or a FeatureCollection of one."""
    path = Path(path)
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise GazetteerError(f"{path}: file not found") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GazetteerError(f"{path}: not GeoJSON (not valid JSON: {exc})") from None
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        feats = data.get("features") or []
        if len(feats) != 1:
            raise GazetteerError(f"{path}: a FeatureCollection must hold exactly one feature here, it has {len(feats)}")
        data = feats[0]
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict) or "type" not in data:
        raise GazetteerError(f"{path}: not GeoJSON (no geometry, Feature or FeatureCollection)")
    try:
        geom = shape(data)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        raise GazetteerError(f"{path}: not GeoJSON: {exc}") from None
    return check_lonlat(geom, str(path))
