"""The 'Mapping a new document' guide, run end to end through the CLI exactly as written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "mapping-a-new-document.md"


def test_walkthrough_runs_as_written(tmp_path):
    block = re.search(r"```sh\n(.*?)```", GUIDE.read_text("utf-8"), re.S).group(1)
    for name in ("data", "examples"):
        (tmp_path / name).symlink_to(ROOT / name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GEOARCHIVE_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    run = subprocess.run(["bash", "-euo", "pipefail", "-c", block], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=600)
    out = run.stdout + run.stderr
    assert run.returncode == 0, out
    first, _, rest = out.partition("No unresolved place-like names.")
    assert rest, "after adding the places, nothing is left unresolved"
    unresolved = first[first.index("Unresolved place-like names"):]
    for name in ("Honshu", "Kyushu", "Shikoku", "Potsdam"):
        assert f"  {name} ×1" in unresolved
    assert "Hokkaido ×" not in unresolved  # already in the gazetteer
    maps = tmp_path / "my-project" / "maps"
    page = (maps / "potsdam-1945-07-26.html").read_text()
    assert "Japanese sovereignty shall be limited to the islands of Honshu" in page
    assert (maps / "potsdam-1945-07-26.embed.html").exists() and (maps / "index.html").exists()
    assert (maps / "potsdam-1945-07-26.pdf").read_bytes().startswith(b"%PDF")
    # the bundled gazetteer was not touched: the analyst worked on a copy
    assert not (ROOT / "data" / "gazetteer" / "places" / "honshu.geojson").exists()
