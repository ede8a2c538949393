"""Map specs: declarative YAML that builds a document's zones and lines from gazetteer places.

A spec names its documents and, layer by layer, its features. Each feature gives a construction
over gazetteer places (see :data:`OPERATIONS`), the passage(s) it comes from as quotes checked
against the document, its certainty, style and legend label. Errors name the file, the line and
the feature. See ``maps/README.md`` for the format.

>>> from geoarchive.paths import default_maps_dir
>>> built = build_map(load_spec(default_maps_dir() / "stalin-1945-08-16.yaml"))
>>> zone = built.feature("hokkaido-north")
>>> zone.kind, 36_000 < zone.measures["area_km2"] < 38_500
('zone', True)
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Callable

import jsonschema
from rapidfuzz import process
from shapely.geometry import LineString, MultiLineString, Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from . import geometry as G
from .anchors import Anchor
from .errors import ConstructionError, GeoarchiveError, PlaceNotFound, SpecError
from .gazetteer import Gazetteer
from .gazetteer.resolve import parse_date
from .paths import default_seeds_dir
from .sources import Document, load_documents
from .yamlines import line_of, load_yaml

__all__ = ["MapSpec", "Citation", "BuiltFeature", "BuiltMap", "load_spec", "build_map", "OPERATIONS"]

CERTAINTY_WORDS = {
    "certain": "Certain: the document states it and the gazetteer geometry is precise.",
    "less-certain": "Less certain: the document's wording or the drawn edge is approximate.",
    "uncertain": "Uncertain: the document itself is vague or speculative about this.",
}


@lru_cache(maxsize=1)
def _schema() -> dict:
    return json.loads(resources.files(__package__).joinpath("mapspec.schema.json").read_text("utf-8"))


@dataclass(frozen=True)
class Citation:
    """The passage a feature comes from, anchored in its document."""

    document_id: str
    document_title: str
    document_date: str
    archive_citation: str
    url: str | None
    passage_id: str
    passage_text: str
    passage_start: int
    anchor: Anchor


@dataclass
class BuiltFeature:
    """A drawn feature: geometry (WGS84), what it is, where it comes from, and its measures."""

    id: str
    layer: str
    label: str
    legend: str
    kind: str  # zone | line | point | arrow
    geometry: BaseGeometry
    certainty: str
    style: dict
    measures: dict
    citations: list[Citation]
    places: list[str]
    note: str = ""

    @property
    def certainty_words(self) -> str:
        return CERTAINTY_WORDS[self.certainty]


@dataclass
class BuiltMap:
    """A map ready to render: its documents, layers in order, and features."""

    id: str
    title: str
    description: str
    date: _dt.date | None
    documents: list[Document]
    layers: list[tuple[str, str]]
    features: list[BuiltFeature]
    source: Path | None = None
    frame: list[str] = field(default_factory=list)

    def feature(self, fid: str) -> BuiltFeature:
        for f in self.features:
            if f.id == fid:
                return f
        raise KeyError(fid)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """The extent the map opens on: the ``frame`` features, else all of them."""
        shown = [f.geometry for f in self.features if not self.frame or f.id in self.frame]
        return unary_union(shown).bounds


@dataclass
class MapSpec:
    """A parsed, schema-checked spec with the line of every key."""

    path: Path
    data: dict
    lines: dict[tuple, int]

    @property
    def id(self) -> str:
        return self.data["id"]

    def where(self, path: tuple, feature: str | None = None) -> str:
        line = line_of(self.lines, path)
        loc = f"{self.path}:{line}" if line else str(self.path)
        return f"{loc}: feature {feature}" if feature else loc


def _suggest(word: str, choices) -> str:
    best = process.extractOne(str(word), list(choices))
    return f" (did you mean {best[0]!r}?)" if best and best[1] >= 60 else ""


def load_spec(path: str | Path) -> MapSpec:
    """Read a spec file and check it against the schema; :class:`SpecError` names file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError(f"{path}: map spec not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"{path}: cannot read: {exc}") from None
    data, lines = load_yaml(text, str(path))
    spec = MapSpec(path, data if isinstance(data, dict) else {}, lines)
    if not isinstance(data, dict):
        raise SpecError(f"{path}: a map spec is a mapping (id, title, documents, layers)")
    # unknown keys first: a misspelt key also shows up as a missing one, and the typo is the cause
    errors = sorted(jsonschema.Draft202012Validator(_schema()).iter_errors(data),
                    key=lambda e: (e.validator != "additionalProperties", list(map(str, e.path))))
    if errors:
        err = errors[0]
        p = tuple(err.absolute_path)
        fid = _feature_at(data, p)
        if err.validator == "additionalProperties":
            allowed = list(err.schema.get("properties", {}))
            extra = sorted(set(err.instance) - set(allowed))
            bad = extra[0]
            msg = f"unknown key {bad!r}{_suggest(bad, allowed)}; allowed: {', '.join(allowed)}"
            raise SpecError(f"{spec.where(p + (bad,), fid)}: {msg}")
        raise SpecError(f"{spec.where(p, fid)}: {'.'.join(map(str, p)) or 'spec'}: {err.message}")
    return spec


def _feature_at(data: dict, path: tuple) -> str | None:
    if len(path) >= 4 and path[0] == "layers" and path[2] == "features":
        try:
            return data["layers"][path[1]]["features"][path[3]].get("id") or f"#{path[3]}"
        except (IndexError, KeyError, TypeError, AttributeError):
            return None
    return None


# constructions -----------------------------------------------------------------------------------
class _Context:
    def __init__(self, spec: MapSpec, gazetteer: Gazetteer, date, feature: str, base: tuple):
        self.spec, self.gazetteer, self.date, self.feature, self.base = spec, gazetteer, date, feature, base
        self.places: list[str] = []
        self.parent: BaseGeometry | None = None
        self.parent_label: str | None = None
        self.kind_hint: str | None = None

    def fail(self, path: tuple, msg: str) -> SpecError:
        return SpecError(f"{self.spec.where(self.base + path, self.feature)}: {msg}")


def _expect(ctx: _Context, path: tuple, geom: BaseGeometry, want: str, role: str) -> BaseGeometry:
    kinds = {"area": ("Polygon", "MultiPolygon"), "line": ("LineString",), "point": ("Point",)}
    g = G.polygonal(geom) if want == "area" and geom.geom_type == "GeometryCollection" else geom
    if g.is_empty or g.geom_type not in kinds[want]:
        raise ctx.fail(path, f"{role} must be {'an' if want == 'area' else 'a'} {want}, got a {geom.geom_type}")
    return g


def _place(ctx: _Context, value: Any, path: tuple) -> BaseGeometry:
    if not isinstance(value, str):
        raise ctx.fail(path, f"'place' takes a gazetteer id, got {value!r}")
    try:
        place = ctx.gazetteer.get(value)
    except PlaceNotFound:
        ids = [p.id for p in ctx.gazetteer]
        raise ctx.fail(path, f"unknown place id {value!r}{_suggest(value, ids)}") from None
    ctx.places.append(place.id)
    geom = place.geometry_at(ctx.date)
    return geom if not geom.is_empty else place.geometry


def _args(ctx: _Context, value: Any, path: tuple, op: str, required: tuple, optional: tuple = ()) -> dict:
    if not isinstance(value, dict):
        raise ctx.fail(path, f"'{op}' takes a mapping with {', '.join(required)}")
    allowed = required + optional
    for key in value:
        if key not in allowed:
            raise ctx.fail(path + (key,), f"unknown key {key!r} in '{op}'{_suggest(key, allowed)}; allowed: {', '.join(allowed)}")
    missing = [k for k in required if k not in value]
    if missing:
        raise ctx.fail(path, f"'{op}' needs {', '.join(missing)}")
    return value


def _number(ctx, value, path, name) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise ctx.fail(path, f"{name} must be a number, got {value!r}")
    return float(value)


def _op_line_through(ctx, value, path):
    items = value if isinstance(value, list) else None
    if not items or len(items) < 2:
        raise ctx.fail(path, "'line_through' takes a list of at least two places")
    points: list[Point] = []
    for i, item in enumerate(items):
        geom = evaluate(ctx, item, path + (i,))
        points.append(G.waypoint(geom, points[-1] if points else None))
    ctx.kind_hint = ctx.kind_hint or "line"
    return G.line_through(points)


def _op_split(ctx, value, path):
    a = _args(ctx, value, path, "split", ("region", "line"), ("keep", "containing", "include", "extend_km", "radius_km"))
    region = _expect(ctx, path + ("region",), evaluate(ctx, a["region"], path + ("region",)), "area", "the region to split")
    line = _expect(ctx, path + ("line",), evaluate(ctx, a["line"], path + ("line",)), "line", "the splitting line")
    extend = _number(ctx, a.get("extend_km", 50), path + ("extend_km",), "extend_km")
    if ("keep" in a) == ("containing" in a):
        raise ctx.fail(path, "'split' needs exactly one of keep (north/south/east/west) or containing (a place)")
    try:
        if "keep" in a:
            part = G.split_keep(region, line, a["keep"], extend)
        else:
            part = G.split_containing(region, line, evaluate(ctx, a["containing"], path + ("containing",)), extend)
    except ConstructionError as exc:
        raise ctx.fail(path, f"split: {exc}") from None
    if "include" in a:
        places = a["include"] if isinstance(a["include"], list) else [a["include"]]
        geoms = [evaluate(ctx, p, path + ("include", i)) for i, p in enumerate(places)]
        part = G.include_places(part, geoms, region, a.get("radius_km", 5.0))
    ctx.parent = region
    ctx.kind_hint = "zone"
    return part


def _op_union(ctx, value, path):
    if not isinstance(value, list) or not value:
        raise ctx.fail(path, "'union' takes a list of constructions")
    return unary_union([evaluate(ctx, v, path + (i,)) for i, v in enumerate(value)])


def _op_difference(ctx, value, path):
    a = _args(ctx, value, path, "difference", ("base", "subtract"))
    base = evaluate(ctx, a["base"], path + ("base",))
    subs = a["subtract"] if isinstance(a["subtract"], list) else [a["subtract"]]
    return base.difference(unary_union([evaluate(ctx, s, path + ("subtract", i)) for i, s in enumerate(subs)]))


def _op_clip(ctx, value, path):
    a = _args(ctx, value, path, "clip", ("region",), ("north_of", "south_of", "east_of", "west_of"))
    region = _expect(ctx, path + ("region",), evaluate(ctx, a["region"], path + ("region",)), "area", "the region to clip")
    sides = [k for k in ("north_of", "south_of", "east_of", "west_of") if k in a]
    if len(sides) != 1:
        raise ctx.fail(path, "'clip' needs exactly one of north_of, south_of, east_of, west_of")
    key = sides[0]
    at = _number(ctx, a[key], path + (key,), key)
    side = key.split("_")[0]
    out = G.clip_parallel(region, at, side) if side in ("north", "south") else G.clip_meridian(region, at, side)
    if out.is_empty:
        raise ctx.fail(path, f"no part of the region lies {side} of {at}")
    ctx.parent = region
    return out


def _op_corridor(ctx, value, path):
    a = _args(ctx, value, path, "corridor", ("line", "width_km"))
    line = _expect(ctx, path + ("line",), evaluate(ctx, a["line"], path + ("line",)), "line", "a corridor's line")
    width = _number(ctx, a["width_km"], path + ("width_km",), "width_km")
    try:
        out = G.corridor(line, width)
    except ConstructionError as exc:
        raise ctx.fail(path, str(exc)) from None
    ctx.kind_hint = "corridor"
    ctx.centreline, ctx.width_km = line, width
    return out


def _op_around(ctx, value, path):
    a = _args(ctx, value, path, "around", ("region", "distance_km"))
    region = _expect(ctx, path + ("region",), evaluate(ctx, a["region"], path + ("region",)), "area", "the region to go around")
    try:
        out = G.around(region, _number(ctx, a["distance_km"], path + ("distance_km",), "distance_km"))
    except ConstructionError as exc:
        raise ctx.fail(path, str(exc)) from None
    ctx.kind_hint = "line"
    return out


def _op_arrow(ctx, value, path):
    a = _args(ctx, value, path, "arrow", ("from", "to"))
    start_geom = evaluate(ctx, a["from"], path + ("from",))
    end_geom = evaluate(ctx, a["to"], path + ("to",))
    start = G.waypoint(start_geom)
    end = G.waypoint(end_geom, start)
    if end_geom.geom_type != "Point":  # stop a little inside the target area
        end = G.waypoint(end_geom)
    try:
        out = G.arrow(start, end)
    except ConstructionError as exc:
        raise ctx.fail(path, str(exc)) from None
    ctx.kind_hint = "arrow"
    return out


def _op_centre(ctx, value, path):
    return G.waypoint(evaluate(ctx, value, path))


OPERATIONS: dict[str, Callable] = {
    "place": lambda ctx, v, p: _place(ctx, v, p),
    "centre": _op_centre,
    "line_through": _op_line_through,
    "split": _op_split,
    "union": _op_union,
    "difference": _op_difference,
    "clip": _op_clip,
    "corridor": _op_corridor,
    "around": _op_around,
    "arrow": _op_arrow,
}


def evaluate(ctx: _Context, expr: Any, path: tuple) -> BaseGeometry:
    """Evaluate a construction: a place id (string) or a one-key mapping ``{operation: args}``."""
    if isinstance(expr, str):
        return _place(ctx, expr, path)
    if not isinstance(expr, dict) or len(expr) != 1:
        raise ctx.fail(path, f"a construction is a place id or one of: {', '.join(OPERATIONS)}; got {expr!r}")
    (op, value), = expr.items()
    if op not in OPERATIONS:
        raise ctx.fail(path + (op,), f"unknown construction {op!r}{_suggest(op, OPERATIONS)}; known: {', '.join(OPERATIONS)}")
    return OPERATIONS[op](ctx, value, path + (op,))


# building ----------------------------------------------------------------------------------------
def _cite(spec: MapSpec, docs: dict[str, Document], feature: str, i: int, p: dict, path: tuple) -> Citation:
    doc_id = p.get("document") or (next(iter(docs)) if len(docs) == 1 else None)
    if doc_id is None:
        raise SpecError(f"{spec.where(path, feature)}: this map has several documents: say which one the quote is from")
    if doc_id not in docs:
        raise SpecError(f"{spec.where(path + ('document',), feature)}: document {doc_id!r} is not among this map's "
                        f"documents{_suggest(doc_id, docs)}")
    doc = docs[doc_id]
    quote = p["quote"]
    hits = []
    start = doc.text.find(quote)
    while start >= 0:
        hits.append(start)
        start = doc.text.find(quote, start + 1)
    if not hits:
        raise SpecError(f"{spec.where(path + ('quote',), feature)}: quote not found in {doc.path.name}: {quote[:70]!r}")
    canonical = [h for h in hits if (doc.passage_at(h) is None or doc.passage_at(h).canonical)]
    if len(canonical) > 1:
        raise SpecError(f"{spec.where(path + ('quote',), feature)}: quote occurs {len(canonical)} times in "
                        f"{doc.path.name}; quote more words so it is unique")
    start = (canonical or hits)[0]
    passage = doc.passage_at(start)
    anchor = Anchor.make(doc.text, start, start + len(quote))
    return Citation(doc.id, doc.title, doc.date.isoformat(), doc.citation, doc.meta.get("url"),
                    passage.id if passage else "", passage.text if passage else quote,
                    passage.start if passage else start, anchor)


def _measures(ctx: _Context, geom: BaseGeometry, kind: str, share_of: BaseGeometry | None, share_label: str | None) -> dict:
    if kind in ("zone", "corridor"):
        m: dict[str, Any] = {"area_km2": round(G.area_km2(geom), 0)}
        if kind == "corridor":
            m["width_km"] = ctx.width_km
            m["length_km"] = round(_geodesic_km(ctx.centreline), 0)
        if share_of is not None and not share_of.is_empty:
            m["share"] = round(G.area_km2(geom) / G.area_km2(share_of), 3)
            m["share_of"] = share_label
        return m
    if kind in ("line", "arrow"):
        return {"length_km": round(_geodesic_km(geom), 0)}
    return {"lat": round(geom.y, 4), "lon": round(geom.x, 4)} if isinstance(geom, Point) else {}


def _geodesic_km(geom: BaseGeometry) -> float:
    """Length along the WGS84 geodesic (pyproj's Geod: the same Karney algorithm geopy uses)."""
    return G.length_km(geom)


def _kind(geom: BaseGeometry, hint: str | None) -> str:
    if hint in ("arrow", "corridor"):
        return hint
    t = geom.geom_type
    if t in ("Polygon", "MultiPolygon"):
        return "zone"
    if t in ("LineString", "MultiLineString", "LinearRing"):
        return "line"
    if t in ("Point", "MultiPoint"):
        return "point"
    return "zone" if not G.polygonal(geom).is_empty else "line"


def build_map(spec: MapSpec, gazetteer: Gazetteer | None = None, seeds: Path | None = None) -> BuiltMap:
    """Evaluate every feature of ``spec``: geometry, measures and anchored passages."""
    gazetteer = gazetteer or Gazetteer.load()
    all_docs = {d.id: d for d in load_documents(seeds or default_seeds_dir())}
    docs: dict[str, Document] = {}
    for i, doc_id in enumerate(spec.data["documents"]):
        if doc_id not in all_docs:
            raise SpecError(f"{spec.where(('documents', i))}: unknown document {doc_id!r}{_suggest(doc_id, all_docs)}; "
                            f"known: {', '.join(all_docs)}")
        docs[doc_id] = all_docs[doc_id]
    date = parse_date(spec.data["date"]) if "date" in spec.data else next(iter(docs.values())).date
    features: list[BuiltFeature] = []
    seen: set[str] = set()
    layers = []
    for li, layer in enumerate(spec.data["layers"]):
        layers.append((layer["id"], layer["title"]))
        for fi, f in enumerate(layer["features"]):
            base = ("layers", li, "features", fi)
            fid = f["id"]
            if fid in seen:
                raise SpecError(f"{spec.where(base + ('id',), fid)}: feature id {fid!r} is used twice")
            seen.add(fid)
            ctx = _Context(spec, gazetteer, date, fid, base + ("geometry",))
            try:
                geom = evaluate(ctx, f["geometry"], ())
            except SpecError:
                raise
            except GeoarchiveError as exc:
                raise ctx.fail((), str(exc)) from None
            if geom.is_empty:
                raise ctx.fail((), "the construction gives an empty geometry")
            kind = _kind(geom, ctx.kind_hint)
            share_geom, share_label = ctx.parent, None
            if "share_of" in f:
                share_geom = _place(_Context(spec, gazetteer, date, fid, base + ("share_of",)), f["share_of"], ())
                share_label = gazetteer.get(f["share_of"]).title
            elif ctx.parent is not None:
                share_label = next((gazetteer.get(p).title for p in ctx.places), None)
            cites = [_cite(spec, docs, fid, i, p, base + ("passages", i)) for i, p in enumerate(f["passages"])]
            features.append(BuiltFeature(
                id=fid, layer=layer["id"], label=f["label"], legend=f.get("legend", f["label"]), kind=kind,
                geometry=geom, certainty=f["certainty"], style=dict(f.get("style", {})),
                measures=_measures(ctx, geom, kind, share_geom, share_label),
                citations=cites, places=list(dict.fromkeys(ctx.places)), note=f.get("note", ""),
            ))
    for i, fid in enumerate(spec.data.get("frame", [])):
        if fid not in seen:
            raise SpecError(f"{spec.where(('frame', i))}: frame names unknown feature {fid!r}{_suggest(fid, seen)}")
    return BuiltMap(spec.id, spec.data["title"], spec.data.get("description", ""), date,
                    list(docs.values()), layers, features, spec.path, list(spec.data.get("frame", [])))
