"""Shared fixtures: the bundled gazetteer, scratch copies of it, a CLI runner."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from geoarchive.gazetteer import Gazetteer
from geoarchive.paths import default_gazetteer_dir, default_seeds_dir

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return default_seeds_dir()


@pytest.fixture
def gaz_copy(tmp_path: Path) -> Path:
    """A scratch copy of the bundled gazetteer folder to break on purpose."""
    dest = tmp_path / "gazetteer"
    shutil.copytree(default_gazetteer_dir(), dest)
    return dest


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def snapshot(directory: Path) -> dict[str, str]:
    """sha256 of every file below ``directory``, to prove a command changed nothing."""
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def read_entry(directory: Path, pid: str) -> dict:
    return json.loads((directory / "places" / f"{pid}.geojson").read_text("utf-8"))


def write_entry(directory: Path, pid: str, doc: dict, name: str | None = None) -> Path:
    path = directory / "places" / (name or f"{pid}.geojson")
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), "utf-8")
    return path


def load_gold() -> list[tuple[str, str, int, str]]:
    """The hand-made gold mentions as (document file, surface, count, place id) rows."""
    data = yaml.safe_load((ROOT / "tests" / "data" / "gold_mentions.yaml").read_text("utf-8"))
    return [(doc, row["surface"], row["count"], row["place"]) for doc, rows in data.items() for row in rows]
