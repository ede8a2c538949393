"""Value objects over Linked Places Format (LPF) features.

A :class:`Place` wraps one LPF feature dict, which stays the source of truth (so a load/save
round-trip loses nothing), and offers parsed views of what geoarchive needs: names with their
periods of use, geometry members with certainty and provenance, ``partOf`` relations.

>>> feat = {"@id": "urn:geoarchive:place:rumoi", "type": "Feature",
...         "properties": {"title": "Rumoi", "fclasses": ["P"]},
...         "names": [{"toponym": "Rumoi", "lang": "en"},
...                   {"toponym": "Rumoe", "lang": "en", "kind": "sic"}],
...         "geometry": {"type": "GeometryCollection", "geometries": [
...             {"type": "Point", "coordinates": [141.637, 43.941], "certainty": "certain"}]}}
>>> p = Place(feat)
>>> p.id, p.title, [n.toponym for n in p.names]
('rumoi', 'Rumoi', ['Rumoi', 'Rumoe'])
>>> p.geometry.wkt
'POINT (141.637 43.941)'
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from shapely.geometry import GeometryCollection, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

__all__ = ["ID_PREFIX", "Period", "Name", "GeometryMember", "Relation", "Place", "short_id", "full_id"]

ID_PREFIX = "urn:geoarchive:place:"


def short_id(at_id: str) -> str:
    """The short id of an ``@id``: ``urn:geoarchive:place:kushiro`` → ``kushiro``.

    >>> short_id("urn:geoarchive:place:kushiro"), short_id("kushiro")
    ('kushiro', 'kushiro')
    """
    return at_id[len(ID_PREFIX):] if at_id.startswith(ID_PREFIX) else at_id


def full_id(pid: str) -> str:
    """The ``@id`` of a short id (unchanged if already full).

    >>> full_id("kushiro")
    'urn:geoarchive:place:kushiro'
    """
    return pid if ":" in pid else ID_PREFIX + pid


def _parse_bound(value: Any, *, end: bool) -> _dt.date | None:
    """Parse an LPF time bound ``{"in": "1905"}`` / ``{"earliest": ...}`` into a date."""
    if not isinstance(value, dict):
        return None
    # a start is its earliest possible date, an end its latest; "in" serves for both
    order = ("in", "latest", "earliest") if end else ("in", "earliest", "latest")
    raw = next((value[k] for k in order if value.get(k)), None)
    if raw is None:
        return None
    text = str(raw).strip()
    negative = text.startswith("-")
    parts = text.lstrip("-").split("-")
    year = int(parts[0]) * (-1 if negative else 1)
    if year < 1:  # datetime cannot hold BCE dates; treat as open-ended far past
        return _dt.date.min if not end else None
    month = int(parts[1]) if len(parts) > 1 else (12 if end else 1)
    if len(parts) > 2:
        day = int(parts[2])
    elif end:
        nxt = _dt.date(year + (month == 12), month % 12 + 1, 1)
        day = (nxt - _dt.timedelta(days=1)).day
    else:
        day = 1
    return _dt.date(year, month, day)


@dataclass(frozen=True)
class Period:
    """A closed span of dates; ``None`` means open-ended.

    >>> p = Period.from_when({"timespans": [{"start": {"in": "1905"}, "end": {"in": "1945"}}]})[0]
    >>> p.contains(_dt.date(1945, 8, 16)), p.contains(_dt.date(1950, 1, 1))
    (True, False)
    """

    start: _dt.date | None = None
    end: _dt.date | None = None

    def contains(self, day: _dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def overlaps(self, other: "Period") -> bool:
        lo = max(self.start or _dt.date.min, other.start or _dt.date.min)
        hi = min(self.end or _dt.date.max, other.end or _dt.date.max)
        return lo <= hi

    @classmethod
    def from_when(cls, when: Any) -> list["Period"]:
        """Periods of an LPF ``when`` object; an empty list means 'always'."""
        if not isinstance(when, dict):
            return []
        return [
            cls(_parse_bound(ts.get("start"), end=False), _parse_bound(ts.get("end"), end=True))
            for ts in when.get("timespans", [])
            if isinstance(ts, dict)
        ]

    def __str__(self) -> str:
        return f"{self.start.isoformat() if self.start else '…'}–{self.end.isoformat() if self.end else '…'}"


def valid_at(periods: list[Period], day: _dt.date | None) -> bool:
    """True when ``day`` is None, ``periods`` is empty (always valid), or a period holds it."""
    return day is None or not periods or any(p.contains(day) for p in periods)


@dataclass(frozen=True)
class Name:
    """One name of a place: the toponym, language/script, kind and period of use."""

    toponym: str
    lang: str = ""
    script: str = ""
    kind: str = "preferred"
    romanization: str = ""
    periods: tuple[Period, ...] = ()
    note: str = ""

    @classmethod
    def from_lpf(cls, d: dict) -> "Name":
        return cls(
            toponym=d["toponym"],
            lang=d.get("lang", ""),
            script=d.get("script", ""),
            kind=d.get("kind", "preferred"),
            romanization=d.get("romanization", ""),
            periods=tuple(Period.from_when(d.get("when"))),
            note=d.get("note", ""),
        )

    def valid_at(self, day: _dt.date | None) -> bool:
        return valid_at(list(self.periods), day)


@dataclass(frozen=True)
class GeometryMember:
    """One member of a place's GeometryCollection with its certainty and provenance."""

    geometry: BaseGeometry
    certainty: str
    precision: str
    provenance: dict = field(default_factory=dict)
    periods: tuple[Period, ...] = ()


@dataclass(frozen=True)
class Relation:
    """A relation to another place, e.g. ``gvp:broaderPartitive`` (part of)."""

    type: str
    target: str
    label: str = ""
    periods: tuple[Period, ...] = ()


class Place:
    """One gazetteer entry: an LPF feature plus parsed views of it."""

    def __init__(self, feature: dict, *, source: str | None = None):
        self.feature = feature
        self.source = source  # the file it was read from, for error messages

    # identity ---------------------------------------------------------------------------------
    @property
    def at_id(self) -> str:
        return self.feature["@id"]

    @property
    def id(self) -> str:
        return short_id(self.at_id)

    @property
    def title(self) -> str:
        return self.feature["properties"]["title"]

    @property
    def fclasses(self) -> list[str]:
        return list(self.feature["properties"].get("fclasses", []))

    @property
    def type_labels(self) -> list[str]:
        return [t.get("label", "") for t in self.feature.get("types", [])]

    @property
    def description(self) -> str:
        descs = self.feature.get("descriptions") or []
        return descs[0].get("value", "") if descs else ""

    # time -------------------------------------------------------------------------------------
    @cached_property
    def periods(self) -> list[Period]:
        return Period.from_when(self.feature.get("when"))

    def valid_at(self, day: _dt.date | None) -> bool:
        return valid_at(self.periods, day)

    # names ------------------------------------------------------------------------------------
    @cached_property
    def names(self) -> list[Name]:
        return [Name.from_lpf(n) for n in self.feature.get("names", [])]

    # geometry ---------------------------------------------------------------------------------
    @cached_property
    def members(self) -> list[GeometryMember]:
        geom = self.feature.get("geometry") or {}
        raw = geom.get("geometries", []) if geom.get("type") == "GeometryCollection" else [geom]
        out = []
        for m in raw:
            if not m:
                continue
            core = {"type": m["type"], "coordinates": m["coordinates"]}
            out.append(
                GeometryMember(
                    geometry=shape(core),
                    certainty=m.get("certainty", "certain"),
                    precision=m.get("precision", "precise"),
                    provenance=m.get("provenance", {}),
                    periods=tuple(Period.from_when(m.get("when"))),
                )
            )
        return out

    def geometry_at(self, day: _dt.date | None = None) -> BaseGeometry:
        """The union of the geometry members valid on ``day`` (all of them when None)."""
        parts = [m.geometry for m in self.members if valid_at(list(m.periods), day)]
        if not parts:
            return GeometryCollection()
        return parts[0] if len(parts) == 1 else unary_union(parts)

    @property
    def geometry(self) -> BaseGeometry:
        return self.geometry_at(None)

    # relations --------------------------------------------------------------------------------
    @cached_property
    def relations(self) -> list[Relation]:
        return [
            Relation(
                type=r.get("relationType", ""),
                target=short_id(r.get("relationTo", "")),
                label=r.get("label", ""),
                periods=tuple(Period.from_when(r.get("when"))),
            )
            for r in self.feature.get("relations", [])
        ]

    @property
    def part_of(self) -> list[str]:
        """Short ids of the places this one is part of (``gvp:broaderPartitive``)."""
        return [r.target for r in self.relations if r.type == "gvp:broaderPartitive"]

    def __repr__(self) -> str:
        return f"Place({self.id!r}, {self.title!r})"
