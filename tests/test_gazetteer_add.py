"""`gazetteer add` and `add-name`: geometry inputs, collisions, duplicates, locks, nothing lost."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from geoarchive.cli import main
from geoarchive.gazetteer import Gazetteer

from .conftest import read_entry, snapshot


def add(runner, gaz, *args):
    return runner.invoke(main, ["--gazetteer", str(gaz), "gazetteer", "add", *args])


def test_add_point_with_names_and_relation(runner, gaz_copy):
    r = add(runner, gaz_copy, "--title", "Honshu", "--fclass", "T", "--type", "island", "--point", "36.0,138.0",
            "--part-of", "japan", "--name", "本州@ja", "--name", "Hondo@en:historical/-1945", "--citation",
            "Potsdam Declaration, 26 July 1945", "--source", "island centre, read off a map")
    assert r.exit_code == 0, r.output + r.stderr
    g = Gazetteer.load(gaz_copy)
    place = g.get("honshu")
    assert place.geometry.coords[0] == (138.0, 36.0)
    assert g.ancestors("honshu") == ["japan"]
    assert [n.toponym for n in place.names] == ["Honshu", "本州", "Hondo"]
    assert g.resolve_one("Hondo", date="1940").place_id == "honshu"
    member = place.members[0]
    assert member.precision == "rough" and "island centre" in member.provenance["derivation"]
    assert place.feature["names"][0]["citations"] == [{"label": "Potsdam Declaration, 26 July 1945"}]


def test_add_wkt_and_geojson(runner, gaz_copy, tmp_path):
    r = add(runner, gaz_copy, "--title", "Tsugaru Strait", "--fclass", "H", "--type", "strait", "--wkt",
            "POLYGON ((140.2 41.2, 141.5 41.2, 141.5 41.6, 140.2 41.6, 140.2 41.2))")
    assert r.exit_code == 0, r.stderr
    path = tmp_path / "shikotan.geojson"
    path.write_text(json.dumps({"type": "Feature", "properties": {},
                                "geometry": {"type": "Point", "coordinates": [146.75, 43.8]}}))
    r = add(runner, gaz_copy, "--title", "Shikotan", "--fclass", "T", "--type", "island", "--geojson", str(path))
    assert r.exit_code == 0, r.stderr
    assert "read from shikotan.geojson" in read_entry(gaz_copy, "shikotan")["features"][0]["geometry"]["geometries"][0]["provenance"]["derivation"]


@pytest.mark.parametrize("args,message", [
    (["--point", "200,10"], "latitude 200.0 is out of range"),
    (["--point", "north"], "write LAT,LON"),
    (["--wkt", "POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))"], "invalid geometry"),
    (["--wkt", "POINT (10 95)"], "out of range"),
    (["--wkt", "not wkt"], "not well-known text"),
], ids=["lat-200", "not-a-point", "bow-tie", "wkt-lat-95", "garbage-wkt"])
def test_bad_geometry_changes_nothing(runner, gaz_copy, args, message):
    before = snapshot(gaz_copy)
    r = add(runner, gaz_copy, "--title", "Nowhere", *args)
    assert r.exit_code == 1 and message in r.stderr and "Traceback" not in r.stderr
    assert snapshot(gaz_copy) == before


@pytest.mark.parametrize("content,message", [
    ("this is not json", "not GeoJSON (not valid JSON"),
    ('{"type": "FeatureCollection", "features": []}', "exactly one feature"),
    ('{"hello": "world"}', "not GeoJSON (no geometry"),
    ('{"type": "Point", "coordinates": [10]}', "not GeoJSON"),
], ids=["text", "empty-collection", "no-geometry", "short-point"])
def test_geometry_file_that_is_not_geojson(runner, gaz_copy, tmp_path, content, message):
    path = tmp_path / "g.geojson"
    path.write_text(content)
    before = snapshot(gaz_copy)
    r = add(runner, gaz_copy, "--title", "Nowhere", "--geojson", str(path))
    assert r.exit_code == 1 and message in r.stderr, r.stderr
    assert snapshot(gaz_copy) == before


def test_collisions_are_refused(runner, gaz_copy):
    before = snapshot(gaz_copy)
    r = add(runner, gaz_copy, "--title", "Kushiro", "--point", "42.98,144.38")
    assert r.exit_code == 1 and "a place with id 'kushiro' already exists" in r.stderr
    r = add(runner, gaz_copy, "--title", "Kushiro", "--id", "kushiro-town", "--point", "42.98,144.38",
            "--type", "inhabited place")
    assert r.exit_code == 1 and "name 'Kushiro' is also claimed by 'kushiro'" in r.stderr
    assert snapshot(gaz_copy) == before


def test_likely_duplicate_is_warned(runner, gaz_copy):
    r = add(runner, gaz_copy, "--title", "Kushiro Harbour", "--point", "42.97,144.37", "--fclass", "S")
    assert r.exit_code == 0
    assert "likely duplicate: kushiro" in r.stderr


def test_dry_run_writes_nothing(runner, gaz_copy):
    before = snapshot(gaz_copy)
    r = add(runner, gaz_copy, "--title", "Honshu", "--point", "36,138", "--dry-run")
    assert r.exit_code == 0 and json.loads(r.output)["@id"] == "urn:geoarchive:place:honshu"
    assert snapshot(gaz_copy) == before


def test_add_name(runner, gaz_copy):
    r = runner.invoke(main, ["--gazetteer", str(gaz_copy), "gazetteer", "add-name", "rumoi", "Rumoï@fr",
                             "--citation", "a French atlas"])
    assert r.exit_code == 0, r.stderr
    assert read_entry(gaz_copy, "rumoi")["features"][0]["names"][-1] == {
        "toponym": "Rumoï", "lang": "fr", "kind": "variant", "citations": [{"label": "a French atlas"}]}
    r = runner.invoke(main, ["--gazetteer", str(gaz_copy), "gazetteer", "add-name", "rumoi", "Rumoï@fr"])
    assert r.exit_code == 1 and "already has the name" in r.stderr
    r = runner.invoke(main, ["--gazetteer", str(gaz_copy), "gazetteer", "add-name", "rumoi", "Kushiro@en"])
    assert r.exit_code == 1 and "also claimed by" in r.stderr
    r = runner.invoke(main, ["--gazetteer", str(gaz_copy), "gazetteer", "add-name", "nowhere", "X@en"])
    assert r.exit_code == 1 and "no place with id 'nowhere'" in r.stderr


def test_two_adds_of_the_same_id_at_once(gaz_copy):
    """Two processes add the same id at the same moment: the lock lets one in; the other is refused."""
    code = (
        "import sys, time; from geoarchive.cli import main; "
        "t = float(sys.argv[1]); time.sleep(max(0, t - time.time())); "
        "main(['--gazetteer', sys.argv[2], 'gazetteer', 'add', '--title', 'Honshu', '--point', sys.argv[3]])"
    )
    import time

    start = time.time() + 1.5
    procs = [subprocess.Popen([sys.executable, "-c", code, str(start), str(gaz_copy), pt],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for pt in ("36.0,138.0", "36.5,138.5")]
    results = [p.communicate(timeout=60) + (p.returncode,) for p in procs]
    codes = sorted(r[2] for r in results)
    assert codes == [0, 1], results
    loser = next(r for r in results if r[2] == 1)
    assert "already exists" in loser[1]
    doc = read_entry(gaz_copy, "honshu")  # one whole, valid entry: the winner's
    assert doc["features"][0]["geometry"]["geometries"][0]["coordinates"] in ([138.0, 36.0], [138.5, 36.5])
    Gazetteer.load(gaz_copy)
    assert not list((gaz_copy / "places").glob(".*.tmp"))
