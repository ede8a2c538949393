"""Import (LPF, LP-TSV, GeoNames, GeoJSON) and export (LPF, GeoJSON, CSV): all or nothing, lossless."""

from __future__ import annotations

import csv
import io
import json

import pytest

from geoarchive.cli import main
from geoarchive.gazetteer import Gazetteer

from .conftest import snapshot

CITE = {"label": "Foreign Relations of the United States, 1945, vol. VII", "year": 1969}


def lpf_sample() -> dict:
    """Three places as the World Historical Gazetteer publishes LPF, with a relation between them."""
    def feat(fid, title, lon, lat, names, when=None, rel=None):
        f = {"@id": f"http://example.org/places/{fid}", "type": "Feature", "properties": {"title": title, "ccodes": ["CN"]},
             "names": names, "types": [{"identifier": "aat:300008375", "label": "towns"}],
             "geometry": {"type": "GeometryCollection", "geometries": [
                 {"type": "Point", "coordinates": [lon, lat], "certainty": "less-certain",
                  "when": {"timespans": [{"start": {"in": "1900"}}]}}]}}
        if when:
            f["when"] = when
        if rel:
            f["relations"] = [{"relationType": "gvp:broaderPartitive", "relationTo": rel, "label": "part of",
                               "when": {"timespans": [{"start": {"in": "1905"}, "end": {"in": "1945"}}]},
                               "citations": [CITE]}]
        return f

    return {"type": "FeatureCollection", "@context": "https://example.org/ctx.jsonld", "features": [
        feat("kwantung", "Kwantung Leased Territory", 121.5, 39.0,
             [{"toponym": "Kwantung Leased Territory", "lang": "en", "citations": [CITE]},
              {"toponym": "関東州", "lang": "ja", "when": {"timespans": [{"start": {"in": "1905"}, "end": {"in": "1945"}}]}}],
             when={"timespans": [{"start": {"in": "1898-03-27"}, "end": {"in": "1945-08-22"}}]}),
        feat("ryojun", "Ryojun", 121.26, 38.81,
             [{"toponym": "Ryojun", "lang": "ja", "citations": [CITE]}, {"toponym": "Port Arthur", "lang": "en"}],
             rel="http://example.org/places/kwantung"),
        feat("dairen", "Dairen", 121.61, 38.91, [{"toponym": "Dairen", "lang": "ja"}, {"toponym": "Dalny", "lang": "ru"}],
             rel="http://example.org/places/kwantung"),
    ]}


def gz(runner, gaz, *args):
    return runner.invoke(main, ["--gazetteer", str(gaz), "gazetteer", *args])


def test_lpf_round_trip_loses_nothing(runner, gaz_copy, tmp_path):
    src = tmp_path / "in.json"
    src.write_text(json.dumps(lpf_sample(), ensure_ascii=False))
    r = gz(runner, gaz_copy, "import", str(src), "--format", "lpf")
    assert r.exit_code == 0, r.output + r.stderr
    assert "imported 3 place(s)" in r.output
    out = tmp_path / "out.json"
    assert gz(runner, gaz_copy, "export", "--format", "lpf", "-o", str(out)).exit_code == 0
    exported = {f["properties"]["title"]: f for f in json.loads(out.read_text())["features"]}
    new_id = {f["@id"]: exported[f["properties"]["title"]]["@id"] for f in lpf_sample()["features"]}
    for original in lpf_sample()["features"]:
        got = exported[original["properties"]["title"]]
        assert got["names"] == original["names"] or [
            {k: v for k, v in n.items() if k != "kind"} for n in got["names"]] == original["names"]
        assert got.get("when") == original.get("when")
        assert got["types"] == original["types"] and got["properties"]["ccodes"] == ["CN"]
        for a, b in zip(got.get("relations", []), original.get("relations", [])):
            assert a["relationTo"] == new_id[b["relationTo"]]
            assert a["when"] == b["when"] and a["citations"] == b["citations"] and a["label"] == b["label"]
        assert len(got.get("relations", [])) == len(original.get("relations", []))
        member, orig_member = got["geometry"]["geometries"][0], original["geometry"]["geometries"][0]
        assert member["coordinates"] == orig_member["coordinates"] and member["when"] == orig_member["when"]
        assert member["certainty"] == "less-certain"
        assert {"type": "closeMatch", "identifier": original["@id"]} in got["links"]
    g = Gazetteer.load(gaz_copy)
    assert g.resolve_one("Port Arthur").place_id == new_id["http://example.org/places/ryojun"].rsplit(":", 1)[1]
    # and a second round trip of the export is stable
    gaz2 = tmp_path / "g2"
    (gaz2 / "places").mkdir(parents=True)
    assert gz(runner, gaz2, "import", str(out), "--format", "lpf").exit_code == 0
    out2 = tmp_path / "out2.json"
    gz(runner, gaz2, "export", "--format", "lpf", "-o", str(out2))
    assert json.loads(out2.read_text())["features"] == json.loads(out.read_text())["features"]


def test_bad_row_in_the_middle_imports_nothing(runner, gaz_copy, tmp_path):
    rows = ["id\ttitle\ttitle_source\tstart\tlon\tlat"]
    rows += [f"p{i}\tPlace {chr(65 + i)}{chr(65 + i)}\tsurvey\t1900\t{120 + i / 10}\t{30 + i / 10}" for i in range(5)]
    rows.insert(3, "bad\tBroken Row\tsurvey\t1900\t121.0\t200.0")  # latitude 200 on line 4
    src = tmp_path / "places.tsv"
    src.write_text("\n".join(rows) + "\n")
    before = snapshot(gaz_copy)
    r = gz(runner, gaz_copy, "import", str(src), "--format", "lp-tsv")
    assert r.exit_code == 1
    assert "nothing imported, 1 problem(s)" in r.stderr and "row 4 (id bad)" in r.stderr and "out of range" in r.stderr
    assert snapshot(gaz_copy) == before


def test_dry_run_and_conflicts(runner, gaz_copy, tmp_path):
    src = tmp_path / "x.tsv"
    src.write_text("id\ttitle\tlon\tlat\nkushiro\tKushiro Port\t144.37\t42.97\nnew-one\tNew One\t140\t40\n")
    before = snapshot(gaz_copy)
    r = gz(runner, gaz_copy, "import", str(src), "--format", "lp-tsv", "--dry-run")
    assert r.exit_code == 1 and "row 2: a place with id 'kushiro' already exists" in r.stderr
    r = gz(runner, gaz_copy, "import", str(src), "--format", "lp-tsv", "--dry-run", "--on-conflict", "skip")
    assert r.exit_code == 0 and "would import 1 place(s)" in r.output and "skipped: row 2" in r.output
    assert snapshot(gaz_copy) == before
    r = gz(runner, gaz_copy, "import", str(src), "--format", "lp-tsv", "--on-conflict", "rename")
    assert r.exit_code == 0 and "renamed: row 2: 'kushiro' → 'kushiro-2'" in r.output
    assert Gazetteer.load(gaz_copy).get("kushiro-2").title == "Kushiro Port"


GEONAMES = "\t".join(["2128382", "Rumoi", "Rumoi", "Rumoe,Rumoi-shi,留萌市", "43.93444", "141.64278", "P", "PPLA2",
                      "JP", "", "12", "", "", "", "22000", "", "10", "Asia/Tokyo", "2022-09-01"])


def test_geonames_rows(runner, tmp_path):
    gaz = tmp_path / "g"
    (gaz / "places").mkdir(parents=True)
    src = tmp_path / "JP.txt"
    src.write_text(GEONAMES + "\n" + GEONAMES.replace("2128382\tRumoi\tRumoi", "2129376\tKushiro\tKushiro")
                   .replace("Rumoe,Rumoi-shi,留萌市", "Kusiro") + "\n")
    r = gz(runner, gaz, "import", str(src), "--format", "geonames")
    assert r.exit_code == 0, r.stderr
    g = Gazetteer.load(gaz)
    assert g.resolve_one("留萌市").place_id == "rumoi" and g.get("rumoi").fclasses == ["P"]
    assert {"type": "closeMatch", "identifier": "gn:2128382"} in g.get("rumoi").feature["links"]
    assert "CC BY 4.0" in g.get("rumoi").members[0].provenance["licence"]


def test_geonames_short_row_is_named(runner, tmp_path):
    gaz = tmp_path / "g"
    (gaz / "places").mkdir(parents=True)
    src = tmp_path / "JP.txt"
    src.write_text(GEONAMES + "\n2129376\tKushiro\t42.9\n")
    r = gz(runner, gaz, "import", str(src), "--format", "geonames")
    assert r.exit_code == 1 and "row 2: 3 columns where a GeoNames row has 19" in r.stderr
    assert list((gaz / "places").iterdir()) == []


def test_geojson_import(runner, tmp_path):
    gaz = tmp_path / "g"
    (gaz / "places").mkdir(parents=True)
    src = tmp_path / "in.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Shumshu", "fclass": "T", "type": "island"},
         "geometry": {"type": "Point", "coordinates": [156.317, 50.733]}}]}))
    assert gz(runner, gaz, "import", str(src), "--format", "geojson").exit_code == 0
    assert Gazetteer.load(gaz).get("shumshu").type_labels == ["island"]


def test_import_of_garbage_is_a_clear_error(runner, gaz_copy, tmp_path):
    src = tmp_path / "x.json"
    src.write_bytes(b"\xff\xfe not text")
    for fmt in ("lpf", "geojson", "lp-tsv", "geonames"):
        r = gz(runner, gaz_copy, "import", str(src), "--format", fmt)
        assert r.exit_code == 1 and "nothing imported" in r.stderr and "Traceback" not in r.stderr, (fmt, r.stderr)


def test_export_geojson_and_csv(runner, tmp_path):
    r = runner.invoke(main, ["gazetteer", "export", "--format", "geojson"])
    data = json.loads(r.output)
    assert len(data["features"]) == 28
    kushiro = next(f for f in data["features"] if f["id"] == "kushiro")
    assert kushiro["geometry"]["type"] == "Point" and kushiro["properties"]["part_of"] == "hokkaido"
    r = runner.invoke(main, ["gazetteer", "export", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(r.output)))
    rumoi = next(x for x in rows if x["id"] == "rumoi")
    assert "Rumoe@en" in rumoi["names"] and float(rumoi["lat"]) == pytest.approx(43.934, abs=0.01)


def test_progress_bar_on_request(runner, tmp_path):
    gaz = tmp_path / "g"
    (gaz / "places").mkdir(parents=True)
    src = tmp_path / "JP.txt"
    src.write_text(GEONAMES + "\n")
    r = gz(runner, gaz, "import", str(src), "--format", "geonames", "--progress")
    assert r.exit_code == 0 and "reading rows" in r.stderr and "imported 1 place(s)" in r.output
