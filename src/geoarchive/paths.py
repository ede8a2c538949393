"""Where the bundled data lives, in a checkout and in an installed wheel.

In a source checkout the gazetteer is ``data/gazetteer/`` and the documents are ``seeds/`` at the
repository root; a wheel carries copies under ``geoarchive/_data/``. Either way:

>>> default_gazetteer_dir().name
'gazetteer'
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

__all__ = ["default_gazetteer_dir", "default_seeds_dir", "default_maps_dir", "default_basemap_path", "repo_root"]


def repo_root() -> Path | None:
    """The checkout this package runs from, or None when installed from a wheel."""
    here = Path(__file__).resolve().parent  # src/geoarchive
    root = here.parent.parent
    return root if (root / "pyproject.toml").is_file() and (root / "data" / "gazetteer").is_dir() else None


def _bundled(name: str) -> Path:
    return Path(str(resources.files("geoarchive") / "_data" / name))


def default_gazetteer_dir() -> Path:
    """``$GEOARCHIVE_GAZETTEER``, else the checkout's ``data/gazetteer``, else the wheel's copy."""
    env = os.environ.get("GEOARCHIVE_GAZETTEER")
    if env:
        return Path(env)
    root = repo_root()
    return root / "data" / "gazetteer" if root else _bundled("gazetteer")


def default_seeds_dir() -> Path:
    """The checkout's ``seeds/``, else the wheel's copy."""
    root = repo_root()
    return root / "seeds" if root else _bundled("seeds")


def default_maps_dir() -> Path:
    """The checkout's ``maps/`` (specs and built pages), else the wheel's copy of the specs."""
    root = repo_root()
    return root / "maps" if root else _bundled("maps")


def default_basemap_path() -> Path:
    """The offline basemap (Natural Earth 1:50m countries, simplified)."""
    root = repo_root()
    base = root / "data" if root else _bundled("")
    return base / "basemap" / "countries-50m.geojson"
