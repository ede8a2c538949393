"""A plain (non-editable) install carries the bundled gazetteer and seeds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_carries_data(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True, capture_output=True,
    )
    (wheel,) = wheels.glob("geoarchive-*.whl")
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True, capture_output=True,
    )
    code = (
        "import geoarchive, geoarchive.paths as p;"
        "g = geoarchive.Gazetteer.load();"
        "print(geoarchive.__file__); print(p.default_gazetteer_dir()); print(len(g));"
        "print(g.resolve_one('Rumoe [sic]').place_id);"
        "from geoarchive.sources import load_documents; print(len(load_documents(p.default_seeds_dir())))"
    )
    env = {k: v for k, v in os.environ.items() if k != "GEOARCHIVE_GAZETTEER"}
    env["PYTHONPATH"] = str(target)
    out = subprocess.run([sys.executable, "-c", code],
                         cwd=tmp_path, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    module, data_dir, n_places, rumoi, n_docs = out.stdout.split("\n")[:5]
    assert module.startswith(str(target))
    assert data_dir.startswith(str(target)) and data_dir.endswith("_data/gazetteer")
    assert int(n_places) == len(list((ROOT / "data" / "gazetteer" / "places").glob("*.geojson")))
    assert rumoi == "rumoi" and n_docs == "2"
    shipped = sorted(p.name for p in (target / "geoarchive" / "_data" / "maps").iterdir())
    assert shipped == sorted(p.name for p in (ROOT / "maps").glob("*.yaml")), "pyproject lists every map spec"
