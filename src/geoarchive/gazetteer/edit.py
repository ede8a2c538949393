"""Adding places and names to a gazetteer folder: validated, locked, atomic.

Every change is checked as a whole (the new entry against the schema, geometry rules and every
existing entry: ids, shared names, relations) before anything is written; writes go through a
temporary file and a rename, under a lock, so two analysts adding at once cannot interleave and
a refused change leaves every file byte for byte as it was.

>>> import shutil, tempfile, pathlib
>>> from geoarchive.paths import default_gazetteer_dir
>>> d = pathlib.Path(tempfile.mkdtemp()) / "g"
>>> _ = shutil.copytree(default_gazetteer_dir(), d)
>>> from shapely.geometry import Point
>>> f = new_feature("honshu", "Honshu", fclass="T", types=["island"], geometry=Point(138.0, 36.0),
...                 provenance=manual_provenance("centre of the island, by eye"), part_of=["japan"],
...                 precision="rough")
>>> add_place(d, f).name
'honshu.geojson'
>>> add_place(d, f)
Traceback (most recent call last):
...
geoarchive.errors.EntryError: ...honshu.geojson: entry honshu: a place with id 'honshu' already exists
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import fcntl
import json
import os
import re
import time
from pathlib import Path
from typing import Iterable, Iterator

import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from ..errors import EntryError, GazetteerError, GazetteerInvalid, Problem
from .check import check_document, check_places
from .normalize import normalize
from .records import ID_PREFIX, Place, full_id
from .store import FILE_SUFFIX, LPF_CONTEXT, dumps, place_files, read_json, write_atomic

__all__ = [
    "slugify", "parse_name", "manual_provenance", "new_feature", "gazetteer_lock", "add_place", "add_name",
    "likely_duplicates", "check_new", "write_places",
]

def slugify(text: str) -> str:
    """A place id from a title: lower-case ASCII letters, digits and hyphens.

    >>> slugify("La Pérouse Strait"), slugify("Port Arthur (Lüshun)")
    ('la-perouse-strait', 'port-arthur-lushun')
    """
    slug = re.sub(r"[^a-z0-9]+", "-", normalize(text).encode("ascii", "ignore").decode()).strip("-")
    return slug or "place"


def parse_name(spec: str) -> dict:
    """An LPF name from ``TOPONYM[@LANG][:KIND][/START-END]``.

    >>> parse_name("Port Arthur@en:historical/1898-1945")
    {'toponym': 'Port Arthur', 'lang': 'en', 'kind': 'historical', 'when': {'timespans': [{'start': {'in': '1898'}, 'end': {'in': '1945'}}]}}
    >>> parse_name("旅順@ja")
    {'toponym': '旅順', 'lang': 'ja', 'kind': 'variant'}
    """
    m = re.fullmatch(r"(?P<t>[^@/]+?)(?:@(?P<lang>[A-Za-z-]+))?(?::(?P<kind>[a-z]+))?"
                     r"(?:/(?P<start>-?\d{1,4}(?:-\d\d){0,2})?-(?P<end>-?\d{1,4}(?:-\d\d){0,2})?)?", spec.strip())
    if not m or not m.group("t").strip():
        raise ValueError(f"not a name: {spec!r} (write TOPONYM[@LANG][:KIND][/START-END])")
    name = {"toponym": m.group("t").strip(), "lang": m.group("lang") or "en", "kind": m.group("kind") or "variant"}
    if m.group("start") or m.group("end"):
        span = {}
        if m.group("start"):
            span["start"] = {"in": m.group("start")}
        if m.group("end"):
            span["end"] = {"in": m.group("end")}
        name["when"] = {"timespans": [span]}
    return name


def manual_provenance(derivation: str, dataset: str = "entered by an analyst") -> dict:
    """Provenance for a geometry typed in by hand (a point, WKT or a file)."""
    return {"dataset": dataset, "version": _dt.date.today().isoformat(), "licence": "CC0 (own work)",
            "derivation": derivation, "script": "geoarchive gazetteer add"}


def new_feature(pid: str, title: str, *, geometry: BaseGeometry, provenance: dict, fclass: str = "P",
                types: Iterable[str] = (), names: Iterable[dict] = (), part_of: Iterable[str] = (),
                citation: str | None = None, description: str | None = None, start: str | None = None,
                end: str | None = None, certainty: str = "certain", precision: str = "precise",
                accuracy_m: float | None = None, lang: str = "en") -> dict:
    """An LPF feature for a new place (the title becomes its preferred name)."""
    geometry = shapely.set_precision(geometry, 1e-6)
    member = {**json.loads(json.dumps(mapping(geometry))), "certainty": certainty, "precision": precision,
              "provenance": provenance}
    if accuracy_m is not None:
        member["accuracy_m"] = accuracy_m
    preferred = {"toponym": title, "lang": lang, "kind": "preferred"}
    if citation:
        preferred["citations"] = [{"label": citation}]
    feature: dict = {
        "@id": full_id(pid),
        "type": "Feature",
        "properties": {"title": title, "fclasses": [fclass]},
        "names": [preferred, *names],
        "types": [{"label": t} for t in types],
        "geometry": {"type": "GeometryCollection", "geometries": [member]},
    }
    if part_of:
        feature["relations"] = [{"relationType": "gvp:broaderPartitive", "relationTo": full_id(p),
                                 "label": "part of"} for p in part_of]
    if description:
        feature["descriptions"] = [{"value": description, "lang": "en"}]
    if start or end:
        span = {}
        if start:
            span["start"] = {"in": start}
        if end:
            span["end"] = {"in": end}
        feature["when"] = {"timespans": [span]}
    return feature


@contextlib.contextmanager
def gazetteer_lock(directory: Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold the gazetteer folder's lock (one writer at a time, across processes).

    The lock is taken on the folder itself (``flock`` on its descriptor), so it leaves no file.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise GazetteerError(f"{directory}: gazetteer folder not found")
    fd = os.open(directory, os.O_RDONLY)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() > deadline:
                    raise GazetteerError(f"{directory}: another change is in progress (lock held); try again") from None
                time.sleep(0.05)
        yield
    finally:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _load_all(directory: Path) -> list[Place]:
    from .check import check_files

    places, problems = check_files(place_files(directory))
    if problems:
        raise GazetteerInvalid(problems)
    return places


def check_new(directory: Path, features: list[dict], *, replace: bool = False) -> list[Problem]:
    """Every problem the folder would have with ``features`` added (or replacing their entries)."""
    directory = Path(directory)
    existing = _load_all(directory)
    by_id = {p.id: p for p in existing}
    problems: list[Problem] = []
    new_places: list[Place] = []
    for feature in features:
        pid = str(feature.get("@id", ""))[len(ID_PREFIX):]
        path = directory / "places" / f"{pid}{FILE_SUFFIX}"
        if pid in by_id and not replace:
            problems.append(Problem(str(path), pid, f"a place with id {pid!r} already exists"))
            continue
        got, probs = check_document({"type": "FeatureCollection", "@context": LPF_CONTEXT, "features": [feature]},
                                    str(path))
        problems += probs
        new_places += got
    changed = {p.id for p in new_places}
    merged = [p for p in existing if p.id not in changed] + new_places
    problems += [q for q in check_places(merged) if q.entry in changed]
    return problems


def write_places(directory: Path, features: list[dict], *, replace: bool = False) -> list[Path]:
    """Check ``features`` against the folder and write them, all or nothing (caller holds the lock).

    New entries go to ``places/ID.geojson``; with ``replace`` an existing entry's file is rewritten.
    """
    directory = Path(directory)
    problems = check_new(directory, features, replace=replace)
    if problems:
        raise (EntryError(problems[0]) if len(problems) == 1 else GazetteerInvalid(problems))
    paths = [directory / "places" / f"{str(f['@id'])[len(ID_PREFIX):]}{FILE_SUFFIX}" for f in features]
    texts = [dumps({"type": "FeatureCollection", "@context": LPF_CONTEXT, "features": [f]}) for f in features]
    written: list[Path] = []
    try:
        for path, text in zip(paths, texts):
            existed = path.exists()
            write_atomic(path, text)
            if not existed:
                written.append(path)
    except BaseException:
        for path in written:  # all or nothing: take back the new files already in place
            with contextlib.suppress(OSError):
                os.unlink(path)
        raise
    return paths


def add_place(directory: Path, feature: dict) -> Path:
    """Add one new place; :class:`EntryError` if its id or a name collides, or it is invalid."""
    with gazetteer_lock(directory):
        return write_places(directory, [feature])[0]


def add_name(directory: Path, pid: str, name: dict) -> Path:
    """Add a name to an existing place; refuses a name it already has or another place claims."""
    directory = Path(directory)
    with gazetteer_lock(directory):
        path = directory / "places" / f"{pid}{FILE_SUFFIX}"
        if not path.is_file():
            raise EntryError(Problem(str(path), pid, f"no place with id {pid!r} to add a name to"))
        doc = read_json(path)
        feature = doc["features"][0]
        if any(n["toponym"] == name["toponym"] and n.get("lang") == name.get("lang") for n in feature.get("names", [])):
            raise EntryError(Problem(str(path), pid, f"{pid!r} already has the name {name['toponym']!r}"))
        feature = {**feature, "names": [*feature.get("names", []), name]}
        return write_places(directory, [feature], replace=True)[0]


def likely_duplicates(places: Iterable[Place], names: Iterable[str], geometry: BaseGeometry,
                      radius_km: float = 30.0, min_score: float = 85.0) -> list[tuple[str, str, float, float]]:
    """Existing places with a similar name within ``radius_km``: (id, name, km, similarity).

    >>> from geoarchive.gazetteer import Gazetteer
    >>> from shapely.geometry import Point
    >>> likely_duplicates(Gazetteer.load(), ["Kushiro City"], Point(144.38, 42.98))[0][:2]
    ('kushiro', 'Kushiro')
    """
    from rapidfuzz import fuzz

    from ..geometry import GEOD

    wanted = [normalize(n) for n in names]
    here = geometry.representative_point()
    out = []
    for place in places:
        there = place.geometry
        if there.is_empty:
            continue
        near = there.representative_point() if there.geom_type != "Point" else there
        if there.geom_type != "Point" and there.buffer(0.01).contains(here):
            km = 0.0
        else:
            km = GEOD.inv(here.x, here.y, near.x, near.y)[2] / 1000
        if km > radius_km:
            continue
        best = max(((fuzz.token_set_ratio(w, normalize(n.toponym)), n.toponym) for w in wanted for n in place.names),
                   default=(0, ""))
        if best[0] >= min_score:
            out.append((place.id, best[1], round(km, 1), round(best[0], 1)))
    return sorted(out, key=lambda t: (-t[3], t[2]))
