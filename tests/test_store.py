"""Canonical, atomic storage: every bundled file is in canonical form and round-trips exactly."""

from __future__ import annotations

import os

import pytest

from geoarchive.gazetteer.records import Place
from geoarchive.gazetteer.store import dumps, place_files, read_json, write_atomic
from geoarchive.paths import default_gazetteer_dir


def test_bundled_files_are_canonical():
    files = place_files(default_gazetteer_dir())
    assert len(files) >= 28
    for f in files:
        text = f.read_text("utf-8")
        assert dumps(read_json(f)) == text, f"{f.name} is not in canonical form"


def test_place_keeps_every_key():
    f = default_gazetteer_dir() / "places" / "karafuto.geojson"
    doc = read_json(f)
    place = Place(doc["features"][0])
    assert place.feature is doc["features"][0]  # the LPF dict stays the source of truth
    assert dumps({**doc, "features": [place.feature]}) == f.read_text("utf-8")


def test_write_atomic_replaces_whole_file(tmp_path):
    target = tmp_path / "x.geojson"
    write_atomic(target, "one\n")
    write_atomic(target, "two\n")
    assert target.read_text() == "two\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.geojson"]


def test_write_atomic_failure_leaves_old_file(tmp_path):
    target = tmp_path / "x.geojson"
    target.write_text("original\n")

    with pytest.raises(TypeError):
        write_atomic(target, 12345)  # not text: fails while writing the temp file
    assert target.read_text() == "original\n"
    assert sorted(os.listdir(tmp_path)) == ["x.geojson"]  # no temp file left behind
