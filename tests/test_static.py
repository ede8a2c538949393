"""Printable maps: PNG, SVG and PDF with title, legend, scale and citation."""

from __future__ import annotations

import io

import pytest

from geoarchive.cli import main


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("print")
    for fmt in ("png", "svg", "pdf"):
        result = CliRunner().invoke(main, ["build", "--static", fmt, "-q", "--out-dir", str(out)])
        assert result.exit_code == 0, result.output
    return out


def test_png_is_an_a4_picture_with_content(printed):
    from PIL import Image

    img = Image.open(io.BytesIO((printed / "stalin-1945-08-16.png").read_bytes())).convert("RGB")
    w, h = img.size
    assert abs(w / h - 297 / 210) < 0.01 and w >= 1600
    assert len(img.resize((300, 212)).getcolors(300 * 212)) > 60


def test_svg_has_title_legend_scale_and_citation(printed):
    svg = (printed / "stalin-1945-08-16.svg").read_text()
    for text in ("Stalin", "Legend", "km", "RGASPI Fond 558", "Natural Earth", "Proposed Soviet surrender zone"):
        assert text in svg or text.replace(" ", "") in svg, text


def test_pdf_is_a_pdf(printed):
    data = (printed / "harriman-1944-02-02.pdf").read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 20_000


def test_one_static_to_a_file(runner, tmp_path):
    from geoarchive.paths import default_maps_dir

    out = tmp_path / "handout.png"
    result = runner.invoke(main, ["build", str(default_maps_dir() / "harriman-1944-02-02.yaml"), "--static", "png",
                                  "-o", str(out), "-q"])
    assert result.exit_code == 0 and out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
