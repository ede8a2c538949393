"""A built map as a GeoJSON FeatureCollection with every property (for QGIS users)."""

from __future__ import annotations

from shapely.geometry import mapping

from ..spec import BuiltFeature, BuiltMap

__all__ = ["feature_properties", "to_geojson"]


def feature_properties(f: BuiltFeature) -> dict:
    """Everything known about a feature, flattened enough for a GIS attribute table."""
    return {
        "id": f.id,
        "layer": f.layer,
        "label": f.label,
        "legend": f.legend,
        "kind": f.kind,
        "certainty": f.certainty,
        "certainty_words": f.certainty_words,
        "note": f.note,
        "places": f.places,
        "measures": f.measures,
        "style": f.style,
        "passages": [
            {
                "document": c.document_id,
                "document_title": c.document_title,
                "document_date": c.document_date,
                "archive_citation": c.archive_citation,
                "url": c.url,
                "passage": c.passage_id,
                "quote": c.anchor.exact,
                "selector": c.anchor.selectors(),
            }
            for c in f.citations
        ],
    }


def to_geojson(built: BuiltMap, decimals: int = 5) -> dict:
    """The features of ``built`` as an RFC 7946 FeatureCollection."""
    import shapely

    feats = []
    for f in built.features:
        geom = shapely.set_precision(f.geometry, 10 ** -decimals) if decimals else f.geometry
        feats.append({"type": "Feature", "id": f.id, "geometry": mapping(geom), "properties": feature_properties(f)})
    return {
        "type": "FeatureCollection",
        "name": built.id,
        "title": built.title,
        "documents": [d.id for d in built.documents],
        "features": feats,
    }
