"""One error hierarchy for geoarchive.

Every error the library raises on purpose derives from :class:`GeoarchiveError`, and also from
the standard-library type it resembles, so callers may catch either::

    >>> from geoarchive.errors import PlaceNotFound, GeoarchiveError
    >>> issubclass(PlaceNotFound, LookupError) and issubclass(PlaceNotFound, GeoarchiveError)
    True

The CLI turns any :class:`GeoarchiveError` into a message on stderr and a non-zero exit code
(:attr:`GeoarchiveError.exit_code`).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "GeoarchiveError",
    "GazetteerError",
    "EntryError",
    "GazetteerInvalid",
    "Problem",
    "PlaceNotFound",
    "AmbiguousPlace",
    "SourceError",
    "AnchorError",
    "SpecError",
    "ConstructionError",
    "GeocodeError",
    "GeocodeTimeout",
    "GeocodeRateLimited",
    "GeocodeNoResult",
    "GeocodeBadResponse",
    "GeocodeUnavailable",
    "ImportProblem",
    "DateError",
]


class GeoarchiveError(Exception):
    """Base class of every error geoarchive raises on purpose."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a gazetteer file: where, which entry, what.

    >>> str(Problem("places/x.geojson", "x", "title is missing"))
    'places/x.geojson: entry x: title is missing'
    """

    file: str
    entry: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: entry {self.entry}" if self.entry else self.file
        return f"{where}: {self.message}"


class GazetteerError(GeoarchiveError):
    """Something is wrong with the gazetteer or a look-up in it."""


class EntryError(GazetteerError, ValueError):
    """A single gazetteer entry (or file) is malformed."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


class GazetteerInvalid(GazetteerError, ValueError):
    """A gazetteer failed validation; :attr:`problems` lists every finding."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"gazetteer is invalid ({len(self.problems)} problem(s)):\n{lines}")


class PlaceNotFound(GazetteerError, LookupError):
    """No gazetteer entry matches a name; :attr:`suggestions` holds the closest names."""

    def __init__(self, query: str, suggestions: list[tuple[str, str, float]] | None = None):
        self.query = query
        self.suggestions = list(suggestions or [])
        msg = f"no place matches {query!r}"
        if self.suggestions:
            near = ", ".join(f"{name} ({pid}, {score:.0f})" for name, pid, score in self.suggestions)
            msg += f"; closest names: {near}"
        super().__init__(msg)


class AmbiguousPlace(GazetteerError, LookupError):
    """Several places match a name about equally well; :attr:`candidates` ranks them."""

    exit_code = 3

    def __init__(self, query: str, candidates: list):
        self.query = query
        self.candidates = list(candidates)
        ids = ", ".join(f"{c.place_id} ({c.score:.0f})" for c in self.candidates)
        super().__init__(f"{query!r} is ambiguous: {ids}")


class SourceError(GeoarchiveError, ValueError):
    """A source document or its metadata sidecar is missing or malformed."""


class AnchorError(SourceError, LookupError):
    """A quoted passage or mention cannot be found (again) in its document."""


class SpecError(GeoarchiveError, ValueError):
    """A map spec is malformed or cannot be built; the message names file, line and feature."""


class ConstructionError(GeoarchiveError, ValueError):
    """A geometric construction got unsuitable input (wrong geometry type, no crossing, …)."""


class GeocodeError(GeoarchiveError):
    """A geocoding service failed or gave nothing usable."""


class GeocodeTimeout(GeocodeError, TimeoutError):
    """The geocoding service did not answer in time."""


class GeocodeRateLimited(GeocodeError):
    """The geocoding service refused: too many requests (HTTP 429)."""


class GeocodeNoResult(GeocodeError, LookupError):
    """The geocoding service found nothing for the query."""


class GeocodeBadResponse(GeocodeError, ValueError):
    """The geocoding service answered with something that is not what it should send."""


class GeocodeUnavailable(GeocodeError, ConnectionError):
    """The geocoding service could not be reached."""


class ImportProblem(GazetteerError, ValueError):
    """An import file has rows that cannot be imported; :attr:`report` lists them by row."""

    def __init__(self, path: str, report: list[str]):
        self.report = list(report)
        lines = "\n".join(f"  {r}" for r in self.report[:50])
        more = f"\n  … and {len(self.report) - 50} more" if len(self.report) > 50 else ""
        super().__init__(f"{path}: nothing imported, {len(self.report)} problem(s):\n{lines}{more}")


class DateError(GeoarchiveError, ValueError):
    """A date that is not YYYY, YYYY-MM or YYYY-MM-DD (or not a real day)."""
