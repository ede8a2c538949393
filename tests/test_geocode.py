"""geopy against a real HTTP server on 127.0.0.1 that answers in Nominatim's format."""

from __future__ import annotations

import pytest

from geoarchive.cli import main
from geoarchive.errors import GeocodeBadResponse, GeocodeNoResult, GeocodeRateLimited, GeocodeTimeout, GeocodeUnavailable
from geoarchive.geocode import geocode, make_geocoder, provenance

from .conftest import read_entry, snapshot


def coder(nominatim, timeout=1.0):
    return make_geocoder("nominatim", nominatim.url, timeout=timeout)


def test_success_lists_candidates(nominatim):
    found = geocode("Lushunkou, Dalian", coder(nominatim), min_delay=0)
    assert [r.name for r in found] == ["Lüshunkou District, Dalian, Liaoning, China", "Dalian, Liaoning, China"]
    assert (found[0].lat, found[0].lon) == (38.812, 121.261)
    prov = provenance(found[0], "Lushunkou, Dalian", "nominatim", nominatim.url, 1, 2)
    assert "Lushunkou, Dalian" in prov["derivation"] and "ODbL" in prov["licence"] and nominatim.url in prov["dataset"]


def test_no_result(nominatim):
    with pytest.raises(GeocodeNoResult, match="found nothing for 'Atlantis'"):
        geocode("Atlantis", coder(nominatim), min_delay=0)


def test_timeout(nominatim):
    with pytest.raises(GeocodeTimeout, match="did not answer 'stall here' within 1.0 s"):
        geocode("stall here", coder(nominatim, timeout=1.0), min_delay=0)


def test_rate_limited(nominatim):
    with pytest.raises(GeocodeRateLimited, match=r"too many requests \(HTTP 429\).*30"):
        geocode("busy", coder(nominatim), min_delay=0)


def test_malformed_body(nominatim):
    with pytest.raises(GeocodeBadResponse, match="not valid JSON"):
        geocode("broken", coder(nominatim), min_delay=0)


def test_unreachable():
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(GeocodeUnavailable):
        geocode("x", make_geocoder("nominatim", f"http://127.0.0.1:{port}", timeout=1), min_delay=0)


def test_rate_limiter_spaces_requests(nominatim):
    import time

    c = coder(nominatim)
    t0 = time.monotonic()
    with pytest.raises(GeocodeNoResult):
        geocode("nowhere", c, min_delay=0.5)
    with pytest.raises(GeocodeNoResult):
        geocode("nowhere", c, min_delay=0.5)
    assert nominatim.requests[-2:] == ["nowhere", "nowhere"]
    assert time.monotonic() - t0 < 5  # no hidden retries or back-off on a plain answer


def test_cli_add_by_geocoding(runner, gaz_copy, nominatim):
    result = runner.invoke(main, ["--gazetteer", str(gaz_copy), "gazetteer", "add", "--title", "Port Arthur",
                                  "--geocode", "Lushunkou, Dalian", "--endpoint", nominatim.url, "--min-delay", "0",
                                  "--fclass", "P", "--type", "port", "--name", "旅順@ja", "--part-of", "liaodong-peninsula"])
    assert result.exit_code == 0, result.output + result.stderr
    assert "2 candidate(s)" in result.stderr and "→ 1. Lüshunkou District" in result.stderr
    member = read_entry(gaz_copy, "port-arthur")["features"][0]["geometry"]["geometries"][0]
    assert member["coordinates"] == [121.261, 38.812]
    assert "geocoded 'Lushunkou, Dalian'" in member["provenance"]["derivation"]
    assert "queried 20" in member["provenance"]["version"]


@pytest.mark.parametrize("query,message", [("stall", "did not answer"), ("busy", "HTTP 429"),
                                           ("broken", "not valid JSON"), ("Atlantis", "found nothing")])
def test_cli_geocoding_failures_change_nothing(runner, gaz_copy, nominatim, query, message):
    before = snapshot(gaz_copy)
    result = runner.invoke(main, ["--gazetteer", str(gaz_copy), "gazetteer", "add", "--title", "X",
                                  "--geocode", query, "--endpoint", nominatim.url, "--min-delay", "0", "--timeout", "1"])
    assert result.exit_code == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert snapshot(gaz_copy) == before
