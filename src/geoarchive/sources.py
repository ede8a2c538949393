"""Source documents: the verbatim text plus its metadata sidecar.

Each document in ``seeds/`` is a UTF-8 text file ``NAME.txt`` kept verbatim, with a YAML sidecar
``NAME.meta.yaml`` holding its title, date, citation and so on.

>>> from geoarchive.paths import default_seeds_dir
>>> doc = load_document(default_seeds_dir() / "1945-08-16-stalin-to-truman.txt")
>>> doc.id, doc.date.isoformat(), doc.meta["translator"]
('stalin-truman-1945-08-16', '1945-08-16', 'Sergey Radchenko')
>>> "Rumoe [sic]" in doc.text
True
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import SourceError
from .passages import Passage, link_repeats, split_passages
from .yamlines import TextDatesLoader

__all__ = ["Document", "load_document", "load_documents", "sidecar_path"]

_REQUIRED = ("id", "title", "date")


_DATE_KEYS = ("date",)


def sidecar_path(text_path: Path) -> Path:
    """``seeds/x.txt`` → ``seeds/x.meta.yaml``."""
    return text_path.with_name(text_path.stem + ".meta.yaml")


@dataclass(frozen=True)
class Document:
    """A source document: verbatim text, metadata, and where it was read from."""

    path: Path
    text: str
    meta: dict = field(repr=False)
    passages: tuple[Passage, ...] = field(default=(), repr=False)

    @property
    def id(self) -> str:
        return self.meta["id"]

    @property
    def title(self) -> str:
        return self.meta["title"]

    @property
    def date(self) -> _dt.date:
        return self.meta["date"]

    def passage(self, pid: str) -> Passage:
        """The passage with id ``pid``; raises :class:`SourceError` naming the document."""
        for p in self.passages:
            if p.id == pid:
                return p
        raise SourceError(f"{self.path}: no passage {pid!r}")

    def passage_at(self, offset: int) -> Passage | None:
        """The passage that holds character ``offset``, if any."""
        for p in self.passages:
            if p.start <= offset < p.end:
                return p
        return None

    @property
    def citation(self) -> str:
        arch = self.meta.get("archive") or {}
        return " ".join(str(arch.get("citation", "")).split())


def _as_date(value, where: str) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value))
    except ValueError:
        raise SourceError(f"{where}: {value!r} is not a valid date (YYYY-MM-DD)") from None


def _load_meta(path: Path) -> dict:
    side = sidecar_path(path)
    if not side.is_file():
        raise SourceError(f"{side}: metadata sidecar is missing (title, date and citation go there)")
    try:
        meta = yaml.load(side.read_text(encoding="utf-8"), Loader=TextDatesLoader)  # noqa: S506 (safe loader)
    except UnicodeDecodeError as exc:
        raise SourceError(f"{side}: not UTF-8 (byte {exc.start})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise SourceError(f"{side}: not valid YAML{where}: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(meta, dict):
        raise SourceError(f"{side}: expected a mapping of metadata fields, got {type(meta).__name__}")
    missing = [k for k in _REQUIRED if not meta.get(k)]
    if missing:
        raise SourceError(f"{side}: missing required field(s): {', '.join(missing)}")
    for key in _DATE_KEYS:
        meta[key] = _as_date(meta[key], f"{side}: field {key!r}")
    for key in ("sent", "received"):
        if isinstance(meta.get(key), dict) and "date" in meta[key]:
            meta[key]["date"] = _as_date(meta[key]["date"], f"{side}: field '{key}.date'")
    return meta


def load_document(path: str | Path) -> Document:
    """Read one document and its sidecar; raise :class:`SourceError` with the file and the reason."""
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"{path}: document not found")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not UTF-8 text (invalid byte 0x{raw[exc.start]:02x} at offset {exc.start})") from None
    if not text.strip():
        raise SourceError(f"{path}: document is empty")
    meta = _load_meta(path)
    digest = meta.get("sha256")
    if digest and hashlib.sha256(raw).hexdigest() != digest:
        raise SourceError(f"{path}: text differs from the verbatim original (sha256 in {sidecar_path(path).name})")
    canonical = meta.get("canonical_copy", "last")
    if canonical not in ("first", "last"):
        raise SourceError(f"{sidecar_path(path)}: canonical_copy must be 'first' or 'last', not {canonical!r}")
    passages = tuple(link_repeats(split_passages(text, meta["title"]), canonical))
    return Document(path=path, text=text, meta=meta, passages=passages)


def load_documents(directory: str | Path) -> list[Document]:
    """Every ``*.txt`` document in ``directory`` with its sidecar, sorted by date then id."""
    directory = Path(directory)
    if not directory.is_dir():
        raise SourceError(f"{directory}: documents folder not found")
    docs = [load_document(p) for p in sorted(directory.glob("*.txt"))]
    return sorted(docs, key=lambda d: (d.date, d.id))
