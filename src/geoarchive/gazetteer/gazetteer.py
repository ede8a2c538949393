"""The :class:`Gazetteer`: a checked set of places loaded from a folder of LPF files."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Iterator

from ..errors import GazetteerError, GazetteerInvalid, PlaceNotFound
from ..paths import default_gazetteer_dir
from .check import check_files
from .records import Place, short_id
from .resolve import Candidate, Resolution, Resolver
from .store import place_files

__all__ = ["Gazetteer"]


class Gazetteer:
    """Places by id, with name resolution.

    Load one with :meth:`load` (the bundled gazetteer by default, or an analyst's folder)::

        >>> g = Gazetteer.load()
        >>> "rumoi" in g, len(g) > 20
        (True, True)
    """

    def __init__(self, places: list[Place], directory: Path | None = None):
        self.directory = directory
        self._places = {p.id: p for p in places}

    @classmethod
    def load(cls, directory: str | Path | None = None) -> "Gazetteer":
        """Read and check every file in ``directory``; raise :class:`GazetteerInvalid` on problems."""
        directory = Path(directory) if directory is not None else default_gazetteer_dir()
        if not directory.is_dir():
            raise GazetteerError(f"{directory}: gazetteer folder not found")
        places, problems = check_files(place_files(directory))
        if problems:
            raise GazetteerInvalid(problems)
        return cls(places, directory)

    def __iter__(self) -> Iterator[Place]:
        return iter(self._places.values())

    def __len__(self) -> int:
        return len(self._places)

    def __contains__(self, pid: str) -> bool:
        return short_id(pid) in self._places

    def get(self, pid: str) -> Place:
        """The place with id ``pid`` (short or full); raises :class:`PlaceNotFound`."""
        try:
            return self._places[short_id(pid)]
        except KeyError:
            raise PlaceNotFound(pid, [(p, p, 0.0) for p in self._closest_ids(pid)]) from None

    def _closest_ids(self, pid: str) -> list[str]:
        from rapidfuzz import process

        return [k for k, _, _ in process.extract(pid, list(self._places), limit=3)]

    def ancestors(self, pid: str) -> list[str]:
        """Ids of every place ``pid`` is part of, nearest first (cycles are cut)."""
        out: list[str] = []
        frontier = list(self.get(pid).part_of)
        while frontier:
            nxt = frontier.pop(0)
            if nxt in out or nxt == short_id(pid) or nxt not in self._places:
                continue
            out.append(nxt)
            frontier.extend(self._places[nxt].part_of)
        return out

    @cached_property
    def resolver(self) -> Resolver:
        return Resolver(list(self._places.values()))

    def resolve(self, name: str, date=None) -> Resolution:
        """Ranked candidates for ``name`` (see :mod:`geoarchive.gazetteer.resolve`)."""
        return self.resolver.resolve(name, date)

    def resolve_one(self, name: str, date=None) -> Candidate:
        """The one place ``name`` means, or :class:`PlaceNotFound` / :class:`AmbiguousPlace`."""
        return self.resolver.resolve_one(name, date)
