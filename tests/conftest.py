"""Shared fixtures: the bundled gazetteer, scratch copies of it, a CLI runner."""

from __future__ import annotations

import hashlib
import json
import os
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


# browser -----------------------------------------------------------------------------------------
CHROMIUM = os.environ.get("GEOARCHIVE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no browser download). `python3 dev.py test`
    installs it when missing; without it these tests fail, loudly, rather than skip."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `python3 dev.py test` (it installs Debian's chromium) "
                    "or set GEOARCHIVE_CHROMIUM")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                               "--disable-background-networking"])
        yield b
        b.close()


class PageProbe:
    """A page with the network blocked, recording every non-file request and every error."""

    def __init__(self, browser, viewport=(1280, 860)):
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def open(self, path: Path, wait_ready: bool = True):
        self.page.goto(path.resolve().as_uri())
        if wait_ready:
            self.page.wait_for_selector("html[data-map-ready='1']", timeout=10_000)
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture
def probe(browser):
    p = PageProbe(browser)
    yield p
    p.close()


@pytest.fixture(scope="session")
def built_pages(tmp_path_factory) -> Path:
    """Every map built once, with the CLI, into a scratch folder."""
    from geoarchive.cli import main

    out = tmp_path_factory.mktemp("pages")
    result = CliRunner().invoke(main, ["build", "-q", "--out-dir", str(out)])
    assert result.exit_code == 0, result.output
    return out


# a Nominatim-like server on 127.0.0.1 --------------------------------------------------------------
class _FakeNominatim:
    """Answers /search like Nominatim: by query, a result, nothing, a stall, a 429 or garbage."""

    RESULTS = {
        "lushunkou": [{"place_id": 1, "licence": "Data © OpenStreetMap contributors, ODbL 1.0",
                       "osm_type": "relation", "osm_id": 1, "lat": "38.8120", "lon": "121.2610",
                       "display_name": "Lüshunkou District, Dalian, Liaoning, China", "class": "boundary",
                       "type": "administrative", "importance": 0.6,
                       "geojson": {"type": "Point", "coordinates": [121.261, 38.812]}},
                      {"place_id": 2, "lat": "38.9140", "lon": "121.6147", "display_name": "Dalian, Liaoning, China",
                       "class": "place", "type": "city", "importance": 0.5}],
    }

    def __init__(self):
        import http.server
        import threading
        from urllib.parse import parse_qs, urlsplit

        fake = self
        self.requests: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):
                url = urlsplit(self.path)
                q = (parse_qs(url.query).get("q") or [""])[0].lower()
                fake.requests.append(q)
                if q.startswith("stall"):
                    import time

                    time.sleep(2.5)
                    body, status = b"[]", 200
                elif q.startswith("busy"):
                    body, status = b'{"error": "Too Many Requests"}', 429
                elif q.startswith("broken"):
                    body, status = b"<html>Service temporarily unavailable", 200
                else:
                    key = next((k for k in fake.RESULTS if q.startswith(k)), None)
                    body, status = json.dumps(fake.RESULTS.get(key, [])).encode(), 200
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    if status == 429:
                        self.send_header("Retry-After", "30")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def nominatim():
    server = _FakeNominatim()
    yield server
    server.close()
