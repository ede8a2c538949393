"""Import and export: Linked Places (LPF, LP-TSV), GeoNames dump rows, plain GeoJSON, CSV.

Imports are all-or-nothing by default: every row is converted and checked (against the schema,
the geometry rules and the whole existing gazetteer) before anything is written, and a bad row
is reported by its number. ``on_conflict`` decides what an id that already exists does: ``error``
(the default), ``skip`` the row, or ``rename`` it (``id-2``, ``id-3``, …).

>>> rows = list(read_rows(io_text("id\\ttitle\\ttitle_source\\tstart\\tlon\\tlat\\nx1\\tPort Arthur\\tFRUS\\t1898\\t121.26\\t38.81\\n"), "lp-tsv", "x.tsv"))
>>> rows[0].feature["properties"]["title"], rows[0].feature["names"][0]["citations"]
('Port Arthur', [{'label': 'FRUS'}])
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import shapely
from shapely.geometry import Point, mapping, shape

from ..errors import GazetteerError, ImportProblem
from .edit import check_new, gazetteer_lock, slugify, write_places
from .normalize import normalize
from .records import ID_PREFIX, Place, full_id, short_id
from .store import LPF_CONTEXT, dumps

__all__ = ["IMPORT_FORMATS", "EXPORT_FORMATS", "Row", "ImportReport", "read_rows", "import_file", "export",
           "io_text"]

IMPORT_FORMATS = ("lpf", "lp-tsv", "geonames", "geojson")
EXPORT_FORMATS = ("lpf", "geojson", "csv")
GEONAMES_COLUMNS = ["geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature class",
                    "feature code", "country code", "cc2", "admin1 code", "admin2 code", "admin3 code",
                    "admin4 code", "population", "elevation", "dem", "timezone", "modification date"]


def io_text(text: str) -> io.StringIO:
    return io.StringIO(text)


@dataclass
class Row:
    """One record of an import file, converted (``feature``) or not (``error``)."""

    number: int
    feature: dict | None = None
    error: str | None = None
    source_id: str | None = None


@dataclass
class ImportReport:
    """What an import did or would do."""

    imported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False

    def lines(self) -> list[str]:
        verb = "would import" if self.dry_run else "imported"
        out = [f"{verb} {len(self.imported)} place(s)"]
        out += [f"skipped: {s}" for s in self.skipped] + [f"renamed: {r}" for r in self.renamed]
        out += [f"warning: {w}" for w in self.warnings]
        return out


def _provenance(source: str, how: str, dataset: str | None = None, licence: str | None = None) -> dict:
    return {"dataset": dataset or f"import from {source}", "version": f"imported {_dt.date.today().isoformat()}",
            "licence": licence or "as stated by the source", "derivation": how, "script": "geoarchive gazetteer import"}


def _member(geom_dict: dict, prov: dict, certainty: str = "certain") -> dict:
    geom = shape(geom_dict)
    precision = "rough" if geom.geom_type == "Point" else "precise"
    out = {"type": geom_dict["type"], "coordinates": json.loads(json.dumps(geom_dict["coordinates"])),
           "certainty": certainty, "precision": precision, "provenance": prov}
    return out


def _when(start: str | None, end: str | None) -> dict | None:
    span = {}
    if start:
        span["start"] = {"in": str(start).strip()}
    if end:
        span["end"] = {"in": str(end).strip()}
    return {"timespans": [span]} if span else None


# readers ---------------------------------------------------------------------------------------
def _collection(text: str, what: str) -> tuple[list | None, Row | None]:
    """The ``features`` of a JSON FeatureCollection, or the file-level error as a row 0."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, Row(0, error=f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")
    feats = data.get("features") if isinstance(data, dict) else None
    if not isinstance(feats, list):
        return None, Row(0, error=f"not {what} (no 'features' list)")
    return feats, None


def _lpf_rows(text: str, source: str) -> Iterator[Row]:
    feats, error = _collection(text, "an LPF FeatureCollection")
    if error:
        yield error
        return
    for i, f in enumerate(feats, 1):
        try:
            if not isinstance(f, dict):
                raise ValueError("a feature must be an object")
            props = f.get("properties") or {}
            title = props.get("title")
            if not isinstance(title, str) or not title.strip():
                raise ValueError("properties.title is missing")
            src_id = str(f.get("@id") or "")
            feature = {k: v for k, v in f.items() if k not in ("@id", "geometry")}
            feature["type"] = "Feature"
            feature["properties"] = dict(props)
            names = f.get("names") or [{"toponym": title, "lang": "en"}]
            if not isinstance(names, list):
                raise ValueError("names must be a list")
            # LPF makes lang optional; the gazetteer needs one: 'und' (undetermined) says so honestly
            feature["names"] = [{**n, "lang": n.get("lang") or "und"} if isinstance(n, dict) else n for n in names]
            geom = f.get("geometry")
            if not isinstance(geom, dict):
                raise ValueError("the feature has no geometry")
            members = geom.get("geometries") if geom.get("type") == "GeometryCollection" else [geom]
            prov = _provenance(source, "imported from Linked Places Format as given")
            out_members = []
            for m in members or []:
                if not isinstance(m, dict) or "type" not in m or "coordinates" not in m:
                    raise ValueError("a geometry member has no type or coordinates")
                extra = {k: v for k, v in m.items() if k not in ("type", "coordinates")}
                member = _member(m, extra.pop("provenance", prov), extra.pop("certainty", "certain"))
                member.update(extra)
                out_members.append(member)
            if not out_members:
                raise ValueError("the feature has no geometry")
            feature["geometry"] = {"type": "GeometryCollection", "geometries": out_members}
            if src_id and not src_id.startswith(ID_PREFIX):
                links = list(feature.get("links") or [])
                if not any(isinstance(x, dict) and x.get("identifier") == src_id for x in links):
                    links.append({"type": "closeMatch", "identifier": src_id})
                feature["links"] = links
            yield Row(i, feature, source_id=src_id or None)
        except (ValueError, TypeError, KeyError, AttributeError, shapely.errors.ShapelyError) as exc:
            yield Row(i, error=str(exc) if str(exc) else type(exc).__name__)


def _split(value: str | None, sep: str = ";") -> list[str]:
    return [v.strip() for v in (value or "").split(sep) if v.strip()]


def _tsv_rows(handle, source: str) -> Iterator[Row]:
    reader = csv.DictReader(handle, delimiter="\t")
    if not reader.fieldnames or not {"id", "title"} <= set(reader.fieldnames):
        yield Row(1, error="LP-TSV needs a header row with at least the columns id and title")
        return
    for i, r in enumerate(reader, 2):
        try:
            title = (r.get("title") or "").strip()
            if not title:
                raise ValueError("title is empty")
            if None in r:
                raise ValueError(f"{len(reader.fieldnames) + len(r[None])} fields where the header has "
                                 f"{len(reader.fieldnames)}")
            if r.get("geowkt"):
                geom = shapely.from_wkt(r["geowkt"])
            elif r.get("lon") and r.get("lat"):
                geom = Point(float(r["lon"]), float(r["lat"]))
            else:
                raise ValueError("no geometry (lon/lat or geowkt)")
            preferred = {"toponym": title, "lang": "en", "kind": "preferred"}
            if r.get("title_source"):
                preferred["citations"] = [{"label": r["title_source"].strip()}]
                if r.get("title_uri"):
                    preferred["citations"][0]["@id"] = r["title_uri"].strip()
            names = [preferred]
            for v in _split(r.get("variants")):
                toponym, _, lang = v.partition("@")
                names.append({"toponym": toponym.strip(), "lang": (lang or "und").strip(), "kind": "variant"})
            feature: dict = {
                "type": "Feature",
                "properties": {"title": title, **({"ccodes": _split(r.get("ccodes"))} if r.get("ccodes") else {})},
                "names": names,
                "types": [{"label": t} for t in _split(r.get("types"))],
                "geometry": {"type": "GeometryCollection", "geometries": [_member(
                    mapping(geom), _provenance(source, f"row {i} of an LP-TSV file", r.get("geo_source") or None))]},
            }
            when = _when(r.get("start"), r.get("end"))
            if when:
                feature["when"] = when
            if r.get("description"):
                feature["descriptions"] = [{"value": r["description"], "lang": "en"}]
            links = [{"type": "closeMatch", "identifier": m} for m in _split(r.get("matches"))]
            if links:
                feature["links"] = links
            if r.get("parent_id"):
                feature["relations"] = [{"relationType": "gvp:broaderPartitive", "relationTo": r["parent_id"].strip(),
                                         "label": r.get("parent_name") or "part of"}]
            yield Row(i, feature, source_id=(r.get("id") or "").strip() or None)
        except (ValueError, TypeError, shapely.errors.ShapelyError) as exc:
            yield Row(i, error=str(exc))


def _geonames_rows(handle, source: str) -> Iterator[Row]:
    for i, line in enumerate(handle, 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        try:
            if len(cols) != len(GEONAMES_COLUMNS):
                raise ValueError(f"{len(cols)} columns where a GeoNames row has {len(GEONAMES_COLUMNS)}")
            r = dict(zip(GEONAMES_COLUMNS, cols))
            gid = int(r["geonameid"])
            lat, lon = float(r["latitude"]), float(r["longitude"])
            names = [{"toponym": r["name"], "lang": "und", "kind": "preferred"}]
            seen = {r["name"]}
            for alt in [r["asciiname"], *_split(r["alternatenames"], ",")]:
                if alt and alt not in seen:
                    seen.add(alt)
                    names.append({"toponym": alt, "lang": "und", "kind": "variant"})
            feature = {
                "type": "Feature",
                "properties": {"title": r["name"], "fclasses": [r["feature class"]] if r["feature class"] else [],
                               **({"ccodes": [r["country code"]]} if r["country code"] else {})},
                "names": names,
                "types": [{"label": r["feature code"]}] if r["feature code"] else [],
                "links": [{"type": "closeMatch", "identifier": f"gn:{gid}"}],
                "geometry": {"type": "GeometryCollection", "geometries": [_member(
                    {"type": "Point", "coordinates": [lon, lat]},
                    _provenance(source, f"GeoNames row {gid}", "GeoNames dump", "CC BY 4.0 (GeoNames)"))]},
            }
            yield Row(i, feature, source_id=str(gid))
        except (ValueError, KeyError) as exc:
            yield Row(i, error=str(exc))


def _geojson_rows(text: str, source: str) -> Iterator[Row]:
    feats, error = _collection(text, "a GeoJSON FeatureCollection")
    if error:
        yield error
        return
    for i, f in enumerate(feats, 1):
        try:
            props = (f or {}).get("properties") or {}
            title = props.get("title") or props.get("name")
            if not isinstance(title, str) or not title.strip():
                raise ValueError("properties.title (or name) is missing")
            geom = f.get("geometry")
            if not isinstance(geom, dict) or "coordinates" not in geom:
                raise ValueError("no geometry")
            feature = {
                "type": "Feature",
                "properties": {"title": title},
                "names": [{"toponym": title, "lang": "en", "kind": "preferred"}],
                "geometry": {"type": "GeometryCollection",
                             "geometries": [_member(geom, _provenance(source, f"feature {i} of a GeoJSON file"))]},
            }
            if props.get("fclass"):
                feature["properties"]["fclasses"] = [props["fclass"]]
            if props.get("type"):
                feature["types"] = [{"label": str(props["type"])}]
            yield Row(i, feature, source_id=str(props.get("id") or f.get("id") or "") or None)
        except (ValueError, TypeError, KeyError, AttributeError, shapely.errors.ShapelyError) as exc:
            yield Row(i, error=str(exc))


def read_rows(handle, fmt: str, source: str) -> Iterator[Row]:
    """The records of an import file, one :class:`Row` each (converted, or with its error)."""
    if fmt == "lpf":
        yield from _lpf_rows(handle.read(), source)
    elif fmt == "geojson":
        yield from _geojson_rows(handle.read(), source)
    elif fmt == "lp-tsv":
        yield from _tsv_rows(handle, source)
    elif fmt == "geonames":
        yield from _geonames_rows(handle, source)
    else:
        raise GazetteerError(f"unknown import format {fmt!r}; use one of {', '.join(IMPORT_FORMATS)}")


# import ----------------------------------------------------------------------------------------
def import_file(directory: Path, path: Path, fmt: str, *, dry_run: bool = False, on_conflict: str = "error",
                progress: Callable[[int], None] | None = None) -> ImportReport:
    """Import ``path`` into the gazetteer at ``directory`` — all of it, or (on any problem) nothing."""
    directory, path = Path(directory), Path(path)
    if on_conflict not in ("error", "skip", "rename"):
        raise GazetteerError(f"on_conflict must be error, skip or rename, not {on_conflict!r}")
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read: {exc.strerror or exc}") from None
    with gazetteer_lock(directory):
        from .check import check_files
        from .store import place_files

        existing, _ = check_files(place_files(directory))
        taken = {p.id for p in existing}
        report = ImportReport(dry_run=dry_run)
        problems: list[str] = []
        rows: list[Row] = []
        try:
            with handle:
                for row in read_rows(handle, fmt, path.name):
                    rows.append(row)
                    if progress:
                        progress(1)
        except UnicodeDecodeError as exc:
            raise ImportProblem(str(path), [f"not UTF-8 text (byte {exc.start})"]) from None
        id_of: dict[str, str] = {}
        features: list[tuple[Row, dict]] = []
        for row in rows:
            where = f"row {row.number}" if row.number else "file"
            if row.error:
                problems.append(f"{where}: {row.error}")
                continue
            f = row.feature
            pid = short_id(row.source_id) if row.source_id and row.source_id.startswith(ID_PREFIX) else slugify(
                f["properties"]["title"])
            if fmt == "lp-tsv" and row.source_id:
                pid = slugify(row.source_id)  # LP-TSV ids are the contributor's own
            base = pid
            if pid in taken:
                if on_conflict == "skip":
                    report.skipped.append(f"{where}: id {pid!r} exists")
                    continue
                if on_conflict == "rename":
                    n = 2
                    while f"{base}-{n}" in taken:
                        n += 1
                    pid = f"{base}-{n}"
                    report.renamed.append(f"{where}: {base!r} → {pid!r}")
                else:
                    problems.append(f"{where}: a place with id {pid!r} already exists (use --on-conflict skip or rename)")
                    continue
            taken.add(pid)
            f["@id"] = full_id(pid)
            if row.source_id:
                id_of[row.source_id] = pid
            features.append((row, f))
        # relations may point at other rows by their source id
        for row, f in features:
            for rel in f.get("relations", []) or []:
                target = str(rel.get("relationTo", ""))
                if target in id_of:
                    rel["relationTo"] = full_id(id_of[target])
                elif target and ":" not in target and target in taken:
                    rel["relationTo"] = full_id(target)
        row_of = {short_id(f["@id"]): row for row, f in features}
        for p in check_new(directory, [f for _, f in features]):
            row = row_of.get(p.entry or "")
            where = f"row {row.number}" if row else "file"
            problems.append(f"{where} (id {p.entry}): {p.message}")
        if problems:
            raise ImportProblem(str(path), problems)
        report.imported = [short_id(f["@id"]) for _, f in features]
        if not dry_run and features:
            write_places(directory, [f for _, f in features])
        return report


# export ----------------------------------------------------------------------------------------
def _flat(place: Place) -> dict:
    rep = place.geometry.representative_point() if not place.geometry.is_empty else None
    member = place.members[0] if place.members else None
    span = place.periods[0] if place.periods else None
    return {
        "id": place.id,
        "title": place.title,
        "fclass": ";".join(place.fclasses),
        "types": ";".join(place.type_labels),
        "names": ";".join(f"{n.toponym}@{n.lang}" for n in place.names),
        "part_of": ";".join(place.part_of),
        "start": span.start.isoformat() if span and span.start else "",
        "end": span.end.isoformat() if span and span.end else "",
        "lon": round(rep.x, 6) if rep else "",
        "lat": round(rep.y, 6) if rep else "",
        "geometry_type": place.geometry.geom_type,
        "certainty": member.certainty if member else "",
        "dataset": member.provenance.get("dataset", "") if member else "",
        "licence": member.provenance.get("licence", "") if member else "",
    }


def export(places: Iterable[Place], fmt: str) -> str:
    """The places as one LPF FeatureCollection, a plain GeoJSON FeatureCollection, or CSV."""
    places = sorted(places, key=lambda p: p.id)
    if fmt == "lpf":
        return dumps({"type": "FeatureCollection", "@context": LPF_CONTEXT, "features": [p.feature for p in places]})
    if fmt == "geojson":
        feats = [{"type": "Feature", "id": p.id, "geometry": mapping(p.geometry), "properties": _flat(p)} for p in places]
        return json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        rows = [_flat(p) for p in places]
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["id"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buf.getvalue()
    raise GazetteerError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
