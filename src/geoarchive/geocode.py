"""Geocoding through geopy: candidates for a new gazetteer entry, with their provenance.

Nominatim (OpenStreetMap) by default; any geopy geocoder by name, or a Nominatim-compatible
endpoint of your own (``endpoint="http://127.0.0.1:8080"``). Calls go through geopy's
``RateLimiter`` (one per second by default, as Nominatim's usage policy asks) with a user agent
that names geoarchive. geopy's errors become geoarchive's: :class:`GeocodeTimeout`,
:class:`GeocodeRateLimited`, :class:`GeocodeNoResult`, :class:`GeocodeBadResponse`,
:class:`GeocodeUnavailable`.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit

import geopy
from geopy import exc as gexc
from geopy.adapters import URLLibAdapter
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim, get_geocoder_for_service
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from . import __version__
from .errors import (GeocodeBadResponse, GeocodeError, GeocodeNoResult, GeocodeRateLimited, GeocodeTimeout,
                     GeocodeUnavailable)

__all__ = ["GeocodeResult", "make_geocoder", "geocode", "provenance", "DEFAULT_USER_AGENT"]

DEFAULT_USER_AGENT = f"geoarchive/{__version__} (historical gazetteer tool)"
_LICENCES = {"nominatim": "ODbL 1.0 (OpenStreetMap contributors)"}


@dataclass(frozen=True)
class GeocodeResult:
    """One candidate: its display name, position, optional outline, and the raw answer."""

    name: str
    lat: float
    lon: float
    geometry: BaseGeometry
    raw: dict


def make_geocoder(service: str = "nominatim", endpoint: str | None = None, user_agent: str = DEFAULT_USER_AGENT,
                  timeout: float = 10.0, api_key: str | None = None):
    """A geopy geocoder: ``service`` by name, or Nominatim at ``endpoint`` (scheme://host[:port])."""
    if endpoint:
        parts = urlsplit(endpoint if "://" in endpoint else f"https://{endpoint}")
        if service != "nominatim":
            raise GeocodeError("--endpoint works with the nominatim service (a Nominatim-compatible API)")
        return Nominatim(domain=parts.netloc + parts.path.rstrip("/"), scheme=parts.scheme,
                         user_agent=user_agent, timeout=timeout, adapter_factory=URLLibAdapter)
    try:
        cls = get_geocoder_for_service(service)
    except gexc.GeocoderNotFound:
        raise GeocodeError(f"unknown geocoder {service!r}; geopy knows e.g. nominatim, photon, arcgis, "
                           "geonames, opencage, pelias") from None
    # the standard-library adapter: no silent retries, and a timeout is reported as one
    kwargs = {"user_agent": user_agent, "timeout": timeout, "adapter_factory": URLLibAdapter}
    if api_key:
        kwargs["api_key"] = api_key
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise GeocodeError(f"geocoder {service!r} cannot be set up this way: {exc}") from None


def _result(loc) -> GeocodeResult:
    raw = dict(getattr(loc, "raw", {}) or {})
    geom: BaseGeometry = Point(loc.longitude, loc.latitude)
    if isinstance(raw.get("geojson"), dict):
        try:
            geom = shape(raw["geojson"])
        except Exception:  # an outline we cannot read: keep the point
            geom = Point(loc.longitude, loc.latitude)
    return GeocodeResult(str(loc.address), float(loc.latitude), float(loc.longitude), geom, raw)


def geocode(query: str, geocoder, *, limit: int = 5, min_delay: float = 1.0, max_retries: int = 0,
            outline: bool = False) -> list[GeocodeResult]:
    """Candidates for ``query``, best first; raises a :class:`GeocodeError` subclass on failure."""
    call = RateLimiter(geocoder.geocode, min_delay_seconds=min_delay, max_retries=max_retries,
                       error_wait_seconds=min_delay, swallow_exceptions=False)
    name = type(geocoder).__name__
    kwargs = {"exactly_one": False}
    if isinstance(geocoder, Nominatim):
        kwargs["limit"] = limit
        if outline:
            kwargs["geometry"] = "geojson"
    try:
        found = call(query, **kwargs)
    except gexc.GeocoderTimedOut:
        raise GeocodeTimeout(f"{name} did not answer {query!r} within {geocoder.timeout} s; try again or "
                             "raise --timeout") from None
    except gexc.GeocoderRateLimited as e:
        wait = f" (it asks to wait {e.retry_after} s)" if getattr(e, "retry_after", None) else ""
        raise GeocodeRateLimited(f"{name} refused {query!r}: too many requests (HTTP 429){wait}; "
                                 "wait and try again") from None
    except gexc.GeocoderParseError as e:
        raise GeocodeBadResponse(f"{name} sent an answer to {query!r} that is not valid JSON: {e}") from None
    except gexc.GeocoderUnavailable as e:
        raise GeocodeUnavailable(f"{name} could not be reached for {query!r}: {e}") from None
    except gexc.GeocoderServiceError as e:
        cause = e.__cause__ or e.__context__
        if isinstance(cause, (URLError, OSError)) and not isinstance(cause, HTTPError):
            raise GeocodeUnavailable(f"{name} could not be reached for {query!r}: {e}") from None
        raise GeocodeError(f"{name} failed for {query!r}: {e}") from None
    if not found:
        raise GeocodeNoResult(f"{name} found nothing for {query!r}")
    try:
        return [_result(loc) for loc in found][:limit]
    except (TypeError, ValueError, AttributeError) as e:
        raise GeocodeBadResponse(f"{name} sent a result for {query!r} without usable coordinates: {e}") from None


def provenance(result: GeocodeResult, query: str, service: str, endpoint: str | None, rank: int, total: int) -> dict:
    """Where a geocoded geometry came from: service, query, date, and which candidate."""
    where = endpoint or service
    return {
        "dataset": f"{service} geocoder via geopy" + (f" at {endpoint}" if endpoint else ""),
        "version": f"geopy {geopy.__version__}, queried {_dt.date.today().isoformat()}",
        "licence": _LICENCES.get(service, f"see the terms of {where}"),
        "derivation": f"geocoded {query!r}: candidate {rank} of {total}, {result.name!r}",
        "script": "geoarchive gazetteer add --geocode",
    }
