"""Figures 1 and 2: a cold ``geoarchive build`` against the peer script, and the pages' weight.

Both sides run as fresh processes, alternately, ``runs`` times after one unmeasured warm-up each
(so the OS file cache is warm for both and neither pays for compiling byte code); the figures are
medians and the ratio is taken between the medians of the same session.
"""

from __future__ import annotations

import gzip
import shutil
import tempfile
from pathlib import Path

from assets import countries_10m, fetch_assets
from common import PYTHON, ROOT, BENCH, median, run_measured

__all__ = ["build_vs_peer", "page_weights"]


def _ours(out: Path) -> list[str]:
    return [PYTHON, "-m", "geoarchive", "build", "--out-dir", str(out), "-q"]


def _peer(out: Path) -> list[str]:
    return [PYTHON, str(BENCH / "peer" / "hokkaido.py"), str(countries_10m()), str(out / "peer.html")]


def build_vs_peer(runs: int, out: Path) -> dict:
    """Wall time and peak memory of building every map, and of the peer's one map."""
    ours_dir, peer_dir = out / "ours", out / "peer"
    for d in (ours_dir, peer_dir):
        d.mkdir(parents=True, exist_ok=True)
    run_measured(_ours(ours_dir), cwd=ROOT)  # warm-up: byte code, file cache
    run_measured(_peer(peer_dir), cwd=ROOT)
    ours, peer = [], []
    for _ in range(runs):
        ours.append(run_measured(_ours(ours_dir), cwd=ROOT))
        peer.append(run_measured(_peer(peer_dir), cwd=ROOT))
    maps = sorted(p.stem for p in ours_dir.glob("*.html") if not p.name.endswith(".embed.html") and p.stem != "index")
    o_wall, o_mem = median([w for w, _ in ours]), median([m for _, m in ours])
    p_wall, p_mem = median([w for w, _ in peer]), median([m for _, m in peer])
    return {
        "runs": runs,
        "maps": maps,
        "ours_wall_s": round(o_wall, 3),
        "ours_peak_mb": round(o_mem, 1),
        "peer_wall_s": round(p_wall, 3),
        "peer_peak_mb": round(p_mem, 1),
        "wall_ratio": round(o_wall / p_wall, 3),
        "memory_ratio": round(o_mem / p_mem, 3),
        "ours_wall_all_s": [round(w, 3) for w, _ in ours],
        "peer_wall_all_s": [round(w, 3) for w, _ in peer],
    }


def _sizes(path: Path) -> dict:
    data = path.read_bytes()
    return {"bytes": len(data), "gzip_bytes": len(gzip.compress(data, 6, mtime=0))}


def page_weights(out: Path) -> dict:
    """Bytes of every page the build wrote, and of the peer's page with the CDN files it loads."""
    ours_dir, peer_dir = out / "ours", out / "peer"
    pages = {p.name: _sizes(p) for p in sorted(ours_dir.glob("*.html"))}
    assets = []
    for asset, path in fetch_assets():
        row = {"url": asset.url, "package": asset.package, "note": asset.note}
        row.update(_sizes(path) if path else {"bytes": None, "gzip_bytes": None})
        assets.append(row)
    peer_page = _sizes(peer_dir / "peer.html")
    measured = [a for a in assets if a["bytes"] is not None]
    total = {"bytes": peer_page["bytes"] + sum(a["bytes"] for a in measured),
             "gzip_bytes": peer_page["gzip_bytes"] + sum(a["gzip_bytes"] for a in measured)}
    return {"pages": pages, "peer_page": peer_page, "peer_assets": assets, "peer_total": total,
            "peer_unmeasured": [a["url"] for a in assets if a["bytes"] is None]}


if __name__ == "__main__":  # a quick look: python bench/pages.py
    tmp = Path(tempfile.mkdtemp(prefix="geoarchive-bench-"))
    try:
        print(build_vs_peer(2, tmp))
        print(page_weights(tmp))
    finally:
        shutil.rmtree(tmp)
