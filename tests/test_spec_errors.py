"""Bad map specs: each gives a clear error naming file, line and feature, and writes nothing."""

from __future__ import annotations

import shutil

import pytest

from geoarchive.cli import main
from geoarchive.errors import SpecError
from geoarchive.paths import default_maps_dir
from geoarchive.spec import build_map, load_spec

from .conftest import snapshot

SPEC = default_maps_dir() / "stalin-1945-08-16.yaml"

# (name, text to replace, replacement, the line holding this text in the broken spec, feature, message)
BREAKS = [
    ("unknown-place", "        geometry: kushiro\n", "        geometry: kushir\n", "geometry: kushir",
     "kushiro", "unknown place id 'kushir' (did you mean 'kushiro'?)"),
    ("quote-not-found", "          - quote: Include all of the Kurile Islands\n",
     "          - quote: Include all of the Kuril Isles\n", "Kuril Isles", "kurils", "quote not found"),
    ("line-does-not-cross", "            line: {line_through: [kushiro, rumoi]}\n",
     "            line: {line_through: [shanghai, qingdao]}\n", "          split:", "hokkaido-north",
     "the line does not cross the region"),
    ("wrong-geometry-type", "            region: hokkaido\n", "            region: sapporo\n", "region: sapporo",
     "hokkaido-north", "the region to split must be an area, got a Point"),
    ("unknown-key", "        passages:\n          - quote: Include all of the Kurile Islands\n",
     "        pasages:\n          - quote: Include all of the Kurile Islands\n", "pasages:", "kurils",
     "unknown key 'pasages' (did you mean 'passages'?)"),
    ("unknown-construction", "          split:\n", "          splitt:\n", "splitt:", "hokkaido-north",
     "unknown construction 'splitt' (did you mean 'split'?)"),
    ("bad-number", "            keep: north\n", "            keep: north\n            extend_km: far\n",
     "extend_km: far", "hokkaido-north", "extend_km must be a number"),
]


@pytest.fixture
def workspace(tmp_path):
    maps = tmp_path / "maps"
    maps.mkdir()
    shutil.copy(SPEC, maps / SPEC.name)
    out = tmp_path / "out"
    out.mkdir()
    (out / "stalin-1945-08-16.html").write_text("an earlier build\n")
    return maps, out


@pytest.mark.parametrize("name,old,new,marker,feature,message", BREAKS, ids=[b[0] for b in BREAKS])
def test_bad_spec(workspace, runner, name, old, new, marker, feature, message):
    maps, out = workspace
    spec = maps / SPEC.name
    text = spec.read_text()
    assert old in text
    broken = text.replace(old, new, 1)
    spec.write_text(broken)
    line = next(i for i, l in enumerate(broken.splitlines(), 1) if marker in l)
    before = snapshot(out), snapshot(maps)
    result = runner.invoke(main, ["build", "--maps-dir", str(maps), "--out-dir", str(out)])
    assert result.exit_code == 1, result.output
    assert f"{spec}:{line}: feature {feature}: " in result.stderr, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert (snapshot(out), snapshot(maps)) == before  # nothing written, nothing changed


def test_unknown_top_level_key(tmp_path):
    spec = tmp_path / "x.yaml"
    spec.write_text(SPEC.read_text().replace("description:", "descripton:", 1))
    with pytest.raises(SpecError, match=r"x.yaml:\d+: unknown key 'descripton' \(did you mean 'description'\?\)"):
        load_spec(spec)


def test_unknown_document(tmp_path):
    spec = tmp_path / "x.yaml"
    spec.write_text(SPEC.read_text().replace("documents: [stalin-truman-1945-08-16]", "documents: [stalin-1945]"))
    with pytest.raises(SpecError, match="unknown document 'stalin-1945'"):
        build_map(load_spec(spec))


def test_malformed_yaml(tmp_path):
    spec = tmp_path / "x.yaml"
    spec.write_text("id: x\ntitle: [unclosed\n")
    with pytest.raises(SpecError, match=r"x.yaml:\d+: not valid YAML"):
        load_spec(spec)


def test_quote_must_be_unique(tmp_path):
    spec = tmp_path / "x.yaml"
    spec.write_text(SPEC.read_text().replace("          - quote: Include all of the Kurile Islands\n",
                                             "          - quote: Hokkaido\n"))
    with pytest.raises(SpecError, match="quote occurs 4 times"):
        build_map(load_spec(spec))


def test_missing_spec(runner, tmp_path):
    result = runner.invoke(main, ["build", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1 and "map spec not found" in result.stderr
