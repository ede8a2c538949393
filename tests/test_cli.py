"""The CLI: help everywhere, documented commands, resolve's output and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from geoarchive.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")


def _commands(group: click.Group, prefix=()):
    for name, cmd in group.commands.items():
        yield prefix + (name,)
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, prefix + (name,))


ALL = list(_commands(main))


@pytest.mark.parametrize("path", ALL, ids=" ".join)
def test_every_command_has_help(runner, path):
    result = runner.invoke(main, [*path, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
    doc = main.get_command(None, path[0]) if len(path) == 1 else None
    assert (doc or main).help


@pytest.mark.parametrize("path", ALL, ids=" ".join)
def test_every_command_is_in_the_readme(path):
    assert f"geoarchive {' '.join(path)}" in README, f"README does not show `geoarchive {' '.join(path)}`"


def test_python_m_works():
    out = subprocess.run([sys.executable, "-m", "geoarchive", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and "geoarchive" in out.stdout


def test_resolve_text(runner):
    result = runner.invoke(main, ["resolve", "Rumoe [sic]"])
    assert result.exit_code == 0
    assert result.output.startswith("rumoi\tRumoi\t") and "sic" in result.output


def test_resolve_json(runner):
    result = runner.invoke(main, ["resolve", "Karafuto", "--date", "1945-08-16", "--json"])
    data = json.loads(result.output)
    assert data["candidates"][0]["place_id"] == "karafuto" and data["date"] == "1945-08-16"


def test_resolve_unknown_exits_1_with_suggestions(runner):
    result = runner.invoke(main, ["resolve", "Kushirro"])
    assert result.exit_code == 0  # fuzzy finds it
    result = runner.invoke(main, ["resolve", "Zanzibar"])
    assert result.exit_code == 1 and "closest names" in result.stderr


def test_resolve_bad_date(runner):
    result = runner.invoke(main, ["resolve", "Kushiro", "--date", "16.8.1945"])
    assert result.exit_code == 2 and "not a date" in result.output


def test_show(runner):
    result = runner.invoke(main, ["gazetteer", "show", "rumoi"])
    assert result.exit_code == 0 and "Rumoe (sic" in result.output and "GeoNames" in result.output
    result = runner.invoke(main, ["gazetteer", "show", "rumoe"])
    assert result.exit_code == 1 and "rumoi" in result.stderr


def test_build_writes_every_map_and_the_overview(runner, tmp_path):
    result = runner.invoke(main, ["build", "--out-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "stalin-truman-1945-08-16" in result.stderr and "harriman-telegram-1944-02-02" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "harriman-1944-02-02.embed.html", "harriman-1944-02-02.html", "index.html",
        "stalin-1945-08-16.embed.html", "stalin-1945-08-16.html"]
    embed = (tmp_path / "stalin-1945-08-16.embed.html").read_text()
    assert '<iframe src="stalin-1945-08-16.html"' in embed and 'loading="lazy"' in embed and "title=" in embed
    index = (tmp_path / "index.html").read_text()
    assert 'href="stalin-1945-08-16.html"' in index and "RGASPI Fond 558" in index


def test_build_one_spec_as_geojson(runner, tmp_path):
    spec = str(Path(__file__).resolve().parent.parent / "maps" / "stalin-1945-08-16.yaml")
    out = tmp_path / "stalin.geojson"
    result = runner.invoke(main, ["build", spec, "--format", "geojson", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    zone = next(f for f in data["features"] if f["id"] == "hokkaido-north")
    assert zone["properties"]["certainty"] == "less-certain" and zone["properties"]["measures"]["area_km2"] > 30000
    assert zone["properties"]["passages"][0]["quote"].startswith("Include the northern half")
    assert zone["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_output_needs_one_spec(runner, tmp_path):
    result = runner.invoke(main, ["build", "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 2 and "exactly one SPEC" in result.output


STALIN = "seeds/1945-08-16-stalin-to-truman.txt"
TELEGRAM = "seeds/1944-02-02-harriman-telegram.txt"


def _root_path(rel: str) -> str:
    return str(Path(__file__).resolve().parent.parent / rel)


def test_mentions_table(runner):
    result = runner.invoke(main, ["mentions", _root_path(STALIN)])
    assert result.exit_code == 0, result.output
    assert "19 mention(s) of 14 place(s)" in result.output and "Rumoe [sic]" in result.output
    assert "No unresolved place-like names." in result.output


def test_mentions_json_and_canonical_only(runner):
    data = json.loads(runner.invoke(main, ["mentions", _root_path(TELEGRAM), "--json"]).output)
    assert len(data["mentions"]) == 15 and data["date"] == "1944-02-02"
    data = json.loads(runner.invoke(main, ["mentions", _root_path(TELEGRAM), "--json", "--canonical-only"]).output)
    assert len(data["mentions"]) == 8 and all(m["canonical"] for m in data["mentions"])


def test_mentions_annotations(runner):
    data = json.loads(runner.invoke(main, ["mentions", _root_path(STALIN), "--format", "annotations"]).output)
    assert data["type"] == "AnnotationCollection" and data["total"] == 19


@pytest.mark.parametrize(
    "setup,message",
    [
        (lambda d: None, "document not found"),
        (lambda d: (d / "x.txt").write_bytes(b"Kushiro \xff"), "not UTF-8 text"),
        (lambda d: (d / "x.txt").write_text(""), "document is empty"),
        (lambda d: ((d / "x.txt").write_text("Kushiro."),
                    (d / "x.meta.yaml").write_text("id: x\ntitle: X\ndate: 1945-02-30\n")), "not a valid date"),
    ],
    ids=["missing", "non-utf8", "empty", "bad-date"],
)
def test_mentions_bad_input(runner, tmp_path, setup, message):
    setup(tmp_path)
    result = runner.invoke(main, ["mentions", str(tmp_path / "x.txt")])
    assert result.exit_code == 1 and message in result.stderr and "Traceback" not in result.stderr
