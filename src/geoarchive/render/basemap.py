"""The embedded basemap: Natural Earth countries clipped and simplified to a map's extent."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import shapely
from shapely.geometry import box, mapping, shape

from ..paths import default_basemap_path

__all__ = ["basemap_for", "BASEMAP_ATTRIBUTION"]

BASEMAP_ATTRIBUTION = "Basemap: Natural Earth 1:50m (public domain), present-day borders"


@lru_cache(maxsize=2)
def _countries(path: Path) -> list[tuple[str, shapely.Geometry]]:
    data = json.loads(path.read_text("utf-8"))
    return [(f["properties"]["name"], shape(f["geometry"])) for f in data["features"]]


def basemap_for(bounds: tuple[float, float, float, float], pad: float = 0.6, path: Path | None = None,
                detail: float = 1800.0) -> dict:
    """Countries around ``bounds`` (padded by ``pad`` × the span), simplified to about
    ``detail`` steps across the view, as a GeoJSON FeatureCollection.

    >>> fc = basemap_for((141, 41, 146, 46))
    >>> "Japan" in [f["properties"]["name"] for f in fc["features"]]
    True
    """
    w, s, e, n = bounds
    dx, dy = max(e - w, 2.0), max(n - s, 2.0)
    window = box(max(-180, w - pad * dx), max(-85, s - pad * dy), min(180, e + pad * dx), min(85, n + pad * dy))
    tolerance = max(dx, dy) * (1 + 2 * pad) / detail
    feats = []
    for name, geom in _countries(path or default_basemap_path()):
        if not geom.intersects(window):
            continue
        part = shapely.simplify(geom.intersection(window), tolerance, preserve_topology=True)
        # islets smaller than a few pixels add bytes, not information
        polys = [p for p in shapely.get_parts(part) if p.geom_type == "Polygon" and p.area >= (3 * tolerance) ** 2]
        part = shapely.set_precision(shapely.MultiPolygon(polys), 0.001) if polys else shapely.Polygon()
        if part.is_empty or part.area == 0:
            continue
        feats.append({"type": "Feature", "properties": {"name": name}, "geometry": mapping(part)})
    return {"type": "FeatureCollection", "features": feats}
