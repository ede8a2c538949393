"""Reading and writing gazetteer files: one LPF FeatureCollection per place, canonical JSON.

Files are written in a canonical, git-friendly form (sorted keys, two-space indent, one ring of
coordinates per line, a newline at the end) and atomically (a temporary file in the same folder,
then a rename), so a failed write never leaves a half-written file behind.

>>> fc = {"type": "FeatureCollection", "features": [{"@id": "urn:geoarchive:place:x",
...       "geometry": {"type": "GeometryCollection", "geometries": [
...           {"type": "Point", "coordinates": [141.637, 43.941]}]}}]}
>>> print(dumps(fc))  # doctest: +NORMALIZE_WHITESPACE
{
  "features": [
    {
      "@id": "urn:geoarchive:place:x",
      "geometry": {
        "geometries": [
          {
            "coordinates": [141.637, 43.941],
            "type": "Point"
          }
        ],
        "type": "GeometryCollection"
      }
    }
  ],
  "type": "FeatureCollection"
}
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ..errors import EntryError, Problem

__all__ = ["LPF_CONTEXT", "FILE_SUFFIX", "dumps", "read_json", "write_atomic", "place_files"]

LPF_CONTEXT = "https://raw.githubusercontent.com/LinkedPasts/linked-places/master/linkedplaces-context-v1.1.jsonld"
FILE_SUFFIX = ".geojson"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _coords(value: Any, indent: int) -> str:
    """Coordinates: a position or a ring on one line, deeper nestings one item per line."""
    if not isinstance(value, list) or not value or not isinstance(value[0], list) or not isinstance(
        value[0][0], list
    ):
        return _compact(value).replace(", ", ",") if value and isinstance(value[0], list) else _compact(value)
    pad = " " * (indent + 2)
    inner = ",\n".join(pad + _coords(v, indent + 2) for v in value)
    return "[\n" + inner + "\n" + " " * indent + "]"


def _dump(value: Any, indent: int) -> str:
    pad = " " * (indent + 2)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = []
        for key in sorted(value):
            v = value[key]
            text = _coords(v, indent + 2) if key == "coordinates" else _dump(v, indent + 2)
            items.append(f"{pad}{json.dumps(key, ensure_ascii=False)}: {text}")
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        if all(not isinstance(v, (dict, list)) for v in value):
            return _compact(value)
        return "[\n" + ",\n".join(pad + _dump(v, indent + 2) for v in value) + "\n" + " " * indent + "]"
    return json.dumps(value, ensure_ascii=False)


def dumps(obj: Any) -> str:
    """Canonical text of a gazetteer file (sorted keys, stable layout, trailing newline)."""
    return _dump(obj, 0) + "\n"


def read_json(path: Path) -> Any:
    """Parse a JSON file, turning every failure into an :class:`EntryError` naming the file.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "bad.geojson"
    >>> _ = p.write_text('{"type": ')
    >>> try: read_json(p)
    ... except EntryError as e: print(str(e).split(": ", 1)[1])
    not valid JSON: Expecting value at line 1, column 10
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EntryError(Problem(str(path), None, f"cannot read: {exc.strerror or exc}")) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EntryError(Problem(str(path), None, f"not UTF-8 (byte {exc.start})")) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        raise EntryError(Problem(str(path), None, msg)) from exc


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``text`` (or bytes) to ``path`` via a temporary file and a rename: all or nothing."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file the usual mode
        binary = isinstance(text, (bytes, bytearray))
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n")) as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def place_files(directory: Path) -> list[Path]:
    """Every gazetteer file below ``directory``, in a stable order."""
    return sorted(p for p in Path(directory).rglob(f"*{FILE_SUFFIX}") if not p.name.startswith("."))
