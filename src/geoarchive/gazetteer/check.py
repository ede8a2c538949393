"""Validation of gazetteer files: schema, geometry, ids, names and relations.

:func:`check_files` reads every file and returns the parsed places together with every
:class:`~geoarchive.errors.Problem` it found, each naming the file, the entry and what is wrong.
Checking never writes anything.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from itertools import combinations
from pathlib import Path
from typing import Any, Iterable

import jsonschema
from shapely.validation import explain_validity

from ..errors import EntryError, Problem
from .normalize import normalize
from .records import Place, short_id
from .store import FILE_SUFFIX, read_json

__all__ = ["schema", "check_files", "check_document", "check_places"]


@lru_cache(maxsize=1)
def schema() -> dict:
    """The JSON Schema of a gazetteer file (``place.schema.json``)."""
    return json.loads(resources.files(__package__).joinpath("place.schema.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(schema())
    return cls(schema())


def _json_path(parts: Iterable[Any]) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else f".{p}"
    return out.lstrip(".") or "(top level)"


def _entry_label(doc: Any, error_path: list) -> str | None:
    if len(error_path) >= 2 and error_path[0] == "features" and isinstance(error_path[1], int):
        try:
            return short_id(doc["features"][error_path[1]]["@id"])
        except (KeyError, IndexError, TypeError):
            return f"#{error_path[1]}"
    return None


def _positions(coords: Any):
    if isinstance(coords, list) and coords and all(isinstance(c, (int, float)) for c in coords):
        yield coords
    elif isinstance(coords, list):
        for c in coords:
            yield from _positions(c)


def _check_member_coords(member: dict, where: tuple[str, str], k: int) -> list[Problem]:
    problems = []
    for pos in _positions(member.get("coordinates")):
        if len(pos) < 2:
            problems.append(Problem(*where, f"geometry member {k}: position {pos} has fewer than 2 numbers"))
            break
        lon, lat = pos[0], pos[1]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            hint = ""
            if -90 <= lon <= 90 and -180 <= lat <= 180:
                hint = "; GeoJSON wants [longitude, latitude]: are these in lat/lon order?"
            problems.append(
                Problem(
                    *where,
                    f"geometry member {k}: coordinate [{lon}, {lat}] out of range "
                    f"(longitude −180…180, latitude −90…90){hint}",
                )
            )
            break
    return problems


def check_document(doc: Any, file: str) -> tuple[list[Place], list[Problem]]:
    """Check one parsed file: schema first, then per-entry geometry and file naming."""
    problems: list[Problem] = []
    errors = sorted(_validator().iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    bad_features: set[int] = set()
    for err in errors:
        path = list(err.absolute_path)
        if len(path) >= 2 and path[0] == "features" and isinstance(path[1], int):
            bad_features.add(path[1])
        else:
            bad_features.add(-1)
        problems.append(Problem(file, _entry_label(doc, path), f"{_json_path(path)}: {err.message}"))
    if -1 in bad_features:
        return [], problems
    places = []
    features = doc.get("features", []) if isinstance(doc, dict) else []
    for i, feat in enumerate(features):
        if i in bad_features:
            continue
        place = Place(feat, source=file)
        where = (file, place.id)
        member_problems = []
        for k, member in enumerate(feat["geometry"]["geometries"]):
            member_problems += _check_member_coords(member, where, k)
        if not member_problems:
            try:
                members = place.members
            except Exception as exc:  # shapely rejects the coordinates' shape
                member_problems.append(Problem(*where, f"geometry cannot be read: {exc}"))
            else:
                for k, m in enumerate(members):
                    if not m.geometry.is_valid:
                        member_problems.append(
                            Problem(*where, f"geometry member {k} ({m.geometry.geom_type}) is invalid: "
                                    f"{explain_validity(m.geometry)}")
                        )
                    elif m.geometry.is_empty:
                        member_problems.append(Problem(*where, f"geometry member {k} is empty"))
        problems += member_problems
        if len(features) == 1 and Path(file).name != place.id + FILE_SUFFIX:
            problems.append(Problem(*where, f"file should be named {place.id}{FILE_SUFFIX} after its id"))
        if not member_problems:
            places.append(place)
    return places, problems


def _distinguishable(a: Place, b: Place, name_a, name_b) -> bool:
    """Two places may share a name when a type or a period tells them apart."""
    ta, tb = set(a.type_labels), set(b.type_labels)
    if ta and tb and ta != tb:
        return True
    fa, fb = set(a.fclasses), set(b.fclasses)
    if fa and fb and fa != fb:
        return True
    pa, pb = list(name_a.periods) or a.periods, list(name_b.periods) or b.periods
    if pa and pb and not any(x.overlaps(y) for x in pa for y in pb):
        return True
    return False


def check_places(places: list[Place]) -> list[Problem]:
    """Checks across entries: unique ids, shared names, dangling relations."""
    problems: list[Problem] = []
    by_id: dict[str, list[Place]] = defaultdict(list)
    for p in places:
        by_id[p.id].append(p)
    for pid, dupes in sorted(by_id.items()):
        if len(dupes) > 1:
            files = ", ".join(sorted(str(d.source) for d in dupes))
            for d in dupes:
                problems.append(Problem(str(d.source), pid, f"duplicate id {pid!r} (also in: {files})"))
    owners: dict[str, list[tuple[Place, Any]]] = defaultdict(list)
    for p in places:
        seen = set()
        for n in p.names:
            key = normalize(n.toponym)
            if key and key not in seen:
                seen.add(key)
                owners[key].append((p, n))
    for key, claims in sorted(owners.items()):
        for (a, na), (b, nb) in combinations(claims, 2):
            if a.id != b.id and not _distinguishable(a, b, na, nb):
                problems.append(
                    Problem(str(b.source), b.id, f"name {nb.toponym!r} is also claimed by {a.id!r} with no "
                            "type or date to tell them apart")
                )
    for p in places:
        for r in p.relations:
            if r.target not in by_id:
                problems.append(Problem(str(p.source), p.id, f"relation {r.type} points to unknown place {r.target!r}"))
            elif r.target == p.id:
                problems.append(Problem(str(p.source), p.id, f"relation {r.type} points to itself"))
    return problems


def check_files(files: list[Path]) -> tuple[list[Place], list[Problem]]:
    """Read and check every file; returns the good places and every problem found."""
    places: list[Place] = []
    problems: list[Problem] = []
    for f in files:
        try:
            doc = read_json(f)
        except EntryError as exc:
            problems.append(exc.problem)
            continue
        got, probs = check_document(doc, str(f))
        places += got
        problems += probs
    problems += check_places(places)
    return places, problems
