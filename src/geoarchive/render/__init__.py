"""Rendering built maps: offline HTML pages (folium + inlined Leaflet) and GeoJSON."""

from .geojson import to_geojson
from .html import render_embed, render_html

__all__ = ["render_html", "render_embed", "to_geojson"]
