"""Figure 3: time from navigation to "map ready" in headless Chromium, for every built page.

Each run opens the page in a fresh browser context (no cache, no warm JIT) from ``file://``,
with every network request refused, and reads the ``geoarchive-map-ready`` performance mark the
page sets once the map, the features and the side panel are wired up (``startTime`` counts from
navigation start). The peer page has no such mark; its figure is its ``load`` event, when
folium's inline script has run and the map exists, with the CDN files it needs served from the
bench cache (no network latency, which flatters it) and map tiles refused, as for our pages.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from assets import PEER_ASSETS, fetch_assets
from common import BenchError, median

__all__ = ["chromium", "map_ready_times"]

_READY = "() => document.documentElement.getAttribute('data-map-ready') === '1'"
_MARK = "() => performance.getEntriesByName('geoarchive-map-ready')[0].startTime"
_LOAD = "() => performance.getEntriesByType('navigation')[0].loadEventEnd"


def chromium() -> str:
    path = os.environ.get("GEOARCHIVE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise BenchError(f"Chromium not found at {path}: apt-get install chromium, or set GEOARCHIVE_CHROMIUM")
    return path


def map_ready_times(pages: list[Path], peer_page: Path | None, runs: int) -> dict:
    """Median milliseconds to 'map ready' for each page (and to 'load' for the peer)."""
    from playwright.sync_api import sync_playwright

    local = {a.url: p for a, p in fetch_assets() if p is not None}
    refused: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith("file://"):
            return r.continue_()
        if url in local:
            return r.fulfill(path=str(local[url]))
        refused.append(url)
        return r.abort()

    out: dict[str, dict] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=["--no-sandbox", "--disable-gpu"])
        try:
            for page_path in pages:
                times = []
                for _ in range(runs):
                    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
                    ctx.route("**/*", route)
                    page = ctx.new_page()
                    page.goto(page_path.as_uri())
                    page.wait_for_function(_READY, timeout=15_000)
                    times.append(page.evaluate(_MARK))
                    ctx.close()
                out[page_path.name] = {"ready_ms": round(median(times), 1), "all_ms": [round(t, 1) for t in times]}
            if peer_page is not None:
                times = []
                for _ in range(runs):
                    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
                    ctx.route("**/*", route)
                    page = ctx.new_page()
                    page.goto(peer_page.as_uri(), wait_until="load")
                    page.wait_for_function("() => performance.getEntriesByType('navigation')[0].loadEventEnd > 0")
                    times.append(page.evaluate(_LOAD))
                    ctx.close()
                out["peer"] = {"load_ms": round(median(times), 1), "all_ms": [round(t, 1) for t in times],
                               "cdn_files_served_locally": len(local),
                               "refused": sorted({u for u in refused if "tile.openstreetmap" not in u}),
                               "tiles_refused": any("tile.openstreetmap" in u for u in refused)}
        finally:
            browser.close()
    unexpected = [u for u in refused if not any(u == a.url for a in PEER_ASSETS) and "tile.openstreetmap" not in u]
    if unexpected:
        out["unexpected_requests"] = sorted(set(unexpected))
    return out


if __name__ == "__main__":  # a quick look: python bench/browser.py PAGE.html ...
    import sys

    print(map_ready_times([Path(a) for a in sys.argv[1:]], None, 3))
