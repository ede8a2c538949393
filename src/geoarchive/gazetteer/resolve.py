"""Resolving a name to gazetteer places: exact → normalized → variant → fuzzy.

Each step is tried in turn; the first that finds anything decides the candidates. A date prefers
names and places valid then (others are kept, ranked lower, with the reason). Fuzzy matching uses
rapidfuzz. Two different places scoring within :data:`AMBIGUITY_MARGIN` of each other at the top
make the result ambiguous.

>>> from geoarchive.gazetteer import Gazetteer
>>> g = Gazetteer.load()
>>> r = g.resolve("Rumoe [sic]")
>>> r.best.place_id, r.best.how
('rumoi', 'variant')
>>> g.resolve("Kushiro").best.how
'exact'
>>> g.resolve("Shantung peninsula").best.place_id
'shandong-peninsula'
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from ..errors import AmbiguousPlace, DateError, PlaceNotFound
from .normalize import normalize
from .records import Name, Place

if TYPE_CHECKING:  # pragma: no cover
    from .gazetteer import Gazetteer

__all__ = ["Candidate", "Resolution", "Resolver", "parse_date", "single", "AMBIGUITY_MARGIN", "FUZZY_CUTOFF"]

AMBIGUITY_MARGIN = 3.0
FUZZY_CUTOFF = 80.0
_SCORES = {"exact": 100.0, "normalized": 97.0, "variant": 95.0}
_NAME_OUT_OF_DATE = 15.0
_PLACE_OUT_OF_DATE = 20.0


def parse_date(text: str | None) -> _dt.date | None:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; None passes through.

    >>> parse_date("1945-08-16"), parse_date("1944")
    (datetime.date(1945, 8, 16), datetime.date(1944, 7, 1))
    """
    if text is None or isinstance(text, _dt.date):
        return text
    parts = str(text).strip().split("-")
    try:
        if len(parts) == 1:
            return _dt.date(int(parts[0]), 7, 1)
        if len(parts) == 2:
            return _dt.date(int(parts[0]), int(parts[1]), 15)
        if len(parts) == 3:
            return _dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except (ValueError, OverflowError):
        pass
    raise DateError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")


@dataclass(frozen=True)
class Candidate:
    """One place a name may refer to, with the score and the reason."""

    place_id: str
    title: str
    name: str
    score: float
    how: str
    why: str
    valid_at_date: bool = True

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Resolution:
    """The ranked candidates for a query (best first)."""

    query: str
    date: _dt.date | None
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def ambiguous(self) -> bool:
        if len(self.candidates) < 2:
            return False
        return self.candidates[0].score - self.candidates[1].score < AMBIGUITY_MARGIN

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "date": self.date.isoformat() if self.date else None,
            "ambiguous": self.ambiguous,
            "candidates": [c.to_dict() for c in self.candidates],
        }


def _describe(name: Name) -> str:
    bits = [name.kind]
    if name.lang:
        bits.append(name.lang + (f"-{name.script}" if name.script else ""))
    if name.romanization:
        bits.append(name.romanization)
    if name.periods:
        bits.append(", ".join(str(p) for p in name.periods))
    return f"{name.toponym!r} ({'; '.join(bits)})"


def single(res: Resolution, suggestions) -> Candidate:
    """The one candidate of ``res``; :class:`PlaceNotFound` (with ``suggestions(query)``) when there
    is none, :class:`AmbiguousPlace` when several fit about equally well."""
    if not res.candidates:
        raise PlaceNotFound(res.query, suggestions(res.query))
    if res.ambiguous:
        raise AmbiguousPlace(res.query, res.candidates)
    return res.best


class Resolver:
    """Name look-ups over a set of places; build once, query many times."""

    def __init__(self, places: list[Place]):
        self._exact: dict[str, list[tuple[Place, Name]]] = {}
        self._folded: dict[str, list[tuple[Place, Name]]] = {}
        for place in places:
            for name in place.names:
                self._exact.setdefault(name.toponym, []).append((place, name))
                self._folded.setdefault(normalize(name.toponym), []).append((place, name))
        self._keys = list(self._folded)

    # ------------------------------------------------------------------------------------------
    def _score(self, place: Place, name: Name, how: str, base: float, day) -> Candidate:
        score, notes = base, []
        name_ok, place_ok = name.valid_at(day), place.valid_at(day)
        if not name_ok:
            score -= _NAME_OUT_OF_DATE
            notes.append(f"name not in use on {day}")
        if not place_ok:
            score -= _PLACE_OUT_OF_DATE
            notes.append(f"place did not exist as such on {day}")
        why = {
            "exact": f"exact match of {_describe(name)}",
            "normalized": f"matches {_describe(name)} ignoring case, diacritics and punctuation",
            "variant": f"variant name {_describe(name)}",
            "fuzzy": f"fuzzy match of {_describe(name)} (similarity {base / 0.9:.0f})",
        }[how]
        if notes:
            why += "; " + "; ".join(notes)
        return Candidate(place.id, place.title, name.toponym, round(score, 1), how, why, name_ok and place_ok)

    def resolve(self, query: str, date=None) -> Resolution:
        """All candidates for ``query``, best first (empty if nothing matched)."""
        day = parse_date(date)
        found: dict[str, Candidate] = {}

        def offer(c: Candidate) -> None:
            if c.place_id not in found or c.score > found[c.place_id].score:
                found[c.place_id] = c

        for place, name in self._exact.get(query, []):
            how = "exact" if name.kind == "preferred" else "variant"
            offer(self._score(place, name, how, _SCORES[how], day))
        folded = normalize(query)
        for place, name in self._folded.get(folded, []):
            how = "normalized" if name.kind == "preferred" else "variant"
            offer(self._score(place, name, how, _SCORES[how] - (0 if how == "normalized" else 1), day))
        if not found and folded:
            for key, sim, _ in process.extract(
                folded, self._keys, scorer=fuzz.ratio, limit=10, score_cutoff=FUZZY_CUTOFF
            ):
                for place, name in self._folded[key]:
                    offer(self._score(place, name, "fuzzy", sim * 0.9, day))
        ranked = sorted(found.values(), key=lambda c: (-c.score, c.place_id))
        return Resolution(query, day, ranked)

    def suggestions(self, query: str, limit: int = 5) -> list[tuple[str, str, float]]:
        """The closest names to ``query`` as (name, place id, score), for error messages."""
        out: list[tuple[str, str, float]] = []
        for key, sim, _ in process.extract(normalize(query), self._keys, scorer=fuzz.WRatio, limit=limit * 4):
            place, name = self._folded[key][0]
            if all(pid != place.id for _, pid, _ in out):  # one suggestion per place
                out.append((name.toponym, place.id, round(sim, 1)))
            if len(out) == limit:
                break
        return out

    def resolve_one(self, query: str, date=None) -> Candidate:
        """The single best candidate; raises :class:`PlaceNotFound` or :class:`AmbiguousPlace`."""
        return single(self.resolve(query, date), self.suggestions)
