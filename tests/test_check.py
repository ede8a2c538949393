"""`gazetteer check` and loading: bad inputs give clear errors and change no file."""

from __future__ import annotations

import pytest

from geoarchive.cli import main
from geoarchive.errors import GazetteerInvalid
from geoarchive.gazetteer import Gazetteer

from .conftest import read_entry, snapshot, write_entry


def _break_malformed_json(d):
    (d / "places" / "kushiro.geojson").write_text('{"type": "FeatureCollection", "features": [', "utf-8")
    return "kushiro.geojson", "not valid JSON"


def _break_missing_title(d):
    doc = read_entry(d, "kushiro")
    del doc["features"][0]["properties"]["title"]
    write_entry(d, "kushiro", doc)
    return "entry kushiro", "'title' is a required property"


def _break_self_intersecting(d):
    doc = read_entry(d, "sakhalin")
    doc["features"][0]["geometry"]["geometries"][0] = {
        "type": "Polygon",
        "coordinates": [[[142.0, 46.0], [143.0, 47.0], [143.0, 46.0], [142.0, 47.0], [142.0, 46.0]]],
        "certainty": "certain",
        "provenance": {"dataset": "test", "version": "1", "licence": "CC0", "derivation": "a bow tie"},
    }
    write_entry(d, "sakhalin", doc)
    return "entry sakhalin", "Self-intersection"


def _break_duplicate_id(d):
    doc = read_entry(d, "kushiro")
    write_entry(d, "kushiro", doc, name="kushiro-copy.geojson")
    return "entry kushiro", "duplicate id 'kushiro'"


def _break_lat_lon_order(d):
    doc = read_entry(d, "rumoi")
    doc["features"][0]["geometry"]["geometries"][0]["coordinates"] = [43.941, 141.637]
    write_entry(d, "rumoi", doc)
    return "entry rumoi", "lat/lon order"


def _break_unknown_relation(d):
    doc = read_entry(d, "kushiro")
    doc["features"][0]["relations"][0]["relationTo"] = "urn:geoarchive:place:hokaido"
    write_entry(d, "kushiro", doc)
    return "entry kushiro", "unknown place 'hokaido'"


def _break_unknown_key(d):
    doc = read_entry(d, "kushiro")
    doc["features"][0]["names"][0]["langauge"] = "en"
    write_entry(d, "kushiro", doc)
    return "entry kushiro", "'langauge' was unexpected"


BREAKERS = [
    _break_malformed_json,
    _break_missing_title,
    _break_self_intersecting,
    _break_duplicate_id,
    _break_lat_lon_order,
    _break_unknown_relation,
    _break_unknown_key,
]


def test_bundled_gazetteer_is_valid(runner):
    result = runner.invoke(main, ["gazetteer", "check"])
    assert result.exit_code == 0, result.output
    assert "OK" in result.output


@pytest.mark.parametrize("breaker", BREAKERS, ids=lambda f: f.__name__[len("_break_"):])
def test_bad_entry_is_reported_and_nothing_changes(gaz_copy, runner, breaker):
    entry, what = breaker(gaz_copy)
    before = snapshot(gaz_copy)
    result = runner.invoke(main, ["--gazetteer", str(gaz_copy), "gazetteer", "check"])
    assert result.exit_code == 1
    assert entry in result.stderr and what in result.stderr, result.stderr
    assert "Traceback" not in result.output + result.stderr
    with pytest.raises(GazetteerInvalid) as err:
        Gazetteer.load(gaz_copy)
    assert any(what in str(p) for p in err.value.problems)
    result = runner.invoke(main, ["--gazetteer", str(gaz_copy), "resolve", "Kushiro"])
    assert result.exit_code == 1 and what in result.stderr
    assert snapshot(gaz_copy) == before


def test_problem_names_the_file(gaz_copy, runner):
    _break_missing_title(gaz_copy)
    result = runner.invoke(main, ["--gazetteer", str(gaz_copy), "gazetteer", "check"])
    assert "places/kushiro.geojson: entry kushiro: features[0].properties" in result.stderr


def test_every_problem_is_listed(gaz_copy, runner):
    _break_missing_title(gaz_copy)
    _break_lat_lon_order(gaz_copy)
    result = runner.invoke(main, ["--gazetteer", str(gaz_copy), "gazetteer", "check"])
    assert "2 problem(s)" in result.stderr


def test_file_must_be_named_after_its_id(gaz_copy):
    (gaz_copy / "places" / "kushiro.geojson").rename(gaz_copy / "places" / "kushiro-town.geojson")
    with pytest.raises(GazetteerInvalid, match="should be named kushiro.geojson"):
        Gazetteer.load(gaz_copy)


def test_missing_folder(runner, tmp_path):
    result = runner.invoke(main, ["--gazetteer", str(tmp_path / "nope"), "gazetteer", "check"])
    assert result.exit_code == 1 and "gazetteer folder not found" in result.stderr
