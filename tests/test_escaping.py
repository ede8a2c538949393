"""Text from gazetteer entries and specs reaches the page as text, never as markup."""

from __future__ import annotations

import json
import shutil

from geoarchive.cli import main
from geoarchive.paths import default_maps_dir

from .conftest import read_entry, write_entry

EVIL = """Manchuria <script>window.__pwned = 1</script> & "Mukden" 'Fengtien' <img src=x onerror="window.__pwned = 2">"""


def test_markup_in_names_and_labels_renders_as_text(runner, gaz_copy, tmp_path, probe):
    doc = read_entry(gaz_copy, "manchuria")
    doc["features"][0]["properties"]["title"] = EVIL
    doc["features"][0]["names"].append({"toponym": "Mukden & <b>Co</b>", "lang": "en", "kind": "variant"})
    write_entry(gaz_copy, "manchuria", doc)
    maps = tmp_path / "maps"
    maps.mkdir()
    spec = (default_maps_dir() / "stalin-1945-08-16.yaml").read_text()
    spec = spec.replace('label: Kushiro\n', 'label: "Kushiro </script><script>window.__pwned = 3</script> & \\"Q\\""\n')
    (maps / "stalin-1945-08-16.yaml").write_text(spec)
    out = tmp_path / "out"
    result = runner.invoke(main, ["--gazetteer", str(gaz_copy), "build", "-q", "--maps-dir", str(maps),
                                  "--out-dir", str(out)])
    assert result.exit_code == 0, result.output + result.stderr
    page = probe.open(out / "stalin-1945-08-16.html")
    page.click("button[data-show-feature='liaodong']")
    popup = page.wait_for_selector(".leaflet-popup .ga-popup[data-feature='liaodong']", timeout=5000)
    assert "<script>window.__pwned = 1</script>" in popup.inner_text()  # shown as text
    assert popup.query_selector("script, img") is None
    page.click("button[data-show-feature='kushiro']")
    popup = page.wait_for_selector(".leaflet-popup .ga-popup[data-feature='kushiro']", timeout=5000)
    assert 'Kushiro </script><script>window.__pwned = 3</script> & "Q"' in popup.inner_text()
    listed = page.locator("li[data-feature='kushiro'] strong").inner_text()
    assert listed.startswith("Kushiro </script>")
    assert page.evaluate("() => window.__pwned") is None
    assert probe.errors == [] and probe.requests == []
    geo = runner.invoke(main, ["--gazetteer", str(gaz_copy), "build", str(maps / "stalin-1945-08-16.yaml"),
                               "--format", "geojson", "-o", str(tmp_path / "x.geojson"), "-q"])
    assert geo.exit_code == 0
    data = json.loads((tmp_path / "x.geojson").read_text())
    liaodong = next(f for f in data["features"] if f["id"] == "liaodong")
    assert liaodong["properties"]["measures"]["share_of"] == EVIL  # data stays data
    shutil.rmtree(out)
