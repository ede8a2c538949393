"""Property tests: arbitrary input never crashes with anything but a geoarchive error; round trips
lose nothing."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoarchive.errors import GeoarchiveError
from geoarchive.gazetteer import Gazetteer
from geoarchive.gazetteer.io import export, import_file
from geoarchive.gazetteer.records import Place
from geoarchive.gazetteer.store import dumps, read_json, write_atomic
from geoarchive.spec import build_map, load_spec

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
NAME = st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30).filter(str.strip)
GAZ = Gazetteer.load()


@SETTINGS
@given(TEXT, st.one_of(st.none(), st.dates()))
def test_resolver_never_crashes(query, date):
    res = GAZ.resolve(query, date)
    assert all(0 < c.score <= 100 for c in res.candidates)
    try:
        GAZ.resolve_one(query, date)
    except GeoarchiveError:
        pass


@SETTINGS
@given(TEXT)
def test_resolver_text_dates_never_crash(text):
    try:
        GAZ.resolve("Kushiro", text)
    except GeoarchiveError as exc:  # a DateError, which the CLI turns into a usage error
        assert "not a date" in str(exc)


def _feature(title, names, lon, lat):
    return {"@id": "urn:geoarchive:place:x", "type": "Feature", "properties": {"title": title},
            "names": [{"toponym": n, "lang": "en"} for n in names],
            "geometry": {"type": "GeometryCollection", "geometries": [
                {"type": "Point", "coordinates": [lon, lat], "certainty": "certain",
                 "provenance": {"dataset": "d", "version": "1", "licence": "CC0", "derivation": "test"}}]}}


@SETTINGS
@given(NAME, st.lists(NAME, min_size=1, max_size=5), st.floats(-180, 180), st.floats(-90, 90))
def test_store_round_trip_loses_nothing(title, names, lon, lat):
    doc = {"type": "FeatureCollection", "features": [_feature(title, names, lon, lat)]}
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "x.geojson"
        write_atomic(path, dumps(doc))
        back = read_json(path)
    assert back == doc
    place = Place(back["features"][0])
    assert [n.toponym for n in place.names] == names and place.title == title
    assert place.geometry.coords[0] == (lon, lat)


@SETTINGS
@given(st.sampled_from(["lpf", "lp-tsv", "geonames", "geojson"]), st.text(max_size=300))
def test_import_of_arbitrary_text_never_crashes(fmt, content):
    with tempfile.TemporaryDirectory() as d:
        gaz = Path(d) / "g"
        (gaz / "places").mkdir(parents=True)
        src = Path(d) / "in.txt"
        src.write_bytes(content.encode("utf-8", "surrogatepass"))
        try:
            report = import_file(gaz, src, fmt)
        except GeoarchiveError:
            assert list((gaz / "places").iterdir()) == []  # nothing half-written
        else:
            assert len(list((gaz / "places").glob("*.geojson"))) == len(report.imported)


@SETTINGS
@given(st.lists(st.tuples(NAME, st.lists(NAME, max_size=3)), min_size=1, max_size=4, unique_by=lambda t: t[0]))
def test_lpf_import_export_round_trip(places):
    features = []
    for i, (title, extra) in enumerate(places):
        names = [title, *[e for e in extra if e != title]]
        f = _feature(title, list(dict.fromkeys(names)), 100 + i, 10 + i)
        f["@id"] = f"http://example.org/{i}"
        features.append(f)
    with tempfile.TemporaryDirectory() as d:
        gaz = Path(d) / "g"
        (gaz / "places").mkdir(parents=True)
        src = Path(d) / "in.json"
        src.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
        try:
            import_file(gaz, src, "lpf")
        except GeoarchiveError:
            return  # e.g. two titles that slugify alike, or names two places share: refused, not crashed
        out = json.loads(export(Gazetteer.load(gaz), "lpf"))["features"]
    by_title = {f["properties"]["title"]: f for f in out}
    for f in features:
        got = by_title[f["properties"]["title"]]
        assert got["names"] == f["names"]
        assert got["geometry"]["geometries"][0]["coordinates"] == f["geometry"]["geometries"][0]["coordinates"]


SPEC = yaml.safe_load((Path(__file__).resolve().parent.parent / "maps" / "stalin-1945-08-16.yaml").read_text())
CONSTRUCTION = st.recursive(
    st.sampled_from(["kushiro", "rumoi", "hokkaido", "japan", "nowhere", "kuril-islands", "sapporo"]),
    lambda inner: st.one_of(
        st.fixed_dictionaries({"line_through": st.lists(inner, max_size=3)}),
        st.fixed_dictionaries({"split": st.fixed_dictionaries({"region": inner, "line": inner,
                                                               "keep": st.sampled_from(["north", "up", "west"])})}),
        st.fixed_dictionaries({"union": st.lists(inner, max_size=3)}),
        st.fixed_dictionaries({"corridor": st.fixed_dictionaries({"line": inner, "width_km": st.integers(-5, 500)})}),
        st.fixed_dictionaries({"around": st.fixed_dictionaries({"region": inner, "distance_km": st.integers(-5, 300)})}),
        st.fixed_dictionaries({"arrow": st.fixed_dictionaries({"from": inner, "to": inner})}),
        st.fixed_dictionaries({"clip": st.fixed_dictionaries({"region": inner, "north_of": st.floats(-100, 100)})}),
        st.dictionaries(st.sampled_from(["splitt", "place", "centre"]), inner, max_size=2),
    ),
    max_leaves=4,
)


@SETTINGS
@given(CONSTRUCTION)
def test_spec_constructions_never_crash(construction):
    spec = json.loads(json.dumps(SPEC))
    spec["layers"][0]["features"][0]["geometry"] = construction
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "x.yaml"
        path.write_text(yaml.safe_dump(spec, allow_unicode=True))
        try:
            build_map(load_spec(path), GAZ)
        except GeoarchiveError:
            pass


@SETTINGS
@given(st.text(max_size=400))
def test_spec_text_never_crashes(text):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "x.yaml"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            load_spec(path)
        except GeoarchiveError:
            pass
